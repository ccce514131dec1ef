import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsSQLite
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct IdempotencyTests {
    @Test func aRetryReplaysTheFirstAnswerAndAnotherBodyIs422() async throws {
        let server = TestAPI()
        try await server.test { api in
            let headers: HTTPFields = [.idempotencyKey: "create-1"]
            let first = try await api.send(.post, "/v1/sessions", #"{"agent":"a"}"#, headers: headers)
            let again = try await api.send(.post, "/v1/sessions", #"{"agent":"a"}"#, headers: headers)
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.text == first.text)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await server.store.statistics(app: nil).sessionCount == 1)
            let other = try await api.send(.post, "/v1/sessions", #"{"agent":"b"}"#, headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(other.errorCode == "idempotency_key_reused")
            let id = try #require(first.object["id"]?.stringValue)
            let append = #"{"content":{"n":1}}"#
            let items: HTTPFields = [.idempotencyKey: "append-1"]
            #expect(
                try await api.send(.post, "/v1/sessions/\(id)/items", append, headers: items).object["sequences"] == [1]
            )
            #expect(
                try await api.send(.post, "/v1/sessions/\(id)/items", append, headers: items).object["sequences"] == [1]
            )
            #expect(try await api.send(.get, "/v1/sessions/\(id)/items").object["items"]?.arrayCount == 1)
        }
    }

    @Test func forksAndChildrenAreCreatedOnce() async throws {
        let server = TestAPI()
        try await server.test { api in
            _ = try await api.createSession(#"{"id":"root"}"#)
            let forkKey: HTTPFields = [.idempotencyKey: "fork-1"]
            let fork = try await api.send(.post, "/v1/sessions/root/fork", "{}", headers: forkKey)
            let forkAgain = try await api.send(.post, "/v1/sessions/root/fork", "{}", headers: forkKey)
            #expect(fork.status == .created)
            #expect(forkAgain.object["id"] == fork.object["id"])
            let childKey: HTTPFields = [.idempotencyKey: "child-1"]
            let child = try await api.send(
                .post,
                "/v1/sessions/root/children",
                #"{"name":"search"}"#,
                headers: childKey
            )
            let childAgain = try await api.send(
                .post,
                "/v1/sessions/root/children",
                #"{"name":"search"}"#,
                headers: childKey
            )
            #expect(child.status == .created)
            #expect(childAgain.object["id"] == child.object["id"])
            #expect(try await server.store.statistics(app: nil).sessionCount == 3)
        }
    }

    @Test func theSameKeyInAnotherAppIsAnotherRequest() async throws {
        let server = TestAPI()
        try await server.test { api in
            let headers: HTTPFields = [.idempotencyKey: "k"]
            let one = try await api.send(.post, "/v1/sessions?app=one", "{}", headers: headers)
            let two = try await api.send(.post, "/v1/sessions?app=two", "{}", headers: headers)
            #expect(one.status == .created)
            #expect(two.status == .created)
            #expect(two.object["app"] == "two")
        }
    }

    @Test("an answer is recorded in the store's file even when the request's task is cancelled after the work")
    func anAnswerIsRecordedWhenTheClientGoesAway() async throws {
        try await TemporaryDirectory.with { directory in
            let sqlite = try SQLiteSessionStore(configuration: .init(location: .file(directory + "/s.sqlite")))
            let server = TestAPI(
                store: ObservedSessionStore(sqlite, observers: [CancelsAfterCreate()]),
                idempotency: sqlite.makeIdempotencyStore(policy: IdempotencyPolicy())
            )
            try await server.test { api in
                let headers: HTTPFields = [.idempotencyKey: "create-1"]
                // The client goes away once the session is created: its task is cancelled.
                let first = try await Task {
                    try await api.send(.post, "/v1/sessions", #"{"id":"s-1"}"#, headers: headers)
                }.value
                #expect(first.status == .created, "the work was done, so its answer is sent: \(first.text)")
                #expect(first.object["id"] == "s-1")
                let retry = try await api.send(.post, "/v1/sessions", #"{"id":"s-1"}"#, headers: headers)
                #expect(retry.status == .created, "the first answer, not 409: \(retry.text)")
                #expect(retry.text == first.text)
                #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            }
        }
    }
}

/// Cancels the calling task after each session it sees created, as a client that goes away.
private struct CancelsAfterCreate: SessionStoreObserver {
    func storeDidFinish(_ call: StoreCall) {
        guard call.operation == .create, !call.failed else { return }
        withUnsafeCurrentTask { $0?.cancel() }
    }
}
