import AgentSessions
import AgentSessionsPostgres
import AgentSessionsServer
import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// `agent-sessions serve`: flags, environment variables and the refusals, without starting a server.
struct ServeCommandParsingTests {
    private func parse(_ arguments: [String]) throws -> ServeCommand {
        try #require(try AgentSessionsCommand.parseAsRoot(["serve"] + arguments) as? ServeCommand)
    }

    @Test func defaultsAreLoopbackOpenMode() throws {
        var command = try parse([])
        command.options.environment = [:]
        let configuration = try command.options.configuration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.isOpen)
        #expect(configuration.bodyLimit == 1 << 20)
        #expect(configuration.idleTimeout == .seconds(60))
    }

    @Test func flagsSetEveryKnob() throws {
        var command = try parse([
            "--host", "localhost", "--port", "9000", "--body-limit", "2048", "--resumable-phases", "approval,planning",
            "--max-idle-minutes", "5", "--max-errors", "1", "--sweep-interval", "2", "--child-idle-minutes", "3",
            "--idle-timeout", "2.5",
        ])
        command.options.environment = [:]
        let configuration = try command.options.configuration()
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 9000)
        #expect(configuration.bodyLimit == 2048)
        #expect(configuration.resumePolicy.resumablePhases == [.approval, .planning])
        #expect(configuration.resumePolicy.maximumIdle == .seconds(300))
        #expect(configuration.resumePolicy.maximumErrors == 1)
        #expect(configuration.sweeper.interval == .seconds(2))
        #expect(configuration.sweeper.idleTime == .seconds(180))
        #expect(configuration.idleTimeout == .milliseconds(2500))
        #expect("\(try command.options.level())" == "info")
        command.options.logLevel = "debug"
        #expect("\(try command.options.level())" == "debug")
    }

    @Test func theEnvironmentAppliesWhenAFlagIsMissing() throws {
        var command = try parse(["--port", "7000"])
        command.options.environment = [
            "AGENT_SESSIONS_PORT": "1234",
            "AGENT_SESSIONS_HOST": "0.0.0.0",
            "AGENT_SESSIONS_API_KEYS": "ops=0123456789abcdef0123",
            "AGENT_SESSIONS_CHILD_IDLE_MINUTES": "1",
            "AGENT_SESSIONS_IDLE_TIMEOUT": "7",
        ]
        let configuration = try command.options.configuration()
        #expect(configuration.port == 7000)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.apiKeys.app(forKey: "0123456789abcdef0123") == "ops")
        #expect(configuration.sweeper.idleTime == .seconds(60))
        #expect(configuration.idleTimeout == .seconds(7))
    }

    @Test func theBackendComesFromStoreOrTheEnvironment() throws {
        var command = try parse(["--store", "files", "--dir", "/tmp/agent-sessions-serve-test"])
        command.options.environment = [:]
        #expect(try command.options.backend() == .files)
        var fromEnvironment = try parse([])
        fromEnvironment.options.environment = ["AGENT_SESSIONS_STORE": "files"]
        #expect(try fromEnvironment.options.backend() == .files)
        var sqlite = try parse([])
        sqlite.options.environment = [:]
        #expect(try sqlite.options.backend() == .sqlite)
        #expect(throws: (any Error).self) { try AgentSessionsCommand.parseAsRoot(["serve", "--dir", "/tmp/x"]) }
        #expect(throws: (any Error).self) {
            try AgentSessionsCommand.parseAsRoot(["serve", "--store", "files", "--db", "/tmp/x.sqlite"])
        }
    }

    @Test func openModeOffLoopbackIsRefused() throws {
        var command = try parse([])
        command.options.environment = ["AGENT_SESSIONS_HOST": "0.0.0.0"]
        #expect(throws: ValidationError.self) { try command.options.configuration() }
        #expect(throws: (any Error).self) { try AgentSessionsCommand.parseAsRoot(["serve", "--host", "10.0.0.1"]) }
    }

    @Test func badValuesAreUsageErrors() throws {
        for arguments in [
            ["--max-errors", "-1"], ["--resumable-phases", "dreaming"], ["--sweep-interval", "0"],
            ["--keys-file", "/nonexistent/keys.txt"], ["--port", "70000"], ["--log-level", "loud"],
            ["--idle-timeout", "0"], ["--idle-timeout", "-1"],
        ] {
            var command = try? parse(arguments)
            command?.options.environment = [:]
            #expect(throws: (any Error).self, "\(arguments)") {
                guard let command else { throw ValidationError("refused at parse time") }
                _ = try command.options.configuration()
                _ = try command.options.level()
            }
        }
    }
}

/// `--store postgres://…` and `AGENT_SESSIONS_STORE` select the PostgreSQL store.
struct ServePostgresParsingTests {
    private func parse(_ arguments: [String]) throws -> ServeCommand {
        try #require(try AgentSessionsCommand.parseAsRoot(["serve"] + arguments) as? ServeCommand)
    }

    @Test func aPostgresURLSelectsThePostgresStore() throws {
        var command = try parse(["--store", "postgres://agent@127.0.0.1:6543/sessions?schema=bots"])
        command.options.environment = [:]
        guard case .postgres(let endpoint) = try command.options.backend() else {
            Issue.record("expected the postgres backend")
            return
        }
        #expect(endpoint.port == 6543 && endpoint.database == "sessions" && endpoint.schema == "bots")
        var fromEnvironment = try parse([])
        fromEnvironment.options.environment = ["AGENT_SESSIONS_STORE": "postgresql://agent@db.internal/sessions"]
        guard case .postgres(let other) = try fromEnvironment.options.backend() else {
            Issue.record("expected the postgres backend from AGENT_SESSIONS_STORE")
            return
        }
        #expect(other.host == "db.internal")
    }

    @Test func aMalformedURLIsRefusedWithoutRepeatingIt() throws {
        do {
            _ = try AgentSessionsCommand.parseAsRoot(["serve", "--store", "postgres://agent:hunter2@/sessions"])
            Issue.record("a URL without a host was accepted")
        } catch {
            let message = AgentSessionsCommand.message(for: error)
            #expect(message.contains("no host"))
            #expect(!message.contains("hunter2"))
        }
        var command = try parse([])
        command.options.environment = ["AGENT_SESSIONS_STORE": "postgres://agent:hunter2@h/db?sslmode=sometimes"]
        let error = #expect(throws: ValidationError.self) { try command.options.backend() }
        #expect(error?.message.contains("sslmode") == true)
        #expect(error?.message.contains("hunter2") == false)
        #expect(throws: (any Error).self) {
            try AgentSessionsCommand.parseAsRoot(["serve", "--store", "postgres://a@h/db", "--db", "/tmp/x.sqlite"])
        }
    }
}
