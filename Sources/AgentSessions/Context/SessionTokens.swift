/// What a session's items cost a model: every stored item's tokens, and those of the model's
/// view of it (``SessionStore/context(of:_:)`` without a budget). ``SessionStore/tokens(of:)``
/// counts them.
///
/// ```swift
/// let tokens = try await store.tokens(of: key)
/// if let share = tokens.contextShare(ofWindow: 128_000), share > 0.8 { /* compact */ }
/// ```
public struct SessionTokens: Hashable, Sendable {
    /// How many items the session holds.
    public var itemCount: Int
    /// The tokens of every item (``SessionItem/tokenCount``: the caller's count, otherwise the
    /// estimate).
    public var tokens: Int64
    /// How many of the items carry their caller's count; the others are estimated.
    public var countedItems: Int
    /// The tokens of the model's view: the latest compactions' summaries and the items after
    /// them (``ModelContext/tokensBefore`` without a budget).
    public var contextTokens: Int64

    /// Describes a session's tokens.
    public init(itemCount: Int, tokens: Int64, countedItems: Int, contextTokens: Int64) {
        self.itemCount = itemCount
        self.tokens = tokens
        self.countedItems = countedItems
        self.contextTokens = contextTokens
    }

    /// The share of a model's context window the model's view takes (1 is full, above 1 does
    /// not fit); `nil` for a window below 1 token.
    public func contextShare(ofWindow window: Int64) -> Double? {
        window > 0 ? Double(contextTokens) / Double(window) : nil
    }
}
