import AgentSessions
import AgentSessionsIdempotency

/// What an encrypted value belongs to. Its fields are the AES-GCM associated data, so a value
/// moved to another session, key or scope no longer decrypts.
struct CipherContext: Sendable {
    /// The authenticated fields, in order.
    let fields: [String]
    /// The value as named in error messages, such as "state key 'plan' of session 's-1' in app 'ops'".
    let subject: String

    /// An item of a session. `origin` is the session the item was first written to (a fork
    /// keeps its source's items as they are).
    static func item(_ key: SessionKey, origin: SessionID, sequence: Int64?) -> CipherContext {
        let name = sequence.map { "item \($0)" } ?? "an item"
        return CipherContext(
            fields: ["item", key.app, origin.rawValue],
            subject: "\(name) of session '\(key.id)' in app '\(key.app)'"
        )
    }

    /// A state value. The scope follows the key's prefix: `app:` keys belong to the app,
    /// `user:` keys to the user in the app, other keys to the session `origin` they were first
    /// written to.
    static func state(
        _ stateKey: String,
        of key: SessionKey,
        userID: String,
        origin: SessionID
    ) -> CipherContext {
        let subject = "state key '\(Identifier.printable(stateKey))' of session '\(key.id)' in app '\(key.app)'"
        if stateKey.hasPrefix(StateScope.appPrefix) {
            return CipherContext(fields: ["state.app", key.app, stateKey], subject: subject)
        }
        if stateKey.hasPrefix(StateScope.userPrefix) {
            return CipherContext(fields: ["state.user", key.app, userID, stateKey], subject: subject)
        }
        return CipherContext(fields: ["state.session", key.app, origin.rawValue, stateKey], subject: subject)
    }

    /// The answer body kept for an `Idempotency-Key` request.
    static func answer(_ key: IdempotencyKey) -> CipherContext {
        CipherContext(fields: ["idempotency.answer", key.app, key.value], subject: "the stored answer of \(key)")
    }

    /// Whether values under this state key carry the session they were written in.
    static func isSessionScoped(_ stateKey: String) -> Bool {
        !stateKey.hasPrefix(StateScope.appPrefix) && !stateKey.hasPrefix(StateScope.userPrefix)
    }

    /// The associated data: a format tag, then each field as its UTF-8 length (4 bytes, big
    /// endian) and bytes, so that no two field lists give the same bytes.
    var associatedData: [UInt8] {
        var bytes: [UInt8] = []
        for field in ["agent-sessions.encryption.v1"] + fields {
            let utf8 = Array(field.utf8)
            let count = UInt32(utf8.count)
            bytes += [
                UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF),
            ]
            bytes += utf8
        }
        return bytes
    }
}
