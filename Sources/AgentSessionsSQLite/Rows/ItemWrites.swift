import AgentSessions
import GRDB

/// The append algorithm, run inside the append's write transaction.
enum ItemWrites {
    /// Stores the items that are new, and returns the sequence number of each item.
    ///
    /// An item whose id is stored already gets its stored sequence number, and one whose id
    /// appeared earlier in the batch gets that item's. The session's version and last activity
    /// change once, even when nothing new is stored.
    /// - Throws: ``SessionStoreError`` (not found).
    static func append(_ items: [NewItem], to key: SessionKey, now: Timestamp, in db: Database) throws -> [Int64] {
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
            } else if let stored = try storedSequence(of: itemID, in: key, db) {
                sequences[index] = stored
            } else {
                firstIndexByID[itemID] = index
                fresh.append(index)
            }
        }
        let reserved = try ColumnReader.firstRow(
            of: db.cachedStatement(sql: ItemRows.reserve),
            SQLArgument.key(key) + [.integer(Int64(fresh.count)), .integer(now.microsecondsSinceEpoch)]
        ) { row in try row.value(0, Int64.self) }
        guard let last = reserved else { throw SessionStoreError.sessionNotFound(key) }
        if !fresh.isEmpty {
            let insert = try db.cachedStatement(sql: ItemRows.insert)
            var sequence = last - Int64(fresh.count)
            for index in fresh {
                sequence += 1
                sequences[index] = sequence
                let item = items[index]
                try ColumnReader.execute(
                    insert,
                    [
                        .text(key.app), .text(key.id.rawValue), .integer(sequence), .optionalText(item.itemID),
                        .integer(now.microsecondsSinceEpoch), .text(item.content.text),
                    ]
                )
            }
        }
        for (index, first) in repeats { sequences[index] = sequences[first] }
        return sequences
    }

    private static func storedSequence(of itemID: String, in key: SessionKey, _ db: Database) throws -> Int64? {
        try ColumnReader.firstRow(
            of: db.cachedStatement(sql: ItemRows.sequenceOfItemID),
            SQLArgument.key(key) + [.text(itemID)]
        ) { row in try row.value(0, Int64.self) }
    }
}
