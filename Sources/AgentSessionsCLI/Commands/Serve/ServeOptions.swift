import AgentSessions
import AgentSessionsAgents
import AgentSessionsServer
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// The flags of `agent-sessions serve`. Every flag is optional so that its environment
/// variable applies when the flag is not given; the defaults come last.
struct ServeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("The address to bind (env AGENT_SESSIONS_HOST; default 127.0.0.1).", valueName: "address")
    )
    var host: String?

    @Option(
        help: ArgumentHelp("The port to bind, 0 for any (env AGENT_SESSIONS_PORT; default 8080).", valueName: "port")
    )
    var port: Int?

    @Option(
        help: ArgumentHelp(
            "The backend: sqlite, files or a PostgreSQL URL (env AGENT_SESSIONS_STORE; default sqlite).",
            discussion: """
                A PostgreSQL URL is postgres://USER@HOST:PORT/DB, optionally with ?schema=NAME (default \
                agent_sessions) and &sslmode=disable|prefer|require|verify-full; the password comes from \
                PGPASSWORD. Several servers may share one database. A server that cannot reach it logs \
                so, retries with back-off and answers /healthz with 503 meanwhile.
                """,
            valueName: StoreFactory.Backend.valueName
        )
    )
    var store: String?

    @Option(
        help: ArgumentHelp(
            "The SQLite database file (env AGENT_SESSIONS_DB; default \(StoreFactory.defaultDatabasePath)).",
            valueName: "path"
        )
    )
    var db: String?

    @Option(
        help: ArgumentHelp(
            "The file store's directory, with --store files (env AGENT_SESSIONS_DIR; "
                + "default \(StoreFactory.defaultDirectory)).",
            valueName: "path"
        )
    )
    var dir: String?

    @Option(
        help: ArgumentHelp(
            "A file of API keys, one APP=KEY or APP=sha256:HEX a line (env AGENT_SESSIONS_API_KEYS_FILE).",
            discussion: """
                Keys may also come from AGENT_SESSIONS_API_KEYS, entries separated by commas. Each key \
                is scoped to one app; keys are kept only as SHA-256 hashes. Without any key the server \
                runs in open mode, which is allowed only on a loopback address.
                """,
            valueName: "path"
        )
    )
    var keysFile: String?

    @Option(
        help: ArgumentHelp(
            "The largest request body in bytes; larger ones get 413 (env AGENT_SESSIONS_BODY_LIMIT; default 1048576).",
            valueName: "bytes"
        )
    )
    var bodyLimit: Int?

    @Option(
        help: ArgumentHelp(
            "Close a connection silent this long, such as a client that stalls halfway through a body "
                + "(env AGENT_SESSIONS_IDLE_TIMEOUT; default 60).",
            valueName: "seconds"
        )
    )
    var idleTimeout: Double?

    @Option(
        help: ArgumentHelp(
            "Comma-separated phases a session may be resumed from (env AGENT_SESSIONS_RESUMABLE_PHASES; "
                + "default: the lifecycle's, approval,investigating,planning).",
            valueName: "phases"
        )
    )
    var resumablePhases: String?

    @Option(
        help: ArgumentHelp(
            "Do not resume a session idle this long (env AGENT_SESSIONS_MAX_IDLE_MINUTES; default 30).",
            valueName: "minutes"
        )
    )
    var maxIdleMinutes: Double?

    @Option(
        help: ArgumentHelp(
            "Do not resume a session with this many errors (env AGENT_SESSIONS_MAX_ERRORS; default 3).",
            valueName: "count"
        )
    )
    var maxErrors: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds between two sweeps for idle ephemeral children (env AGENT_SESSIONS_SWEEP_INTERVAL; default 60).",
            valueName: "seconds"
        )
    )
    var sweepInterval: Double?

    @Option(
        help: ArgumentHelp(
            "Delete an ephemeral child idle this long (env AGENT_SESSIONS_CHILD_IDLE_MINUTES; default 15).",
            valueName: "minutes"
        )
    )
    var childIdleMinutes: Double?

    @Option(
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical; debug logs every request "
                + "(env AGENT_SESSIONS_LOG_LEVEL; default info).",
            valueName: "level"
        )
    )
    var logLevel: String?

    @Option(
        help: ArgumentHelp(
            "An agents file in YAML for POST /v1/chat/{id} (env AGENT_SESSIONS_AGENTS_FILE).",
            discussion: """
                Agents with a display name, instructions, a model (provider offline or openai-compatible, \
                name, temperature, max_tokens, base_url, api_key_env) and a session_memory (sqlite, memory \
                or none), and defaults for what an agent leaves out. A wrong file is refused at start-up \
                with its line. Without a file the server runs one offline demo agent, 'assistant'.
                """,
            valueName: "path"
        )
    )
    var agents: String?

    @Option(
        help: ArgumentHelp(
            "The most live agent instances, one per agent and session; the least recently used idle ones "
                + "are evicted first (env AGENT_SESSIONS_LIVE_AGENTS; default 1000).",
            valueName: "count"
        )
    )
    var liveAgents: Int?

    @Option(
        help: ArgumentHelp(
            "Evict an agent instance unused this long; it is rebuilt from the store on its next message "
                + "(env AGENT_SESSIONS_AGENT_IDLE_MINUTES; default 30).",
            valueName: "minutes"
        )
    )
    var agentIdleMinutes: Double?

    @OptionGroup var encryption: EncryptionOptions

    /// The environment the options fall back to; the process's by default.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    private enum CodingKeys: CodingKey {
        case host, port, store, db, dir, keysFile, bodyLimit, idleTimeout, resumablePhases, maxIdleMinutes, maxErrors,
            sweepInterval
        case childIdleMinutes, logLevel, agents, liveAgents, agentIdleMinutes, encryption
    }

    /// The agents: the file of `--agents` (or `AGENT_SESSIONS_AGENTS_FILE`), else the demo agent.
    /// - Throws: `ValidationError` with the file, the line and the reason when the file is wrong.
    func agentCatalog() throws -> AgentCatalog {
        guard let path = try value(agents, "AGENT_SESSIONS_AGENTS_FILE", flag: "--agents", { $0 }) else {
            return .demo
        }
        do {
            return try AgentCatalog(contentsOfFile: path)
        } catch {
            throw ValidationError("agents file \(error)")
        }
    }

    /// The bounds of the agent runtime: `--live-agents` and `--agent-idle-minutes`, or their
    /// environment variables.
    /// - Throws: `ValidationError` for a count below 1 or a bad time.
    func agentRuntimeConfiguration() throws -> AgentRuntime.Configuration {
        var configuration = AgentRuntime.Configuration()
        if let count = try value(liveAgents, "AGENT_SESSIONS_LIVE_AGENTS", flag: "--live-agents", { Int($0) }) {
            guard count >= 1 else { throw ValidationError("--live-agents must be 1 or more, not \(count)") }
            configuration.capacity = count
        }
        if let idle = try duration(
            agentIdleMinutes,
            "AGENT_SESSIONS_AGENT_IDLE_MINUTES",
            flag: "--agent-idle-minutes",
            unit: 60
        ) {
            configuration.idleTimeout = idle
        }
        return configuration
    }

    /// The log level: `--log-level`, `AGENT_SESSIONS_LOG_LEVEL`, or info.
    /// - Throws: `ValidationError` for an unknown level.
    func level() throws -> Logger.Level {
        guard let text = logLevel ?? environment["AGENT_SESSIONS_LOG_LEVEL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .info
        }
        guard let level = Logger.Level(rawValue: text) else {
            throw ValidationError(
                "--log-level '\(text)' is not a level; use trace, debug, info, notice, warning, error or critical"
            )
        }
        return level
    }

    /// The database path: `--db`, `AGENT_SESSIONS_DB`, or the default.
    var databasePath: String {
        db ?? environment["AGENT_SESSIONS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? StoreFactory.defaultDatabasePath
    }

    /// The backend: `--store`, `AGENT_SESSIONS_STORE`, or SQLite.
    /// - Throws: `ValidationError` for an unknown backend or a location flag of the other backend.
    func backend() throws -> StoreFactory.Backend {
        let text = environment["AGENT_SESSIONS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        let backend: StoreFactory.Backend
        if let store {
            backend = try StoreFactory.Backend.parse(store)
        } else {
            do {
                backend = try text.map(StoreFactory.Backend.parse) ?? .sqlite
            } catch let error as ValidationError {
                throw ValidationError("AGENT_SESSIONS_STORE: \(error.message)")
            }
        }
        if dir != nil && backend != .files {
            throw ValidationError("--dir is the file store's folder; add --store files")
        }
        if db != nil && backend != .sqlite {
            throw ValidationError("--db is the SQLite database; drop it with another --store")
        }
        return backend
    }

    /// Opens the chosen store, encrypting the apps of `--encrypt-app`, with the services that
    /// must run beside it in the server's group (for PostgreSQL: the connection pool, the
    /// schema preparation that retries with back-off while the database cannot be reached, and
    /// the listener that hands changes made through other servers to `changes`).
    /// - Throws: `ValidationError` as ``backend()`` and for a bad encryption setup;
    ///   ``SessionStoreError`` when the store cannot be opened.
    func openStore(logger: Logger, changes: SessionChangeHub) throws -> (
        store: any SessionStore, services: [ServiceGroupConfiguration.ServiceConfiguration]
    ) {
        let opened: (store: any SessionStore, services: [ServiceGroupConfiguration.ServiceConfiguration])
        switch try backend() {
        case .sqlite:
            opened = (try StoreFactory.openStore(path: databasePath, forServer: true), [])
        case .files:
            let directory =
                dir ?? environment["AGENT_SESSIONS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StoreFactory.defaultDirectory
            opened = (try StoreFactory.openFileStore(directory: directory), [])
        case .postgres(let endpoint):
            opened = try PostgresServerStore.make(
                endpoint.withPassword(from: environment),
                changes: changes,
                logger: logger
            )
        }
        return (try encryption.wrap(opened.store, environment: environment), opened.services)
    }

    /// Opens the SQLite database of an agent's own `database_path`, encrypting the apps of
    /// `--encrypt-app` as the server's store does, so that no conversation of an encrypted app is
    /// kept in the clear in an agent's database.
    /// - Throws: `ValidationError` for a bad encryption setup; ``SessionStoreError`` when the
    ///   database cannot be opened.
    func openAgentStore(path: String) throws -> any SessionStore {
        try encryption.wrap(StoreFactory.openStore(path: path, forServer: true), environment: environment)
    }

    /// The server configuration the flags and the environment describe.
    /// - Throws: `ValidationError` naming the flag or variable with a bad value.
    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = try value(host, "AGENT_SESSIONS_HOST", flag: "--host") { $0 } ?? configuration.host
        configuration.port = try value(port, "AGENT_SESSIONS_PORT", flag: "--port") { Int($0) } ?? configuration.port
        configuration.bodyLimit =
            try value(bodyLimit, "AGENT_SESSIONS_BODY_LIMIT", flag: "--body-limit") { Int($0) }
            ?? configuration.bodyLimit
        if let timeout = try duration(idleTimeout, "AGENT_SESSIONS_IDLE_TIMEOUT", flag: "--idle-timeout") {
            guard timeout >= .milliseconds(100) else {
                throw ValidationError("--idle-timeout must be 0.1 seconds or more")
            }
            configuration.idleTimeout = timeout
        }
        configuration.resumePolicy = try resumePolicy()
        if let interval = try duration(sweepInterval, "AGENT_SESSIONS_SWEEP_INTERVAL", flag: "--sweep-interval") {
            guard interval >= .milliseconds(10), interval <= .seconds(86_400) else {
                throw ValidationError("--sweep-interval must be from 0.01 to 86400 seconds")
            }
            configuration.sweeper.interval = interval
        }
        if let idle = try duration(
            childIdleMinutes,
            "AGENT_SESSIONS_CHILD_IDLE_MINUTES",
            flag: "--child-idle-minutes",
            unit: 60
        ) {
            configuration.sweeper.idleTime = idle
        }
        configuration.apiKeys = try apiKeys()
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return configuration
    }

    private func resumePolicy() throws -> ResumePolicy {
        var policy = ResumePolicy()
        if let idle = try duration(
            maxIdleMinutes,
            "AGENT_SESSIONS_MAX_IDLE_MINUTES",
            flag: "--max-idle-minutes",
            unit: 60
        ) {
            policy.maximumIdle = idle
        }
        if let errors = try value(maxErrors, "AGENT_SESSIONS_MAX_ERRORS", flag: "--max-errors", { Int($0) }) {
            guard errors >= 0 else { throw ValidationError("--max-errors must be 0 or more, not \(errors)") }
            policy.maximumErrors = errors
        }
        if let list = try value(resumablePhases, "AGENT_SESSIONS_RESUMABLE_PHASES", flag: "--resumable-phases", { $0 })
        {
            let phases = list.split(separator: ",").map { Phase($0.trimmingCharacters(in: .whitespaces)) }
            guard !phases.isEmpty, !phases.contains(where: { $0.rawValue.isEmpty }) else {
                throw ValidationError(
                    "--resumable-phases needs phase names separated by commas, such as approval,planning"
                )
            }
            policy.resumablePhases = Set(phases)
            do {
                try policy.validate(against: .standard)
            } catch {
                throw ValidationError("--resumable-phases: \(error.message)")
            }
        }
        return policy
    }

    /// The keys of `--keys-file` (or `AGENT_SESSIONS_API_KEYS_FILE`) and `AGENT_SESSIONS_API_KEYS`.
    private func apiKeys() throws -> APIKeyRing {
        var sources: [(text: String, name: String)] = []
        if let path = keysFile ?? environment["AGENT_SESSIONS_API_KEYS_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the keys file \(path); check the path and its permissions")
            }
            sources.append((contents, path))
        }
        if let keys = environment["AGENT_SESSIONS_API_KEYS"], !keys.isEmpty {
            sources.append((keys, "AGENT_SESSIONS_API_KEYS"))
        }
        do {
            var ring = APIKeyRing()
            for source in sources {
                try ring.merge(APIKeyRing(parsing: source.text, source: source.name))
            }
            return ring
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// A time flag (in `unit` seconds) or its environment variable, from 0 to 60,000,000 minutes.
    /// - Throws: `ValidationError` for a value that is not a number in range.
    private func duration(_ flag: Double?, _ variable: String, flag name: String, unit: Double = 1) throws -> Duration?
    {
        guard let number = try value(flag, variable, flag: name, Double.init) else { return nil }
        guard number.isFinite, number >= 0, number * unit <= 3_600_000_000 else {
            throw ValidationError("\(name) must be a number from 0 to \(Int(3_600_000_000 / unit))")
        }
        return .seconds(number * unit)
    }

    /// A flag's value, else its environment variable parsed, else `nil`.
    private func value<T>(
        _ flag: T?,
        _ variable: String,
        flag name: String,
        _ parse: (String) -> T?
    ) throws -> T? {
        if let flag { return flag }
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let parsed = parse(text) else { throw ValidationError("\(variable)='\(text)' is not a valid \(name)") }
        return parsed
    }
}
