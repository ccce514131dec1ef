import GRDB

@testable import AgentSessionsSQLite

extension SQLiteSessionStore {
    /// The details of `EXPLAIN QUERY PLAN` for a statement, one step a line, as SQLite words
    /// them: `SEARCH s USING INDEX sessions_by_agent (app=? AND agent_name=?)`.
    func queryPlan(_ statement: (sql: String, arguments: [SQLArgument])) throws -> [String] {
        try database.read("explain") { db in
            var details: [String] = []
            try ColumnReader.forEachRow(
                of: db.makeStatement(sql: "EXPLAIN QUERY PLAN " + statement.sql),
                statement.arguments
            ) { row in details.append(try row.value(3)) }
            return details
        }
    }
}
