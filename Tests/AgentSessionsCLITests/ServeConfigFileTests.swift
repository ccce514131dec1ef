import AgentSessions
import AgentSessionsAgents
import AgentSessionsEncryption
import AgentSessionsServer
import AgentSessionsTesting
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `serve --config FILE`: YAML and JSON files for every setting, one precedence (flag, then
/// environment, then file, then default), the refusals of a bad file, and `--print-config`.
struct ServeConfigFileTests {
    static let apiKey = "0123456789abcdef0123"
    static let encryptionKey = EncryptionCommandsTests.entry("k1", fill: 1)

    private func options(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        try await OffPoolParsing.serveOptions(arguments, environment: environment)
    }

    /// The message `serve` refuses these arguments with, as it prints it after `agent-sessions: `,
    /// or `nil` when it accepts them.
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) async -> String? {
        do {
            try await options(arguments, environment: environment).check()
            return nil
        } catch let error as ValidationError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// Writes a file into a folder and returns its path.
    private func write(_ text: String, to name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aYAMLFileSetsSettingsOfEveryKind() async throws {
        try await TemporaryDirectory.with { folder in
            let agents = try write("agents:\n  geo: {instructions: Find places.}\n", to: "agents.yaml", in: folder)
            let keys = try write("ops=\(Self.apiKey)\n", to: "keys.txt", in: folder)
            let path = try write(
                """
                # Every kind: text, whole numbers, numbers and lists.
                host: 0.0.0.0
                port: 9001
                store: files
                dir: \(folder)/sessions
                api-keys-file: \(keys)
                api-keys: [web=abcdefabcdefabcdefab]
                body-limit: 2048
                idle-timeout: 2.5
                request-timeout: 7
                resumable-phases: [approval, planning]
                max-idle-minutes: 5
                max-errors: 1
                sweep-interval: 2
                child-idle-minutes: 3
                cleanup-interval: 4
                cleanup-idle-hours: [ops=24, default=0.5]
                log-level: debug
                log-format: json
                cors-origins: [https://app.example.com, http://localhost:3000]
                inspector: on
                inspector-files: \(folder)
                agents-file: \(agents)
                live-agents: 5
                agent-idle-minutes: 2
                encrypt-apps: [vault, ops]
                encryption-keys: [\(Self.encryptionKey)]
                """,
                to: "config.yaml",
                in: folder
            )
            let options = try await options(["--config", path])
            let configuration = try options.configuration()
            #expect(configuration.host == "0.0.0.0")
            #expect(configuration.port == 9001)
            #expect(configuration.apiKeys.app(forKey: Self.apiKey) == "ops")
            #expect(configuration.apiKeys.app(forKey: "abcdefabcdefabcdefab") == "web")
            #expect(configuration.bodyLimit == 2048)
            #expect(configuration.idleTimeout == .milliseconds(2500))
            #expect(configuration.requestTimeout == .seconds(7))
            #expect(configuration.resumePolicy.resumablePhases == [.approval, .planning])
            #expect(configuration.resumePolicy.maximumIdle == .seconds(300))
            #expect(configuration.resumePolicy.maximumErrors == 1)
            #expect(configuration.sweeper.interval == .seconds(2))
            #expect(configuration.sweeper.idleTime == .seconds(180))
            #expect(configuration.cleanup.interval == .seconds(4))
            #expect(configuration.cleanup.idleTimes == ["ops": .seconds(86_400), "default": .seconds(1800)])
            #expect(configuration.corsOrigins == ["https://app.example.com", "http://localhost:3000"])
            #expect(configuration.inspector == .directory(folder))
            #expect("\(try options.level())" == "debug")
            #expect(try options.format() == .json)
            #expect(try options.backend() == .files)
            #expect(try options.agentCatalog().defaultAgent.name == "geo")
            let runtime = try options.agentRuntimeConfiguration()
            #expect(runtime.capacity == 5 && runtime.idleTimeout == .seconds(120))
            let encryption = try #require(try options.encryptionConfiguration())
            #expect(encryption.apps == ["vault", "ops"])
            #expect(encryption.keyring.current.id == "k1")
        }
    }

    @Test func aJSONFileSetsTheOtherSettings() async throws {
        try await TemporaryDirectory.with { folder in
            let keyFile = try write(EncryptionCommandsTests.entry("k2", fill: 2) + "\n", to: "keys.txt", in: folder)
            let path = try write(
                """
                {"store": "sqlite", "db": "\(folder)/s.sqlite", "port": 9002, "idle-timeout": 3,
                 "inspector": "off", "cors-origins": [], "encrypt-apps": ["vault"],
                 "encryption-key-file": "\(keyFile)", "resumable-phases": ["approval"]}
                """,
                to: "config.json",
                in: folder
            )
            let options = try await options([], environment: ["AGENT_SESSIONS_CONFIG": path])
            let configuration = try options.configuration()
            #expect(configuration.port == 9002)
            #expect(configuration.idleTimeout == .seconds(3))
            #expect(configuration.inspector == .off)
            #expect(configuration.corsOrigins.isEmpty)
            #expect(configuration.resumePolicy.resumablePhases == [.approval])
            #expect(try options.backend() == .sqlite)
            #expect(try options.encryptionConfiguration()?.keyring.current.id == "k2")
            #expect(try options.settingsReader().string(.db)?.value == folder + "/s.sqlite")
        }
    }

    @Test func aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() async throws {
        try await TemporaryDirectory.with { folder in
            let path = try write("port: 8001\nmax-errors: 7\n", to: "config.yml", in: folder)
            let environment = ["AGENT_SESSIONS_PORT": "8002", "AGENT_SESSIONS_CONFIG": path]
            let cases: [(arguments: [String], environment: [String: String], port: Int, source: ServeSettingSource)] = [
                ([], [:], 8080, .default),
                (["--config", path], [:], 8001, .file(path)),
                ([], environment, 8002, .environment),
                (["--port", "8003"], environment, 8003, .flag),
            ]
            for (arguments, environment, port, source) in cases {
                let options = try await options(arguments, environment: environment)
                #expect(try options.configuration().port == port, "\(arguments) \(environment)")
                #expect(try options.settingsReader().int(.port)?.source ?? .default == source)
            }
            let fromFile = try await options(["--config", path], environment: ["AGENT_SESSIONS_PORT": ""])
            #expect(try fromFile.configuration().port == 8001, "an empty variable is unset")
            #expect(try fromFile.configuration().resumePolicy.maximumErrors == 7)
        }
    }

    @Test func everySettingIsReadFromItsEnvironmentVariableAndItsFlag() async throws {
        let samples: [ServeSetting.Kind: (variable: String, flag: String)] = [
            .text: ("x", "x"), .integer: ("1", "1"), .number: ("1.5", "1.5"), .list: ("a, b", "a"),
        ]
        for setting in ServeSetting.all {
            let sample = try #require(samples[setting.kind])
            let reader = ServeSettingsReader(
                flags: [:],
                environment: [setting.environmentVariable: sample.variable],
                file: nil
            )
            #expect(try reader.text(of: setting)?.source == .environment, "\(setting.environmentVariable)")
            guard let flag = setting.flag else { continue }
            var options = try await OffPoolParsing.parse(
                ServeOptions.self,
                flag.hasPrefix("--no-") ? [flag] : [flag, sample.flag]
            )
            options.environment = [:]
            #expect(try options.settingsReader().text(of: setting)?.source == .flag, "\(flag)")
        }
        #expect(ServeSetting.apiKeysFile.environmentVariable == "AGENT_SESSIONS_API_KEYS_FILE")
        #expect(ServeSetting.corsOrigins.environmentVariable == "AGENT_SESSIONS_CORS_ORIGINS")
        #expect(Set(ServeSetting.keys).count == ServeSetting.all.count, "one key per setting")
    }

    /// A file's text, its name, and the words of its refusal after the file's path.
    static let refusals: [(name: String, text: String, words: String)] = [
        ("config.yaml", "prot: 8080\n", "unknown key 'prot'; known keys: host, port, store, db,"),
        ("config.yaml", "port: abc\n", "port: 'abc' is not a number from 0 to 65535"),
        ("config.json", #"{"port": "abc"}"#, "port: 'abc' is not a number from 0 to 65535"),
        ("config.yaml", "port: 70000\n", "port 70000 is outside 0…65535"),
        ("config.yaml", "max-errors: -1\n", "max-errors must be 0 or more, not -1"),
        ("config.yaml", "host: [a, b]\n", "host: '[a, b]' is not an address"),
        ("config.yaml", "cors-origins: https://a.example\n", "cors-origins: 'https://a.example' is not a list"),
        ("config.yaml", "store: {kind: files}\n", "store holds a mapping; give sqlite, files or a URL"),
        ("config.yaml", "store: mysql\n", "store: --store must be sqlite, files"),
        ("config.yaml", "inspector: maybe\n", "inspector: 'maybe' is not on or off"),
        ("config.yaml", "port: [8080\n", "is not YAML"),
        ("config.yaml", "just words\n", "holds no mapping of keys to values"),
        ("config.json", "{port: 1", "is not JSON"),
        ("config.toml", "port = 1\n", "a configuration file is YAML (.yaml or .yml) or JSON (.json)"),
    ]

    @Test(arguments: 0..<refusals.count)
    func aBadFileIsRefusedNamingTheFileTheKeyAndTheReason(index: Int) async throws {
        let refusal = Self.refusals[index]
        try await TemporaryDirectory.with { folder in
            let path = try write(refusal.text, to: refusal.name, in: folder)
            let message = try #require(await self.refusal(["--config", path]), "\(refusal.text) was accepted")
            #expect(message.hasPrefix("\(path): "), "\(message)")
            #expect(message.contains(refusal.words), "\(message)")
        }
    }

    @Test func aMissingFileAndASecretOfTheWrongShapeAreRefusedWithoutRepeatingTheSecret() async throws {
        try await TemporaryDirectory.with { folder in
            let missing = folder + "/nowhere.yaml"
            #expect(
                await refusal(["--config", missing])
                    == "\(missing): no such file; check the path given to --config or AGENT_SESSIONS_CONFIG"
            )
            let path = try write("api-keys: ops=\(Self.apiKey)\n", to: "config.yaml", in: folder)
            let message = try #require(await refusal(["--config", path]))
            #expect(message == "\(path): api-keys is not a list of APP=KEY entries")
            let empty = try write("# nothing set yet\n", to: "empty.yaml", in: folder)
            #expect(await refusal(["--config", empty]) == nil, "a file of comments sets nothing")
        }
    }

    @Test func printConfigNamesEverySourceAndRedactsSecrets() async throws {
        try await TemporaryDirectory.with { folder in
            let path = try write(
                """
                store: postgres://agent:hunter2@db.internal/sessions
                encrypt-apps: [vault]
                encryption-keys: [\(Self.encryptionKey)]
                """,
                to: "config.yaml",
                in: folder
            )
            let options = try await options(
                ["--config", path, "--host", "0.0.0.0"],
                environment: ["AGENT_SESSIONS_PORT": "9000", "AGENT_SESSIONS_API_KEYS": "ops=\(Self.apiKey)"]
            )
            try options.check()
            let printed = try options.printedConfiguration()
            let lines = printed.split(separator: "\n").map(String.init)
            func line(_ key: String) -> String? {
                lines.first { $0.hasPrefix("\(key):") || $0.hasPrefix("# \(key):") }
            }
            #expect(line("host")?.hasSuffix("# flag --host") == true, "\(printed)")
            #expect(line("port")?.hasPrefix("port: 9000 ") == true, "\(printed)")
            #expect(line("port")?.hasSuffix("# environment AGENT_SESSIONS_PORT") == true, "\(printed)")
            #expect(line("api-keys")?.hasPrefix("api-keys: <redacted> ") == true, "\(printed)")
            #expect(line("store")?.hasPrefix("store: postgres://agent:<redacted>@db.internal/sessions ") == true)
            #expect(line("store")?.hasSuffix("# file \(path)") == true, "\(printed)")
            #expect(line("encryption-keys")?.hasPrefix("encryption-keys: <redacted> ") == true, "\(printed)")
            #expect(line("body-limit")?.hasPrefix("body-limit: 1048576 ") == true, "\(printed)")
            #expect(line("body-limit")?.hasSuffix("# default") == true, "\(printed)")
            #expect(line("agents-file")?.hasSuffix("# default: none, one offline demo agent") == true, "\(printed)")
            for key in ServeSetting.keys {
                #expect(line(key) != nil, "\(key) in \(printed)")
            }
            for secret in ["hunter2", Self.apiKey, String(Self.encryptionKey.dropFirst(3))] {
                #expect(!printed.contains(secret))
            }
        }
    }

    @Test func theCommandRefusesABadFileAndPrintsAGoodOne() async throws {
        let cli = try CLIRunner()
        let folder = cli.directory.path
        let bad = try write("prot: 8080\n", to: "bad.yaml", in: folder)
        let refused = try await CLIRunner.run(["serve", "--config", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("agent-sessions: \(bad): unknown key 'prot'; known keys: host, port"))
        let good = try write("port: 9003\napi-keys: [ops=\(Self.apiKey)]\n", to: "good.yaml", in: folder)
        let printed = try await CLIRunner.run(
            ["serve", "--print-config"],
            environment: ["AGENT_SESSIONS_CONFIG": good]
        )
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("port: 9003"), "\(printed.stdout)")
        #expect(printed.stdout.contains("# file \(good)"), "\(printed.stdout)")
        #expect(!printed.stdout.contains(Self.apiKey))
    }

    @Test func aPasswordIsRedactedFromAURLAndOnlyThePassword() {
        #expect(
            ServeOptions.redactingPassword(in: "postgres://agent:p@ss@db:5432/s?schema=x")
                == "postgres://agent:<redacted>@db:5432/s?schema=x"
        )
        #expect(ServeOptions.redactingPassword(in: "postgres://agent@db/s") == "postgres://agent@db/s")
        #expect(ServeOptions.redactingPassword(in: "sqlite") == "sqlite")
    }
}
