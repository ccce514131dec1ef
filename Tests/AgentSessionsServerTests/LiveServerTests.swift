import AgentSessions
import AgentSessionsSQLite
import AgentSessionsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// End to end: a real server on 127.0.0.1 (port 0) over a real SQLite file.
@Suite struct LiveServerTests {
    @Test func aConversationOverHTTPOnSQLite() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-server-tests-\(SessionID.generate())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteSessionStore(configuration: .init(location: .file("\(directory)/sessions.sqlite")))
        try await TestAPI(configuration: ServerConfiguration(port: 0), store: store).test(.live) { api in
            let created = try await api.createSession(#"{"agent":"support","user_id":"ana"}"#)
            let id = try #require(created["id"]?.stringValue)
            let appended = try await api.send(
                .post,
                "/v1/sessions/\(id)/items",
                #"{"items":[{"content":{"role":"user","content":"hi"}},{"content":{"role":"assistant","content":"hello"}}]}"#
            )
            #expect(appended.object["sequences"] == [1, 2])
            let items = try await api.send(.get, "/v1/sessions/\(id)/items?limit=1")
            #expect(items.object["items"]?.arrayCount == 1)
            let stale = try await api.send(
                .patch,
                "/v1/sessions/\(id)",
                #"{"phase":"planning"}"#,
                headers: [.ifMatch: "\"1\""]
            )
            #expect(stale.status == .preconditionFailed)
            let finalized = try await api.send(.post, "/v1/sessions/\(id)/finalize", #"{"outcome":"completed"}"#)
            #expect(finalized.object["phase"] == "completed")
            #expect(try await api.send(.get, "/v1/stats").object["session_count"] == 1)
        }
    }

    @Test func twoKeysOverARealConnectionSeeTheirOwnApps() async throws {
        var keys = APIKeyRing()
        try keys.add(key: "live-key-alpha-0123456789", app: "alpha")
        try keys.add(key: "live-key-beta-0123456789", app: "beta")
        try await TestAPI(configuration: ServerConfiguration(port: 0, apiKeys: keys)).test(.live) { api in
            let alpha: HTTPFields = [.authorization: "Bearer live-key-alpha-0123456789"]
            let beta: HTTPFields = [.apiKey: "live-key-beta-0123456789"]
            _ = try await api.createSession(#"{"id":"same"}"#, headers: alpha)
            _ = try await api.createSession(#"{"id":"same","metadata":{"owner":"beta"}}"#, headers: beta)
            let seenByAlpha = try await api.send(.get, "/v1/sessions/same", headers: alpha)
            let seenByBeta = try await api.send(.get, "/v1/sessions/same", headers: beta)
            let anonymous = try await api.send(.get, "/v1/sessions/same")
            #expect(seenByAlpha.object["metadata"] == [:])
            #expect(seenByBeta.object["metadata"] == ["owner": "beta"])
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func theRouterOverSQLiteAnswersMissingSessions() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        try await TestAPI(store: store).test { api in
            let read = try await api.send(.get, "/v1/sessions/nope")
            let append = try await api.send(.post, "/v1/sessions/nope/items", #"{"content":{}}"#)
            #expect(read.status == .notFound)
            #expect(append.status == .notFound)
        }
    }
}
