import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@Suite struct SecurityTests {
    static let keyA = "key-for-app-a-0123456789"
    static let keyB = "key-for-app-b-0123456789"

    @Test func aKeySeesOnlyItsAppsSessions() async throws {
        let keys = try APIKeyRing(
            parsing: "# two apps\nalpha=\(Self.keyA)\nbeta=sha256:\(APIKeyRing.digest(of: Self.keyB))",
            source: "test"
        )
        #expect(keys.count == 2)
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let a: HTTPFields = [.authorization: "Bearer \(Self.keyA)"]
            let b: HTTPFields = [.apiKey: Self.keyB]
            let created = try await api.createSession(#"{"id":"shared","app":"beta"}"#, headers: a)
            #expect(created["app"] == "alpha")
            #expect(try await api.send(.get, "/v1/sessions/shared", headers: a).status == .ok)
            #expect(try await api.send(.get, "/v1/sessions/shared", headers: b).status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions/shared?app=alpha", headers: b).status == .notFound)
            #expect(try await api.send(.delete, "/v1/sessions/shared", headers: b).status == .notFound)
            #expect(try await api.send(.get, "/v1/sessions", headers: b).object["sessions"] == [])
            let anonymous = try await api.send(.get, "/v1/sessions/shared")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorCode == "unauthenticated")
            #expect(
                anonymous.object["error"]?.objectValue?["message"]?.stringValue?.contains("needs an API key") == true
            )
            let wrong = try await api.send(
                .get,
                "/v1/sessions",
                headers: [.authorization: "Bearer wrong-key-0123456789"]
            )
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "unauthenticated")
            #expect(
                wrong.object["error"]?.objectValue?["message"]?.stringValue?.contains("not one of this server's keys")
                    == true
            )
            #expect(try await api.send(.get, "/healthz").status == .ok)
        }
    }

    @Test func openModeIsRefusedOffLoopback() throws {
        #expect(throws: ServerConfigurationError.self) {
            _ = try buildApplication(
                configuration: ServerConfiguration(host: "0.0.0.0"),
                store: InMemorySessionStore(),
                logger: Logger(label: "test")
            )
        }
        var keys = APIKeyRing()
        try keys.add(key: Self.keyA, app: "alpha")
        _ = try buildApplication(
            configuration: ServerConfiguration(host: "0.0.0.0", apiKeys: keys),
            store: InMemorySessionStore(),
            logger: Logger(label: "test")
        )
        #expect(throws: ServerConfigurationError.self) {
            _ = try buildApplication(
                configuration: ServerConfiguration(resumePolicy: ResumePolicy(resumablePhases: ["dreaming"])),
                store: InMemorySessionStore(),
                logger: Logger(label: "test")
            )
        }
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration(sweeper: .init(interval: .zero)).validate()
        }
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration(idempotency: IdempotencyPolicy(claimTimeout: .zero)).validate()
        }
        #expect(ServerConfiguration.isLoopback("127.0.0.1"))
        #expect(ServerConfiguration.isLoopback("localhost"))
        #expect(ServerConfiguration.isLoopback("::1"))
        #expect(!ServerConfiguration.isLoopback("192.168.1.2"))
    }

    @Test func openModeIsLoggedAndKeyedModeIsNot() throws {
        let open = InMemoryLogHandler()
        _ = try buildApplication(
            configuration: ServerConfiguration(),
            store: InMemorySessionStore(),
            logger: Logger(label: "test", factory: { _ in open })
        )
        #expect(open.entries.contains { $0.message.description.contains("Open mode") })
        let keyed = InMemoryLogHandler()
        var keys = APIKeyRing()
        try keys.add(key: Self.keyA, app: "alpha")
        _ = try buildApplication(
            configuration: ServerConfiguration(apiKeys: keys),
            store: InMemorySessionStore(),
            logger: Logger(label: "test", factory: { _ in keyed })
        )
        #expect(!keyed.entries.contains { $0.message.description.contains("Open mode") })
        #expect(!keyed.entries.contains { "\($0.metadata)".contains(Self.keyA) })
    }

    @Test func malformedKeysAreRefusedWithoutShowingThem() {
        for text in ["alpha", "alpha=short", "bad app=\(Self.keyA)", "alpha=\(Self.keyA)\nbeta=\(Self.keyA)"] {
            #expect(throws: ServerConfigurationError.self) { try APIKeyRing(parsing: text, source: "keys.txt") }
        }
        do {
            _ = try APIKeyRing(parsing: "alpha=\(Self.keyA)\nbeta=\(Self.keyA)", source: "keys.txt")
        } catch {
            #expect(error.message.contains("keys.txt, line 2"))
            #expect(!error.message.contains(Self.keyA))
        }
    }
}
