import AgentSessions
import ArgumentParser

/// The options of a command on one session: the ``GlobalOptions`` and the session id, given as
/// the first positional argument.
struct SessionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(
        help: "The session id.",
        completion: .custom { words, _, prefix in await SessionIDCompletion.candidates(words: words, prefix: prefix) }
    )
    var id: String

    /// Runs a command's work on the session's key and the opened store, reporting any failure
    /// as ``GlobalOptions/run(_:)`` does. A malformed id fails before the store is opened.
    func run(_ body: (any SessionStore, SessionKey) async throws -> Void) async throws {
        try await global.run {
            let key = try global.store.key(id)
            try await body(try global.store.openStore(), key)
        }
    }

    /// Writes a result, as ``GlobalOptions/emit(_:text:)``.
    func emit(_ value: @autoclosure () -> JSONValue, text: () -> String) {
        global.emit(value(), text: text)
    }
}
