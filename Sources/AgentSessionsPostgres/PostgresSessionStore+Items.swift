public import AgentSessions
import Logging
import PostgresNIO

extension PostgresSessionStore {
    /// Appends items in one transaction: all are stored or none.
    ///
    /// The session's row is locked first (its `last_sequence` is moved on with `UPDATE …
    /// RETURNING`, or read `FOR UPDATE` when items carry ids), so concurrent appends from any
    /// number of servers run one after another: sequence numbers are gapless, each is given
    /// once, and a retried item id is found. New items get the next sequence numbers; an item
    /// whose id is already stored (or earlier in the batch) gets the existing number. The
    /// session's version and last activity change once per call.
    /// - Parameters:
    ///   - items: The items, in order.
    ///   - key: The session.
    /// - Returns: The sequence number of each item, in the order given.
    /// - Throws: `SessionStoreError`: not found (never an implicit create), invalid argument
    ///   (a bad item id), already exists (an item id given to other content), unavailable.
    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        for item in items { try item.validate() }
        try items.checkRepeatedItemIDs(in: key)
        let now = clock.now().microsecondsSinceEpoch
        if items.allSatisfy({ $0.itemID == nil }) {
            // One statement: reserve the numbers under the row's lock and insert every item.
            let last = try await database.run("append items to session '\(key.id)'") { connection in
                try await reserveAndInsert(items, into: key, now: now, on: connection)
            }
            let first = last - Int64(items.count) + 1
            return Array(first..<(first + Int64(items.count)))
        }
        return try await database.transaction("append items to session '\(key.id)'") { connection in
            guard let last = try await lastSequence(lockingRowOf: key, on: connection) else {
                throw SessionStoreError.sessionNotFound(key)
            }
            var stored: [String: Int64] = [:]
            var storedContent: [String: JSONDocument] = [:]
            let itemIDs = items.compactMap(\.itemID)
            for try await (itemID, sequence, body) in try await connection.query(
                """
                SELECT item_id, seq, body FROM \(unescaped: tables.items) WHERE app = \(key.app) \
                AND session_id = \(key.id.rawValue) AND item_id = ANY(\(itemIDs))
                """,
                logger: logger
            ).decode((String, Int64, String).self) {
                stored[itemID] = sequence
                storedContent[itemID] = JSONDocument(trusted: body)
            }
            for item in items {
                guard let itemID = item.itemID, let content = storedContent[itemID], let sequence = stored[itemID]
                else { continue }
                try item.checkSameContent(as: content, storedAs: sequence, in: key)
            }
            var sequences: [Int64] = []
            var fresh: [NewItem] = []
            var next = last
            for item in items {
                if let itemID = item.itemID, let known = stored[itemID] {
                    sequences.append(known)
                    continue
                }
                next += 1
                if let itemID = item.itemID { stored[itemID] = next }
                sequences.append(next)
                fresh.append(item)
            }
            try await connection.query(
                """
                UPDATE \(unescaped: tables.sessions) SET last_sequence = \(next), version = version + 1, \
                updated_at = \(now) WHERE app = \(key.app) AND id = \(key.id.rawValue)
                """,
                logger: logger
            )
            if !fresh.isEmpty {
                try await insertItems(fresh, sequences: Array((last + 1)...next), into: key, now: now, on: connection)
            }
            return sequences
        }
    }

    /// Reads items in sequence order with one range read of the items' primary key; see
    /// `ItemQuery` for the limit and paging rules.
    /// - Parameters:
    ///   - key: The session.
    ///   - query: Which items.
    /// - Returns: The items, oldest first.
    /// - Throws: `SessionStoreError`: not found, invalid argument (negative limit or
    ///   sequence), unavailable.
    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try query.validate()
        // One statement: a non-empty result proves the session existed when it was read, and an
        // empty one is checked afterwards, which is a correct answer at that time.
        return try await database.run("read the items of session '\(key.id)'") { connection in
            let items =
                query.limit == 0 ? [] : try await ItemRows.read(key, query, tables, on: connection, logger: logger)
            if items.isEmpty, try await !exists(key, on: connection) { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    /// The session's pinned items, oldest first, along the partial index of pinned items.
    /// - Throws: `SessionStoreError`: not found, unavailable.
    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try await database.run("read the pinned items of session '\(key.id)'") { connection in
            let items = try await ItemRows.pinned(key, tables, on: connection, logger: logger)
            if items.isEmpty, try await !exists(key, on: connection) { throw SessionStoreError.sessionNotFound(key) }
            return items
        }
    }

    /// Removes and returns the item with the highest sequence number, in one transaction that
    /// locks the session's row first, so two concurrent pops, on any servers, never return the
    /// same item. The sequence counter is not rewound. The transaction announces the removal to
    /// the listeners of every server (``listenForSessionChanges(_:)``).
    /// - Parameter key: The session.
    /// - Returns: The removed item, or `nil` if the session has none.
    /// - Throws: `SessionStoreError`: not found, unavailable.
    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        let now = clock.now().microsecondsSinceEpoch
        return try await database.transaction("remove the last item of session '\(key.id)'") { connection in
            guard try await lock(key, on: connection) else { throw SessionStoreError.sessionNotFound(key) }
            let rows = try await connection.query(
                """
                DELETE FROM \(unescaped: tables.items) WHERE app = \(key.app) AND session_id = \(key.id.rawValue) \
                AND seq = (SELECT max(seq) FROM \(unescaped: tables.items) WHERE app = \(key.app) \
                AND session_id = \(key.id.rawValue)) RETURNING seq, item_id, created_at, body, tokens, pinned
                """,
                logger: logger
            )
            guard let item = try await ItemRows.decode(rows).first else { return nil }
            try await touch(key, now: now, on: connection)
            try await announce(.itemsRemoved([item.sequence]), of: key, on: connection)
            return item
        }
    }

    /// Removes every item of a session, and its compactions, in one transaction. Sequence
    /// numbers are not reused afterwards. When items were removed, the transaction announces
    /// how many to the listeners of every server (``listenForSessionChanges(_:)``).
    /// - Parameter key: The session.
    /// - Returns: How many items were removed.
    /// - Throws: `SessionStoreError`: not found, unavailable.
    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        let now = clock.now().microsecondsSinceEpoch
        return try await database.transaction("clear the items of session '\(key.id)'") { connection in
            try await touch(key, now: now, on: connection)
            let count = try await connection.count(
                """
                WITH gone AS (DELETE FROM \(unescaped: tables.items) WHERE app = \(key.app) \
                AND session_id = \(key.id.rawValue) RETURNING 1), \
                uncompacted AS (DELETE FROM \(unescaped: tables.compactions) WHERE app = \(key.app) \
                AND session_id = \(key.id.rawValue)) SELECT count(*) FROM gone
                """,
                logger: logger
            )
            if count > 0 { try await announce(.itemsCleared(count: count), of: key, on: connection) }
            return count
        }
    }

    /// Copies a session and its items up to and including a sequence number into a new
    /// session, with the compactions that stand only for copied items, in one transaction that
    /// holds the source's row (`FOR SHARE`) so no append or compaction slips in, leaving the
    /// original untouched.
    /// - Parameters:
    ///   - key: The session to copy.
    ///   - sequence: The last sequence number to copy; `nil` copies every item.
    ///   - newID: The copy's id; `nil` generates one.
    /// - Returns: The new session.
    /// - Throws: `SessionStoreError`: not found, already exists (`newID` is taken), invalid
    ///   argument (a negative sequence or one past the last), unavailable.
    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        let lifecycle = lifecycles.lifecycle(for: key.app)
        let now = clock.now()
        let id = newID ?? SessionID.generate(prefix: key.id.rawValue)
        return try await database.transaction("fork session '\(key.id)'") { connection in
            let source = try await SessionColumns.require(
                key,
                tables,
                lock: "FOR SHARE OF s",
                on: connection,
                logger: logger
            )
            let through = try ForkRange.validate(sequence, lastSequence: source.session.lastSequence)
            let session = source.session.forked(
                as: id,
                through: through,
                lastCopiedSequence: through,
                lifecycle: lifecycle,
                now: now
            )
            guard let created = try await insert(session, shared: SharedStateDelta(), on: connection) else {
                throw SessionStoreError.sessionExists(session.key)
            }
            try await connection.query(
                """
                INSERT INTO \(unescaped: tables.items) \
                (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
                SELECT app, \(id.rawValue), seq, item_id, created_at, body, tokens, pinned \
                FROM \(unescaped: tables.items) \
                WHERE app = \(key.app) AND session_id = \(key.id.rawValue) AND seq <= \(through)
                """,
                logger: logger
            )
            try await CompactionRows.copy(from: key, to: id, through: through, tables, on: connection, logger: logger)
            return created
        }
    }

    /// Moves the session's last sequence number on by the number of items under its row's
    /// lock, records the activity and inserts the items (none with an id), in one statement.
    /// - Returns: The new last sequence number.
    /// - Throws: ``SessionStoreError`` (not found).
    private func reserveAndInsert(
        _ items: [NewItem],
        into key: SessionKey,
        now: Int64,
        on connection: PostgresConnection
    )
        async throws -> Int64
    {
        let count = Int64(items.count)
        let bodies = items.map(\.content.text)
        let tokens = items.map(\.tokenArgument)
        let pins = items.map(\.pinnedArgument)
        let rows = try await connection.query(
            """
            WITH reserved AS (UPDATE \(unescaped: tables.sessions) SET last_sequence = last_sequence + \(count), \
            version = version + 1, updated_at = \(now) WHERE app = \(key.app) AND id = \(key.id.rawValue) \
            RETURNING app, id, last_sequence), \
            inserted AS (INSERT INTO \(unescaped: tables.items) \
            (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
            SELECT r.app, r.id, r.last_sequence - \(count) + t.ordinal, NULL, \(now), t.body, NULLIF(t.tokens, -1), \
            CASE WHEN t.pinned = 1 THEN true END \
            FROM reserved r, unnest(\(bodies)::text[], \(tokens)::bigint[], \(pins)::bigint[]) \
            WITH ORDINALITY AS t(body, tokens, pinned, ordinal) RETURNING 1) \
            SELECT last_sequence FROM reserved
            """,
            logger: logger
        )
        for try await last in rows.decode(Int64.self) { return last }
        throw SessionStoreError.sessionNotFound(key)
    }

    /// Inserts items with their sequence numbers in one statement.
    private func insertItems(
        _ items: [NewItem],
        sequences: [Int64],
        into key: SessionKey,
        now: Int64,
        on connection: PostgresConnection
    ) async throws {
        // Item ids are never empty (they are validated), so '' stands for "no id" in the array.
        let itemIDs = items.map { $0.itemID ?? "" }
        let bodies = items.map(\.content.text)
        let tokens = items.map(\.tokenArgument)
        let pins = items.map(\.pinnedArgument)
        try await connection.query(
            """
            INSERT INTO \(unescaped: tables.items) (app, session_id, seq, item_id, created_at, body, tokens, pinned) \
            SELECT \(key.app), \(key.id.rawValue), t.seq, NULLIF(t.item_id, ''), \(now), t.body, NULLIF(t.tokens, -1), \
            CASE WHEN t.pinned = 1 THEN true END \
            FROM unnest(\(sequences)::bigint[], \(itemIDs)::text[], \(bodies)::text[], \(tokens)::bigint[], \
            \(pins)::bigint[]) AS t(seq, item_id, body, tokens, pinned)
            """,
            logger: logger
        )
    }

    /// Takes the session's row lock (`FOR UPDATE`) and reads its last sequence number.
    /// - Returns: The last sequence number, or `nil` if the session does not exist.
    func lastSequence(lockingRowOf key: SessionKey, on connection: PostgresConnection) async throws -> Int64? {
        let rows = try await connection.query(
            """
            SELECT last_sequence FROM \(unescaped: tables.sessions) \
            WHERE app = \(key.app) AND id = \(key.id.rawValue) FOR UPDATE
            """,
            logger: logger
        )
        for try await value in rows.decode(Int64.self) { return value }
        return nil
    }

    /// Takes the session's row lock; returns whether the session exists.
    private func lock(_ key: SessionKey, on connection: PostgresConnection) async throws -> Bool {
        try await connection.count(
            """
            SELECT count(*) FROM (SELECT 1 FROM \(unescaped: tables.sessions) \
            WHERE app = \(key.app) AND id = \(key.id.rawValue) FOR UPDATE) AS session
            """,
            logger: logger
        ) > 0
    }

    /// Records activity: version + 1 and last activity = now.
    /// - Throws: ``SessionStoreError`` (not found).
    private func touch(_ key: SessionKey, now: Int64, on connection: PostgresConnection) async throws {
        let touched = try await connection.count(
            """
            WITH touched AS (UPDATE \(unescaped: tables.sessions) SET version = version + 1, updated_at = \(now) \
            WHERE app = \(key.app) AND id = \(key.id.rawValue) RETURNING 1) SELECT count(*) FROM touched
            """,
            logger: logger
        )
        guard touched == 1 else { throw SessionStoreError.sessionNotFound(key) }
    }

    /// Whether a session exists.
    func exists(_ key: SessionKey, on connection: PostgresConnection) async throws -> Bool {
        try await connection.count(
            """
            SELECT count(*) FROM \(unescaped: tables.sessions) WHERE app = \(key.app) AND id = \(key.id.rawValue)
            """,
            logger: logger
        ) > 0
    }
}
