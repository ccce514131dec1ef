import AgentSessionsAgents
import AgentSessionsTesting
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `serve --agents FILE`, `--live-agents` and `--agent-idle-minutes`, without starting a server.
struct ServeAgentsParsingTests {
    private func parse(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        var command = try #require(try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand)
        command.options.environment = environment
        return command.options
    }

    @Test func withoutAFileTheDemoAgentServes() async throws {
        let options = try await parse([])
        #expect(try options.agentCatalog() == .demo)
        let runtime = try options.agentRuntimeConfiguration()
        #expect(runtime.capacity == 1_000)
        #expect(runtime.idleTimeout == .seconds(1_800))
    }

    @Test func theFileComesFromTheFlagOrTheEnvironment() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/agents.yaml"
            try "agents:\n  geo: {instructions: Find places.}\n".write(toFile: path, atomically: true, encoding: .utf8)
            await #expect(try parse(["--agents", path]).agentCatalog().defaultAgent.name == "geo")
            let fromEnvironment = try await parse([], environment: ["AGENT_SESSIONS_AGENTS_FILE": path])
            #expect(try fromEnvironment.agentCatalog().defaultAgent.instructions == "Find places.")
        }
    }

    @Test func aWrongFileIsRefusedAtStartUpWithItsLine() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/agents.yaml"
            try "agents:\n  geo:\n    model: {temperature: 9}\n".write(toFile: path, atomically: true, encoding: .utf8)
            let error = try await #require(throws: (any Error).self) {
                try await OffPoolParsing.parseAsRoot(["serve", "--agents", path])
            }
            #expect(
                AgentSessionsCommand.message(for: error)
                    == "agents file \(path), line 3: agents.geo.model.temperature must be a number from 0 to 2, not 9"
            )
        }
    }

    @Test func theRuntimeBoundsComeFromFlagsOrTheEnvironment() async throws {
        let flags = try await parse(["--live-agents", "5", "--agent-idle-minutes", "2"]).agentRuntimeConfiguration()
        #expect(flags.capacity == 5)
        #expect(flags.idleTimeout == .seconds(120))
        let environment = try await parse(
            [],
            environment: ["AGENT_SESSIONS_LIVE_AGENTS": "7", "AGENT_SESSIONS_AGENT_IDLE_MINUTES": "0.5"]
        ).agentRuntimeConfiguration()
        #expect(environment.capacity == 7)
        #expect(environment.idleTimeout == .seconds(30))
        let zero = try await #require(throws: (any Error).self) {
            try await OffPoolParsing.parseAsRoot(["serve", "--live-agents", "0"])
        }
        #expect(AgentSessionsCommand.message(for: zero) == "--live-agents must be 1 or more, not 0")
        let soon = try await #require(throws: ValidationError.self) {
            try await parse([], environment: ["AGENT_SESSIONS_AGENT_IDLE_MINUTES": "soon"]).agentRuntimeConfiguration()
        }
        #expect(soon.message.contains("AGENT_SESSIONS_AGENT_IDLE_MINUTES='soon'"), "\(soon.message)")
    }
}
