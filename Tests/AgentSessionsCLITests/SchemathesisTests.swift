import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import Testing

/// Issue 6's fuzzing against the API document: Schemathesis, from PyPI, reads the document a
/// spawned `agent-sessions serve` serves at `/openapi.yaml` and sends it a bounded number of
/// generated requests, valid and invalid. No answer may be a 5xx, and every answer must match
/// the document: its status, its content type and its body's schema.
///
/// Without Python or PyPI the test skips on a developer's machine and fails under `CI=true`.
@Suite(.timeLimit(.minutes(10))) struct SchemathesisTests {
    /// The Schemathesis release the document is checked with.
    static let version = "4.32.5"

    static let environment = Task {
        try await PythonEnvironment.prepare(
            package: "schemathesis",
            version: version,
            readyCheck: "import schemathesis"
        )
    }

    /// The checks every answer must pass.
    static let checks = [
        "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
    ]

    @Test func everyAnswerToGeneratedRequestsMatchesTheDocument() async throws {
        let schemathesis = try await PythonEnvironment.require(Self.environment)
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.directory.path + "/sessions.sqlite"])
        let base = "http://127.0.0.1:\(server.port)"
        do {
            _ = try await schemathesis.run(
                [
                    "run", base + "/openapi.yaml", "--url", base, "--checks", Self.checks.joined(separator: ","),
                    "--phases", "examples,coverage,fuzzing", "--max-examples", "50", "--seed", "6",
                    "--request-timeout", "20", "--no-color", "--suppress-health-check", "all",
                    // One worker: Hypothesis parses sources with `ast`, which CPython 3.11 does not do safely on two threads.
                    "--workers", "1",
                    // An event stream never ends: EventsTests reads it over a live connection instead.
                    "--exclude-path-regex", "/events$",
                    "--generation-database", "none",
                ],
                command: "schemathesis",
                // Schemathesis and Hypothesis keep caches in the working directory: the test's own folder, not the package.
                in: folder.directory
            )
        } catch let failure as PythonProcess.Failure {
            Issue.record("Schemathesis found answers that break the document:\n\(failure.output.suffix(12_000))")
        }
        #expect(try await server.terminate() == 0, "the server did not stop cleanly after the fuzzing")
    }
}
