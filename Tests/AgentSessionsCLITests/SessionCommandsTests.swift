import AgentSessions
import Testing

/// The session commands, run as the built executable against a fresh database each.
struct SessionCommandsTests {
    @Test func createPrintsAGeneratedIDThatGetFinds() async throws {
        let cli = try CLIRunner()
        let created = try await cli.run("create", "--agent", "planner")
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingSuffix()
        #expect(id.hasPrefix("planner-"))
        #expect(!id.contains("\n"))
        let got = try await cli.run("get", id, "--json").object()
        #expect(got["id"] == .string(id))
        #expect(got["agent"] == "planner")
        #expect(got["phase"] == "initializing")
        #expect(got["version"] == 1)
    }

    @Test func createAndGetRoundTripEveryField() async throws {
        let cli = try CLIRunner()
        #expect(try await cli.run("create", "--id", "root").status == 0)
        let created = try await cli.run(
            "create",
            "--id",
            "child-1",
            "--user",
            "ana",
            "--agent",
            "terraform",
            "--parent",
            "root",
            "--ephemeral",
            "--phase",
            "planning",
            "--metadata",
            #"{"task_id":"T001","n":1}"#,
            "--state",
            #"{"step":2}"#,
            "--resume-ready",
            "--json"
        )
        #expect(created.status == 0, "\(created.stderr)")
        let session = try created.object()
        #expect(session["id"] == "child-1")
        #expect(session["app"] == "default")
        #expect(session["user_id"] == "ana")
        #expect(session["agent"] == "terraform")
        #expect(session["parent_id"] == "root")
        #expect(session["kind"] == "ephemeral")
        #expect(session["phase"] == "planning")
        #expect(session["resume_ready"] == true)
        #expect(session["metadata"] == ["task_id": "T001", "n": 1])
        #expect(session["state"] == ["step": 2])
        #expect(session["finalized_at"] == .null)
        #expect(session["history"] == [])
        #expect(session["last_sequence"] == 0)
        let got = try await cli.run("get", "child-1", "--json").object()
        #expect(got == session)
        let text = try await cli.run("get", "child-1")
        #expect(text.stdout.contains("terraform"))
        #expect(text.stdout.contains("planning (resume ready)"))
    }

