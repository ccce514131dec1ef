import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct CompactionsControllerTests {
    static let key = "key-for-app-alpha-0123456789"
    static let otherKey = "key-for-app-beta-0123456789"

    /// Four messages, then a tool call (5) and its result (6).
    static let items =
        #"{"items":[{"content":{"role":"system","content":"Be terse."}},{"content":{"role":"user","content":"hi"}},"#
        + #"{"content":{"role":"assistant","content":"hello"}},{"content":{"role":"user","content":"look it up"}},"#
        + #"{"content":{"type":"function_call","call_id":"c1","name":"lookup","arguments":"{}"}},"#
        + #"{"content":{"type":"function_call_output","call_id":"c1","output":"found"}}]}"#

    /// A session `s1` with ``items``.
    private func prepare(_ api: APIClient, headers: HTTPFields = [:]) async throws {
        _ = try await api.createSession(#"{"id":"s1"}"#, headers: headers)
        let appended = try await api.send(.post, "/v1/sessions/s1/items", Self.items, headers: headers)
        #expect(appended.status == .created, "\(appended.text)")
    }

    private func field(_ response: APIResponse) -> String? {
        response.object["error"]?.objectValue?["field"]?.stringValue
    }

    @Test func compactListAndView() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            let summary = #"{"role": "system",  "content": "Summary: greetings"}"#
            let made = try await api.send(
                .post,
                "/v1/sessions/s1/compactions",
                #"{"summary": "# + summary + #", "last_seq": 3, "first_seq": 2}"#
            )
            #expect(made.status == .created, "\(made.text)")
            #expect(made.text.contains(#""summary":"# + summary + ","), "the summary byte for byte")
            #expect(made.object["number"] == 1 && made.object["first_seq"] == 2 && made.object["last_seq"] == 3)
            #expect(made.object["author"] == ["kind": "caller"])
            #expect(made.object["tokens_after"] == .int(TokenEstimate.tokens(bytes: summary.utf8.count)))

            let rolling = try await api.send(
                .post,
                "/v1/sessions/s1/compactions",
                #"{"summary": {"role": "system", "content": "S2"}, "last_seq": 4, "summary_tokens": 7, "#
                    + #""author": {"kind": "summarizer", "agent": "support", "model": "offline"}}"#
            )
            #expect(rolling.status == .created, "\(rolling.text)")
            #expect(rolling.object["number"] == 2 && rolling.object["first_seq"] == 2, "starts where the latest does")
            #expect(rolling.object["tokens_after"] == 7)
            #expect(rolling.object["author"] == ["kind": "summarizer", "agent": "support", "model": "offline"])

            let list = try await api.send(.get, "/v1/sessions/s1/compactions")
            #expect(list.status == .ok)
            #expect(list.object["compactions"]?.arrayCount == 2)
            #expect(list.text.contains(summary), "listed byte for byte too")

            let view = try await api.send(.get, "/v1/sessions/s1/context")
            #expect(view.status == .ok, "\(view.text)")
            let entries = view.object["items"]?.arrayValue ?? []
            #expect(entries.map { $0.objectValue?["type"] } == ["item", "summary", "item", "item"])
            #expect(entries.first?.objectValue?["pinned"] == true, "the opening system message is pinned")
            #expect(view.object["fits"] == true && view.object["max_tokens"] == .null)

            let pinned = try await api.send(.get, "/v1/sessions/s1/context?pin=3&pin=2&max_tokens=0")
            #expect(pinned.status == .ok, "\(pinned.text)")
            let kept = pinned.object["items"]?.arrayValue?.compactMap { $0.objectValue?["seq"] }
            #expect(kept == [1, 2, 3], "pinned items stay whatever the budget")
            #expect(pinned.object["fits"] == false)

            let counted = try await api.send(
                .post,
                "/v1/sessions/s1/compactions",
                #"{"summary": {"n": 1}, "first_seq": 1, "last_seq": 6, "tokens_before": 50, "summary_tokens": 3}"#
            )
            #expect(counted.status == .created, "\(counted.text)")
            #expect(counted.object["tokens_before"] == 50 && counted.object["tokens_after"] == 3)
            let items = try await api.send(.get, "/v1/sessions/s1/items")
            #expect(items.object["items"]?.arrayCount == 6, "no item changes")
        }
    }

    @Test func refusedRangesAre409() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            let path = "/v1/sessions/s1/compactions"
            let first = try await api.send(.post, path, #"{"summary": {}, "last_seq": 3}"#)
            #expect(first.status == .created)
            for (body, code) in [
                (#"{"summary": {}, "last_seq": 3}"#, "version_conflict"),
                (#"{"summary": {}, "last_seq": 2, "first_seq": 1}"#, "version_conflict"),
                (#"{"summary": {}, "last_seq": 7}"#, "range_not_compactable"),
                (#"{"summary": {}, "last_seq": 9007199254740991}"#, "range_not_compactable"),
                (#"{"summary": {}, "last_seq": 5}"#, "range_not_compactable"),
                (#"{"summary": {}, "last_seq": 6, "first_seq": 6}"#, "range_not_compactable"),
                (#"{"summary": {}, "last_seq": 4, "first_seq": 5}"#, "range_not_compactable"),
                (#"{"summary": {}, "last_seq": 9, "first_seq": 1, "tokens_before": 1}"#, "range_not_compactable"),
            ] {
                let answer = try await api.send(.post, path, body)
                #expect(answer.status == .conflict, "\(body): \(answer.text)")
                #expect(answer.errorCode == code, "\(body): \(answer.text)")
            }
            let split = try await api.send(.post, path, #"{"summary": {}, "last_seq": 5}"#)
            #expect(split.text.contains("c1") && field(split) == "last_seq", "names the call: \(split.text)")
            let missing = try await api.send(.post, "/v1/sessions/nope/compactions", #"{"summary": {}, "last_seq": 1}"#)
            #expect(missing.status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions/nope/compactions").status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions/nope/context").status == .notFound)
            let listed = try await api.send(.get, "/v1/sessions/s1/compactions")
            #expect(listed.object["compactions"]?.arrayCount == 1, "refused compactions store nothing")
        }
    }

    @Test func malformedBodiesAre422NamingTheField() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            for (body, expected) in [
                ("{}", "summary"),
                ("", "summary"),
                (#"{"summary": {}}"#, "last_seq"),
                (#"{"summary": null, "last_seq": 1}"#, "summary"),
                (#"{"summary": [1], "last_seq": 1}"#, "summary"),
                (#"{"summary": {}, "last_seq": "1"}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": 1.5}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": 1, "extra": 1}"#, "extra"),
                (#"{"summary": {}, "last_seq": 1, "first_seq": 0}"#, "first_seq"),
                (#"{"summary": {}, "last_seq": 1, "first_seq": true}"#, "first_seq"),
                (#"{"summary": {}, "last_seq": 1, "author": "me"}"#, "author"),
                (#"{"summary": {}, "last_seq": 1, "author": {"kind": "robot"}}"#, "author"),
                (#"{"summary": {}, "last_seq": 1, "author": {"kind": "caller", "agent": null}}"#, "author"),
                (
                    #"{"summary": {}, "last_seq": 1, "author": {"kind": "summarizer", "agent": "", "model": "m"}}"#,
                    "author.agent"
                ),
                (
                    #"{"summary": {}, "last_seq": 1, "author": {"kind": "summarizer", "agent": "a", "model": ""}}"#,
                    "author.model"
                ),
                (#"{"summary": {}, "last_seq": 1, "summary_tokens": -1}"#, "summary_tokens"),
                (#"{"summary": {}, "last_seq": 1, "summary_tokens": 9223372036854775807}"#, "summary_tokens"),
                (#"{"summary": {}, "last_seq": 1, "tokens_before": 1}"#, "first_seq"),
                (#"{"summary": {}, "last_seq": 1, "first_seq": 1, "tokens_before": -1}"#, "tokens_before"),
                (#"{"summary": {}, "last_seq": 1, "first_seq": 1, "tokens_before": "1"}"#, "tokens_before"),
                (
                    #"{"summary": {}, "last_seq": 1, "first_seq": 1, "tokens_before": 9223372036854775807}"#,
                    "tokens_before"
                ),
                (
                    #"{"summary": {}, "last_seq": 1, "first_seq": 1, "tokens_before": -9223372036854775808}"#,
                    "tokens_before"
                ),
                (#"{"summary": {}, "last_seq": 1, "summary_tokens": -9223372036854775808}"#, "summary_tokens"),
                // The extremes of 64 bits, and the first number past the largest sequence number.
                (#"{"summary": {}, "last_seq": 9223372036854775807}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": -9223372036854775808}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": 9007199254740992}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": 0}"#, "last_seq"),
                (#"{"summary": {}, "last_seq": 1, "first_seq": -9223372036854775808}"#, "first_seq"),
                (#"{"summary": {}, "last_seq": 9223372036854775807, "first_seq": 9223372036854775807}"#, "last_seq"),
            ] {
                let answer = try await api.send(.post, "/v1/sessions/s1/compactions", body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.text)")
                #expect(field(answer) == expected, "\(body): \(answer.text)")
            }
            let beyond = try await api.send(.post, "/v1/sessions/s1/compactions", #"{"summary":{},"last_seq":1e400}"#)
            #expect([400, 422].contains(beyond.status.code), "\(beyond.text)")
            let listed = try await api.send(.get, "/v1/sessions/s1/compactions")
            #expect(listed.object["compactions"] == [], "nothing was stored")
        }
    }

    @Test func contextParametersAre422NamingTheParameter() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            for query in [
                "max_tokens=9223372036854775807", "max_tokens=0", "pin=9223372036854775807", "pin=1&pin=1",
                "max_tokens=9223372036854775807&pin=9223372036854775807&pin=6",
            ] {
                let answer = try await api.send(.get, "/v1/sessions/s1/context?" + query)
                #expect(answer.status == .ok, "\(query): \(answer.text)")
            }
            for (query, expected) in [
                ("max_tokens=9223372036854775808", "max_tokens"), ("max_tokens=-1", "max_tokens"),
                ("max_tokens=-9223372036854775808", "max_tokens"), ("max_tokens=1e3", "max_tokens"),
                ("max_tokens=", "max_tokens"), ("max_tokens=%2B5", "max_tokens"),
                ("max_tokens=99999999999999999999999", "max_tokens"), ("pin=0", "pin"), ("pin=-1", "pin"),
                ("pin=-9223372036854775808", "pin"), ("pin=9223372036854775808", "pin"), ("pin=1&pin=x", "pin"),
                ("limit=5", "limit"), ("app=a%20b", "app"),
            ] {
                let answer = try await api.send(.get, "/v1/sessions/s1/context?" + query)
                #expect(answer.status == .unprocessableContent, "\(query): \(answer.text)")
                #expect(field(answer) == expected, "\(query): \(answer.text)")
            }
            let unknown = try await api.send(.get, "/v1/sessions/s1/compactions?limit=1")
            #expect(unknown.status == .unprocessableContent && field(unknown) == "limit")
        }
    }

    @Test func tokensParametersAre422AndItemCountsAreChecked() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            let extreme = try await api.send(.get, "/v1/sessions/s1/tokens?context_window=9223372036854775807")
            #expect(extreme.status == .ok, "\(extreme.text)")
            #expect(extreme.object["context_window"] == .int(Int64.max) && extreme.object["context_share"] != nil)
            let plain = try await api.send(.get, "/v1/sessions/s1/tokens")
            #expect(plain.object["context_window"] == nil && plain.object["counted_items"] == 0)
            for (query, expected) in [
                ("context_window=0", "context_window"), ("context_window=-1", "context_window"),
                ("context_window=9223372036854775808", "context_window"), ("context_window=x", "context_window"),
                ("max_tokens=5", "max_tokens"),
            ] {
                let answer = try await api.send(.get, "/v1/sessions/s1/tokens?" + query)
                #expect(answer.status == .unprocessableContent, "\(query): \(answer.text)")
                #expect(field(answer) == expected, "\(query): \(answer.text)")
            }
            #expect(try await api.send(.get, "/v1/sessions/nobody/tokens").status == .notFound)
            for body in [
                #"{"content":{"n":1},"tokens":-1}"#, #"{"content":{"n":1},"tokens":2147483648}"#,
                #"{"content":{"n":1},"tokens":9223372036854775807}"#, #"{"content":{"n":1},"tokens":"5"}"#,
                #"{"content":{"n":1},"tokens":1.5}"#,
                #"{"items":[{"content":{"n":1}},{"content":{"n":2},"tokens":-9}]}"#,
            ] {
                let answer = try await api.send(.post, "/v1/sessions/s1/items", body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.text)")
                #expect(field(answer) == "tokens", "\(body): \(answer.text)")
            }
            let counted = try await api.send(.get, "/v1/sessions/s1/tokens")
            #expect(counted.object == plain.object, "a refused count stores nothing")
            let stored = try await api.send(.post, "/v1/sessions/s1/items", #"{"content":{"n":1},"tokens":2147483647}"#)
            #expect(stored.status == .created)
            let last = try await api.send(.get, "/v1/sessions/s1/items?limit=1")
            #expect(last.object["items"]?.arrayValue?.first?.objectValue?["tokens"] == 2_147_483_647)
        }
    }

    @Test func appsAreIsolated() async throws {
        var keys = APIKeyRing()
        try keys.add(key: Self.key, app: "alpha")
        try keys.add(key: Self.otherKey, app: "beta")
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let alpha: HTTPFields = [.apiKey: Self.key]
            let beta: HTTPFields = [.apiKey: Self.otherKey]
            try await prepare(api, headers: alpha)
            let body = #"{"summary": {}, "last_seq": 2}"#
            #expect(try await api.send(.post, "/v1/sessions/s1/compactions", body).status == .unauthorized)
            #expect(try await api.send(.get, "/v1/sessions/s1/context").status == .unauthorized)
            #expect(try await api.send(.post, "/v1/sessions/s1/compactions", body, headers: alpha).status == .created)
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/sessions/s1/compactions"), (.get, "/v1/sessions/s1/context"),
                (.get, "/v1/sessions/s1/context?app=alpha"),
            ] {
                #expect(try await api.send(method, path, headers: beta).status == .notFound, "\(path)")
            }
            #expect(try await api.send(.post, "/v1/sessions/s1/compactions", body, headers: beta).status == .notFound)
            let restore = try await api.send(
                .post,
                "/v1/import/sessions/s1/compactions",
                #"{"compactions": []}"#,
                headers: beta
            )
            #expect(restore.status == .notFound)
            let own = try await api.send(.get, "/v1/sessions/s1/compactions", headers: alpha)
            #expect(own.object["compactions"]?.arrayCount == 1)
        }
        try await TestAPI().test { api in
            _ = try await api.createSession(#"{"id": "s1", "app": "gamma"}"#)
            try await api.send(.post, "/v1/sessions/s1/items?app=gamma", #"{"content": {"n": 1}}"#)
            let body = #"{"summary": {}, "last_seq": 1}"#
            #expect(try await api.send(.post, "/v1/sessions/s1/compactions", body).status == .notFound)
            #expect(try await api.send(.post, "/v1/sessions/s1/compactions?app=gamma", body).status == .created)
            #expect(try await api.send(.get, "/v1/sessions/s1/context").status == .notFound)
            let view = try await api.send(.get, "/v1/sessions/s1/context?app=gamma")
            #expect(view.object["items"]?.arrayValue?.first?.objectValue?["type"] == "summary")
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstAnswer() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            let key: HTTPFields = [.idempotencyKey: "compact-1"]
            let body = #"{"summary": {"z": 1.50,  "a": 1}, "last_seq": 2}"#
            let first = try await api.send(.post, "/v1/sessions/s1/compactions", body, headers: key)
            #expect(first.status == .created)
            let again = try await api.send(.post, "/v1/sessions/s1/compactions", body, headers: key)
            #expect(again.status == .created && again.text == first.text, "the same answer: \(again.text)")
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.text.contains(#"{"z": 1.50,  "a": 1}"#), "the summary byte for byte")
            let other = try await api.send(
                .post,
                "/v1/sessions/s1/compactions",
                #"{"summary": {}, "last_seq": 3}"#,
                headers: key
            )
            #expect(other.status == .unprocessableContent && other.errorCode == "idempotency_key_reused")
            let unkeyed = try await api.send(.post, "/v1/sessions/s1/compactions", body)
            #expect(unkeyed.status == .conflict, "without the key the request runs again: \(unkeyed.text)")
            let listed = try await api.send(.get, "/v1/sessions/s1/compactions")
            #expect(listed.object["compactions"]?.arrayCount == 1)
        }
    }

    @Test func importKeepsCompactionsAsGiven() async throws {
        try await TestAPI().test { api in
            try await prepare(api)
            try await api.send(.post, "/v1/sessions/s1/compactions", #"{"summary": {"n": 1}, "last_seq": 2}"#)
            try await api.send(.post, "/v1/sessions/s1/compactions", #"{"summary": {"n": 2}, "last_seq": 4}"#)
            let exported = try await api.send(.get, "/v1/sessions/s1/compactions").text
            _ = try await api.createSession(#"{"id": "s2"}"#)
            try await api.send(.post, "/v1/sessions/s2/items", Self.items)
            let path = "/v1/import/sessions/s2/compactions"
            let restored = try await api.send(.post, path, exported)
            #expect(restored.status == .ok && restored.object["restored"] == 2, "\(restored.text)")
            #expect(try await api.send(.get, "/v1/sessions/s2/compactions").text == exported, "exactly as given")
            #expect(try await api.send(.post, path, exported).object["restored"] == 0, "nothing twice")
            for (body, expected) in [
                ("{}", "compactions"), (#"{"compactions": {}}"#, "compactions"),
                (#"{"compactions": [], "more": 1}"#, "more"), (#"{"compactions": [{"number": 1}]}"#, "compactions[0]"),
            ] {
                let answer = try await api.send(.post, path, body)
                #expect(answer.status == .unprocessableContent, "\(body): \(answer.text)")
                #expect(field(answer) == expected, "\(body): \(answer.text)")
            }
            let notFound = try await api.send(.post, "/v1/import/sessions/nope/compactions", exported)
            #expect(notFound.status == .notFound)
        }
    }

    @Test func routesHaveTheirMethodsAndCountIsAnID() async throws {
        try await TestAPI().test { api in
            let compactions = try await api.send(.put, "/v1/sessions/s1/compactions")
            #expect(compactions.status == .methodNotAllowed && compactions.headers[.allow] == "GET, HEAD, POST")
            let context = try await api.send(.post, "/v1/sessions/s1/context", "{}")
            #expect(context.status == .methodNotAllowed && context.headers[.allow] == "GET, HEAD")
            let restore = try await api.send(.get, "/v1/import/sessions/s1/compactions")
            #expect(restore.status == .methodNotAllowed && restore.headers[.allow] == "POST")

            _ = try await api.createSession(#"{"id": "count"}"#)
            try await api.send(.post, "/v1/sessions/count/items", #"{"content": {"n": 1}}"#)
            let made = try await api.send(.post, "/v1/sessions/count/compactions", #"{"summary": {}, "last_seq": 1}"#)
            #expect(made.status == .created, "\(made.text)")
            #expect(try await api.send(.get, "/v1/sessions/%63ount/compactions").object["compactions"]?.arrayCount == 1)
            #expect(try await api.send(.get, "/v1/sessions/count/context").status == .ok)
        }
    }
}
