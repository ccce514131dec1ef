import AgentSessionsEncryption
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `--encrypt-app`, `--encryption-key-file` and their environment variables, on `serve` and on
/// the other commands, without running anything.
struct EncryptionOptionsParsingTests {
    let keys = ["AGENT_SESSIONS_ENCRYPTION_KEYS": EncryptionCommandsTests.entry("k1", fill: 1)]

    /// The options of `serve`, parsed without `ServeCommand.validate()`, which reads the
    /// process's environment.
    private func serve(_ arguments: [String]) async throws -> ServeOptions {
        try await OffPoolParsing.parse(ServeOptions.self, arguments)
    }

    @Test func serveTakesAppsFromFlagsOrTheEnvironment() async throws {
        let options = try await serve(["--encrypt-app", "a", "--encrypt-app", "b"]).encryption
        let configuration = try #require(try options.configuration(environment: keys))
        #expect(configuration.apps == ["a", "b"])
        #expect(configuration.keyring.current.id == "k1")

        var environment = keys
        environment["AGENT_SESSIONS_ENCRYPT_APPS"] = "x, y"
        let fromEnvironment = try await #require(try serve([]).encryption.configuration(environment: environment))
        #expect(fromEnvironment.apps == ["x", "y"])
        await #expect(try serve([]).encryption.configuration(environment: keys) == nil, "no app, no encryption")
    }

    @Test func badAppsAndMissingKeysAreRefused() async throws {
        let options = try await serve(["--encrypt-app", "bad app"]).encryption
        #expect(throws: ValidationError.self) { try options.configuration(environment: keys) }
        let withoutKeys = try await serve(["--encrypt-app", "a"]).encryption
        #expect(throws: ValidationError.self) { try withoutKeys.configuration(environment: [:]) }
    }

    @Test func otherCommandsTakeTheSameFlagsAndCheckThemFirst() async throws {
        let error = try await #require(throws: (any Error).self) {
            try await OffPoolParsing.parseAsRoot([
                "get", "s-1", "--encrypt-app", "a", "--encryption-key-file", "/nonexistent/keys.txt",
            ])
        }
        #expect(
            AgentSessionsCommand.message(for: error)
                == "cannot read the encryption key file /nonexistent/keys.txt; check the path and its permissions"
        )
    }
}
