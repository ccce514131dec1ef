import AgentSessions
import AgentSessionsPostgres
import Testing

@Suite("PostgresEndpoint")
struct PostgresEndpointTests {
    @Test("a full URL gives every part; the description hides the password")
    func fullURL() throws {
        let endpoint = try PostgresEndpoint(
            url: "postgres://agent:p%40ss@db.internal:6543/sessions?schema=support&sslmode=require"
        )
        #expect(endpoint.host == "db.internal")
        #expect(endpoint.port == 6543)
        #expect(endpoint.username == "agent")
        #expect(endpoint.password == "p@ss")
        #expect(endpoint.database == "sessions")
        #expect(endpoint.schema == "support")
        #expect(endpoint.tlsMode == .require)
        #expect(endpoint.description == "postgres://agent@db.internal:6543/sessions?schema=support&sslmode=require")
    }

    @Test("defaults: port 5432, the user's database, TLS preferred, no schema")
    func defaults() throws {
        let endpoint = try PostgresEndpoint(url: "postgresql://ana@127.0.0.1")
        #expect(endpoint.port == 5432)
        #expect(endpoint.database == "ana")
        #expect(endpoint.password == nil)
        #expect(endpoint.schema == nil)
        #expect(endpoint.tlsMode == .prefer)
    }

    @Test(
        "malformed URLs are invalid arguments that never repeat the password",
        arguments: [
            "mysql://a@h/db", "postgres://h:5432/db", "postgres://a:secret@/db",
            "postgres://a:secret@h/db?sslmode=maybe",
            "postgres://a:secret@h/db?color=blue",
        ]
    )
    func malformed(_ url: String) {
        let error = #expect(throws: SessionStoreError.self) { try PostgresEndpoint(url: url) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("secret") == false)
    }
}
