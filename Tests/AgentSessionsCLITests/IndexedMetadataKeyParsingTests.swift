import AgentSessionsTesting
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `--indexed-metadata-key`, `AGENT_SESSIONS_INDEXED_METADATA_KEYS` and the file key
/// `indexed-metadata-keys`, on `serve` and on the other commands, without running anything.
struct IndexedMetadataKeyParsingTests {
    private func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        try await OffPoolParsing.serveOptions(arguments, environment: environment)
    }

    @Test func serveTakesKeysFromFlagsTheEnvironmentOrTheFile() async throws {
        let flags = try await serve(["--indexed-metadata-key", "customer", "--indexed-metadata-key", "plan.tier"])
        #expect(try flags.metadataKeysToIndex() == ["customer", "plan.tier"])
        #expect(try flags.settingsReader().list(.indexedMetadataKeys)?.source == .flag)

        let environment = ["AGENT_SESSIONS_INDEXED_METADATA_KEYS": "customer, region"]
        #expect(try await serve([], environment: environment).metadataKeysToIndex() == ["customer", "region"])
        #expect(try await serve([]).metadataKeysToIndex().isEmpty, "none by default")

        try await TemporaryDirectory.with { folder in
            let path = folder + "/config.yaml"
            try "indexed-metadata-keys: [customer]\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await serve(["--config", path]).metadataKeysToIndex() == ["customer"])
            let flagWins = try await serve(["--config", path, "--indexed-metadata-key", "plan"])
            #expect(try flagWins.metadataKeysToIndex() == ["plan"])
        }
        #expect(ServeSetting.indexedMetadataKeys.environmentVariable == "AGENT_SESSIONS_INDEXED_METADATA_KEYS")
    }

    @Test func serveRefusesAKeyThatCannotBeIndexedNamingWhereItCameFrom() async throws {
        func refusal(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> String? {
            do {
                try await serve(arguments, environment: environment).check()
                return nil
            } catch let error as ValidationError {
                return error.message
            }
        }
        let fromFlag = try #require(try await refusal(["--indexed-metadata-key", "a b"]))
        #expect(
            fromFlag.hasPrefix("--indexed-metadata-key: indexed metadata key 'a b' has the character"),
            "\(fromFlag)"
        )
        #expect(fromFlag.contains("A-Z a-z 0-9 . _ : @ -"), "\(fromFlag)")
        let fromEnvironment = try #require(
            try await refusal([], ["AGENT_SESSIONS_INDEXED_METADATA_KEYS": "customer,a\"b"])
        )
        #expect(fromEnvironment.contains("indexed metadata key 'a\"b'"), "\(fromEnvironment)")
    }

    @Test func everyCommandTakesTheFlag() async throws {
        let list = try #require(
            try await OffPoolParsing.parseAsRoot(
                ["list", "--indexed-metadata-key", "customer", "--indexed-metadata-key", "region", "--db", "/tmp/x"]
            ) as? ListCommand
        )
        #expect(list.options.store.selection.metadataKeysToIndex == ["customer", "region"])
        do {
            _ = try await OffPoolParsing.parseAsRoot(["list", "--indexed-metadata-key", "a'b"])
            Issue.record("a key with a quote was accepted")
        } catch {
            #expect(AgentSessionsCommand.exitCode(for: error) == .validationFailure)
            #expect(AgentSessionsCommand.message(for: error).contains("--indexed-metadata-key:"), "\(error)")
        }
    }
}
