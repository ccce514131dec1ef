import PostgresNIO

extension PostgresSchema {
    /// v7: statistics kept as sessions and items change (issue 17), so that
    /// ``PostgresSessionStore/statistics(app:)`` reads a few rows per app instead of every
    /// session and every item. As the SQLite store's step `v8`, with one more key part.
    ///
    /// `statistics` holds one row per (app, kind, name, shard), summed by the readers: kind
    /// `phase` (sessions in it, and how many of those are active, resumed and errored),
    /// `outcome`, `duration` (microseconds rounded down to three significant digits, as
    /// `SessionStatistics.durationBucket(microseconds:)`) and `agent` (the items, bytes and
    /// tokens of its sessions). `shard` is a hash of the session id (0…15): concurrent writes
    /// to different sessions of one app mostly update different rows, so they do not queue on
    /// one row's lock, and each statement updates its rows in key order, so two statements
    /// never wait for each other's rows the other way round.
    ///
    /// Triggers keep every figure in the transaction of the write:
    /// - a session's insert, its update of the phase, outcome, finalization, resumes or errors
    ///   (not an append's update, which sets none of them), and its delete (before the row
    ///   goes: its share and its items' totals);
    /// - the items a statement inserts or deletes, once per statement, with the agent of their
    ///   session. Items deleted with their session (`ON DELETE CASCADE`) have no session left to
    ///   join, so they are not counted twice: the session's delete took them away.
    ///
    /// The step fills the table from the rows already stored.
    static func version7(_ tables: PostgresTables) -> [PostgresQuery] {
        let s = tables.schema
        let upsert = version7Upsert(tables)
        let itemShare = { (sign: String, items: String) in
            """
            SELECT i.app, 'agent', s.agent_name, (hashtext(i.session_id) & 15)::smallint, 0, 0, 0, 0, \(sign), \
            \(sign) * octet_length(i.body), \(sign) * coalesce(i.tokens, greatest(1, (octet_length(i.body) + 3) / 4)) \
            FROM \(items) AS i JOIN \(tables.sessions) AS s ON s.app = i.app AND s.id = i.session_id
            """
        }
        return [
            """
            CREATE TABLE \(unescaped: tables.statistics) (
                app TEXT COLLATE "C" NOT NULL,
                kind TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C" NOT NULL,
                shard SMALLINT NOT NULL,
                sessions BIGINT NOT NULL DEFAULT 0,
                active BIGINT NOT NULL DEFAULT 0,
                resumed BIGINT NOT NULL DEFAULT 0,
                errored BIGINT NOT NULL DEFAULT 0,
                items BIGINT NOT NULL DEFAULT 0,
                bytes BIGINT NOT NULL DEFAULT 0,
                tokens BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (app, kind, name, shard)
            )
            """,
            """
            CREATE FUNCTION \(unescaped: s).duration_bucket(d bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS $$
            SELECT CASE WHEN d < 1000 THEN greatest(d, 0) ELSE (left(d::text, 3) || repeat('0', length(d::text) - 3))::bigint END
            $$
            """,
            """
            CREATE FUNCTION \(unescaped: s).session_share(r \(unescaped: tables.sessions), sign bigint) \
            RETURNS TABLE (app text, kind text, name text, shard smallint, sessions bigint, active bigint, \
            resumed bigint, errored bigint, items bigint, bytes bigint, tokens bigint) IMMUTABLE LANGUAGE sql AS $$
            SELECT r.app, v.kind, v.name, (hashtext(r.id) & 15)::smallint, sign, sign * v.active, sign * v.resumed, \
            sign * v.errored, 0::bigint, 0::bigint, 0::bigint FROM (VALUES \
            ('phase', r.phase::text COLLATE "C", (r.finalized_at IS NULL)::int::bigint, (r.resume_count > 0)::int::bigint, \
            (r.error_count > 0)::int::bigint), \
            ('outcome', r.outcome::text COLLATE "C", 0, 0, 0), \
            ('duration', (\(unescaped: s).duration_bucket(r.finalized_at - r.created_at))::text COLLATE "C", 0, 0, 0)) \
            AS v(kind, name, active, resumed, errored) WHERE v.name IS NOT NULL
            $$
            """,
            triggerFunction("\(s).count_inserted_session", upsert("SELECT * FROM \(s).session_share(NEW, 1)")),
            triggerFunction(
                "\(s).count_updated_session",
                upsert("SELECT * FROM \(s).session_share(OLD, -1) UNION ALL SELECT * FROM \(s).session_share(NEW, 1)")
            ),
            triggerFunction(
                "\(s).count_deleted_session",
                upsert(
                    """
                    SELECT * FROM \(s).session_share(OLD, -1) UNION ALL \
                    SELECT OLD.app, 'agent', OLD.agent_name, (hashtext(OLD.id) & 15)::smallint, 0, 0, 0, 0, -count(*), \
                    -sum(octet_length(body)), -sum(coalesce(tokens, greatest(1, (octet_length(body) + 3) / 4))) \
                    FROM \(tables.items) WHERE app = OLD.app AND session_id = OLD.id HAVING count(*) > 0
                    """
                ),
                returning: "OLD"
            ),
            triggerFunction("\(s).count_inserted_items", upsert(itemShare("1", "inserted_items"))),
            triggerFunction("\(s).count_deleted_items", upsert(itemShare("-1", "deleted_items"))),
            """
            CREATE TRIGGER statistics_of_inserted_session AFTER INSERT ON \(unescaped: tables.sessions) \
            FOR EACH ROW EXECUTE FUNCTION \(unescaped: s).count_inserted_session()
            """,
            """
            CREATE TRIGGER statistics_of_updated_session \
            AFTER UPDATE OF phase, finalized_at, outcome, resume_count, error_count ON \(unescaped: tables.sessions) \
            FOR EACH ROW WHEN (old.phase IS DISTINCT FROM new.phase OR old.finalized_at IS DISTINCT FROM new.finalized_at \
            OR old.outcome IS DISTINCT FROM new.outcome OR (old.resume_count > 0) <> (new.resume_count > 0) \
            OR (old.error_count > 0) <> (new.error_count > 0)) \
            EXECUTE FUNCTION \(unescaped: s).count_updated_session()
            """,
            """
            CREATE TRIGGER statistics_of_deleted_session BEFORE DELETE ON \(unescaped: tables.sessions) \
            FOR EACH ROW EXECUTE FUNCTION \(unescaped: s).count_deleted_session()
            """,
            """
            CREATE TRIGGER statistics_of_inserted_items AFTER INSERT ON \(unescaped: tables.items) \
            REFERENCING NEW TABLE AS inserted_items FOR EACH STATEMENT EXECUTE FUNCTION \(unescaped: s).count_inserted_items()
            """,
            """
            CREATE TRIGGER statistics_of_deleted_items AFTER DELETE ON \(unescaped: tables.items) \
            REFERENCING OLD TABLE AS deleted_items FOR EACH STATEMENT EXECUTE FUNCTION \(unescaped: s).count_deleted_items()
            """,
            PostgresQuery(
                unsafeSQL: upsert(
                    """
                    SELECT s.app, v.kind, v.name, v.shard, v.sessions, v.active, v.resumed, v.errored, 0, 0, 0 \
                    FROM \(tables.sessions) AS s, \(s).session_share(s, 1) AS v
                    """
                )
            ),
            PostgresQuery(unsafeSQL: upsert(itemShare("1", tables.items))),
        ]
    }

