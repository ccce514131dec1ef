import AgentSessions

extension EncryptedSessionStore {
    /// Items with their content sealed whole, bound to the app and the session.
    func sealItems(_ items: [NewItem], to key: SessionKey) throws(SessionStoreError) -> [NewItem] {
        guard isEncrypted(key.app) else { return items }
        var sealed: [NewItem] = []
        sealed.reserveCapacity(items.count)
        for item in items {
            // An item with an id is sealed deterministically: the wrapped store compares a
            // retry's sealed text with the stored one to tell a retry from a conflict.
            let content = try sealedContent(item.content, of: key, isDeterministic: item.itemID != nil)
            var sealedItem = item
            sealedItem.content = content
            sealed.append(sealedItem)
        }
        return sealed
    }

    /// An item's JSON text sealed into an envelope bound to the app and the session.
    func sealedContent(
        _ content: JSONDocument,
        of key: SessionKey,
        isDeterministic: Bool = false
    ) throws(SessionStoreError) -> JSONDocument {
        let text = try cipher.seal(
            Array(content.text.utf8),
            for: .item(key, origin: key.id, sequence: nil),
            isDeterministic: isDeterministic
        )
        return JSONDocument(EncryptedEnvelope(sealed: text, origin: key.id).object)
    }

    /// The sealed batch with each item whose id is stored with the same plaintext given the
    /// stored sealed text, so the wrapped store sees a retry; `nil` when an id is stored with
    /// other plaintext (a real conflict). Reads the session's items: only a refused append
    /// comes here.
    func reusingStoredSeals(_ items: [NewItem], _ sealed: [NewItem], in key: SessionKey) async throws -> [NewItem]? {
        let itemIDs = Set(items.compactMap(\.itemID))
        let stored = try await base.items(of: key, .all).filter { $0.itemID.map(itemIDs.contains) ?? false }
        let opened = try await openItems(stored, of: key)
        var storedByID: [String: (sealed: JSONDocument, plain: JSONDocument)] = [:]
        for (raw, plain) in zip(stored, opened) {
            if let itemID = raw.itemID { storedByID[itemID] = (raw.content, plain.content) }
        }
        var retried = sealed
        for index in items.indices {
            guard let itemID = items[index].itemID, let match = storedByID[itemID] else { continue }
            guard match.plain == items[index].content else { return nil }
            retried[index].content = match.sealed
        }
        return retried
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
