/// The identifier of a session, unique within its app.
///
/// An id is 1 to 128 characters from `A-Z a-z 0-9 . _ : @ -`, and is not made of dots alone
/// (`.` and `..` are refused everywhere, so that no store can be tricked into a path). Ids are
/// never trimmed: a leading or trailing blank is an error.
///
/// ```swift
/// let id = try SessionID("checkout-42")
/// let fresh = SessionID.generate(prefix: "review")   // "review-3f2a…"
/// ```
public struct SessionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The longest id accepted, in characters.
    public static let maximumLength = 128

    /// The id as text.
    public let rawValue: String

    /// Validates and wraps an id.
    /// - Parameter rawValue: The id as the caller gave it.
    /// - Throws: ``SessionStoreError`` with code ``SessionStoreError/Code/invalidArgument`` naming
    ///   the first bad character, the length or the blank.
    public init(_ rawValue: String) throws(SessionStoreError) {
        try Identifier.validate(rawValue, field: "id", what: "session id", allowsEmpty: false)
        self.rawValue = rawValue
    }

    /// Wraps an id that was validated before it was stored. Backends use this when reading.
    package init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes a new id that no other call returns: the optional prefix, then a random UUID.
    ///
    /// Unlike a name and a timestamp in seconds, two calls in the same instant never collide.
    /// - Parameter prefix: A readable prefix such as an agent name. Characters outside the id
    ///   alphabet are replaced by `-`, and it is shortened so that the id stays within 128 characters.
    public static func generate(prefix: String? = nil) -> SessionID {
        let uuid = UUIDText.random()
        guard let prefix, !prefix.isEmpty else { return SessionID(trusted: uuid) }
        let cleaned = String(prefix.prefix(maximumLength - uuid.count - 1).map { Identifier.isAllowed($0) ? $0 : "-" })
        return SessionID(trusted: cleaned + "-" + uuid)
    }

    public var description: String { rawValue }

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension SessionID: ExpressibleByStringLiteral {
    /// Creates an id from a literal. A literal that is not a valid id stops the program: use
    /// ``init(_:)`` for text that comes from outside.
    public init(stringLiteral value: String) {
        do {
            try self.init(value)
        } catch {
            preconditionFailure("invalid session id literal: \(error.message)")
        }
    }
}
