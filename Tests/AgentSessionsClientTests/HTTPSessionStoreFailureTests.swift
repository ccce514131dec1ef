import AgentSessions
import AgentSessionsClient
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTestSupport
import Testing

/// What `HTTPSessionStore` does when the server is down, refuses the key, answers garbage, or
/// loses an answer: a clear error, never a crash or a hang, and creates stored once.
@Suite struct HTTPSessionStoreFailureTests {
    /// A store on `url`, with few retries and, unless a test says otherwise, ``patientTimeout``.
    func store(
        _ url: String,
        apiKey: String? = nil,
        timeout: Duration = patientTimeout,
        retries: Int = 2
    ) throws -> HTTPSessionStore {
        try HTTPSessionStore(configuration: .init(baseURL: url, apiKey: apiKey, timeout: timeout, retries: retries))
    }

    /// Runs `body`, which must throw a ``SessionStoreError`` with `code`, and returns it.
    @discardableResult
    func expectFailure(
        _ code: SessionStoreError.Code,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async -> SessionStoreError? {
        do {
            try await body()
            Issue.record("expected \(code), got no error", sourceLocation: sourceLocation)
        } catch let error as SessionStoreError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected SessionStoreError \(code), got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func aServerThatIsDownIsUnavailableWithTheCause() async throws {
        try await RefusingPort.with { port in
            let started = ContinuousClock.now
            let error = await expectFailure(.unavailable) {
                _ = try await store("http://127.0.0.1:\(port)", timeout: .seconds(2)).create(NewSession())
            }
            // The timeout bounds the whole call, its attempts included (not how fast it fails).
            #expect(ContinuousClock.now - started < .seconds(60), "the call ended long after its timeout of 2 s")
            #expect(error?.message.contains("could not reach the server at http://127.0.0.1:\(port)") == true)
            #expect(error?.cause != nil)
        }
    }

    @Test func aWrongKeyIsRefusedAndTheRightOneWorks() async throws {
        let key = "ops-0123456789abcdef0123456789"
        let keys = try APIKeyRing(parsing: "ops=\(key)", source: "test")
        try await LoopbackServer.with { servers in
            let url = try await servers.start(
                over: InMemorySessionStore(),
                configuration: ServerConfiguration(apiKeys: keys)
            )
            for wrong in [nil, "ops-wrong-wrong-wrong-wrong-wrong"] {
                let error = await expectFailure(.unavailable) {
                    _ = try await store(url, apiKey: wrong).create(NewSession())
                }
                #expect(error?.message.contains("check the API key") == true, "\(String(describing: error))")
            }
            let session = try await store(url, apiKey: key).create(NewSession(id: "s1"))
            #expect(session.app == "ops", "the key's app")
        }
    }

    @Test func garbageAnswersAreClearErrors() async throws {
        let answers = [
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
            "this is not HTTP at all\r\n\r\n",
        ]
        for answer in answers {
            try await ScriptedServer.with({ connection, _ in
                _ = try await connection.readMessage(isRequest: true)
                try await connection.write(Array(answer.utf8))
            }) { port in
                let store = try store("http://127.0.0.1:\(port)", retries: 0)
                await expectFailure(.unavailable) { _ = try await store.session(SessionKey("s1")) }
                await expectFailure(.unavailable) { _ = try await store.items(of: SessionKey("s1"), .all) }
            }
        }
    }

    @Test func anAnswerCutShortIsUnavailableAndReadsAreTriedAgain() async throws {
        let connections = Counter()
        try await ScriptedServer.with({ connection, _ in
            await connections.increment()
            _ = try await connection.readMessage(isRequest: true)
            try await connection.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"id\":".utf8))
        }) { port in
            let error = await expectFailure(.unavailable) {
                _ = try await store("http://127.0.0.1:\(port)", retries: 2).session(SessionKey("s1"))
            }
            #expect(error?.cause != nil)
        }
        #expect(await connections.value == 3, "a read is sent once and tried twice more")
    }

    @Test func anAnswerThatStallsEndsAtTheTimeout() async throws {
        try await ScriptedServer.with({ connection, _ in
            _ = try await connection.readMessage(isRequest: true)
            try await connection.write(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"id\":".utf8))
            _ = try await connection.readChunk()  // holds the connection open until the client closes it
        }) { port in
            let started = ContinuousClock.now
            let error = await expectFailure(.unavailable) {
                _ = try await store("http://127.0.0.1:\(port)", timeout: .seconds(1), retries: 0)
                    .session(SessionKey("s1"))
            }
            #expect(error?.message.contains("no answer within the timeout") == true, "\(String(describing: error))")
            #expect(ContinuousClock.now - started < .seconds(60), "the call ended long after its timeout of 1 s")
        }
    }

    @Test func anAnswerOverTheLimitIsRefusedAndTheLimitTakesAnyInt() async throws {
        let body = #"{"items":[]}"#
        try await LoopbackServer.with { servers in
            let url = try await servers.start(over: InMemorySessionStore())
            for limit in [0, body.utf8.count - 1] {
                let small = try HTTPSessionStore(
                    configuration: .init(baseURL: url, timeout: patientTimeout, maximumAnswerBytes: limit)
                )
                let error = await expectFailure(.unavailable) { _ = try await small.create(NewSession()) }
                #expect(
                    error?.message.contains("larger than the limit of \(limit) bytes") == true,
                    "\(String(describing: error))"
                )
            }
            let large = try HTTPSessionStore(
                configuration: .init(baseURL: url, timeout: patientTimeout, maximumAnswerBytes: .max)
            )
            _ = try await large.create(NewSession(id: "s1"))
            #expect(try await large.items(of: SessionKey("s1"), .all).isEmpty)
        }
        await expectFailure(.invalidArgument) {
            _ = try HTTPSessionStore(configuration: .init(baseURL: "http://127.0.0.1:1", maximumAnswerBytes: .min))
        }
    }

    @Test func aCreateWhoseAnswerIsLostIsStoredOnce() async throws {
        try await LoopbackServer.with { servers in
            let url = try await servers.start(over: InMemorySessionStore())
            let direct = try store(url)
            let upstream = try #require(Int(url.split(separator: ":").last ?? ""))
            try await ScriptedServer.with({ connection, index in
                // The first connection passes the request on and loses its answer.
                try await ScriptedServer.forward(connection, to: upstream, dropsAnswer: { _ in index == 0 })
            }) { port in
                let store = try store("http://127.0.0.1:\(port)")
                let session = try await store.create(NewSession(agentName: "retried"))
                #expect(try await direct.list(SessionQuery()).sessions.map(\.id) == [session.id])
                let sequences = try await store.append([NewItem(["n": 1])], to: session.key)
                #expect(sequences == [1])
            }
        }
    }

    @Test func aChangeWhoseAnswerIsLostIsNotSentAgain() async throws {
        try await LoopbackServer.with { servers in
            let url = try await servers.start(over: InMemorySessionStore())
            let direct = try store(url)
            let key = try await direct.create(NewSession(id: "s1")).key
            let upstream = try #require(Int(url.split(separator: ":").last ?? ""))
            try await ScriptedServer.with({ connection, index in
                try await ScriptedServer.forward(connection, to: upstream, dropsAnswer: { _ in index == 0 })
            }) { port in
                let store = try store("http://127.0.0.1:\(port)")
                await expectFailure(.unavailable) { try await store.recordError(key, message: "once") }
                let session = try #require(try await direct.session(key))
                #expect(session.errorCount == 1 && session.version == 2, "the change happened once")
            }
        }
    }
}

/// A count that tasks share.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
