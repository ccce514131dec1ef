import AgentSessions
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import TestEnvironments
import Testing

/// Runs the built `agent-sessions` executable against a database of its own.
///
/// Each value gets a fresh temporary folder, removed when the value goes away, so tests run in
/// parallel without sharing data.
/// ```swift
/// let cli = try CLIRunner()
/// let result = try await cli.run("create", "--id", "s-1")
/// #expect(result.status == 0)
/// ```
final class CLIRunner {
    /// What a run of the executable produced.
    struct Result {
        /// The exit status.
        var status: Int32
        /// Standard output as text.
        var stdout: String
        /// Standard error as text.
        var stderr: String

        /// Standard output parsed as JSON.
        func json() throws -> JSONValue {
            try JSONValue(parsing: stdout, field: "stdout")
        }

        /// Standard output parsed as a JSON object.
        func object() throws -> JSONObject {
            try JSONObject(parsingObject: stdout, field: "stdout")
        }
    }

    /// The longest a single run may take before it is killed and the test fails: a guard
    /// against a hang, not a measure of speed (a debug build writing the zsh completion script
    /// took over 60 s in a full CI run on two busy cores).
    static let timeout: Duration = .seconds(300)

    /// The temporary folder of this value.
    let directory: URL
    /// The database passed with `--db`.
    var databasePath: String { directory.appendingPathComponent("sessions.sqlite").path }

    /// Creates a fresh temporary folder.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The executable: next to the test bundle, in the same build folder.
    static var executable: URL {
        get throws {
            let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            var candidates = [bundle.deletingLastPathComponent().appendingPathComponent("agent-sessions")]
            candidates += Bundle.allBundles.map {
                $0.bundleURL.deletingLastPathComponent().appendingPathComponent("agent-sessions")
            }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CLIRunnerError("agent-sessions not found next to the test bundle: \(candidates.map(\.path))")
            }
            return found
        }
    }

    /// Runs the executable with `--db` pointing at this value's database.
    /// - Parameters:
    ///   - arguments: The command line after the program name; `--db` is appended.
    ///   - stdin: Text written to standard input, which is then closed.
    func run(_ arguments: String..., stdin: String = "") async throws -> Result {
        try await Self.run(arguments + ["--db", databasePath], stdin: stdin)
    }

    /// Runs the executable with exactly these arguments and environment additions, in a
    /// process group of its own that is killed if it runs longer than ``timeout``, when
    /// `TurnGate.commandLines` gives it a turn (the wait is not part of ``timeout``).
    /// - Parameter program: Another program to run instead, such as a wrapper that starts the executable.
    /// - Throws: ``ChildProcessError`` when it cannot be started or runs longer than ``timeout``.
    static func run(
        _ arguments: [String],
        stdin: String = "",
        environment: [String: String] = [:],
        program: URL? = nil
    ) async throws -> Result {
        let path = try (program ?? executable).path
        let outcome = try await TurnGate.commandLines.withTurn {
            try await ChildProcess.run(
                path,
                arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                input: stdin,
                within: timeout
            )
        }
        return Result(status: outcome.status, stdout: outcome.standardOutput, stderr: outcome.standardError)
    }
}

/// A failure of the test harness itself.
struct CLIRunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
