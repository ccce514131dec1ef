import AgentSessions
import ArgumentParser

/// The options of a command on one session: those of ``GlobalOptions`` and the session id, given
/// as the first positional argument.
///
/// It repeats `GlobalOptions`'s declarations instead of nesting it: in a debug build
/// ArgumentParser checks every nested group again within each check of its parent, so each
/// level of nesting multiplied the parse of these commands' command lines (see ``StoreOptions``).
struct SessionOptions: ParsableArguments {
    @OptionGroup(title: StoreOptions.storeTitle) var selection: StoreSelection

    @OptionGroup(title: StoreOptions.encryptionTitle) var encryption: EncryptionOptions

    @Flag(name: .long, help: CommandOutput.jsonHelp)
    var json = false

    @Argument(
        help: "The session id.",
        completion: .custom { words, _, prefix in await SessionIDCompletion.candidates(words: words, prefix: prefix) }
    )
    var id: String

    /// The store and app the command line selects.
    var store: StoreOptions { StoreOptions(selection: selection, encryption: encryption) }

    func validate() throws { try store.validate() }

    /// Runs a command's work on the session's key and the opened store, reporting any failure
    /// as ``CommandOutput/run(_:)`` does. A malformed id fails before the store is opened.
    func run(_ body: (any SessionStore, SessionKey) async throws -> Void) async throws {
        try await CommandOutput(json: json).run {
            let key = try store.key(id)
            try await body(try store.openStore(), key)
        }
    }

    /// Writes a result, as ``CommandOutput/emit(_:text:)``.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        CommandOutput(json: json).emit(value(), text: text)
    }
}
