import AgentSessions
import GRDB
import GRDBSQLite

/// Reads the current row of a statement by column position, straight from SQLite.
///
/// GRDB's `Row.fetchCursor` builds a dictionary of the column names on every fetch, and its
/// value cursors allocate, validate and convert their arguments on every run, which costs more
/// than a point read itself. The store's statements know their columns by position: they run
/// through SQLite's C API with ``forEachRow(of:_:_:)``, ``firstRow(of:_:_:)`` and
/// ``execute(_:_:)``, and each column is fetched with one C call (`sqlite3_column_value`; the
/// `sqlite3_value_*` calls that follow take no lock).
///
/// Stepping directly skips GRDB's bookkeeping for transaction observers and observed regions.
/// The store registers neither, and its `Database` never leaves the store, so none can be
/// registered. `BEGIN` and `COMMIT` still go through GRDB, which follows transactions.
struct ColumnReader {
    private let statement: SQLiteStatement

    /// Runs a statement and calls `body` with each row.
    ///
    /// The statement is reset afterwards, also when `body` throws.
    /// - Throws: `DatabaseError` if SQLite fails, and what `body` throws.
    static func forEachRow(
        of statement: Statement,
        _ arguments: [SQLArgument],
        _ body: (ColumnReader) throws -> Void
    ) throws {
        let sqlite = try bind(arguments, to: statement)
        defer { sqlite3_reset(sqlite) }
        let reader = ColumnReader(statement: sqlite)
        while try step(sqlite, of: statement) {
            try body(reader)
        }
    }

    /// Runs a statement and decodes its first row, if any; a write completes on that first step
    /// (`RETURNING` gives its rows after the write).
    /// - Throws: `DatabaseError` if SQLite fails, and what `decode` throws.
    static func firstRow<T>(
        of statement: Statement,
        _ arguments: [SQLArgument],
        _ decode: (ColumnReader) throws -> T
    ) throws -> T? {
        let sqlite = try bind(arguments, to: statement)
        defer { sqlite3_reset(sqlite) }
        guard try step(sqlite, of: statement) else { return nil }
        return try decode(ColumnReader(statement: sqlite))
    }

    /// Runs a statement that returns no rows.
    /// - Throws: `DatabaseError` if SQLite fails.
    static func execute(_ statement: Statement, _ arguments: [SQLArgument]) throws {
        _ = try firstRow(of: statement, arguments) { _ in () }
    }

    /// The value of a column that is never `NULL`.
    /// - Throws: ``SessionStoreError`` (corrupted) if it is `NULL`.
    func value<T: ColumnValue>(_ index: CInt, _ type: T.Type = T.self) throws(SessionStoreError) -> T {
        guard let value = T(sqliteValue: sqlite3_column_value(statement, index)) else {
            throw SessionStoreError(
                .corrupted,
                "a stored row lacks a required value (column \(index)); restore the database from a backup"
            )
        }
        return value
    }

    /// The value of a column that may be `NULL`.
    func optional<T: ColumnValue>(_ index: CInt, _ type: T.Type = T.self) -> T? {
        T(sqliteValue: sqlite3_column_value(statement, index))
    }

    /// Whether a text column holds exactly `text`, compared as UTF-8 bytes without making a
    /// string of the column.
    func holds(_ index: CInt, _ text: String) -> Bool {
        let value = sqlite3_column_value(statement, index)
        guard sqlite3_value_type(value) == SQLITE_TEXT, let stored = sqlite3_value_text(value) else { return false }
        let count = Int(sqlite3_value_bytes(value))
        var text = text
        return text.withUTF8 { bytes in bytes.elementsEqual(UnsafeBufferPointer(start: stored, count: count)) }
    }

    /// Clears the statement's previous run and binds `arguments` to its parameters `?1`, `?2`, ….
    private static func bind(_ arguments: [SQLArgument], to statement: Statement) throws -> SQLiteStatement {
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        for (offset, argument) in arguments.enumerated() {
            let code = argument.bind(to: sqlite, at: CInt(offset + 1))
            guard code == SQLITE_OK else { throw failure(code, of: statement) }
        }
        return sqlite
    }

    /// Steps a statement: `true` on a row, `false` at the end.
    private static func step(_ sqlite: SQLiteStatement, of statement: Statement) throws -> Bool {
        switch sqlite3_step(sqlite) {
        case SQLITE_ROW: true
        case SQLITE_DONE: false
        case let code: throw failure(code, of: statement)
        }
    }

    private static func failure(_ code: CInt, of statement: Statement) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement)).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}
