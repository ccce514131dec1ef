/// The SQL of statistics, for one app (its name as `?1`) or for every app (no argument).
///
/// One app's statements name it with `app = ?1` alone, so that SQLite reads that app's rows
/// along the primary keys instead of every app's.
struct StatisticsSQL {
    /// Sessions by phase, with how many are active, resumed and errored.
    let countsByPhase: String
    /// Finalized sessions by outcome.
    let countsByOutcome: String
    /// The duration of every finalized session.
    let durations: String
    /// How many items, how many bytes of item JSON and how many tokens, by the sessions'
    /// agent. An item's tokens are its caller's count, otherwise the estimate of
    /// `TokenEstimate` (a quarter of its bytes, rounded up, at least one). The items are summed
    /// session by session along their primary key before each session's row is looked up once.
    let itemTotals: String

    /// The statements for one app, `?1`.
    static let oneApp = StatisticsSQL(where: "app = ?1")
    /// The statements for every app.
    static let everyApp = StatisticsSQL(where: "1")

    private init(where condition: String) {
        countsByPhase = """
            SELECT phase, count(*), sum(finalized_at IS NULL), sum(resume_count > 0), sum(error_count > 0) \
            FROM sessions WHERE \(condition) GROUP BY phase
            """
        countsByOutcome =
            "SELECT outcome, count(*) FROM sessions WHERE outcome IS NOT NULL AND \(condition) GROUP BY outcome"
        durations = "SELECT finalized_at - created_at FROM sessions WHERE finalized_at IS NOT NULL AND \(condition)"
        itemTotals = """
            SELECT s.agent_name, sum(g.count), sum(g.bytes), sum(g.tokens) FROM (\
            SELECT app, session_id, count(*) AS count, sum(length(CAST(body AS BLOB))) AS bytes, \
            sum(coalesce(tokens, max(1, (length(CAST(body AS BLOB)) + 3) / 4))) AS tokens \
            FROM items WHERE \(condition) GROUP BY app, session_id) AS g \
            JOIN sessions AS s ON s.app = g.app AND s.id = g.session_id GROUP BY s.agent_name
            """
    }
}
