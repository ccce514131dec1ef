import AgentSessions
import ArgumentParser

extension SessionStoreError {
    /// The exit code for this error: the one place that maps ``SessionStoreError/Code`` to
    /// `agent-sessions`' exit codes.
    var exitCode: ExitCode {
        switch code {
        case .notFound: .notFound
        case .alreadyExists, .versionConflict, .finalized: .conflict
        case .invalidArgument: .invalidInput
        case .unavailable, .corrupted, .incompatibleSchema: .storage
        default: .failure
        }
    }
}
