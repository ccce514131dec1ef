import Foundation
public import Testing

/// The PostgreSQL server of a test run: the one named by `AGENT_SESSIONS_TEST_POSTGRES_URL`, or
/// else a throwaway cluster started by the first test that asks (with `.ci/postgres-cluster`,
/// initdb into a temporary folder as the `postgres` user, trust auth, 127.0.0.1, a free port)
/// and stopped when the test process ends, also when tests fail or the process crashes.
///
/// Where no server can be had, ``require(sourceLocation:)`` skips the test with the reason on
/// a developer's machine, and fails it under `CI=true`. Each test then works in its own schema
/// (``makeSchemaName(_:)``) or database, so suites run in parallel.
///
/// ```swift
/// @Test func appends() async throws {
///     let url = try await PostgresTestServer.require()
///     let schema = PostgresTestServer.makeSchemaName("appends")
///     // connect to url, use schema, drop it afterwards
/// }
/// ```
public enum PostgresTestServer {
    /// The environment variable that names a running server (`postgres://USER@HOST:PORT/DB`),
    /// as CI sets it; then no cluster is started.
    public static let urlEnvironmentKey = "AGENT_SESSIONS_TEST_POSTGRES_URL"

    /// The server's URL, found or started once per test process.
    static let shared = Task { try await onDedicatedThread { try start() } }

    /// Returns the URL of the test run's server, starting the throwaway cluster on first use;
    /// skips the calling test (fails it under `CI=true`) when no server can be had.
    /// - Returns: A URL such as `postgres://postgres@127.0.0.1:54321/postgres`.
    /// - Throws: `CancellationError` from `Test.cancel` when skipping, or the reason the
    ///   server could not be started under `CI=true`.
    public static func require(sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        do {
            return try await shared.value
        } catch {
            try TestPrerequisite.missing(
                "no PostgreSQL server for the tests: \(error)",
                error: error,
                sourceLocation: sourceLocation
            )
        }
    }

    /// A new schema name for one test: `t_<tag>_<12 random hex digits>`, a plain lowercase identifier.
    /// - Parameter tag: A short lowercase word naming the test, to tell schemas apart when debugging.
    public static func makeSchemaName(_ tag: String) -> String {
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let word = tag.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(30)
        return "t_\(word)_\(random)"
    }

    /// Finds or starts the server.
    private static func start() throws -> String {
        if let url = ProcessInfo.processInfo.environment[urlEnvironmentKey], !url.isEmpty { return url }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-postgres-\(UUID().uuidString.prefix(8))").path
        return try runScript(["start", folder, String(ProcessInfo.processInfo.processIdentifier)])
    }

    /// `.ci/postgres-cluster` of this package, found from this file's path.
    private static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".ci/postgres-cluster").path
    }

    /// Runs the script with `system(3)`, which waits for its own child: Foundation's `Process`
    /// can miss the exit of a script that leaves processes behind (the server, the watchdog).
    private static func runScript(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-postgres-\(UUID().uuidString.prefix(8)).out").path
        defer {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        let words = ([script] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = "/bin/bash " + words.joined(separator: " ") + " </dev/null >'\(output)' 2>'\(output).err'"
        let status = system(command)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let problem = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? "exit status \(status)"
            throw StartFailure(reason: problem.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Why the throwaway cluster could not be started.
    struct StartFailure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the throwaway cluster could not be started: \(reason)" }
    }
}
