import AgentSessions
import GRDB

/// Reads the current row of a statement by column position, straight from SQLite.
///
/// GRDB's `Row.fetchCursor` builds a dictionary of the column names on every fetch, which
/// costs more than a point read itself; the store's queries know their columns by position
/// and read them with this instead.
struct ColumnReader {
    private let statement: SQLiteStatement

    /// Runs a statement and calls `body` with each row.
    static func forEachRow(
        of statement: Statement,
        _ arguments: StatementArguments,
        _ body: (ColumnReader) throws -> Void
    ) throws {
        // The cursor steps the statement; its own value (column 0) is not used.
        let rows = try Int64?.fetchCursor(statement, arguments: arguments)
        let reader = ColumnReader(statement: statement.sqliteStatement)
        while try rows.next() != nil {
            try body(reader)
        }
    }

    /// Runs a statement and decodes its first row, if any.
    static func firstRow<T>(
        of statement: Statement,
        _ arguments: StatementArguments,
        _ decode: (ColumnReader) throws -> T
    ) throws -> T? {
        let rows = try Int64?.fetchCursor(statement, arguments: arguments)
        guard try rows.next() != nil else { return nil }
        return try decode(ColumnReader(statement: statement.sqliteStatement))
    }

    /// The value of a column that is never `NULL`.
    /// - Throws: ``SessionStoreError`` (corrupted) if it is `NULL`.
    func value<T: StatementColumnConvertible>(_ index: CInt, _ type: T.Type = T.self) throws(SessionStoreError) -> T {
        guard let value = T.fromStatement(statement, atUncheckedIndex: index) else {
            throw SessionStoreError(
                .corrupted,
                "a stored row lacks a required value (column \(index)); restore the database from a backup"
            )
        }
        return value
    }

    /// The value of a column that may be `NULL`.
    func optional<T: StatementColumnConvertible>(_ index: CInt, _ type: T.Type = T.self) -> T? {
        T.fromStatement(statement, atUncheckedIndex: index)
    }
}
