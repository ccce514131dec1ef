import GRDB
import Testing

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

    /// Expects each statement's plan to hold its steps, to scan no sessions, and to sort in a
    /// temporary B-tree exactly when `sorts` says so.
    func expectPlans(
        _ cases: [(String, (sql: String, arguments: [SQLArgument]), expected: [String], sorts: Bool)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (name, statement, expected, sorts) in cases {
            let plan = try queryPlan(statement)
            for step in expected {
                #expect(plan.contains(step), "\(name): \(plan)", sourceLocation: sourceLocation)
            }
            #expect(
                !plan.contains { $0.hasPrefix("SCAN s") || $0.hasPrefix("SCAN sessions") },
                "\(name): \(plan)",
                sourceLocation: sourceLocation
            )
            #expect(
                plan.contains { $0.contains("TEMP B-TREE") } == sorts,
                "\(name): \(plan)",
                sourceLocation: sourceLocation
            )
        }
    }
}
