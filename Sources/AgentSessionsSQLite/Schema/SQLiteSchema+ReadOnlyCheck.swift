import AgentSessions
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteSchema {
    /// Refuses a database file written by a newer AgentSessions before anything opens it for
    /// writing, so a refused file stays byte for byte as it was.
    ///
    /// The applied steps are read on a read-only connection. Without a write-ahead log beside
    /// the file, the file is opened as immutable: SQLite then creates no `-wal` or `-shm` file
    /// and takes no lock. With a log (another program has the database open, or did not close
    /// it cleanly), the file is opened read-only, which reads the log too.
    /// - Parameters:
    ///   - path: The database file; a missing file passes.
    ///   - location: The database as named in messages.
    /// - Throws: ``SessionStoreError`` (incompatible schema) when the file records a step this
    ///   version does not know. A file that cannot be read here passes: opening it for writing
    ///   reports the failure.
    static func refuseNewerFile(at path: String, describedAs location: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let logSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        var components = URLComponents()
        components.scheme = "file"
        components.path = URL(fileURLWithPath: path).path
        components.queryItems = [
            URLQueryItem(name: logSize > 0 ? "mode" : "immutable", value: logSize > 0 ? "ro" : "1")
        ]
        guard let uri = components.string else { return }
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
            return
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, "SELECT identifier FROM grdb_migrations", -1, &statement, nil) == SQLITE_OK
        else { return }
        var applied: Set<String> = []
        while sqlite3_step(statement) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement, 0) { applied.insert(String(cString: text)) }
        }
        try refuseUnknown(applied, describedAs: location)
    }

    /// Throws when `applied` holds a step this version does not know.
    /// - Throws: ``SessionStoreError`` (incompatible schema).
    static func refuseUnknown(_ applied: Set<String>, describedAs location: String) throws {
        let unknown = applied.subtracting(migrator.migrations).sorted()
        guard unknown.isEmpty else {
            throw SessionStoreError.newerSchema(
                "the session database \(location)",
                unknownSteps: unknown,
                alternative: "another database"
            )
        }
    }
}
