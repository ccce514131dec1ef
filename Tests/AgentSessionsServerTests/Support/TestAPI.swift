import AgentSessions
import AgentSessionsAgents
import AgentSessionsIdempotency
import AgentSessionsServer
import AgentSessionsTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// A test server: the application `serve` runs, over an in-memory store with a manual clock.
struct TestAPI {
    let clock = ManualWallClock()
    let store: any SessionStore
    let children = EphemeralChildRegistry()
    let configuration: ServerConfiguration
    /// The agents of `POST /v1/chat/{id}`, over the server's store. Defaults to the offline demo.
    let agents: AgentCatalog
    /// The `Idempotency-Key` records; `nil`: in memory.
    let idempotency: (any IdempotencyStore)?
    /// What `/healthz` checks; `nil`: nothing.
    let health: (any HealthCheckable)?
    /// The server's logger; logs nothing unless given.
    let logger: Logger

    init(
        configuration: ServerConfiguration = ServerConfiguration(),
        store: (any SessionStore)? = nil,
        agents: AgentCatalog = .demo,
        idempotency: (any IdempotencyStore)? = nil,
        health: (any HealthCheckable)? = nil,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.store = store ?? InMemorySessionStore(configuration: .init(clock: clock))
        self.agents = agents
        self.idempotency = idempotency
        self.health = health
        self.logger = logger
    }

    /// Runs a test against the router (or a live server) of the application.
    @discardableResult
    func test<Result: Sendable>(
        _ setup: TestingSetup = .router,
        _ body: @Sendable (APIClient) async throws -> Result
    ) async throws -> Result {
        let app = try buildApplication(
            configuration: configuration,
            store: store,
            logger: logger,
            children: children,
            idempotency: idempotency,
            health: health,
            routes: [ChatRoutes(catalog: agents)]
        )
        return try await app.test(setup) { client in try await body(APIClient(client: client)) }
    }

    /// The sweeper the application runs, over the same registry.
    var sweeper: EphemeralChildSweeper {
        EphemeralChildSweeper(store: store, children: children, configuration: configuration.sweeper)
    }
}

/// Sends JSON requests and reads JSON answers.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        _ body: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        let response = try await client.executeRequest(
            uri: uri,
            method: method,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) }
        )
        return APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Creates a session and returns its JSON.
    func createSession(_ body: String = "{}", headers: HTTPFields = [:]) async throws -> JSONObject {
        let response = try await send(.post, "/v1/sessions", body, headers: headers)
        guard response.status == .created else {
            throw TestFailure("create answered \(response.status): \(response.text)")
        }
        return response.object
    }
}

/// An answer.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    /// The body as a JSON object (empty when it is not one).
    var object: JSONObject {
        (try? JSONObject(parsingObject: text, field: "body")) ?? [:]
    }

    /// The `code` of an error answer.
    var errorCode: String? { object["error"]?.objectValue?["code"]?.stringValue }
}

/// A failure in a test helper.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let apiKey = HTTPField.Name("X-API-Key")!
}
