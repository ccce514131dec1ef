import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LifecycleControllerTests {
    @Test func errorsFinalizeAndResume() async throws {
        let server = TestAPI()
        try await server.test { api in
            _ = try await api.createSession(#"{"id":"s1","metadata":{"task_id":"T1"}}"#)
            try await api.send(.patch, "/v1/sessions/s1", #"{"phase":"approval","resume_ready":true}"#)
            let resumable = try await api.send(.get, "/v1/sessions/s1/resume")
            #expect(resumable.object["should_resume"] == true)
            #expect(resumable.object["reason"] == "session_resumable")
            #expect(resumable.object["resume_metadata"]?.objectValue?["previous_phase"] == "approval")
            #expect(resumable.object["resume_metadata"]?.objectValue?["session_metadata"] == ["task_id": "T1"])
            server.clock.advance(by: .seconds(31 * 60))
            #expect(try await api.send(.get, "/v1/sessions/s1/resume").object["reason"] == "idle_too_long")
            let error = try await api.send(.post, "/v1/sessions/s1/errors", #"{"message":"timeout"}"#)
            #expect(error.object["error_count"] == 1)
            let finalized = try await api.send(
                .post,
                "/v1/sessions/s1/finalize",
                #"{"outcome":"completed","summary":"ok"}"#
            )
            #expect(finalized.status == .ok)
            #expect(finalized.object["phase"] == "completed")
            let twice = try await api.send(.post, "/v1/sessions/s1/finalize", #"{"outcome":"failed"}"#)
            #expect(twice.status == .conflict)
            #expect(twice.errorCode == "finalized")
            #expect(try await api.send(.get, "/v1/sessions/s1/resume").object["reason"] == "finalized")
            #expect(try await api.send(.get, "/v1/sessions/nope/resume").status == .notFound)
        }
    }

    @Test func anEphemeralChildIsDeletedWhenFinalized() async throws {
        let server = TestAPI()
        try await server.test { api in
            _ = try await api.createSession(#"{"id":"root","user_id":"ana"}"#)
            let child = try await api.send(.post, "/v1/sessions/root/children", #"{"name":"search"}"#)
            #expect(child.status == .created)
            #expect(child.object["kind"] == "ephemeral")
            #expect(child.object["parent_id"] == "root")
            #expect(child.object["user_id"] == "ana")
            let id = try #require(child.object["id"]?.stringValue)
            #expect(server.children.trackedKeys.count == 1)
            let finalized = try await api.send(.post, "/v1/sessions/\(id)/finalize", #"{"outcome":"completed"}"#)
            #expect(finalized.status == .ok)
            #expect(try await api.send(.get, "/v1/sessions/\(id)").status == .notFound)
            #expect(server.children.trackedKeys.isEmpty)
            #expect(try await api.send(.post, "/v1/sessions/nope/children", "{}").status == .notFound)
        }
    }

    @Test func theSweeperDeletesAnIdleEphemeralChild() async throws {
        let server = TestAPI(configuration: ServerConfiguration(sweeper: .init(idleTime: .seconds(600))))
        try await server.test { api in
            _ = try await api.createSession(#"{"id":"root"}"#)
            let idle = try await api.send(.post, "/v1/sessions/root/children", #"{"id":"idle"}"#)
            #expect(idle.status == .created)
            server.clock.advance(by: .seconds(300))
            _ = try await api.send(.post, "/v1/sessions/root/children", #"{"id":"busy"}"#)
            #expect(await server.sweeper.sweep() == 0)
            server.clock.advance(by: .seconds(300))
            #expect(await server.sweeper.sweep() == 1)
            #expect(try await api.send(.get, "/v1/sessions/idle").status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions/busy").status == .ok)
            #expect(try await api.send(.get, "/v1/sessions/root").status == .ok)
        }
    }

    @Test func cleanupAndStatsStayInTheCallersApp() async throws {
        let server = TestAPI()
        try await server.test { api in
            _ = try await api.createSession(#"{"id":"a1"}"#)
            _ = try await api.createSession(#"{"id":"b1","app":"other"}"#)
            server.clock.advance(by: .seconds(2 * 3600))
            let cleaned = try await api.send(.post, "/v1/cleanup?hours=1")
            #expect(cleaned.object["deleted_sessions"] == 1)
            #expect(try await api.send(.get, "/v1/sessions/b1?app=other").status == .ok)
            let stats = try await api.send(.get, "/v1/stats?app=other")
            #expect(stats.object["session_count"] == 1)
            #expect(try await api.send(.post, "/v1/cleanup").status == .unprocessableContent)
            #expect(try await api.send(.get, "/healthz").object["status"] == "ok")
        }
    }
}
