import AgentSessions
import AgentSessionsServer
import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// `serve --cleanup-interval` and `--cleanup-idle-hours`, and their environment variables.
struct ServeCleanupParsingTests {
    private func configuration(_ arguments: [String], environment: [String: String] = [:]) async throws
        -> ServerConfiguration
    {
        var command = try #require(try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand)
        command.options.environment = environment
        return try command.options.configuration()
    }

    /// The message a refused configuration gives (as the command prints it), or `nil` when it
    /// is accepted.
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) async -> String? {
        do {
            _ = try await configuration(arguments, environment: environment)
            return nil
        } catch {
            return AgentSessionsCommand.message(for: error)
        }
    }

    @Test func byDefaultExpiredSessionsAreSweptEveryMinuteAndIdleOnesKept() async throws {
        let cleanup = try await configuration([]).cleanup
        #expect(cleanup.interval == .seconds(60))
        #expect(cleanup.idleTimes.isEmpty)
    }

    @Test func flagsSetTheIntervalAndTheIdleTimesByApp() async throws {
        let cleanup = try await configuration([
            "--cleanup-interval", "5", "--cleanup-idle-hours", "ops=24, default=0.5",
        ])
        .cleanup
        #expect(cleanup.interval == .seconds(5))
        #expect(cleanup.idleTimes == ["ops": .seconds(86_400), "default": .seconds(1800)])
    }

    @Test func theEnvironmentAppliesWhenAFlagIsMissing() async throws {
        let environment = ["AGENT_SESSIONS_CLEANUP_INTERVAL": "2", "AGENT_SESSIONS_CLEANUP_IDLE_HOURS": "ops=1"]
        let cleanup = try await configuration([], environment: environment).cleanup
        #expect(cleanup.interval == .seconds(2))
        #expect(cleanup.idleTimes == ["ops": .seconds(3600)])
        await #expect(
            try configuration(["--cleanup-interval", "3"], environment: environment).cleanup.interval == .seconds(3)
        )
    }

    @Test func badValuesAreRefusedNamingTheFlag() async {
        await #expect(refusal(["--cleanup-interval", "0"]) == "--cleanup-interval must be from 0.01 to 86400 seconds")
        await #expect(
            refusal([], environment: ["AGENT_SESSIONS_CLEANUP_INTERVAL": "-1"])?
                .hasPrefix("--cleanup-interval must be a number") == true
        )
        await #expect(
            refusal(["--cleanup-idle-hours", "ops"])
                == "--cleanup-idle-hours entry 'ops' is not APP=HOURS with hours from 0 to 1000000, such as ops=24"
        )
        await #expect(refusal(["--cleanup-idle-hours", "ops=-2"])?.contains("entry 'ops=-2'") == true)
        await #expect(refusal(["--cleanup-idle-hours", "ops=1,ops=2"])?.contains("names the app 'ops' twice") == true)
        await #expect(refusal(["--cleanup-idle-hours", "o s=1"])?.hasPrefix("--cleanup-idle-hours: app name") == true)
        await #expect(refusal(["--cleanup-idle-hours", ","])?.hasPrefix("--cleanup-idle-hours needs entries") == true)
        await #expect(
            refusal([], environment: ["AGENT_SESSIONS_CLEANUP_INTERVAL": "soon"])
                == "AGENT_SESSIONS_CLEANUP_INTERVAL='soon' is not a valid --cleanup-interval"
        )
    }
}
