/// The one error type every ``SessionStore`` throws.
///
/// Errors compare by ``code``, so a test or a caller can match on the kind of failure without
/// caring about the message:
///
/// ```swift
/// do {
///     try await store.create(NewSession(id: "s-1"))
/// } catch let error as SessionStoreError where error.code == .alreadyExists {
///     // pick another id
/// }
/// ```
///
/// ``description`` never holds item content, secrets or connection strings; the underlying
/// ``cause`` is shown only by ``debugDescription``. `CancellationError` is never wrapped: it
/// passes through a store unchanged.
public struct SessionStoreError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound = "not_found"
            case alreadyExists = "already_exists"
            case invalidArgument = "invalid_argument"
            case versionConflict = "version_conflict"
            case finalized
            case unavailable
            case corrupted
            case incompatibleSchema = "incompatible_schema"
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The session (or its parent) does not exist.
        public static let notFound = Code(.notFound)
        /// A session with that id already exists in that app, or an item id names a stored item
        /// (or one earlier in the batch) with other content.
        public static let alreadyExists = Code(.alreadyExists)
        /// An argument is malformed: a bad id, an unknown phase, a value that is not a JSON object…
        public static let invalidArgument = Code(.invalidArgument)
        /// An expected version did not match the stored one: someone else wrote first.
        public static let versionConflict = Code(.versionConflict)
        /// The session is in a final phase and cannot move out of it or be finalized again.
        public static let finalized = Code(.finalized)
        /// The storage cannot be reached or written (disk full, permission denied, database down).
        public static let unavailable = Code(.unavailable)
        /// Stored data cannot be read back.
        public static let corrupted = Code(.corrupted)
        /// The storage was written by a newer version of AgentSessions.
        public static let incompatibleSchema = Code(.incompatibleSchema)

        /// A stable, snake_case name for the code, as used in JSON error bodies and CLI output.
        public var description: String { value.rawValue }

        /// The code with this name (``description``), as a JSON error body gives it; `nil` for
        /// a name this version does not know.
        public init?(name: String) {
            guard let value = Value(rawValue: name) else { return nil }
            self.init(value)
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and what to do about it. Safe to show to users and to log.
    public var message: String
    /// The input field the error is about (`id`, `phase`, `metadata`, …), when there is one.
    public var field: String?
    /// The underlying error, such as a database driver error. Shown only by ``debugDescription``.
    public var cause: (any Error & Sendable)?
    /// The file that raised the error.
    public var file: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What failed and what to do about it.
    ///   - field: The input field the error is about, if any.
    ///   - cause: The underlying error, if any.
    ///   - file: The file that raises the error; the caller's by default.
    ///   - line: The line that raises the error; the caller's by default.
    public init(
        _ code: Code,
        _ message: String,
        field: String? = nil,
        cause: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(message)" }

    public var debugDescription: String {
        var text = "SessionStoreError(\(code)) at \(file):\(line): \(message)"
        if let field { text += " [field: \(field)]" }
        if let cause { text += " (cause: \(String(reflecting: cause)))" }
        return text
    }

    /// Two errors are equal when their codes are equal.
    public static func == (lhs: SessionStoreError, rhs: SessionStoreError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension SessionStoreError {
    /// The error for a session that does not exist.
    public static func sessionNotFound(_ key: SessionKey, file: String = #fileID, line: Int = #line) -> Self {
        SessionStoreError(
            .notFound,
            "session '\(key.id)' does not exist in app '\(key.app)'; check the id and the app, or create it first",
            file: file,
            line: line
        )
    }

    /// The error for a create whose parent does not exist.
    public static func parentNotFound(
        _ parentID: SessionID,
        app: String,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        SessionStoreError(
            .notFound,
            "parent session '\(parentID)' does not exist in app '\(app)'; create the parent first",
            field: "parent_id",
            file: file,
            line: line
        )
    }

    /// The error for a create whose id is taken.
    public static func sessionExists(_ key: SessionKey, file: String = #fileID, line: Int = #line) -> Self {
        SessionStoreError(
            .alreadyExists,
            "session '\(key.id)' already exists in app '\(key.app)'; choose another id or omit it to have one generated",
            field: "id",
            file: file,
            line: line
        )
    }

    /// The error for a write whose expected version is stale.
    public static func staleVersion(
        _ key: SessionKey,
        expected: Int64,
        actual: Int64,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        SessionStoreError(
            .versionConflict,
            "session '\(key.id)' is at version \(actual), not \(expected): it changed since you read it; "
                + "read it again and retry",
            field: "version",
            file: file,
            line: line
        )
    }

    /// The error for a malformed argument.
    public static func invalid(
        _ field: String,
        _ message: String,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        SessionStoreError(.invalidArgument, message, field: field, file: file, line: line)
    }
}
