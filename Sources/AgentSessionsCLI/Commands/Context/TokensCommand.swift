import AgentSessions
import ArgumentParser

/// `agent-sessions tokens ID`: prints what a session's items cost a model.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Print a session's tokens: every item's, and those of the model's view.",
        discussion: """
            Items count their caller's tokens when it gave them, otherwise an estimate (a quarter \
            of the item's JSON bytes, rounded up). The model's view is the latest compactions' \
            summaries and the items after them (see `context`). With --context-window, also the \
            share of that window the view takes. Exits with 3 if the session does not exist.
            """
    )

    @OptionGroup var options: SessionOptions

    @Option(help: "The model's context window in tokens (1 or more), to print the share the view takes.")
    var contextWindow: Int64?

    mutating func validate() throws {
        if let contextWindow, contextWindow < 1 {
            throw ValidationError("--context-window must be 1 token or more, not \(contextWindow)")
        }
    }

    mutating func run() async throws {
        try await options.run { [contextWindow] store, key in
            let tokens = try await store.tokens(of: key)
            options.emit(tokens.jsonValue(contextWindow: contextWindow)) { Self.text(tokens, window: contextWindow) }
        }
    }

    private static func text(_ tokens: SessionTokens, window: Int64?) -> String {
        var fields = [
            ("items", "\(tokens.itemCount) (\(tokens.countedItems) counted by their caller)"),
            ("tokens", "\(tokens.tokens)"),
            ("model's view", "\(tokens.contextTokens)"),
        ]
        if let window, let share = tokens.contextShare(ofWindow: window) {
            let tenths = Int((share * 1000).rounded())
            fields.append(("context window", "\(window) (\(tenths / 10).\(tenths % 10)% used)"))
        }
        return TextTable.fields(fields)
    }
}
