/// A notice that a session changed, sent to the subscribers of its key.
///
/// A notice says *that* something changed, not everything that changed: a subscriber reads the
/// session and its new items from the store to learn what, so notices may be merged or
/// repeated without losing anything. Removed items are the exception, since a read cannot show
/// what is gone: their notices name them.
public struct SessionChange: Hashable, Sendable {
    /// What kind of change.
    public enum Kind: Hashable, Sendable {
        /// The session, its items or its existence changed: read it again.
        case changed
        /// Items with these sequence numbers were removed (a pop).
        case itemsRemoved([Int64])
        /// Every item was removed (a clear): this many.
        case itemsCleared(count: Int)
    }

    /// The session that changed.
    public var key: SessionKey
    /// What kind of change.
    public var kind: Kind

    /// Creates a notice.
    public init(key: SessionKey, kind: Kind) {
        self.key = key
        self.kind = kind
    }
}