    /// A trigger function (plpgsql) that runs one statement and returns `result`.
    static func triggerFunction(_ name: String, _ statement: String, returning result: String = "NULL") -> PostgresQuery
    {
        """
        CREATE FUNCTION \(unescaped: name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            \(unescaped: statement);
            RETURN \(unescaped: result);
        END
        $$
        """
    }

    /// Step v7's statement that adds rows of figures, `select` giving (app, kind, name, shard,
    /// sessions, active, resumed, errored, items, bytes, tokens), to the kept statistics: summed
    /// by key, without rows that change nothing, in key order.
    static func version7Upsert(_ tables: PostgresTables) -> (String) -> String {
        { select in
            """
            INSERT INTO \(tables.statistics) AS t \
            (app, kind, name, shard, sessions, active, resumed, errored, items, bytes, tokens) \
            SELECT c.app, c.kind, c.name, c.shard, sum(c.sessions), sum(c.active), sum(c.resumed), sum(c.errored), \
            sum(c.items), sum(c.bytes), sum(c.tokens) \
            FROM (\(select)) AS c (app, kind, name, shard, sessions, active, resumed, errored, items, bytes, tokens) \
            GROUP BY c.app, c.kind, c.name, c.shard \
            HAVING sum(c.sessions) <> 0 OR sum(c.active) <> 0 OR sum(c.resumed) <> 0 OR sum(c.errored) <> 0 \
            OR sum(c.items) <> 0 OR sum(c.bytes) <> 0 OR sum(c.tokens) <> 0 \
            ORDER BY c.app, c.kind, c.name, c.shard \
            ON CONFLICT (app, kind, name, shard) DO UPDATE SET sessions = t.sessions + excluded.sessions, \
            active = t.active + excluded.active, resumed = t.resumed + excluded.resumed, \
            errored = t.errored + excluded.errored, items = t.items + excluded.items, \
            bytes = t.bytes + excluded.bytes, tokens = t.tokens + excluded.tokens
            """
        }
    }
}
