import AgentSessions
import PostgresNIO
import _ConnectionPoolModule

/// Turns what PostgresNIO throws into ``SessionStoreError``s, so that no driver error escapes
/// the store. `CancellationError` and ``SessionStoreError`` pass through unchanged.
///
/// Messages name the failure and what to do; they never hold connection strings, passwords,
/// SQL or the values of a statement (a server's detail line can hold them, so only its main
/// message and SQLSTATE are kept; the whole error stays in ``SessionStoreError/cause``).
enum PostgresFailure {
    /// The error to throw for a failure.
    /// - Parameters:
    ///   - error: What was thrown.
    ///   - action: What was being done, such as "append items to session 'x'".
    static func wrap(_ error: any Error, while action: String) -> any Error {
        switch error {
        case let error as SessionStoreError:
            return error
        case let error as CancellationError:
            return error
        case let error as PostgresTransactionError:
            // The first failure of BEGIN, the work or COMMIT; a failed rollback after the work
            // failed adds nothing the caller can act on.
            guard let first = error.beginError ?? error.closureError ?? error.commitError ?? error.rollbackError else {
                return SessionStoreError(.unavailable, "could not \(action): the transaction failed; retry")
            }
            return wrap(first, while: action)
        case let error as PSQLError:
            if Task.isCancelled, error.code == .queryCancelled || error.code == .clientClosedConnection {
                return CancellationError()
            }
            return SessionStoreError(
                code(of: error),
                "could not \(action): \(explanation(of: error))",
                cause: error
            )
        case let error as ConnectionPoolError:
            if Task.isCancelled || error == .requestCancelled { return CancellationError() }
            return SessionStoreError(
                .unavailable,
                "could not \(action): the PostgreSQL server cannot be reached (no connection could be made); "
                    + "check that it runs and that the address, user and database are right, then retry",
                cause: error
            )
        case let error as PostgresDecodingError:
            return SessionStoreError(
                .corrupted,
                "could not \(action): the PostgreSQL database holds a value of the wrong type "
                    + "(\(error.code)); check that the schema belongs to AgentSessions",
                cause: SendableDescription(error)
            )
        default:
            return SessionStoreError(
                .unavailable,
                "could not \(action): the PostgreSQL database cannot be used (\(String(describing: type(of: error)))); "
                    + "check the server and retry",
                cause: SendableDescription(error)
            )
        }
    }

    /// The SQLSTATE of a server error, if the error came from the server.
    static func sqlState(of error: PSQLError) -> String? {
        error.serverInfo?[.sqlState]
    }

    private static func code(of error: PSQLError) -> SessionStoreError.Code {
        switch sqlState(of: error)?.prefix(2) {
        case "42": .corrupted  // a table or a column is missing or different: not this schema
        case "22": .invalidArgument  // data exception: a value PostgreSQL refuses, such as a NUL character
        default: .unavailable
        }
    }

    /// What went wrong and what to do, without SQL, arguments or content.
    private static func explanation(of error: PSQLError) -> String {
        guard let state = sqlState(of: error) else {
            return "the PostgreSQL server cannot be reached or closed the connection (\(error.code)); "
                + "check that it runs and that the address is right, then retry"
        }
        let reason = (error.serverInfo?[.message]).map { "\($0) [SQLSTATE \(state)]" } ?? "SQLSTATE \(state)"
        switch state.prefix(2) {
        case "28": return "PostgreSQL refused the login (\(reason)); check the user and the password"
        case "3D": return "the PostgreSQL database does not exist (\(reason)); create it or name another one"
        case "40": return "PostgreSQL aborted the transaction (\(reason)); retry"
        case "42":
            return "the schema is not as this version expects (\(reason)); check that it belongs to AgentSessions"
        case "22": return "PostgreSQL refused a value (\(reason)); check the input"
        case "53", "57", "08": return "the PostgreSQL server is unavailable (\(reason)); retry later"
        default: return "PostgreSQL failed (\(reason)); check the server and retry"
        }
    }
}
