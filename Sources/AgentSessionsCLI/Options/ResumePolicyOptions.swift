import AgentSessions
import ArgumentParser
import Foundation

/// The resume policy flags shared by `should-resume` and `hook pre-delegate`.
struct ResumePolicyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Do not resume a session idle this long or longer.",
            valueName: "minutes"
        )
    )
    var maxIdleMinutes: Double = 30

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Do not resume a session with this many recorded errors or more.",
            valueName: "count"
        )
    )
    var maxErrors: Int = 3

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Comma-separated phases a session may be resumed from.",
            discussion: "Defaults to the app lifecycle's resumable phases: approval, investigating, planning.",
            valueName: "phases"
        )
    )
    var resumablePhases: String?

    func validate() throws {
        guard maxIdleMinutes.isFinite, (0...60_000_000).contains(maxIdleMinutes) else {
            throw ValidationError("--max-idle-minutes must be a number of minutes from 0 to 60000000")
        }
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more, not \(maxErrors)") }
        if let phases = parsedPhases, phases.isEmpty || phases.contains(where: { $0.rawValue.isEmpty }) {
            throw ValidationError("--resumable-phases needs phase names separated by commas, such as approval,planning")
        }
    }

    /// The phases given with `--resumable-phases`, in order.
    private var parsedPhases: [Phase]? {
        resumablePhases.map { list in
            list.split(separator: ",", omittingEmptySubsequences: false).map {
                Phase($0.trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// The policy the flags describe.
    var policy: ResumePolicy {
        ResumePolicy(
            resumablePhases: parsedPhases.map(Set.init),
            maximumIdle: .seconds(maxIdleMinutes * 60),
            maximumErrors: maxErrors
        )
    }
}
