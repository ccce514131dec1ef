// The rule of item ids in an append, written once for every store: an id names one item of its
// session, so the same id with the same JSON text is a retry (stored once), and the same id with
// other text is a conflict.

extension Array where Element == NewItem {
    /// Checks that items of this batch which share an id have the same JSON text.
    /// - Parameter key: The session, for the message.
    /// - Throws: ``SessionStoreError`` (already exists, field `item_id`) naming the id.
    package func checkRepeatedItemIDs(in key: SessionKey) throws(SessionStoreError) {
        var contentByID: [String: JSONDocument] = [:]
        for item in self {
            guard let itemID = item.itemID else { continue }
            if let first = contentByID[itemID] {
                guard first == item.content else { throw .itemConflict(itemID, storedAs: nil, in: key) }
            } else {
                contentByID[itemID] = item.content
            }
        }
    }
}

extension NewItem {
    /// Checks an item against the stored item with its id.
    /// - Parameters:
    ///   - stored: The JSON text of the stored item.
    ///   - sequence: The stored item's sequence number.
    ///   - key: The session, for the message.
    /// - Throws: ``SessionStoreError`` (already exists, field `item_id`) when the texts differ.
    package func checkSameContent(as stored: JSONDocument, storedAs sequence: Int64, in key: SessionKey)
        throws(SessionStoreError)
    {
        guard let itemID, stored != content else { return }
        throw .itemConflict(itemID, storedAs: sequence, in: key)
    }
}

extension SessionStoreError {
    /// The error for an item whose id names another item (stored, or earlier in the batch)
    /// with other content.
    package static func itemConflict(
        _ itemID: String,
        storedAs sequence: Int64?,
        in key: SessionKey,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        let other =
            sequence.map { "is already stored as item \($0) of session '\(key.id)'" }
            ?? "is given to two items of one batch for session '\(key.id)'"
        return SessionStoreError(
            .alreadyExists,
            "item id '\(itemID)' \(other) with other content; nothing was stored. Send the same content "
                + "to retry, or give the new item another id",
            field: "item_id",
            file: file,
            line: line
        )
    }
}
