import AgentSessions

/// How an encrypted value is kept in a store: a JSON object every store accepts,
/// `{"$enc": "v1:<key id>:<base64>"}`, plus `"$session": "<id>"` for items and session-scoped
/// state, naming the session the value was first written to.
struct EncryptedEnvelope: Hashable, Sendable {
    /// The key holding the sealed text.
    static let sealedKey = "$enc"
    /// The key holding the session the value was written to.
    static let originKey = "$session"

    /// The sealed text.
    var sealed: String
    /// The session the value was written to, for values that belong to a session.
    var origin: SessionID?

    init(sealed: String, origin: SessionID?) {
        self.sealed = sealed
        self.origin = origin
    }

    /// Recognises an envelope: an object of exactly `$enc` (a string) and, optionally,
    /// `$session` (a valid id). Anything else is not an envelope.
    init?(_ object: JSONObject) {
        guard let sealed = object[Self.sealedKey]?.stringValue else { return nil }
        switch object.count {
        case 1:
            self.init(sealed: sealed, origin: nil)
        case 2:
            guard let text = object[Self.originKey]?.stringValue, let origin = try? SessionID(text) else { return nil }
            self.init(sealed: sealed, origin: origin)
        default:
            return nil
        }
    }

    /// The envelope as a JSON object.
    var object: JSONObject {
        var object: JSONObject = [Self.sealedKey: .string(sealed)]
        if let origin { object[Self.originKey] = .string(origin.rawValue) }
        return object
    }

    /// Whether an item's text may be an envelope: compact JSON with sorted keys starts this way.
    static func mayBeEnvelope(_ text: String) -> Bool {
        text.hasPrefix("{\"\(sealedKey)\":")
    }
}
