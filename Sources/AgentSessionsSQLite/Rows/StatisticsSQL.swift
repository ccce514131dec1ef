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
    /// How many items and how many bytes of item JSON.
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
        itemTotals = "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0) FROM items WHERE \(condition)"
    }
}
