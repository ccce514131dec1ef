import AgentSessions
import AgentSessionsAgents
import AgentSessionsEncryption
import AgentSessionsServer
import ArgumentParser
import Logging
import Metrics
import ServiceLifecycle
import UnixSignals

/// `agent-sessions serve`: the HTTP API over the SQLite store (or the file or PostgreSQL store).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the HTTP API (JSON under /v1, described at /openapi.yaml) over the SQLite, file or PostgreSQL store.",
        discussion: """
            Agents answer POST /v1/chat/{id}: those of --agents, or one offline demo agent. \
            Listens on 127.0.0.1:8080 by default. Without API keys the server runs in open mode, \
            allowed only on a loopback address: binding another address without keys is refused. \
            SIGTERM or SIGINT stops it gracefully: requests in flight finish (within \(shutdownGrace.components.seconds) seconds, then they are cancelled), then the store closes. \
            Expired sessions are deleted in the background every --cleanup-interval seconds, and idle \
            ones of the apps of --cleanup-idle-hours. \
            Idempotency-Key answers are kept for 24 hours in the store (SQLite, PostgreSQL: they survive a restart \
            and every server on one database shares them), in memory with --store files. \
            Each flag falls back to the environment variable named in its help, then to the key of \
            the same name in the --config file, then to its default; --print-config shows the result.
            """
    )

    @OptionGroup var options: ServeOptions

    /// How long requests in flight may take to finish after SIGTERM or SIGINT.
    static let shutdownGrace: Duration = .seconds(30)

    /// Refuses bad flags and environment variables while parsing. With a configuration file,
    /// which can only be read asynchronously, ``run()`` refuses them once it has read it.
    func validate() throws {
        guard options.configFilePath == nil else { return }
        try options.check()
    }

    mutating func run() async throws {
        do {
            if options.configFilePath != nil {
                try await options.loadConfigFile()
                try options.check()
            }
        } catch {
            Console.writeError("agent-sessions: \((error as? ValidationError)?.message ?? "\(error)")")
            throw ExitCode.usage
        }
        if options.printConfig {
            Console.write(try options.printedConfiguration())
            return
        }
        let format = try options.format()
        var logger = Logger(label: "agent-sessions") { StandardErrorLogHandler(label: $0, format: format) }
        logger.logLevel = try options.level()
        let configuration = try options.configuration()
        let catalog = try options.agentCatalog()
        let served: ServedStore
        let agentStores: AgentStores
        do {
            served = try options.openStore(logger: logger, idempotency: configuration.idempotency)
            agentStores = try AgentStores(server: served.store, catalog: catalog, open: options.openAgentStore)
        } catch {
            let failure = CommandFailure(error)
            Console.writeError("agent-sessions: \(failure.code): \(failure.message)")
            throw failure.exitCode
        }
        if !configuration.isOpen {
            logger.notice("API keys loaded", metadata: ["keys": "\(configuration.apiKeys.count)"])
        }
        if let encryption = try options.encryptionConfiguration() {
            logger.notice(
                "Encryption at rest",
                metadata: [
                    "apps": "\(encryption.apps.sorted().joined(separator: ","))",
                    "key.current": "\(encryption.keyring.current.id)",
                    "keys": "\(encryption.keyring.keys.count)",
                ]
            )
        }
        let metrics = ServerMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        metrics.recordBuildInfo(AgentSessionsVersion.labels)
        // The tracer is bootstrapped before the application is built, which takes it.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let endpoint = try options.tracesEndpoint() {
            do {
                services.append(.init(service: try ServeTracing.bootstrap(endpoint: endpoint, logger: logger)))
            } catch {
                Console.writeError("agent-sessions: traces to \(endpoint) cannot be sent: \(error)")
                throw ExitCode.usage
            }
            logger.notice("Traces", metadata: ["otlp_endpoint": "\(endpoint)/v1/traces"])
        }
        let runtimeConfiguration = try options.agentRuntimeConfiguration()
        logger.notice(
            "Agents loaded",
            metadata: ["agents": "\(catalog.agents.count)", "default_agent": "\(catalog.defaultAgent.name)"]
        )
        let app = try buildApplication(
            configuration: configuration,
            store: served.store,
            logger: logger,
            storeServices: served.services,
            idempotency: served.idempotency,
            health: served.health,
            changeNotices: served.changeNotices,
            metrics: metrics,
            routes: [
                ChatRoutes(catalog: catalog, stores: agentStores, configuration: runtimeConfiguration, logger: logger)
            ],
            onServerRunning: { [logger] port in
                logger.notice("listening on http://\(configuration.host):\(port)")
                if configuration.inspector != .off {
                    logger.notice("the inspector is at http://\(configuration.host):\(port)/")
                }
            }
        )
        // The application runs the store's services before its HTTP server, and stops them after
        // it; the exporter of traces stops after the application, sending its last spans.
        var groupConfiguration = ServiceGroupConfiguration(
            services: services + [.init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        // Requests in flight get this long to finish after SIGTERM; then the server is cancelled,
        // so that a stuck connection can never keep the process alive.
        groupConfiguration.maximumGracefulShutdownDuration = Self.shutdownGrace
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        do {
            try await group.run()
        } catch {
            Console.writeError(
                "agent-sessions: the server on \(configuration.host):\(configuration.port) stopped: \(error)"
            )
            try? await Self.close([served.store] + agentStores.databases.values, logger: logger)
            throw ExitCode.failure
        }
        try await Self.close([served.store] + agentStores.databases.values, logger: logger)
    }

    /// Closes the stores once the server has stopped, so that a SQLite database's write-ahead
    /// log is folded back into its file.
    /// - Throws: `ExitCode.failure` after reporting a store that could not be closed.
    private static func close(_ stores: [any SessionStore], logger: Logger) async throws {
        for store in stores {
            do {
                try await store.closable?.close()
            } catch {
                let failure = CommandFailure(error)
                Console.writeError("agent-sessions: \(failure.code): \(failure.message)")
                throw ExitCode.failure
            }
        }
        logger.notice("stores closed")
    }
}
