import AgentSessions
import ArgumentParser

/// The options of every command: the store (`--db`, `--app`) and the output format (`--json`).
///
/// ``run(_:)`` is the frame of every command's `run()` (``CommandOutput/run(_:)``).
struct GlobalOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: CommandOutput.jsonHelp)
    var json = false

    /// Runs a command's work and reports its failure, if any, as ``CommandOutput/run(_:)``.
    func run(_ body: () async throws -> Void) async throws {
        try await CommandOutput(json: json).run(body)
    }

    /// Writes a result, as ``CommandOutput/emit(_:text:)``.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        CommandOutput(json: json).emit(value(), text: text)
    }
}
