import AgentSessions
import AgentSessionsIdempotency
import Foundation
import Logging
import PostgresNIO

/// The `Idempotency-Key` records of a ``PostgresSessionStore``, in the table `idempotency_keys`
/// of its schema (migration v3), shared by every server on the database.
///
/// A claim is one `INSERT … ON CONFLICT (app, key) DO UPDATE … WHERE` the existing row no
/// longer counts: PostgreSQL makes concurrent claims of one key wait for each other, so of two
/// servers claiming it at once one inserts (``IdempotencyStart/proceed``) and the other finds
/// its row (``IdempotencyStart/inProgress``). A claim that finds a row that counts reads it
/// next; if the row went away or went stale in between, it claims again.
final class PostgresIdempotencyStore: IdempotencyStore {
    let database: PostgresDatabase
    let policy: IdempotencyPolicy

    /// How many times a claim tries again when the row it found changed before it could read it.
    static let claimAttempts = 3

    private var table: String { database.tables.idempotencyKeys }
    private var logger: Logger { database.logger }

    init(database: PostgresDatabase, policy: IdempotencyPolicy) {
        self.database = database
        self.policy = policy
    }

    func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) async throws -> IdempotencyStart {
        let at = now.microsecondsSinceEpoch
        let claim = IdempotencyRecord.claim(fingerprint: fingerprint, now: now, policy: policy)
        return try await database.run("claim \(key)") { connection in
            for _ in 0..<Self.claimAttempts {
                let claimed = try await connection.count(
                    """
                    WITH claimed AS (INSERT INTO \(unescaped: table) AS k (app, key, fingerprint, expires_at) \
                    VALUES (\(key.app), \(key.value), \(fingerprint), \(claim.expiresAt.microsecondsSinceEpoch)) \
                    ON CONFLICT (app, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, \
                    expires_at = EXCLUDED.expires_at, status = NULL, headers = NULL, body = NULL \
                    WHERE k.expires_at <= \(at) RETURNING 1) SELECT count(*) FROM claimed
                    """,
                    logger: logger
                )
                if claimed > 0 { return .proceed }
                if let start = try await record(of: key, on: connection)?.start(for: fingerprint, now: now) {
                    return start
                }
            }
            return .inProgress
        }
    }

    func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) async throws {
        let expiresAt = IdempotencyRecord.answerExpiry(now: now, policy: policy).microsecondsSinceEpoch
        let (status, headers, body) = (Int32(clamping: response.status), response.headersText, Data(response.body))
        _ = try await database.run("record the answer of \(key)") { connection in
            try await connection.query(
                """
                UPDATE \(unescaped: table) SET status = \(status), headers = \(headers), body = \(body), \
                expires_at = \(expiresAt) WHERE app = \(key.app) AND key = \(key.value) AND status IS NULL
                """,
                logger: logger
            )
        }
    }

    func abandon(_ key: IdempotencyKey) async throws {
        _ = try await database.run("release \(key)") { connection in
            try await connection.query(
                "DELETE FROM \(unescaped: table) WHERE app = \(key.app) AND key = \(key.value) AND status IS NULL",
                logger: logger
            )
        }
    }

    func removeExpired(now: Timestamp) async throws -> Int {
        let at = now.microsecondsSinceEpoch
        return try await database.run("remove old Idempotency-Key records") { connection in
            try await connection.count(
                """
                WITH gone AS (DELETE FROM \(unescaped: table) WHERE expires_at <= \(at) RETURNING 1) \
                SELECT count(*) FROM gone
                """,
                logger: logger
            )
        }
    }

    /// The key's row, if there is one.
    private func record(of key: IdempotencyKey, on connection: PostgresConnection) async throws -> IdempotencyRecord? {
        let rows = try await connection.query(
            """
            SELECT fingerprint, expires_at, status, headers, body FROM \(unescaped: table) \
            WHERE app = \(key.app) AND key = \(key.value)
            """,
            logger: logger
        )
        var found: IdempotencyRecord?
        for try await (fingerprint, expiresAt, status, headers, body) in rows.decode(
            (String, Int64, Int32?, String?, Data?).self
        ) {
            var response: StoredResponse?
            if let status {
                guard let headers, let body else { throw SessionStoreError.corruptedIdempotencyRecord(key) }
                response = try StoredResponse(status: Int(status), headersText: headers, body: Array(body), key: key)
            }
            found = IdempotencyRecord(
                fingerprint: fingerprint,
                response: response,
                expiresAt: Timestamp(microsecondsSinceEpoch: expiresAt)
            )
        }
        return found
    }
}
