import GRDB

extension SQLiteSchema {
    /// Creates the index of every declared metadata key that has none yet, and returns the
    /// indexes of the database by key: the declared ones and any made by an earlier opening.
    ///
    /// These indexes are not migration steps: they follow the configuration. An index of a key no
    /// longer declared stays (SQLite keeps it up to date, and listings still read along it) until
    /// it is dropped by hand, `DROP INDEX "sessions_by_metadata_…"`; so a program that opens the
    /// database without declaring keys (the command-line tool beside a server) neither drops a
    /// server's indexes nor lists more slowly. A missing index is built from the sessions already
    /// stored, holding the write lock meanwhile; when every declared index exists, nothing is
    /// written.
    /// - Parameters:
    ///   - declared: The declared keys' indexes.
    ///   - writer: The database, migrated.
    /// - Returns: Every metadata index of the database, by key.
    /// - Throws: Database errors as they are (the caller wraps them).
    static func prepareMetadataIndexes(
        _ declared: [MetadataIndex],
        in writer: any DatabaseWriter
    ) throws -> [String: MetadataIndex] {
        // On the writer connection: a reader opened here, right after the migration, did not keep
        // a configured cache size of 0 (the file tests' `thePageCacheIsTheConfiguredSize`).
        let (existing, missing) = try writer.writeWithoutTransaction { db in
            let existing = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
                .compactMap(MetadataIndex.init(indexName:))
            let missing = Set(declared).subtracting(existing).sorted { $0.key < $1.key }
            if !missing.isEmpty {
                try db.inTransaction {
                    for index in missing { try db.execute(sql: index.createSQL) }
                    return .commit
                }
            }
            return (existing, missing)
        }
        return Dictionary((existing + missing).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
