import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The server does exactly what its OpenAPI document says (issue 12): methods, HEAD, and the
/// values the document refuses.
@Suite struct ContractTests {
    static let key = "key-for-app-alpha-0123456789"

    @Test func anotherMethodOnAKnownPathIs405WithAllow() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            let post = try await api.send(.post, "/v1/sessions/s1", "{}")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "DELETE, GET, HEAD, PATCH, PUT")
            #expect(post.errorCode == "method_not_allowed")
            let trace = try await api.send(.trace, "/healthz")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, HEAD")
            let items = try await api.send(.put, "/v1/sessions/other/items")
            #expect(items.headers[.allow] == "DELETE, GET, HEAD, POST")
            #expect(try await api.send(.put, "/v1/nowhere").status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions/s1/nowhere").status == .notFound)
        }
    }

    @Test func headIsAnsweredWhereverGetIs() async throws {
        try await TestAPI().test(.live) { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            let get = try await api.send(.get, "/v1/sessions/s1")
            let head = try await api.send(.head, "/v1/sessions/s1")
            #expect(head.status == .ok)
            #expect(head.text.isEmpty)
            #expect(head.headers[.contentLength] == get.headers[.contentLength])
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(try await api.send(.head, "/v1/sessions/none").status == .notFound)
            #expect(try await api.send(.head, "/healthz").status == .ok)
        }
    }

    @Test func countsAndVersionsAreDigitsAlone() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"s1"}"#)
            for query in ["limit=+5", "limit=%205", "after=-0", "limit=1e3", "limit=99999999999999999999"] {
                let answer = try await api.send(.get, "/v1/sessions/s1/items?" + query)
                #expect(answer.status == .unprocessableContent, "\(query): \(answer.text)")
            }
            #expect(try await api.send(.get, "/v1/sessions?limit=+1").status == .unprocessableContent)
            for version in ["+1", "--1", "1.0", "\"1", "99999999999999999999", "9223372036854775808"] {
                let answer = try await api.send(.patch, "/v1/sessions/s1", "{}", headers: [.ifMatch: version])
                #expect(answer.status == .unprocessableContent, "If-Match \(version): \(answer.text)")
            }
            // Any 64-bit version can be asked for; one the session does not have is stale.
            for version in ["-1", "0", "9223372036854775807", "-9223372036854775808"] {
                let answer = try await api.send(.patch, "/v1/sessions/s1", "{}", headers: [.ifMatch: version])
                #expect(answer.status == .preconditionFailed, "If-Match \(version): \(answer.text)")
            }
            #expect(try await api.send(.patch, "/v1/sessions/s1", "{}", headers: [.ifMatch: "W/\"1\""]).status == .ok)
        }
    }

    @Test func aCursorIsOnlyTheSpellingTheServerGivesOut() async throws {
        try await TestAPI().test { api in
            for cursor in ["A~s1", "+1~s1", "1y2p0ij32e8e7~s1", "~s1", "1~", "1~.."] {
                let answer = try await api.send(.get, "/v1/sessions?cursor=" + cursor)
                #expect(answer.status == .unprocessableContent, "\(cursor): \(answer.text)")
            }
            #expect(try await api.send(.get, "/v1/sessions?cursor=-1z~s1").status == .ok)
        }
    }

    @Test func anAppNameIsCheckedEvenWhereTheKeyDecides() async throws {
        var keys = APIKeyRing()
        try keys.add(key: Self.key, app: "alpha")
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let key: HTTPFields = [.apiKey: Self.key]
            #expect(try await api.send(.get, "/v1/sessions?app=", headers: key).status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/stats?app=a%20b", headers: key).status == .unprocessableContent)
            let body = try await api.send(.post, "/v1/sessions", #"{"app":".."}"#, headers: key)
            #expect(body.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/sessions?app=beta", headers: key).status == .ok)
        }
        try await TestAPI().test { api in
            let both = try await api.send(.post, "/v1/sessions?app=ok", #"{"app":"not ok"}"#)
            #expect(both.status == .unprocessableContent, "the body's app is checked too: \(both.text)")
        }
    }

    @Test func aChildsNameFollowsTheIdRulesEvenWithAnAgent() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"root"}"#)
            let answer = try await api.send(.post, "/v1/sessions/root/children", #"{"name":"a b","agent":"x"}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.object["error"]?.objectValue?["field"] == "name")
        }
    }

    @Test func anIdInAPathIsPercentDecodedOnce() async throws {
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id":"team:a@b"}"#)
            #expect(try await api.send(.get, "/v1/sessions/team%3Aa%40b").object["id"] == "team:a@b")
            #expect(try await api.send(.get, "/v1/sessions/team%3aa%40b/items").status == .ok)
            for path in ["a%2Fb", "%2E%2E", "a%zz", "a%4", "%FF"] {
                let answer = try await api.send(.get, "/v1/sessions/" + path)
                #expect(answer.status == .unprocessableContent, "\(path): \(answer.text)")
            }
        }
    }

    @Test func valuesTheDocumentAllowsAreNeverRefusedAs422() async throws {
        try await TestAPI().test { api in
            let ownParent = try await api.send(.post, "/v1/sessions", #"{"id":"a","parent_id":"a"}"#)
            #expect(ownParent.status == .notFound, "no parent a: \(ownParent.text)")
            _ = try await api.createSession(#"{"id":"a"}"#)
            #expect(try await api.send(.post, "/v1/sessions", #"{"id":"a","parent_id":"a"}"#).status == .conflict)
            #expect(try await api.send(.post, "/v1/sessions/a/children", #"{"id":"a"}"#).status == .conflict)
            let beyond = try await api.send(.post, "/v1/sessions/a/fork", #"{"through":5}"#)
            #expect(beyond.status == .conflict)
            #expect(beyond.errorCode == "beyond_last_item")
            #expect(
                try await api.send(.post, "/v1/sessions/a/fork", #"{"through":-1}"#).status == .unprocessableContent
            )
            try await api.send(.post, "/v1/sessions/a/items", #"{"content":{"n":1}}"#)
            let whole = try await api.send(.post, "/v1/sessions/a/fork", #"{"through":1.0,"id":"b"}"#)
            #expect(whole.status == .created, "1.0 is the integer 1: \(whole.text)")
            #expect(
                try await api.send(.post, "/v1/sessions/a/fork", #"{"through":0.5}"#).status == .unprocessableContent
            )
            #expect(try await api.send(.post, "/v1/sessions/a/fork", "\n").status == .badRequest, "blanks are not JSON")
            #expect(try await api.send(.post, "/v1/sessions/a/fork", "").status == .created, "no body is no fields")
        }
    }

    @Test func theDocumentFitsTheServer() async throws {
        try await TestAPI().test { api in
            let open = try await api.send(.get, "/openapi.yaml").text
            #expect(open.contains("\nsecurity: []\n"))
            #expect(open.contains("enum: ['assistant', null]"))
            #expect(!open.contains("AGENT_NAMES"))
        }
        var keys = APIKeyRing()
        try keys.add(key: Self.key, app: "alpha")
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let keyed = try await api.send(.get, "/openapi.yaml").text
            #expect(keyed.contains("\nsecurity:\n  - bearer: []\n  - apiKey: []\n"))
        }
    }
}
