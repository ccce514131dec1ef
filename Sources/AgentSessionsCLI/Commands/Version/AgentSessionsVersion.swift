import AgentSessions
import AgentSessionsSQLite

/// What this build of `agent-sessions` is: its version, the commit and date of its sources
/// (from the build, ``BuildInfo``) and the SQLite it runs with.
enum AgentSessionsVersion {
    /// The release version.
    static let version = "0.9.0"

    /// `agent-sessions 0.9.0 (commit 0123456789ab, 2026-12-06T04:14:01+00:00; SQLite 3.40.1)`.
    static var line: String {
        "agent-sessions \(version) (commit \(BuildInfo.commit), \(BuildInfo.commitDate); SQLite \(SQLiteSessionStore.sqliteVersion))"
    }

    /// The fields, in order: `version`, `commit`, `commit_date`, `sqlite` (also the labels of
    /// `/metrics`' `agent_sessions_build_info`).
    static var labels: [(String, String)] {
        [
            ("version", version), ("commit", BuildInfo.commit), ("commit_date", BuildInfo.commitDate),
            ("sqlite", SQLiteSessionStore.sqliteVersion),
        ]
    }

    /// The same as a JSON object.
    static var json: JSONValue {
        .object(JSONObject(uniqueKeysWithValues: labels.map { ($0.0, .string($0.1)) }))
    }
}
