import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import TestEnvironments
import Testing

/// Issue 6's fuzzing against the API document, with every check of issue 12: Schemathesis, from
/// PyPI, reads the document a spawned `agent-sessions serve` serves at `/openapi.yaml` and sends
/// it a bounded number of generated requests, valid and invalid, in open mode and with an API
/// key. Every check is on (`--checks all`): no 5xx; every status, content type, header and body
/// as documented; valid data accepted and invalid data refused; 405 with `Allow` for methods a
/// path does not have; and, with a key, no answer without it.
///
/// Two kinds of path are left out: event streams (`/events`), which never end, and the import
/// routes (`/v1/import/…`), whose body is a whole stored session or item list with fields that
/// constrain each other (a phase the lifecycle knows, an outcome with its finalization time,
/// sequence numbers in order) beyond what a document can state; the conformance suite checks
/// them through `HTTPSessionStore` (restore checks, bad input included).
///
/// Without Python or PyPI the test skips on a developer's machine and fails under `CI=true`.
@Suite(.tags(.slow), .runsUnlessSlowTestsAreSkipped, .timeLimit(.minutes(20))) struct SchemathesisTests {
    /// The Schemathesis release the document is checked with.
    static let version = "4.32.5"

    static let environment = Task {
        try await PythonEnvironment.prepare(
            package: "schemathesis",
            version: version,
            readyCheck: "import schemathesis"
        )
    }

    /// The API key of the keyed run, for the app `fuzz`.
    static let key = "fuzz-0123456789abcdef0123456789"

    /// Schemathesis' configuration (found in its working directory), with every check on.
    ///
    /// Valid data may also be answered 412: `If-Match` with a version the session is no longer
    /// at is a valid request whose precondition failed (RFC 9110), and no document can say which
    /// version is current. So may data that Schemathesis' negative phase believes invalid but the
    /// document allows (it took `"expires_at": null` for a format violation, although `Time` is
    /// `[string, 'null']`); a body of the wrong shape is refused before the version is compared.
    ///
    /// The hooks file makes each valid `Idempotency-Key` unique, as a client must (the same key
    /// with another request is 422 by design); invalid keys are sent as generated, so their
    /// refusal is still checked. It also gives a well-formed cursor the order of the listing's
    /// `sort`, as a client's cursor has (a cursor of another order is 422 by design, a relation
    /// between two parameters no document can state).
    static let configuration = """
        hooks = "HOOKS"

        [checks.positive_data_acceptance]
        expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]

        [checks.negative_data_rejection]
        expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429", "5xx"]
        """

    /// The hooks file: a fresh `Idempotency-Key` for each request that carries a valid one, and
    /// a cursor in the order of the request's valid `sort`.
    static let hooks = """
        import re
        import uuid

        import schemathesis

        VALID_KEY = re.compile(r"[!-~]{1,255}")
        CURSOR = re.compile(r"(-?[0-9a-z]{1,12}~[A-Za-z0-9._:@-]{1,128})(~(updated_at|-created_at|created_at))?")
        SORTS = {"-updated_at", "updated_at", "-created_at", "created_at"}


        @schemathesis.hook
        def before_call(context, case, kwargs):
            headers = case.headers or {}
            for name, value in list(headers.items()):
                if name.lower() == "idempotency-key" and isinstance(value, str) and VALID_KEY.fullmatch(value):
                    headers[name] = str(uuid.uuid4())
            query = case.query or {}
            cursor, sort = query.get("cursor"), query.get("sort", "-updated_at")
            match = CURSOR.fullmatch(cursor) if isinstance(cursor, str) else None
            if match and isinstance(sort, str) and sort in SORTS:
                query["cursor"] = match.group(1) + ("" if sort == "-updated_at" else "~" + sort)
        """

    @Test(arguments: [false, true]) func everyAnswerToGeneratedRequestsMatchesTheDocument(withKey: Bool) async throws {
        let schemathesis = try await PythonEnvironment.require(Self.environment)
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(
            ["--db", folder.directory.path + "/sessions.sqlite"],
            environment: withKey ? ["AGENT_SESSIONS_API_KEYS": "fuzz=\(Self.key)"] : [:]
        )
        let base = "http://127.0.0.1:\(server.port)"
        let hooks = folder.directory.appendingPathComponent("hooks.py").path
        try Self.hooks.write(toFile: hooks, atomically: true, encoding: .utf8)
        try Self.configuration.replacingOccurrences(of: "HOOKS", with: hooks)
            .write(to: folder.directory.appendingPathComponent("schemathesis.toml"), atomically: true, encoding: .utf8)
        do {
            _ = try await schemathesis.run(
                [
                    "run", base + "/openapi.yaml", "--url", base, "--checks", "all",
                    "--phases", "examples,coverage,fuzzing", "--max-examples", "50", "--seed", "6",
                    "--request-timeout", "20", "--no-color", "--suppress-health-check", "all",
                    // One worker: Hypothesis parses sources with `ast`, which CPython 3.11 does not do safely on two threads.
                    "--workers", "1",
                    // An event stream never ends: EventsTests reads it over a live connection instead.
                    "--exclude-path-regex", "/events$|^/v1/import/",
                    "--generation-database", "none",
                ] + (withKey ? ["--header", "Authorization: Bearer \(Self.key)"] : []),
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
