import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SessionsControllerTests {
    @Test func createGeneratesAnIDAndGetReturnsTheSessionWithItsETag() async throws {
        try await TestAPI().test { api in
            let response = try await api.send(.post, "/v1/sessions", #"{"agent":"planner","metadata":{"n":1}}"#)
            #expect(response.status == .created)
            let id = try #require(response.object["id"]?.stringValue)
            #expect(id.hasPrefix("planner-"))
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(response.headers[.location] == "/v1/sessions/\(id)")
            let read = try await api.send(.get, "/v1/sessions/\(id)")
            #expect(read.status == .ok)
            #expect(read.object["metadata"] == ["n": 1])
            #expect(read.object["app"] == "default")
        }
    }

    @Test func patchMergesAndIfMatchRefusesAStaleVersion() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"s1","metadata":{"a":1,"b":2}}"#)
            let patched = try await api.send(
                .patch,
                "/v1/sessions/s1",
                #"{"phase":"approval","metadata":{"a":null,"c":true},"resume_ready":true}"#,
                headers: [.ifMatch: "\"1\""]
            )
            #expect(patched.status == .ok)
            #expect(patched.object["metadata"] == ["b": 2, "c": true])
            #expect(patched.object["phase"] == "approval")
            #expect(patched.headers[.eTag] == "\"2\"")
            let stale = try await api.send(
                .patch,
                "/v1/sessions/s1",
                #"{"phase":"planning"}"#,
                headers: [.ifMatch: "1"]
            )
            #expect(stale.status == .preconditionFailed)
            #expect(stale.errorCode == "version_conflict")
        }
    }

    @Test func errorStatuses() async throws {
        try await TestAPI(configuration: ServerConfiguration(bodyLimit: 64)).test { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            let malformed = try await api.send(.post, "/v1/sessions", #"{"id": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "malformed_json")
            let missing = try await api.send(.get, "/v1/sessions/nope")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            let taken = try await api.send(.post, "/v1/sessions", #"{"id":"s1"}"#)
            #expect(taken.status == .conflict)
            #expect(taken.object["error"]?.objectValue?["field"] == "id")
            let tooLarge = try await api.send(
                .post,
                "/v1/sessions",
                "{\"metadata\":{\"x\":\"\(String(repeating: "a", count: 100))\"}}"
            )
            #expect(tooLarge.status == .contentTooLarge)
            let badID = try await api.send(.get, "/v1/sessions/..")
            #expect(badID.status == .unprocessableContent || badID.status == .notFound)
            let badPhase = try await api.send(.patch, "/v1/sessions/s1", #"{"phase":"dreaming"}"#)
            #expect(badPhase.status == .unprocessableContent)
            #expect(badPhase.errorCode == "invalid_argument")
            for impossible in ["2026-02-30T00:00:00Z", "2026-01-08T18:05:30+99:99"] {
                let badTime = try await api.send(.post, "/v1/sessions", #"{"id":"t","expires_at":"\#(impossible)"}"#)
                #expect(badTime.status == .unprocessableContent, "\(impossible)")
                #expect(badTime.object["error"]?.objectValue?["field"] == "expires_at")
                #expect(badTime.text.contains(impossible))
            }
            #expect(try await api.send(.get, "/v1/sessions/t").status == .notFound, "a refused create stores nothing")
            let unknownField = try await api.send(.post, "/v1/sessions", #"{"agnet":"x"}"#)
            #expect(unknownField.status == .unprocessableContent)
            let noRoute = try await api.send(.get, "/v2/nothing")
            #expect(noRoute.status == .notFound)
            #expect(noRoute.errorCode == "not_found")
            for response in [malformed, missing, taken, tooLarge, badPhase, noRoute] {
                #expect(!response.text.contains("/work"))
                #expect(!response.text.contains(".swift"))
            }
        }
    }

    @Test func putGetsOrCreatesOnceEvenWhenCallsRace() async throws {
        try await TestAPI().test { api in
            let created = try await api.send(.put, "/v1/sessions/chat-7", #"{"user_id":"ana","state":{"n":1}}"#)
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/v1/sessions/chat-7")
            #expect(created.object["user_id"] == "ana")
            let again = try await api.send(.put, "/v1/sessions/chat-7", #"{"user_id":"bo","state":{"n":2}}"#)
            #expect(again.status == .ok, "an existing session is answered as it is")
            #expect(again.object["user_id"] == "ana")
            #expect(again.object["state"]?.objectValue?["n"] == 1)
            #expect(again.object["version"] == created.object["version"])
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await api.send(.put, "/v1/sessions/raced", "{}").status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .ok }.count == 19)
            let withID = try await api.send(.put, "/v1/sessions/other", #"{"id":"other"}"#)
            #expect(withID.status == .unprocessableContent, "the id comes from the path")
            #expect(try await api.send(.get, "/v1/sessions/other").status == .notFound)
            let badID = try await api.send(.put, "/v1/sessions/..", "{}")
            #expect(badID.status == .unprocessableContent)
        }
    }

    @Test func listFiltersAndPages() async throws {
        try await TestAPI().test { api in
            for index in 1...3 {
                _ = try await api.createSession(#"{"id":"s\#(index)","user_id":"ana"}"#)
            }
            _ = try await api.createSession(#"{"id":"other","user_id":"bo"}"#)
            try await api.send(.post, "/v1/sessions/s1/finalize", #"{"outcome":"completed"}"#)
            let page = try await api.send(.get, "/v1/sessions?user=ana&active=true&limit=1")
            #expect(page.status == .ok)
            #expect(page.object["sessions"]?.arrayCount == 1)
            let cursor = try #require(page.object["next_cursor"]?.stringValue)
            let next = try await api.send(.get, "/v1/sessions?user=ana&active=true&limit=1&cursor=\(cursor)")
            #expect(next.object["sessions"]?.arrayCount == 1)
            let finalized = try await api.send(.get, "/v1/sessions?active=false")
            #expect(finalized.object["sessions"]?.arrayCount == 1)
            let bad = try await api.send(.get, "/v1/sessions?active=maybe")
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test func deleteRemovesTheSessionAndItsChildren() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"root"}"#)
            _ = try await api.createSession(#"{"id":"kid","parent_id":"root"}"#)
            let deleted = try await api.send(.delete, "/v1/sessions/root")
            #expect(deleted.object["deleted_sessions"] == 2)
            #expect(try await api.send(.get, "/v1/sessions/kid").status == .notFound)
            #expect(try await api.send(.delete, "/v1/sessions/root").status == .notFound)
        }
    }
}

extension JSONValue {
    /// The number of elements of an array value.
    var arrayCount: Int? {
        if case .array(let values) = self { return values.count }
        return nil
    }
}
