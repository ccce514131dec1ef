import AgentSessions
import Foundation
import Testing

/// `--encrypt-app` and the encryption keys, end to end through the built executable.
struct EncryptionCommandsTests {
    static let marker = "OCELOT-SECRET-91C2"

    /// An `ID:BASE64` entry of a key of 32 bytes of `fill`.
    static func entry(_ id: String, fill: UInt8, count: Int = 32) -> String {
        "\(id):\(Data(repeating: fill, count: count).base64EncodedString())"
    }

    /// Runs the executable on the value's database in app `vault`.
    private func run(
        _ cli: CLIRunner,
        _ arguments: [String],
        environment: [String: String]
    ) async throws -> CLIRunner.Result {
        try await CLIRunner.run(arguments + ["--app", "vault", "--db", cli.databasePath], environment: environment)
    }

    /// Every byte of the database and its write-ahead log.
    private func databaseBytes(_ cli: CLIRunner) throws -> Data {
        try [cli.databasePath, cli.databasePath + "-wal"]
            .filter { FileManager.default.fileExists(atPath: $0) }
            .reduce(into: Data()) { $0 += try Data(contentsOf: URL(fileURLWithPath: $1)) }
    }

    @Test func encryptAppEndToEnd() async throws {
        let cli = try CLIRunner()
        let keys = ["AGENT_SESSIONS_ENCRYPTION_KEYS": Self.entry("k1", fill: 1)]
        let created = try await run(
            cli,
            ["create", "--id", "s-1", "--state", #"{"note":"\#(Self.marker)"}"#, "--encrypt-app", "vault"],
            environment: keys
        )
        #expect(created.status == 0, "\(created.stderr)")
        let appended = try await run(
            cli,
            ["items", "append", "s-1", #"{"text":"\#(Self.marker)"}"#, "--encrypt-app", "vault"],
            environment: keys
        )
        #expect(appended.status == 0, "\(appended.stderr)")

        let listed = try await run(
            cli,
            ["items", "list", "s-1", "--json", "--encrypt-app", "vault"],
            environment: keys
        )
        let item = try #require(try listed.object()["items"]?.arrayValue?.first?.objectValue)
        #expect(item["content"] == ["text": .string(Self.marker)])
        var environment = keys
        environment["AGENT_SESSIONS_ENCRYPT_APPS"] = "vault"
        let session = try await run(cli, ["get", "s-1", "--json"], environment: environment).object()
        #expect(session["state"] == ["note": .string(Self.marker)])

        #expect(!(try databaseBytes(cli).range(of: Data(Self.marker.utf8)) != nil), "the database holds plaintext")

        let raw = try await run(cli, ["items", "list", "s-1", "--json"], environment: [:])
        #expect(raw.stdout.contains("v1:k1:"))
        #expect(!raw.stdout.contains(Self.marker))

        let wrong = try await run(
            cli,
            ["items", "list", "s-1", "--encrypt-app", "vault"],
            environment: ["AGENT_SESSIONS_ENCRYPTION_KEYS": Self.entry("k1", fill: 9)]
        )
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("corrupted"))
        #expect(wrong.stderr.contains("key 'k1'"))
        #expect(!wrong.stdout.contains(Self.marker) && !wrong.stderr.contains(Self.marker))
    }

    @Test func aKeyFileRotatesKeys() async throws {
        let cli = try CLIRunner()
        let old = ["AGENT_SESSIONS_ENCRYPTION_KEYS": Self.entry("k1", fill: 1)]
        _ = try await run(cli, ["create", "--id", "s-1", "--encrypt-app", "vault"], environment: old)
        _ = try await run(cli, ["items", "append", "s-1", #"{"n":1}"#, "--encrypt-app", "vault"], environment: old)

        let file = cli.directory.appendingPathComponent("keys.txt")
        try "\(Self.entry("k2", fill: 2))\n\(Self.entry("k1", fill: 1))\n".write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        let rotated = ["--encrypt-app", "vault", "--encryption-key-file", file.path]
        let appended = try await run(cli, ["items", "append", "s-1", #"{"n":2}"#] + rotated, environment: [:])
        #expect(appended.status == 0, "\(appended.stderr)")
        let listed = try await run(cli, ["items", "list", "s-1", "--json"] + rotated, environment: [:])
        let contents = (try listed.object()["items"]?.arrayValue ?? []).compactMap { $0.objectValue?["content"] }
        #expect(contents == [["n": 1], ["n": 2]])

        let raw = try await run(cli, ["items", "list", "s-1", "--json"], environment: [:]).stdout
        #expect(raw.contains("v1:k1:") && raw.contains("v1:k2:"))
    }

    @Test func aKeyThatIsNot256BitsIsRefused() async throws {
        let cli = try CLIRunner()
        let result = try await run(
            cli,
            ["list", "--encrypt-app", "vault"],
            environment: ["AGENT_SESSIONS_ENCRYPTION_KEYS": Self.entry("k1", fill: 1, count: 16)]
        )
        #expect(result.status != 0)
        #expect(result.stderr.contains("encryption key 'k1' is 128 bits"))
        let missing = try await run(cli, ["list", "--encrypt-app", "vault"], environment: [:])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--encrypt-app needs keys"))
    }
}
