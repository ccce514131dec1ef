import AgentSessions
import AgentSessionsClient

/// `HTTPSessionStore` on `serve`'s application over the SQLite store as `serve` opens it,
/// listening on 127.0.0.1 in this process: every workload call is a real HTTP request over
/// loopback. The server runs in this process rather than as a `serve` process because W7–W9
/// write the past by setting the benchmark's clock back, and the server must stamp times with
/// that clock.
struct HTTPStoreFactory: StoreFactory {
    /// The name `--stores` selects it by.
    static let name = "http"

    /// The store the server keeps sessions in.
    private var served = SQLiteStoreFactory(writesOnCallingThread: false)

    var name: String { Self.name }
    var durability: String {
        "the served SQLite store's (\(served.durability)), through HTTPSessionStore over HTTP/1.1 on 127.0.0.1; "
            + "its H1 and H2 are driven by HTTPSessionStore, the other stores' by wrk"
    }
    var isFileBacked: Bool { true }

    func makeStore(in directory: String, clock: any WallClock) throws -> any SessionStore {
        throw BenchmarkFailure(message: "the http store runs only through withStore (its server must run)")
    }

    func withStore<Result>(
        in directory: String,
        clock: any WallClock,
        _ body: (any SessionStore) async throws -> Result
    ) async throws -> Result {
        try await served.withStore(in: directory, clock: clock) { store in
            try await InProcessServer.with(over: store) { port in
                // Speed is measured, not bounded: a slow call must not fail a run.
                let client = try HTTPSessionStore(
                    configuration: .init(baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(3600), clock: clock)
                )
                return try await body(client)
            }
        }
    }

    /// The store the server of the HTTP steps keeps sessions in.
    var asServed: any StoreFactory { served }

    func indexing(metadataKeys: [String]) -> any StoreFactory {
        var factory = self
        factory.served.indexedMetadataKeys = metadataKeys
        return factory
    }

    func databaseFiles(in directory: String) -> [String] { served.databaseFiles(in: directory) }
}
