public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        for item in items { try item.validate() }
        let now = clock.now()
        return try await database.write("append items to session '\(key.id)'") { db in
            try ItemWrites.append(items, to: key, now: now, in: db)
        }
    }

    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try query.validate()
        // Without a transaction: a non-empty result proves the session existed when it was
        // read, and an empty one is checked afterwards, which is a correct answer at that time.
        return try database.snapshotRead("read the items of session '\(key.id)'") { db in
            let arguments: StatementArguments = [key.app, key.id.rawValue]
            var items: [SessionItem]
            switch (query.limit, query.after) {
            case (0, _):
                items = []
            case (nil, nil):
                items = try ItemRows.fetch(ItemRows.all, arguments, capacity: 16, in: db)
            case (let limit?, nil):
                items = try ItemRows.fetch(ItemRows.last, arguments + [limit], capacity: limit, in: db)
                items.reverse()
            case (nil, let after?):
                items = try ItemRows.fetch(ItemRows.after, arguments + [after], capacity: 16, in: db)
            case (let limit?, let after?):
                items = try ItemRows.fetch(ItemRows.page, arguments + [after, limit], capacity: limit, in: db)
            }
            if items.isEmpty, try !SessionWrites.exists(key, in: db) { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        let now = clock.now()
        return try await database.write("remove the last item of session '\(key.id)'") { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: ItemRows.popLast),
                arguments: [key.app, key.id.rawValue]
            )
            guard let row = try rows.next() else {
                guard try SessionWrites.exists(key, in: db) else { throw SessionStoreError.sessionNotFound(key) }
                return nil
            }
            let item = try ItemRows.decode(row)
            try SessionWrites.touch(key, now: now, in: db)
            return item
        }
    }

    public func clearItems(of key: SessionKey) async throws -> Int {
        let now = clock.now()
        return try await database.write("clear the items of session '\(key.id)'") { db in
            try SessionWrites.touch(key, now: now, in: db)
            try db.cachedStatement(sql: ItemRows.clear).execute(arguments: [key.app, key.id.rawValue])
            return db.changesCount
        }
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        let id = newID ?? SessionID.generate(prefix: key.id.rawValue)
        return try await database.write("fork session '\(key.id)'") { db in
            let source = try SessionRow.require(key, in: db)
            let through = try ForkRange.validate(sequence, lastSequence: source.session.lastSequence)
            let session = source.session.forked(
                as: id,
                through: through,
                lastCopiedSequence: through,
                lifecycle: lifecycle,
                now: now
            )
            let created = try SessionWrites.insert(session, shared: SharedStateDelta(), in: db)
            try db.cachedStatement(sql: ItemRows.copy).execute(arguments: [
                key.app, key.id.rawValue, id.rawValue, through,
            ])
            return created
        }
    }
}

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
                ])
            }
        }
        for (index, first) in repeats { sequences[index] = sequences[first] }
        return sequences
    }

    private static func storedSequence(of itemID: String, in key: SessionKey, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: ItemRows.sequenceOfItemID),
            arguments: [key.app, key.id.rawValue, itemID]
        )
    }
}
