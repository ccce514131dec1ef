import AgentSessions
import AgentSessionsServer
import ArgumentParser
import Logging
import ServiceLifecycle
import UnixSignals

/// `agent-sessions serve`: the HTTP API over the SQLite store (or the file or PostgreSQL store).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the HTTP API (JSON under /v1, described at /openapi.yaml) over the SQLite, file or PostgreSQL store.",
        discussion: """
            Listens on 127.0.0.1:8080 by default. Without API keys the server runs in open mode, \
            allowed only on a loopback address: binding another address without keys is refused. \
            SIGTERM or SIGINT stops it gracefully: requests in flight finish, then the store closes. \
            Each flag falls back to the environment variable named in its help.
            """
    )

    @OptionGroup var options: ServeOptions

    func validate() throws {
        _ = try options.configuration()
        _ = try options.level()
        _ = try options.backend()
    }

    mutating func run() async throws {
        var logger = Logger(label: "agent-sessions")
        logger.logLevel = try options.level()
        let configuration = try options.configuration()
        let store: any SessionStore
        let storeServices: [ServiceGroupConfiguration.ServiceConfiguration]
        do {
            (store, storeServices) = try options.openStore(logger: logger)
        } catch {
            let failure = CommandFailure(error)
            Console.writeError("agent-sessions: \(failure.code): \(failure.message)")
            throw failure.exitCode
        }
        if configuration.isOpen {
            logger.notice(
                "No API keys: open mode, anyone on this machine can call the API",
                metadata: ["host": "\(configuration.host)"]
            )
        } else {
            logger.notice("API keys loaded", metadata: ["keys": "\(configuration.apiKeys.count)"])
        }
        let app = try buildApplication(configuration: configuration, store: store, logger: logger)
        // Store services first, so that they stop after the HTTP server.
        let group = ServiceGroup(
            configuration: .init(
                services: storeServices + [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            Console.writeError(
                "agent-sessions: the server on \(configuration.host):\(configuration.port) stopped: \(error)"
            )
            throw ExitCode.failure
        }
    }
}
