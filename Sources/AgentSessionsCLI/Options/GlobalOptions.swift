import AgentSessions
import ArgumentParser

/// The options of every command: the store (`--db`, `--app`, ``StoreOptions``' two groups) and
/// the output format (`--json`).
///
/// ``run(_:)`` is the frame of every command's `run()` (``CommandOutput/run(_:)``).
struct GlobalOptions: ParsableArguments {
    @OptionGroup(title: StoreOptions.storeTitle) var selection: StoreSelection

    @OptionGroup(title: StoreOptions.encryptionTitle) var encryption: EncryptionOptions

    @Flag(name: .long, help: CommandOutput.jsonHelp)
    var json = false

    /// The store and app the command line selects.
    var store: StoreOptions { StoreOptions(selection: selection, encryption: encryption) }

    func validate() throws { try store.validate() }

    /// Runs a command's work and reports its failure, if any, as ``CommandOutput/run(_:)``.
    func run(_ body: () async throws -> Void) async throws {
        try await CommandOutput(json: json).run(body)
    }

    /// Writes a result, as ``CommandOutput/emit(_:text:)``.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        CommandOutput(json: json).emit(value(), text: text)
    }
}
