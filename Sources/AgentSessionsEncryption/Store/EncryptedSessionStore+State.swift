import AgentSessions
import Foundation

extension EncryptedSessionStore {
    /// A new session with its state sealed, and an id when it needs one to bind the state to.
    func sealNew(_ new: NewSession) throws(SessionStoreError) -> NewSession {
        guard isEncrypted(new.app), !new.state.isEmpty else { return new }
        var new = new
        let id = new.id ?? SessionID.generate(prefix: new.agentName.isEmpty ? nil : new.agentName)
        new.id = id
        new.state = try sealState(new.state, of: SessionKey(id, app: new.app), userID: new.userID)
        return new
    }

    /// Seals every value of a state delta except `null` (a removal) and `temp:` keys (never stored).
    func sealState(_ state: JSONObject, of key: SessionKey, userID: String) throws(SessionStoreError) -> JSONObject {
        var sealed = state
        for (stateKey, value) in state where !value.isNull && !stateKey.hasPrefix(StateScope.tempPrefix) {
            let context = CipherContext.state(stateKey, of: key, userID: userID, origin: key.id)
            let text = try cipher.seal(Array(value.jsonText.utf8), for: context)
            let origin = CipherContext.isSessionScoped(stateKey) ? key.id : nil
            sealed[stateKey] = .object(EncryptedEnvelope(sealed: text, origin: origin).object)
        }
        return sealed
    }

    /// The session with every sealed state value decrypted.
    /// - Throws: ``SessionStoreError`` (corrupted) when a value does not decrypt or was written
    ///   in another session that this one is not a fork of.
    func openSession(_ session: Session) throws(SessionStoreError) -> Session {
        guard isEncrypted(session.app) else { return session }
        var opened = session
        for (stateKey, value) in session.state {
            guard let object = value.objectValue, let envelope = EncryptedEnvelope(object) else { continue }
            let origin = envelope.origin ?? session.id
            let context = CipherContext.state(stateKey, of: session.key, userID: session.userID, origin: origin)
            if CipherContext.isSessionScoped(stateKey), origin != session.id, session.forkPoint == nil {
                throw .movedValue(context, origin: origin)
            }
            let text = try decodedText(cipher.open(envelope.sealed, for: context), context)
            do {
                opened.state[stateKey] = try JSONValue(parsing: text, field: "state")
            } catch {
                throw SessionStoreError(.corrupted, "\(context.subject) decrypts to text that is not JSON")
            }
        }
        return opened
    }

    /// Decrypted bytes as UTF-8 text.
    func decodedText(_ data: Data, _ context: CipherContext) throws(SessionStoreError) -> String {
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw SessionStoreError(.corrupted, "\(context.subject) decrypts to bytes that are not UTF-8 text")
        }
        return text
    }
}

extension Session {
    /// The last item a fork copied from its source (`forked_from.sequence`), or `nil` when
    /// the session is not a fork.
    var forkPoint: Int64? {
        guard let source = metadata["forked_from"]?.objectValue else { return nil }
        return source["sequence"]?.intValue ?? 0
    }
}

extension SessionStoreError {
    /// The error for a sealed value found in a session it was not written to.
    static func movedValue(_ context: CipherContext, origin: SessionID) -> SessionStoreError {
        SessionStoreError(
            .corrupted,
            "\(context.subject) was encrypted for session '\(origin)', and this session is not a fork of it "
                + "up to that point; the stored value was moved or altered"
        )
    }
}
