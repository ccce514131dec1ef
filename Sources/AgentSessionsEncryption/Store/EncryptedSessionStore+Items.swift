import AgentSessions

extension EncryptedSessionStore {
    /// Items with their content sealed whole, bound to the app and the session.
    func sealItems(_ items: [NewItem], to key: SessionKey) throws(SessionStoreError) -> [NewItem] {
        guard isEncrypted(key.app) else { return items }
        var sealed: [NewItem] = []
        sealed.reserveCapacity(items.count)
        for item in items {
            sealed.append(NewItem(try sealedContent(item.content, of: key), itemID: item.itemID))
        }
        return sealed
    }

    /// An item's JSON text sealed into an envelope bound to the app and the session.
    func sealedContent(_ content: JSONDocument, of key: SessionKey) throws(SessionStoreError) -> JSONDocument {
        let text = try cipher.seal(Array(content.text.utf8), for: .item(key, origin: key.id, sequence: nil))
        return JSONDocument(EncryptedEnvelope(sealed: text, origin: key.id).object)
    }

    /// Items with their sealed content decrypted, byte for byte as appended.
    /// - Throws: ``SessionStoreError`` (corrupted) when an item does not decrypt, or was
    ///   written in another session and is not within this fork's copied items.
    func openItems(_ items: [SessionItem], of key: SessionKey) async throws -> [SessionItem] {
        guard isEncrypted(key.app) else { return items }
        var opened = items
        var forkPoint: Int64?? = nil
        for index in opened.indices {
            let item = opened[index]
            guard EncryptedEnvelope.mayBeEnvelope(item.content.text),
                let object = try? item.content.object(),
                let envelope = EncryptedEnvelope(object)
            else { continue }
            let origin = envelope.origin ?? key.id
            let context = CipherContext.item(key, origin: origin, sequence: item.sequence)
            if origin != key.id {
                if forkPoint == nil { forkPoint = .some(try await base.session(key)?.forkPoint) }
                guard let point = forkPoint ?? nil, item.sequence <= point else {
                    throw SessionStoreError.movedValue(context, origin: origin)
                }
            }
            let text = try decodedText(cipher.open(envelope.sealed, for: context), context)
            opened[index].content = JSONDocument(trusted: text)
        }
        return opened
    }
}
