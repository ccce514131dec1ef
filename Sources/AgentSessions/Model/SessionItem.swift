/// One entry of a conversation as stored: a JSON object with the sequence number the store gave it.
public struct SessionItem: Hashable, Sendable {
    /// The item's position in its session: 1, 2, 3… in append order, never reused.
    public var sequence: Int64
    /// The caller's id for the item, if one was given.
    public var itemID: String?
    /// When the item was appended.
    public var createdAt: Timestamp
    /// The item's JSON object, exactly as appended.
    public var content: JSONDocument
    /// The tokens the caller counted for the item when it was appended (an SDK's reported
    /// usage), if it gave a count.
    public var tokens: Int64?
    /// Whether the item is pinned: the model's view keeps it whatever the budget, even when a
    /// compaction's summary stands for it.
    public var isPinned: Bool

    /// The most tokens a caller may give one item: 2,147,483,647 (`Int32.max`), so that a
    /// session's total can never overflow.
    public static let maximumTokens = Int64(Int32.max)

    /// What the item costs a model: the caller's count when it gave one (``tokens``),
    /// otherwise the estimate by ``TokenEstimate``'s rule.
    public var tokenCount: Int64 { tokens ?? TokenEstimate.tokens(in: content) }

    /// Creates an item value. Stores create items; this initializer is for stores and tests.
    public init(
        sequence: Int64,
        itemID: String? = nil,
        createdAt: Timestamp,
        content: JSONDocument,
        tokens: Int64? = nil,
        isPinned: Bool = false
    ) {
        self.sequence = sequence
        self.itemID = itemID
        self.createdAt = createdAt
        self.content = content
        self.tokens = tokens
        self.isPinned = isPinned
    }
}

extension SessionItem {
    /// Checks a caller's token count.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `tokens`) outside
    ///   0...``maximumTokens``.
    package static func validate(tokens: Int64) throws(SessionStoreError) {
        guard (0...maximumTokens).contains(tokens) else {
            throw .invalid("tokens", "an item's tokens must be from 0 to \(maximumTokens), not \(tokens)")
        }
    }
}

/// An item to append.
///
/// ```swift
/// try await store.append([NewItem(["role": "user", "content": "hi"], itemID: "msg-1")], to: key)
/// ```
public struct NewItem: Hashable, Sendable {
    /// The item's JSON object.
    public var content: JSONDocument
    /// An optional id, unique within the session: appending an item whose id is already stored
    /// with the same JSON text stores nothing and returns the stored item's sequence number, so
    /// retries are safe; the same id with other text is refused (already exists).
    public var itemID: String?
    /// The tokens the item costs a model, as the caller counted them (an SDK's reported
    /// usage), from 0 to ``SessionItem/maximumTokens``; `nil` to have them estimated
    /// (``TokenEstimate``) when they are needed.
    public var tokens: Int64?
    /// Whether the item is pinned: the model's view (``SessionStore/context(of:_:)``) keeps it
    /// whatever the budget, even when a compaction's summary stands for it. Defaults to `false`.
    public var isPinned: Bool

    /// Describes an item from validated JSON text.
    public init(_ content: JSONDocument, itemID: String? = nil, tokens: Int64? = nil, isPinned: Bool = false) {
        self.content = content
        self.itemID = itemID
        self.tokens = tokens
        self.isPinned = isPinned
    }

    /// Describes an item from a JSON object.
    public init(_ object: JSONObject, itemID: String? = nil, tokens: Int64? = nil, isPinned: Bool = false) {
        self.content = JSONDocument(object)
        self.itemID = itemID
        self.tokens = tokens
        self.isPinned = isPinned
    }

    /// The item as a store keeps it, under `sequence`, appended at `now`.
    public func stored(as sequence: Int64, at now: Timestamp) -> SessionItem {
        SessionItem(
            sequence: sequence,
            itemID: itemID,
            createdAt: now,
            content: content,
            tokens: tokens,
            isPinned: isPinned
        )
    }

    /// Checks the item id and the token count, if given.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `item_id` or `tokens`).
    package func validate() throws(SessionStoreError) {
        if let itemID {
            try Identifier.validate(itemID, field: "item_id", what: "item id", allowsEmpty: false)
        }
        if let tokens { try SessionItem.validate(tokens: tokens) }
    }
}

/// Which items to read.
///
/// - No limit and no `after`: every item.
/// - `limit` alone: the last `limit` items, oldest first (`0` gives none).
/// - `after` alone: every item with a greater sequence number, oldest first.
/// - Both: the first `limit` items after `after` (forward paging).
public struct ItemQuery: Hashable, Sendable {
    /// How many items at most.
    public var limit: Int?
    /// Only items with a sequence number greater than this.
    public var after: Int64?

    /// Describes a read. Both parameters default to `nil`.
    public init(limit: Int? = nil, after: Int64? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Every item.
    public static let all = ItemQuery()

    /// The last `count` items, oldest first.
    public static func last(_ count: Int) -> ItemQuery { ItemQuery(limit: count) }

    /// Checks the values.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a negative limit or sequence.
    package func validate() throws(SessionStoreError) {
        if let limit, limit < 0 { throw .invalid("limit", "limit must be 0 or more, not \(limit)") }
        if let after, after < 0 { throw .invalid("after", "after must be 0 or more, not \(after)") }
    }
}
