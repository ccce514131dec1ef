import GRDBSQLite

extension SQLiteSessionStore {
    /// The version of the SQLite library this process uses, such as `3.40.1`.
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
