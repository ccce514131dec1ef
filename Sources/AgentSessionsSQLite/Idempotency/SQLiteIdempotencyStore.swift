import AgentSessions
import AgentSessionsIdempotency
import GRDB

/// The `Idempotency-Key` records of a ``SQLiteSessionStore``, in the table `idempotency_keys`
/// of its database file (schema step `v2`), written through the store's writer like every
/// other write (and committed with the writes waiting beside them).
///
/// A claim reads the key's row and writes the claim in one immediate transaction, so claims of
/// one key are serialised by the writer: across tasks, and across processes on the same file.
/// An acknowledged answer survives a crash of the process as every other write does.
final class SQLiteIdempotencyStore: IdempotencyStore {
    let database: SQLiteDatabase
    let policy: IdempotencyPolicy

    init(database: SQLiteDatabase, policy: IdempotencyPolicy) {
        self.database = database
        self.policy = policy
    }

    func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) async throws -> IdempotencyStart {
        let claim = IdempotencyRecord.claim(fingerprint: fingerprint, now: now, policy: policy)
        return try await database.write("claim \(key)") { db in
            let stored = try ColumnReader.firstRow(of: db.cachedStatement(sql: Self.select), Self.arguments(key)) {
                row in
                try Self.record(row, key: key)
            }
            if let start = stored?.start(for: fingerprint, now: now) { return start }
            try ColumnReader.execute(
                db.cachedStatement(sql: Self.claim),
                Self.arguments(key) + [.text(claim.fingerprint), .integer(claim.expiresAt.microsecondsSinceEpoch)]
            )
            return .proceed
        }
    }

    func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) async throws {
        let expiresAt = IdempotencyRecord.answerExpiry(now: now, policy: policy)
        try await database.write("record the answer of \(key)") { db in
            try ColumnReader.execute(
                db.cachedStatement(sql: Self.finish),
                Self.arguments(key) + [
                    .integer(Int64(response.status)), .text(response.headersText), .blob(response.body),
                    .integer(expiresAt.microsecondsSinceEpoch),
                ]
            )
        }
    }

    func abandon(_ key: IdempotencyKey) async throws {
        try await database.write("release \(key)") { db in
            try ColumnReader.execute(db.cachedStatement(sql: Self.abandon), Self.arguments(key))
        }
    }

    func removeExpired(now: Timestamp) async throws -> Int {
        try await database.write("remove old Idempotency-Key records") { db in
            try ColumnReader.execute(
                db.cachedStatement(sql: Self.deleteExpired),
                [.integer(now.microsecondsSinceEpoch)]
            )
            return db.changesCount
        }
    }

    /// The arguments `?1` app, `?2` key.
    private static func arguments(_ key: IdempotencyKey) -> [SQLArgument] {
        [.text(key.app), .text(key.value)]
    }

    /// A row of ``select``.
    private static func record(_ row: ColumnReader, key: IdempotencyKey) throws -> IdempotencyRecord {
        var response: StoredResponse?
        if let status = row.optional(2, Int.self) {
            response = try StoredResponse(
                status: status,
                headersText: try row.value(3),
                body: try row.value(4),
                key: key
            )
        }
        return IdempotencyRecord(
            fingerprint: try row.value(0),
            response: response,
            expiresAt: Timestamp(microsecondsSinceEpoch: try row.value(1))
        )
    }

    private static let select = """
        SELECT fingerprint, expires_at, status, headers, body FROM idempotency_keys WHERE app = ?1 AND key = ?2
        """

    /// Claims a key whose row is missing or no longer counts.
    private static let claim = """
        INSERT INTO idempotency_keys (app, key, fingerprint, expires_at) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (app, key) DO UPDATE SET fingerprint = excluded.fingerprint, expires_at = excluded.expires_at,
        status = NULL, headers = NULL, body = NULL
        """

    private static let finish = """
        UPDATE idempotency_keys SET status = ?3, headers = ?4, body = ?5, expires_at = ?6
        WHERE app = ?1 AND key = ?2 AND status IS NULL
        """

    private static let abandon = "DELETE FROM idempotency_keys WHERE app = ?1 AND key = ?2 AND status IS NULL"

    private static let deleteExpired = "DELETE FROM idempotency_keys WHERE expires_at <= ?1"
}
