import AgentSessions
import Testing

/// `hook pre-delegate` and `hook subagent-stop`, run as the built executable with JSON on stdin.
struct HookCommandsTests {
    @Test func preDelegateWithoutAgentIDCreatesASession() async throws {
        let cli = try CLIRunner()
        let input =
            #"{"agent_name":"terraform-architect","task_id":"T001","task_description":"plan","metadata":{"ws":"prod"}}"#
        let result = try await cli.run("hook", "pre-delegate", stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        let answer = try result.object()
        #expect(answer["should_resume"] == false)
        #expect(answer["reason"] == "no_agent_id")
        #expect(answer["resume_metadata"] == .null)
        #expect(answer["original_context"] == (try JSONValue(parsing: input)))
        let id = try #require(answer["agent_id"]?.stringValue)
        #expect(id.hasPrefix("terraform-architect-"))

        let session = try await cli.run("get", id, "--json").object()
        #expect(session["agent"] == "terraform-architect")
        #expect(session["metadata"] == ["ws": "prod", "task_id": "T001", "task_description": "plan"])
    }

    @Test func preDelegateResumesAResumableSession() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run(
            "create",
            "--id",
            "agent-123",
            "--agent",
            "terraform-architect",
            "--metadata",
            #"{"plan":"p"}"#
        )
        _ = try await cli.run("update", "agent-123", "--phase", "approval", "--resume-ready")
        let input = #"{"agent_name":"terraform-architect","task_id":"T001","agent_id":"agent-123","metadata":{}}"#
        let result = try await cli.run("hook", "pre-delegate", stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try result.object()
        #expect(answer["should_resume"] == true)
        #expect(answer["reason"] == "session_resumable")
        #expect(answer["agent_id"] == "agent-123")
        let resume = try #require(answer["resume_metadata"]?.objectValue)
        #expect(resume["previous_phase"] == "approval")
        #expect(resume["session_metadata"] == ["plan": "p"])
        #expect(resume["created_at"]?.stringValue != nil)
        #expect(resume["history"]?.arrayValue?.first?.objectValue?["to"] == "approval")
        #expect(answer["original_context"]?.objectValue?["task_id"] == "T001")

        let session = try await cli.run("get", "agent-123", "--json").object()
        #expect(session["resume_count"] == 1)
        #expect(try await cli.run("list", "--json").object()["sessions"]?.arrayValue?.count == 1)
    }

    @Test func preDelegateStartsOverWhenTheSessionCannotResume() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "agent-1", "--agent", "coder", "--phase", "executing", "--resume-ready")
        let result = try await cli.run(
            "hook",
            "pre-delegate",
            stdin: #"{"agent_name":"coder","task_id":"T2","agent_id":"agent-1"}"#
        )
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try result.object()
        #expect(answer["should_resume"] == false)
        #expect(answer["reason"] == "phase_not_resumable")
        #expect(answer["previous_agent_id"] == "agent-1")
        let newID = try #require(answer["agent_id"]?.stringValue)
        #expect(newID != "agent-1")
        #expect(
            try await cli.run("get", newID, "--json").object()["metadata"]?.objectValue?["previous_agent_id"]
                == "agent-1"
        )

        let policy = try await cli.run(
            "hook",
            "pre-delegate",
            "--resumable-phases",
            "executing",
            stdin: #"{"agent_name":"coder","agent_id":"agent-1"}"#
        )
        #expect(try policy.object()["should_resume"] == true)

        let missing = try await cli.run("hook", "pre-delegate", stdin: #"{"agent_name":"coder","agent_id":"gone"}"#)
        #expect(try missing.object()["reason"] == "not_found")
    }

    @Test func subagentStopFinalizesByExitCode() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "ok")
        _ = try await cli.run("create", "--id", "bad")
        let completed = try await cli.run(
            "hook",
            "subagent-stop",
            stdin: #"{"agent_id":"ok","exit_code":0,"summary":"Applied","tokens":12}"#
        )
        #expect(completed.status == 0, "\(completed.stderr)")
        let answer = try completed.object()
        #expect(answer["finalized"] == true)
        #expect(answer["agent_id"] == "ok")
        #expect(answer["outcome"] == "completed")
        #expect(answer["summary"] == "Applied")
        #expect(answer["duration_seconds"]?.doubleValue != nil)
        #expect(try await cli.run("get", "ok", "--json").object()["outcome"] == "completed")

        let failed = try await cli.run("hook", "subagent-stop", stdin: #"{"agent_id":"bad","exit_code":2}"#).object()
        #expect(failed["outcome"] == "failed")
        let session = try await cli.run("get", "bad", "--json").object()
        #expect(session["phase"] == "failed")
        #expect(session["error_count"] == 1)
        #expect(session["last_error"] == "subagent exited with code 2")
    }

    @Test func subagentStopWithNothingToFinalizeIsGraceful() async throws {
        let cli = try CLIRunner()
        for input in [#"{"exit_code":0}"#, #"{"agent_id":null}"#, #"{"agent_id":""}"#] {
            let result = try await cli.run("hook", "subagent-stop", stdin: input)
            #expect(result.status == 0)
            let answer = try result.object()
            #expect(answer["finalized"] == false)
            #expect(answer["reason"] == "no_agent_id")
        }
        let missing = try await cli.run("hook", "subagent-stop", stdin: #"{"agent_id":"ghost"}"#).object()
        #expect(missing["finalized"] == false)
        #expect(missing["reason"] == "not_found")

        _ = try await cli.run("create", "--id", "done")
        _ = try await cli.run("finalize", "done", "completed")
        let twice = try await cli.run("hook", "subagent-stop", stdin: #"{"agent_id":"done","exit_code":1}"#)
        #expect(twice.status == 0)
        #expect(try twice.object()["reason"] == "already_finalized")
        #expect(try await cli.run("get", "done", "--json").object()["outcome"] == "completed")
    }

    @Test(arguments: [
        ("pre-delegate", ""),
        ("pre-delegate", "not json"),
        ("pre-delegate", "[1,2]"),
        ("pre-delegate", #"{"task_id":"T1"}"#),
        ("pre-delegate", #"{"agent_name":"a","metadata":"x"}"#),
        ("pre-delegate", #"{"agent_name":"a","agent_id":"bad id"}"#),
        ("pre-delegate", #"{"agent_name":"a"} trailing"#),
        ("subagent-stop", "{"),
        ("subagent-stop", #"{"agent_id":"x","exit_code":"zero"}"#),
        ("subagent-stop", #"{"agent_id":42}"#),
    ])
    func malformedInputGivesAJSONError(hook: String, input: String) async throws {
        let cli = try CLIRunner()
        let result = try await cli.run("hook", hook, stdin: input)
        #expect(result.status == 5)
        let error = try #require(try result.object()["error"]?.objectValue)
        #expect(error["code"] == "invalid_argument")
        #expect(error["message"]?.stringValue?.isEmpty == false)
        #expect(result.stderr.isEmpty)
        #expect(try await cli.run("list", "--json").object()["sessions"] == [])
    }
}
