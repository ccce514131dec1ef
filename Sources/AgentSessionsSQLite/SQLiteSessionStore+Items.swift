public import AgentSessions
import GRDB

extension SQLiteSessionStore {
    /// Appends items in one write transaction: all are stored or none.
    ///
    /// New items get the next sequence numbers; an item whose id is already stored (or earlier
    /// in the batch) is not stored again and gets the existing number. The session's version
    /// and last activity change once per call.
    /// - Parameters:
    ///   - items: The items, in order.
    ///   - key: The session.
    /// - Returns: The sequence number of each item, in the order given.
    /// - Throws: `SessionStoreError`: not found (never an implicit create), invalid argument
    ///   (a bad item id), unavailable or corrupted.
    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        for item in items { try item.validate() }
        let now = clock.now()
        return try await database.write("append items to session '\(key.id)'") { db in
            try ItemWrites.append(items, to: key, now: now, in: db)
        }
    }

    /// Reads items in sequence order with one range read of the items' primary key; see
    /// `ItemQuery` for the limit and paging rules.
    /// - Parameters:
    ///   - key: The session.
    ///   - query: Which items.
    /// - Returns: The items, oldest first.
    /// - Throws: `SessionStoreError`: not found, invalid argument (negative limit or
    ///   sequence), unavailable or corrupted.
    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try query.validate()
        // Without a transaction: a non-empty result proves the session existed when it was
        // read, and an empty one is checked afterwards, which is a correct answer at that time.
        return try database.read("read the items of session '\(key.id)'") { db in
            let items = try Self.items(of: key, query, in: db)
            if items.isEmpty, try !SessionWrites.exists(key, in: db) { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    /// Reads items within a read of the database, without checking that the session exists.
    static func items(of key: SessionKey, _ query: ItemQuery, in db: Database) throws -> [SessionItem] {
        let arguments = SQLArgument.key(key)
        switch (query.limit, query.after) {
        case (0, _):
            return []
        case (nil, nil):
            return try ItemRows.fetch(ItemRows.all, arguments, capacity: 16, in: db)
        case (let limit?, nil):
            var items = try ItemRows.fetch(ItemRows.last, arguments + [.integer(Int64(limit))], capacity: limit, in: db)
            items.reverse()  // in place: the newest were read first
            return items
        case (nil, let after?):
            return try ItemRows.fetch(ItemRows.after, arguments + [.integer(after)], capacity: 16, in: db)
        case (let limit?, let after?):
            return try ItemRows.fetch(
                ItemRows.page,
                arguments + [.integer(after), .integer(Int64(limit))],
                capacity: limit,
                in: db
            )
        }
    }

    /// Removes and returns the item with the highest sequence number, in one write transaction,
    /// so two concurrent pops never return the same item. The sequence counter is not rewound.
    /// - Parameter key: The session.
    /// - Returns: The removed item, or `nil` if the session has none.
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        let now = clock.now()
        return try await database.write("remove the last item of session '\(key.id)'") { db in
            let popped = try ColumnReader.firstRow(
                of: db.cachedStatement(sql: ItemRows.popLast),
                SQLArgument.key(key),
                ItemRows.decode
            )
            guard let item = popped else {
                guard try SessionWrites.exists(key, in: db) else { throw SessionStoreError.sessionNotFound(key) }
                return nil
            }
            try StatisticsRows.count(CollectionOfOne((item.content, item.tokens)), sign: -1, of: key, in: db)
            try SessionWrites.touch(key, now: now, in: db)
            return item
        }
    }

    /// Removes every item of a session, and its compactions, in one write transaction.
    /// Sequence numbers are not reused afterwards.
    /// - Parameter key: The session.
    /// - Returns: How many items were removed.
    /// - Throws: `SessionStoreError`: not found, unavailable or corrupted.
    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        let now = clock.now()
        return try await database.write("clear the items of session '\(key.id)'") { db in
            try SessionWrites.touch(key, now: now, in: db)
            let arguments: StatementArguments = [key.app, key.id.rawValue]
            try db.cachedStatement(sql: CompactionRows.clear).execute(arguments: arguments)
            try db.cachedStatement(sql: ItemRows.uncountCleared).execute(arguments: arguments)
            try db.cachedStatement(sql: ItemRows.clear).execute(arguments: arguments)
            return db.changesCount
        }
    }

    /// Copies a session and its items up to and including a sequence number into a new
    /// session, with the compactions that stand only for copied items, in one write
    /// transaction, leaving the original untouched.
    /// - Parameters:
    ///   - key: The session to copy.
    ///   - sequence: The last sequence number to copy; `nil` copies every item.
    ///   - newID: The copy's id; `nil` generates one.
    /// - Returns: The new session.
    /// - Throws: `SessionStoreError`: not found, already exists (`newID` is taken), invalid
    ///   argument (a negative sequence or one past the last), unavailable or corrupted.
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
            let arguments: StatementArguments = [key.app, key.id.rawValue, id.rawValue, through]
            try db.cachedStatement(sql: StatisticsRows.addCopiedItems).execute(arguments: arguments)
            try db.cachedStatement(sql: ItemRows.copy).execute(arguments: arguments)
            try db.cachedStatement(sql: CompactionRows.copy).execute(arguments: arguments)
            return created
        }
    }
}
