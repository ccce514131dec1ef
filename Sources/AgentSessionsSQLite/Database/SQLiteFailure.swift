import AgentSessions
import GRDB

/// Turns what GRDB and SQLite throw into ``SessionStoreError``s, so that no driver error
/// escapes the store. `CancellationError` and ``SessionStoreError`` pass through unchanged.
enum SQLiteFailure {
    /// The error to throw for a failure.
    /// - Parameters:
    ///   - error: What was thrown.
    ///   - action: What was being done, such as "append items to session 'x'".
    ///   - location: Where the database is, such as "at ./sessions.sqlite".
    static func wrap(_ error: any Error, while action: String, location: String) -> any Error {
        switch error {
        case let error as SessionStoreError:
            return error
        case let error as CancellationError:
            return error
        case let error as DatabaseError:
            if error.isInterruptionError, Task.isCancelled { return CancellationError() }
            return SessionStoreError(
                code(of: error),
                "could not \(action): the session database \(location) \(explanation(of: error))",
                cause: error
            )
        case let error as RowDecodingError:
            return SessionStoreError(
                .corrupted,
                "could not \(action): the session database \(location) holds a value of the wrong type; "
                    + "restore it from a backup",
                cause: error
            )
        default:
            return SessionStoreError(
                .unavailable,
                "could not \(action): the session database \(location) cannot be used "
                    + "(\(String(describing: type(of: error)))); check the path and its permissions",
                cause: SendableDescription(error)
            )
        }
    }

    private static func code(of error: DatabaseError) -> SessionStoreError.Code {
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT: .corrupted
        default: .unavailable
        }
    }

    /// What went wrong and what to do, without SQL, arguments or content.
    private static func explanation(of error: DatabaseError) -> String {
        let reason = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            return "is damaged or is not an AgentSessions database (\(reason)); restore it from a backup "
                + "or choose another file"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "is locked by another connection (\(reason)); retry, or stop the process that holds it"
        case .SQLITE_FULL:
            return "cannot grow (\(reason)); free disk space and retry"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return "cannot be opened or written (\(reason)); check the path and its permissions"
        default:
            return "failed (\(reason)); check the disk and the file, then retry"
        }
    }
}