    @Test func updateChangesPhaseMetadataStateAndErrors() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1", "--metadata", #"{"keep":true,"drop":1}"#)
        let updated = try await cli.run(
            "update",
            "s-1",
            "--phase",
            "approval",
            "--metadata",
            #"{"drop":null,"plan":"p.json"}"#,
            "--state",
            #"{"k":"v"}"#,
            "--error",
            "timeout",
            "--resume-ready",
            "--json"
        )
        #expect(updated.status == 0, "\(updated.stderr)")
        let session = try updated.object()
        #expect(session["phase"] == "approval")
        #expect(session["metadata"] == ["keep": true, "plan": "p.json"])
        #expect(session["state"] == ["k": "v"])
        #expect(session["error_count"] == 1)
        #expect(session["last_error"] == "timeout")
        #expect(session["resume_ready"] == true)
        #expect(session["version"] == 2)
        let history = try #require(session["history"]?.arrayValue)
        #expect(history.count == 1)
        #expect(history.first?.objectValue?["from"] == "initializing")
        #expect(history.first?.objectValue?["to"] == "approval")
        let notReady = try await cli.run("update", "s-1", "--no-resume-ready", "--json").object()
        #expect(notReady["resume_ready"] == false)
    }

    @Test func updateReportsConflictsAndBadInput() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        let stale = try await cli.run("update", "s-1", "--phase", "planning", "--expected-version", "9", "--json")
        #expect(stale.status == 4)
        #expect(try stale.object()["error"]?.objectValue?["code"] == "version_conflict")
        #expect(try await cli.run("update", "s-1", "--phase", "planning", "--expected-version", "1").status == 0)
        #expect(try await cli.run("update", "s-1", "--phase", "dreaming").status == 5)
        #expect(try await cli.run("update", "s-1", "--metadata", "{nope").status == 5)
        #expect(try await cli.run("update", "s-1", "--metadata", "[1]").status == 5)
        #expect(try await cli.run("update", "missing", "--phase", "planning").status == 3)
        let version = try await cli.run("get", "s-1", "--json").object()["version"]
        #expect(version == 2)
    }

    @Test func finalizeEndsASessionOnce() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1", "--resume-ready")
        let finalized = try await cli.run("finalize", "s-1", "completed", "--summary", "Applied", "--json")
        #expect(finalized.status == 0, "\(finalized.stderr)")
        let session = try finalized.object()
        #expect(session["phase"] == "completed")
        #expect(session["outcome"] == "completed")
        #expect(session["summary"] == "Applied")
        #expect(session["resume_ready"] == false)
        #expect(session["finalized_at"]?.stringValue != nil)
        #expect(session["duration_seconds"]?.doubleValue != nil)
        let again = try await cli.run("finalize", "s-1", "failed")
        #expect(again.status == 4)
        #expect(again.stderr.hasPrefix("agent-sessions: finalized: "))
        #expect(again.stdout.isEmpty)
        _ = try await cli.run("create", "--id", "s-2")
        #expect(try await cli.run("finalize", "s-2", "planning").status == 5)
        #expect(try await cli.run("finalize", "s-3", "completed").status == 3)
    }

    @Test func shouldResumeExitsZeroTenOrThree() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "ready", "--phase", "approval", "--resume-ready")
        let yes = try await cli.run("should-resume", "ready", "--json")
        #expect(yes.status == 0)
        #expect(try yes.object() == ["id": "ready", "should_resume": true, "reason": "session_resumable"])
        #expect(try await cli.run("should-resume", "ready").stdout == "resume: session_resumable\n")

        let idle = try await cli.run("should-resume", "ready", "--max-idle-minutes", "0", "--json")
        #expect(idle.status == 10)
        #expect(try idle.object()["reason"] == "idle_too_long")
        let phases = try await cli.run("should-resume", "ready", "--resumable-phases", "planning", "--json")
        #expect(phases.status == 10)
        #expect(try phases.object()["reason"] == "phase_not_resumable")

        _ = try await cli.run("update", "ready", "--error", "e1")
        let errors = try await cli.run("should-resume", "ready", "--max-errors", "1", "--json")
        #expect(errors.status == 10)
        #expect(try errors.object()["reason"] == "too_many_errors")

        _ = try await cli.run("create", "--id", "idle")
        let notReady = try await cli.run("should-resume", "idle")
        #expect(notReady.status == 10)
        #expect(notReady.stdout == "do not resume: not_resume_ready\n")

        let missing = try await cli.run("should-resume", "missing", "--json")
        #expect(missing.status == 3)
        #expect(try missing.object()["reason"] == "not_found")
    }

    @Test func deleteRemovesChildrenAndReportsMissing() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "root")
        _ = try await cli.run("create", "--id", "kid", "--parent", "root")
        let deleted = try await cli.run("delete", "root", "--json")
        #expect(deleted.status == 0)
        #expect(try deleted.object() == ["id": "root", "deleted": 2])
        #expect(try await cli.run("get", "kid").status == 3)
        let missing = try await cli.run("delete", "root")
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("agent-sessions: not_found: session 'root'"))
    }

    @Test func cleanupDeletesOnlyIdleSessions() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "a")
        _ = try await cli.run("create", "--id", "b", "--app", "other")
        let none = try await cli.run("cleanup", "--hours", "1", "--json")
        #expect(none.status == 0)
        #expect(try none.object() == ["deleted": 0])
        #expect(try await cli.run("get", "a").status == 0)
        let own = try await cli.run("cleanup", "--hours", "0")
        #expect(own.stdout == "deleted 1 session\n", "only --app's sessions")
        #expect(try await cli.run("get", "a").status == 3)
        #expect(try await cli.run("get", "b", "--app", "other").status == 0)
        _ = try await cli.run("create", "--id", "c")
        let all = try await cli.run("cleanup", "--hours", "0", "--all-apps")
        #expect(all.stdout == "deleted 2 sessions\n")
        #expect(try await cli.run("get", "b", "--app", "other").status == 3)
    }

    @Test func statsCountsSessions() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "a")
        _ = try await cli.run("create", "--id", "b")
        _ = try await cli.run("create", "--id", "c", "--app", "other")
        _ = try await cli.run("finalize", "b", "failed")
        _ = try await cli.run("items", "append", "a", #"{"n":1}"#)
        let stats = try await cli.run("stats", "--json").object()
        #expect(stats["session_count"] == 2)
        #expect(stats["active_count"] == 1)
        #expect(stats["counts_by_outcome"] == ["failed": 1])
        #expect(stats["counts_by_phase"] == ["initializing": 1, "failed": 1])
        #expect(stats["item_count"] == 1)
        #expect(stats["item_bytes"] == 7)
        #expect(try await cli.run("stats", "--all-apps", "--json").object()["session_count"] == 3)
        #expect(try await cli.run("stats").stdout.contains("2 (1 active)"))
    }

    @Test func appsKeepTheirOwnSessions() async throws {
        let cli = try CLIRunner()
        #expect(try await cli.run("create", "--id", "same", "--app", "one").status == 0)
        #expect(try await cli.run("create", "--id", "same", "--app", "two").status == 0)
        #expect(try await cli.run("get", "same").status == 3)
        #expect(try await cli.run("get", "same", "--app", "two", "--json").object()["app"] == "two")
    }

    @Test func databaseComesFromTheEnvironmentWithoutDB() async throws {
        let cli = try CLIRunner()
        let environment = ["AGENT_SESSIONS_DB": cli.databasePath]
        let created = try await CLIRunner.run(["create", "--id", "env-1"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try await cli.run("get", "env-1").status == 0)
        #expect(try await CLIRunner.run(["get", "env-1"], environment: environment).status == 0)
    }
}
