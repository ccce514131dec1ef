import AgentSessions
import Logging
import PostgresNIO

extension ListingSQL {
    /// Whether a listing by tags reads its page along `sessions_by_tags` and sorts it, rather
    /// than letting PostgreSQL choose, decided from the counts of schema step `v10`.
    ///
    /// PostgreSQL estimates a tag it did not sample at 0.5% of the rows, so for a rare tag of a
    /// large app it walks the app's sessions in the listing's order and tests each one (about
    /// 1 s at a million sessions). With the real counts, walking in order is expected to read
    /// `page × app ÷ rarest` sessions and reading along the tag `rarest` ones: the tag's index
    /// is taken when `rarest² ≤ page × app`, where `rarest` is the count of the filter's
    /// rarest tag, `app` the app's sessions and `page` the rows a page reads (its limit + 1).
    /// One small statement of a few keyed rows; no statement for a listing without tags.
    /// - Returns: `true` to read along the tags' index.
    /// - Throws: What the connection throws.
    static func readsAlongTags(
        _ query: SessionQuery,
        _ tables: PostgresTables,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        guard !query.tags.isEmpty else { return false }
        let rows = try await connection.query(
            """
            SELECT (SELECT coalesce(sum(sessions), 0) FROM \(unescaped: tables.statistics) \
            WHERE app = \(query.app) AND kind = 'phase')::bigint, \
            (SELECT coalesce(min(n), 0) FROM (SELECT (SELECT coalesce(sum(c.sessions), 0) \
            FROM \(unescaped: tables.statistics) AS c WHERE c.app = \(query.app) AND c.kind = 'tag' AND c.name = t.tag) \
            FROM unnest(\(query.tags)::text[]) AS t(tag)) AS counts(n))::bigint
            """,
            logger: logger
        )
        for try await (appSessions, rarest) in rows.decode((Int64, Int64).self) {
            let page = Double(query.limit.map { $0 == Int.max ? $0 : $0 + 1 } ?? Int.max)
            return Double(rarest) * Double(rarest) <= page * Double(appSessions)
        }
        return false
    }
}
