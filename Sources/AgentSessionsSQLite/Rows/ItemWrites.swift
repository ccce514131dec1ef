import AgentSessions
import GRDB

/// The append algorithm, run inside the append's write transaction.
enum ItemWrites {
    /// Stores the items that are new, and returns the sequence number of each item.
    ///
    /// An item whose id is stored already gets its stored sequence number, and one whose id
    /// appeared earlier in the batch gets that item's. The session's version and last activity
    /// change once, even when nothing new is stored.
    /// - Throws: ``SessionStoreError`` (not found; already exists for an id given to other
    ///   content, before anything is written).
    static func append(_ items: [NewItem], to key: SessionKey, now: Timestamp, in db: Database) throws -> [Int64] {
        try items.checkRepeatedItemIDs(in: key)
        var sequences = [Int64](repeating: 0, count: items.count)
        var fresh: [Int] = []
        fresh.reserveCapacity(items.count)
        var firstIndexByID: [String: Int] = [:]
        var repeats: [(index: Int, first: Int)] = []
        for (index, item) in items.enumerated() {
            guard let itemID = item.itemID else {
                fresh.append(index)
                continue
            }
            if let first = firstIndexByID[itemID] {
                repeats.append((index, first))
            } else if let stored = try Row.fetchOne(
                db.cachedStatement(sql: ItemRows.itemOfItemID),
                arguments: [key.app, key.id.rawValue, itemID]
            ) {
                let sequence: Int64 = stored[0]
                try item.checkSameContent(as: JSONDocument(trusted: stored[1]), storedAs: sequence, in: key)
                sequences[index] = sequence
            } else {
                firstIndexByID[itemID] = index
                fresh.append(index)
            }
        }
        let reserved = try Int64.fetchOne(
            db.cachedStatement(sql: ItemRows.reserve),
            arguments: [key.app, key.id.rawValue, fresh.count, now.microsecondsSinceEpoch]
        )
        guard let last = reserved else { throw SessionStoreError.sessionNotFound(key) }
        if !fresh.isEmpty {
            let insert = try db.cachedStatement(sql: ItemRows.insert)
            var sequence = last - Int64(fresh.count)
            for index in fresh {
                sequence += 1
                sequences[index] = sequence
                let item = items[index]
                try insert.execute(arguments: [
                    key.app, key.id.rawValue, sequence, item.itemID, now.microsecondsSinceEpoch, item.content.text,
                    item.tokens, ItemRows.pinnedValue(item.isPinned),
                ])
            }
            try StatisticsRows.count(fresh.lazy.map { (items[$0].content, items[$0].tokens) }, sign: 1, of: key, in: db)
        }
        for (index, first) in repeats { sequences[index] = sequences[first] }
        return sequences
    }

    /// The sequence number of the stored item with this id, if any.
    static func storedSequence(of itemID: String, in key: SessionKey, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: ItemRows.sequenceOfItemID),
            arguments: [key.app, key.id.rawValue, itemID]
        )
    }
}
