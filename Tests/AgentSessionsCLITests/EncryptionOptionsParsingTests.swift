import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `--encrypt-app`, `--encryption-key-file` and their environment variables, on `serve` and on
/// the other commands, without running anything.
struct EncryptionOptionsParsingTests {
    let keys = ["AGENT_SESSIONS_ENCRYPTION_KEYS": EncryptionCommandsTests.entry("k1", fill: 1)]

    private func serve(_ arguments: [String]) throws -> ServeCommand {
        try #require(try AgentSessionsCommand.parseAsRoot(["serve"] + arguments) as? ServeCommand)
    }

    @Test func serveTakesAppsFromFlagsOrTheEnvironment() throws {
        let options = try serve(["--encrypt-app", "a", "--encrypt-app", "b"]).options.encryption
        let configuration = try #require(try options.configuration(environment: keys))
        #expect(configuration.apps == ["a", "b"])
        #expect(configuration.keyring.current.id == "k1")

        var environment = keys
        environment["AGENT_SESSIONS_ENCRYPT_APPS"] = "x, y"
        let fromEnvironment = try #require(try serve([]).options.encryption.configuration(environment: environment))
        #expect(fromEnvironment.apps == ["x", "y"])
        #expect(try serve([]).options.encryption.configuration(environment: keys) == nil, "no app, no encryption")
    }

    @Test func badAppsAndMissingKeysAreRefused() throws {
        let options = try serve(["--encrypt-app", "bad app"]).options.encryption
        #expect(throws: ValidationError.self) { try options.configuration(environment: keys) }
        let withoutKeys = try serve(["--encrypt-app", "a"]).options.encryption
        #expect(throws: ValidationError.self) { try withoutKeys.configuration(environment: [:]) }
    }

    @Test func otherCommandsTakeTheSameFlagsAndCheckThemFirst() throws {
        let error = try #require(throws: (any Error).self) {
            try AgentSessionsCommand.parseAsRoot([
                "get", "s-1", "--encrypt-app", "a", "--encryption-key-file", "/nonexistent/keys.txt",
            ])
        }
        #expect(
            AgentSessionsCommand.message(for: error)
                == "cannot read the encryption key file /nonexistent/keys.txt; check the path and its permissions"
        )
    }
}
