import AgentSessionsServer
import ArgumentParser
import Testing

@testable import AgentSessionsCLI

/// `agent-sessions serve --request-timeout` and `AGENT_SESSIONS_REQUEST_TIMEOUT`.
struct ServeRequestTimeoutParsingTests {
    private func options(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        var command = try #require(try await OffPoolParsing.parseAsRoot(["serve"] + arguments) as? ServeCommand)
        command.options.environment = environment
        return command.options
    }

    @Test func theRequestTimeoutComesFromTheFlagElseTheEnvironmentElseSixtySeconds() async throws {
        await #expect(try options([]).configuration().requestTimeout == .seconds(60))
        await #expect(try options(["--request-timeout", "2.5"]).configuration().requestTimeout == .milliseconds(2500))
        let fromEnvironment = try await options([], environment: ["AGENT_SESSIONS_REQUEST_TIMEOUT": "7"])
        #expect(try fromEnvironment.configuration().requestTimeout == .seconds(7))
        let flagFirst = try await options(
            ["--request-timeout", "3"],
            environment: ["AGENT_SESSIONS_REQUEST_TIMEOUT": "7"]
        )
        #expect(try flagFirst.configuration().requestTimeout == .seconds(3))
    }

    @Test func aRequestTimeoutUnderATenthOfASecondIsRefusedByName() async throws {
        for (arguments, environment, message) in [
            (["--request-timeout", "0"], [:], "--request-timeout must be 0.1 seconds or more"),
            (["--request-timeout", "0.05"], [:], "--request-timeout must be 0.1 seconds or more"),
            (
                [], ["AGENT_SESSIONS_REQUEST_TIMEOUT": "soon"],
                "AGENT_SESSIONS_REQUEST_TIMEOUT='soon' is not a valid --request-timeout"
            ),
        ] {
            // `serve` validates its configuration while parsing: the refusal may come from either.
            do {
                _ = try await options(arguments, environment: environment).configuration()
                Issue.record("\(arguments) \(environment) was accepted")
            } catch {
                #expect(AgentSessionsCommand.message(for: error) == message, "\(arguments) \(environment)")
            }
        }
    }
}
