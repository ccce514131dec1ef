import PostgresNIO

extension PostgresSchema {
    /// v10: how many sessions of each app carry each tag, kept in `statistics` (kind `tag`, one
    /// row per app, tag and shard, as step v7's figures), so that a listing by a rare tag can
    /// read its sessions along `sessions_by_tags` (issue 17).
    ///
    /// PostgreSQL estimates how many rows hold a tag from a sample of the table. A tag too rare
    /// to be sampled is estimated at 0.5% of the rows whatever its real count, and at a million
    /// sessions PostgreSQL then walked the app's whole activity index for the newest 20 of a
    /// tag 20 sessions carry (about 1 s, against 1.5 ms at 100,000). With the real count at hand
    /// the store states a rare tag's listing so that only the tag's index can serve it
    /// (`ListingSQL`).
    ///
    /// Triggers keep the counts in the transaction of every insert and delete of a session
    /// with tags and every change of its tags; the step counts the sessions already stored.
    /// ``PostgresSessionStore/statistics(app:)`` leaves these rows out.
    static func version10(_ tables: PostgresTables) -> [PostgresQuery] {
        let s = tables.schema
        let upsert = version7Upsert(tables)
        return [
            """
            CREATE FUNCTION \(unescaped: s).tag_share(r \(unescaped: tables.sessions), sign bigint) \
            RETURNS TABLE (app text, kind text, name text, shard smallint, sessions bigint, active bigint, \
            resumed bigint, errored bigint, items bigint, bytes bigint, tokens bigint) IMMUTABLE LANGUAGE sql AS $$
            SELECT r.app, 'tag', t.tag, (hashtext(r.id) & 15)::smallint, sign, 0::bigint, 0::bigint, 0::bigint, \
            0::bigint, 0::bigint, 0::bigint FROM unnest(r.tags) AS t(tag)
            $$
            """,
            triggerFunction("\(s).count_tags_of_inserted_session", upsert("SELECT * FROM \(s).tag_share(NEW, 1)")),
            triggerFunction(
                "\(s).count_tags_of_updated_session",
                upsert("SELECT * FROM \(s).tag_share(OLD, -1) UNION ALL SELECT * FROM \(s).tag_share(NEW, 1)")
            ),
            triggerFunction("\(s).count_tags_of_deleted_session", upsert("SELECT * FROM \(s).tag_share(OLD, -1)")),
            """
            CREATE TRIGGER tags_of_inserted_session AFTER INSERT ON \(unescaped: tables.sessions) \
            FOR EACH ROW WHEN (cardinality(new.tags) > 0) EXECUTE FUNCTION \(unescaped: s).count_tags_of_inserted_session()
            """,
            """
            CREATE TRIGGER tags_of_updated_session AFTER UPDATE OF tags ON \(unescaped: tables.sessions) \
            FOR EACH ROW WHEN (old.tags IS DISTINCT FROM new.tags) \
            EXECUTE FUNCTION \(unescaped: s).count_tags_of_updated_session()
            """,
            """
            CREATE TRIGGER tags_of_deleted_session AFTER DELETE ON \(unescaped: tables.sessions) \
            FOR EACH ROW WHEN (cardinality(old.tags) > 0) EXECUTE FUNCTION \(unescaped: s).count_tags_of_deleted_session()
            """,
            PostgresQuery(
                unsafeSQL: upsert(
                    "SELECT v.* FROM \(tables.sessions) AS s, \(s).tag_share(s, 1) AS v"
                )
            ),
        ]
    }
}
