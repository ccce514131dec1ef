import AgentSessions
import AgentSessionsPostgres
import AgentSessionsServer
import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// `agent-sessions serve`: flags, environment variables and the refusals, without starting a server.
struct ServeCommandParsingTests {
    private func parse(_ arguments: [String]) async throws -> ServeCommand {
        try #require(try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand)
    }

    @Test func defaultsAreLoopbackOpenMode() async throws {
        var command = try await parse([])
        command.options.environment = [:]
        let configuration = try command.options.configuration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.isOpen)
        #expect(configuration.bodyLimit == 1 << 20)
        #expect(configuration.idleTimeout == .seconds(60))
    }

    @Test func theInspectorIsOnUnlessTurnedOffAndItsDirectoryMustExist() async throws {
        func inspector(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> InspectorFiles {
            var command = try await parse(arguments)
            command.options.environment = environment
            return try command.options.configuration().inspector
        }
        await #expect(try inspector([]) == .builtIn)
        await #expect(try inspector(["--no-inspector"]) == .off)
        await #expect(try inspector([], ["AGENT_SESSIONS_INSPECTOR": "off"]) == .off)
        await #expect(try inspector([], ["AGENT_SESSIONS_INSPECTOR": "on"]) == .builtIn)
        await #expect(try inspector(["--inspector-files", "/tmp"]) == .directory("/tmp"))
        await #expect(try inspector([], ["AGENT_SESSIONS_INSPECTOR_FILES": "/tmp"]) == .directory("/tmp"))
        let badSwitch = await #expect(throws: ValidationError.self) {
            try await inspector([], ["AGENT_SESSIONS_INSPECTOR": "maybe"])
        }
        #expect(badSwitch?.message.contains("AGENT_SESSIONS_INSPECTOR='maybe'") == true)
        let missing = try await #require(throws: (any Error).self) {
            try await OffPoolParsing.parseAsRoot(["serve", "--inspector-files", "/nonexistent/inspector"])
        }
        #expect(
            AgentSessionsCommand.message(for: missing)
                == "--inspector-files /nonexistent/inspector is not a directory; give the directory of index.html"
        )
    }

    @Test func flagsSetEveryKnob() async throws {
        var command = try await parse([
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

    @Test func theEnvironmentAppliesWhenAFlagIsMissing() async throws {
        var command = try await parse(["--port", "7000"])
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

    @Test func theBackendComesFromStoreOrTheEnvironment() async throws {
        var command = try await parse(["--store", "files", "--dir", "/tmp/agent-sessions-serve-test"])
        command.options.environment = [:]
        #expect(try command.options.backend() == .files)
        var fromEnvironment = try await parse([])
        fromEnvironment.options.environment = ["AGENT_SESSIONS_STORE": "files"]
        #expect(try fromEnvironment.options.backend() == .files)
        var sqlite = try await parse([])
        sqlite.options.environment = [:]
        #expect(try sqlite.options.backend() == .sqlite)
    }

    @Test func openModeOffLoopbackIsRefused() async throws {
        var command = try await parse([])
        command.options.environment = ["AGENT_SESSIONS_HOST": "0.0.0.0"]
        let error = #expect(throws: ValidationError.self) { try command.options.configuration() }
        #expect(error?.message.contains("refusing to serve 0.0.0.0 without API keys") == true)
    }

    /// A wrong value and the words of the refusal a user sees for it.
    static let refusals: [(arguments: [String], words: String)] = [
        // `--flag=-1`: `--flag -1` takes `-1` for a flag of its own ("Missing value").
        (["--max-errors=-1"], "--max-errors must be 0 or more, not -1"),
        (["--resumable-phases", "dreaming"], "--resumable-phases: "),
        (["--sweep-interval", "0"], "--sweep-interval must be from 0.01 to 86400 seconds"),
        (["--keys-file", "/nonexistent/keys.txt"], "cannot read the keys file /nonexistent/keys.txt"),
        (["--port", "70000"], "port 70000 is outside 0…65535"),
        (["--log-level", "loud"], "--log-level 'loud' is not a level"),
        (["--idle-timeout", "0"], "--idle-timeout must be 0.1 seconds or more"),
        (["--idle-timeout=-1"], "--idle-timeout must be a number from 0 to 3600000000"),
        (["--dir", "/tmp/x"], "--dir is the file store's folder; add --store files"),
        (["--store", "files", "--db", "/tmp/x.sqlite"], "--db is the SQLite database; drop it with another --store"),
        (["--host", "10.0.0.1"], "refusing to serve 10.0.0.1 without API keys"),
    ]

    @Test(arguments: 0..<refusals.count)
    func badValuesAreRefusedNamingTheFlag(index: Int) async throws {
        let refusal = Self.refusals[index]
        let message = try #require(
            await Self.refusal(of: refusal.arguments),
            "serve \(refusal.arguments.joined(separator: " ")) was accepted"
        )
        #expect(message.contains(refusal.words), "\(message)")
    }

    /// The message a user sees for `serve ARGUMENTS` with an empty environment, from parsing or
    /// from making the configuration and log level; `nil` when both accept them.
    static func refusal(of arguments: [String], environment: [String: String] = [:]) async -> String? {
        do {
            guard var command = try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand else {
                return "not the serve command"
            }
            command.options.environment = environment
            _ = try command.options.configuration()
            _ = try command.options.level()
            return nil
        } catch {
            return AgentSessionsCommand.message(for: error)
        }
    }
}

/// `--store postgres://…` and `AGENT_SESSIONS_STORE` select the PostgreSQL store.
struct ServePostgresParsingTests {
    private func parse(_ arguments: [String]) async throws -> ServeCommand {
        try #require(try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand)
    }

    @Test func aPostgresURLSelectsThePostgresStore() async throws {
        var command = try await parse(["--store", "postgres://agent@127.0.0.1:6543/sessions?schema=bots"])
        command.options.environment = [:]
        guard case .postgres(let endpoint) = try command.options.backend() else {
            Issue.record("expected the postgres backend")
            return
        }
        #expect(endpoint.port == 6543 && endpoint.database == "sessions" && endpoint.schema == "bots")
        var fromEnvironment = try await parse([])
        fromEnvironment.options.environment = ["AGENT_SESSIONS_STORE": "postgresql://agent@db.internal/sessions"]
        guard case .postgres(let other) = try fromEnvironment.options.backend() else {
            Issue.record("expected the postgres backend from AGENT_SESSIONS_STORE")
            return
        }
        #expect(other.host == "db.internal")
    }

    @Test func aMalformedURLIsRefusedWithoutRepeatingIt() async throws {
        do {
            _ = try await OffPoolParsing.parseAsRoot(["serve", "--store", "postgres://agent:hunter2@/sessions"])
            Issue.record("a URL without a host was accepted")
        } catch {
            let message = AgentSessionsCommand.message(for: error)
            #expect(message.contains("no host"))
            #expect(!message.contains("hunter2"))
        }
        var command = try await parse([])
        command.options.environment = ["AGENT_SESSIONS_STORE": "postgres://agent:hunter2@h/db?sslmode=sometimes"]
        let error = #expect(throws: ValidationError.self) { try command.options.backend() }
        #expect(error?.message.contains("sslmode") == true)
        #expect(error?.message.contains("hunter2") == false)
        let both = await ServeCommandParsingTests.refusal(of: ["--store", "postgres://a@h/db", "--db", "/tmp/x.sqlite"])
        #expect(both?.contains("--db is the SQLite database; drop it with another --store") == true, "\(both ?? "")")
    }
}
