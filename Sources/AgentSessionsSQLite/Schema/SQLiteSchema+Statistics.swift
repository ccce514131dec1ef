extension SQLiteSchema {
    /// v8: statistics kept as sessions and items change (issue 17), so that
    /// ``SQLiteSessionStore/statistics(app:)`` reads a handful of rows per app instead of every
    /// session and every item.
    ///
    /// `statistics` holds one row per (app, kind, name), summed by the readers:
    /// - `phase`, name the phase: `sessions` in it and how many of those are `active` (not
    ///   finalized), `resumed` (at least once) and `errored` (at least one error);
    /// - `outcome`, name the outcome: `sessions` finalized with it;
    /// - `duration`, name a duration in microseconds rounded down to three significant digits
    ///   (`SessionStatistics.durationBucket(microseconds:)`): `sessions` finalized that long
    ///   after their creation;
    /// - `agent`, name the agent (`''` for none): `items`, `bytes` of item JSON and `tokens`
    ///   (the caller's count, otherwise a quarter of the bytes rounded up, at least one) of the
    ///   items of its sessions.
    ///
    /// Triggers keep the session rows' share in the transaction of every insert, delete and
    /// update of a session's phase, outcome, finalization, resumes or errors (not appends,
    /// whose update sets none of those). Items are counted by the statements that insert and
    /// delete them (``StatisticsRows``), once per statement rather than per row. A row whose
    /// figures fall to zero stays, and reads leave it out. The step fills the table from the
    /// rows already stored, reading each once.
    ///
    /// The statements are spelled out here, not taken from ``StatisticsRows``: a step never
    /// changes once it has shipped.
    static let version8 = """
        CREATE TABLE statistics (
            app TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            sessions INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 0,
            resumed INTEGER NOT NULL DEFAULT 0,
            errored INTEGER NOT NULL DEFAULT 0,
            items INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            tokens INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (app, kind, name)
        ) WITHOUT ROWID;

        CREATE TRIGGER statistics_of_inserted_session AFTER INSERT ON sessions BEGIN
        \(version8SessionShare(of: "new", sign: "1"))
        END;

        CREATE TRIGGER statistics_of_deleted_session AFTER DELETE ON sessions BEGIN
        \(version8SessionShare(of: "old", sign: "-1"))
        END;

        CREATE TRIGGER statistics_of_updated_session
        AFTER UPDATE OF phase, finalized_at, outcome, resume_count, error_count ON sessions
        WHEN old.phase IS NOT new.phase OR old.finalized_at IS NOT new.finalized_at OR old.outcome IS NOT new.outcome \
        OR (old.resume_count > 0) <> (new.resume_count > 0) OR (old.error_count > 0) <> (new.error_count > 0) BEGIN
        \(version8SessionShare(of: "old", sign: "-1"))
        \(version8SessionShare(of: "new", sign: "1"))
        END;

        INSERT INTO statistics (app, kind, name, sessions, active, resumed, errored) \
        SELECT app, 'phase', phase, count(*), sum(finalized_at IS NULL), sum(resume_count > 0), sum(error_count > 0) \
        FROM sessions WHERE 1 GROUP BY app, phase;
        INSERT INTO statistics (app, kind, name, sessions) \
        SELECT app, 'outcome', outcome, count(*) FROM sessions WHERE outcome IS NOT NULL GROUP BY app, outcome;
        INSERT INTO statistics (app, kind, name, sessions) \
        SELECT app, 'duration', \(version8DurationBucket("finalized_at - created_at")), count(*) FROM sessions \
        WHERE finalized_at IS NOT NULL GROUP BY 1, 3;
        INSERT INTO statistics (app, kind, name, items, bytes, tokens) \
        SELECT s.app, 'agent', s.agent_name, sum(g.count), sum(g.bytes), sum(g.tokens) FROM (\
        SELECT app, session_id, count(*) AS count, sum(length(CAST(body AS BLOB))) AS bytes, \
        sum(coalesce(tokens, max(1, (length(CAST(body AS BLOB)) + 3) / 4))) AS tokens \
        FROM items GROUP BY app, session_id) AS g \
        JOIN sessions AS s ON s.app = g.app AND s.id = g.session_id WHERE 1 GROUP BY s.app, s.agent_name;
        """

    /// Step v8's statements that add (`sign` 1) or take away (`sign` -1) one session row's
    /// share of the statistics, `row` being `new` or `old` in a trigger.
    private static func version8SessionShare(of row: String, sign: String) -> String {
        let accumulate = """
            ON CONFLICT (app, kind, name) DO UPDATE SET sessions = sessions + excluded.sessions, \
            active = active + excluded.active, resumed = resumed + excluded.resumed, errored = errored + excluded.errored
            """
        return """
            INSERT INTO statistics (app, kind, name, sessions, active, resumed, errored) \
            SELECT \(row).app, 'phase', \(row).phase, \(sign), \(sign) * (\(row).finalized_at IS NULL), \
            \(sign) * (\(row).resume_count > 0), \(sign) * (\(row).error_count > 0) WHERE 1 \(accumulate);
            INSERT INTO statistics (app, kind, name, sessions) SELECT \(row).app, 'outcome', \(row).outcome, \(sign) \
            WHERE \(row).outcome IS NOT NULL \(accumulate);
            INSERT INTO statistics (app, kind, name, sessions) \
            SELECT \(row).app, 'duration', \(version8DurationBucket("\(row).finalized_at - \(row).created_at")), \
            \(sign) WHERE \(row).finalized_at IS NOT NULL \(accumulate);
            """
    }

    /// Step v8's SQL for `SessionStatistics.durationBucket(microseconds:)` of an integer
    /// expression: 0 below 0, itself below 1,000, else its first three digits followed by zeros.
    private static func version8DurationBucket(_ expression: String) -> String {
        """
        (CASE WHEN (\(expression)) < 1000 THEN max(\(expression), 0) \
        ELSE CAST(substr(\(expression), 1, 3) || substr('0000000000000000000', 1, length(\(expression)) - 3) AS INTEGER) END)
        """
    }
}
