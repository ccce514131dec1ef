import AgentSessions
import AgentSessionsAgents
import AgentSessionsServer

// The table of every setting of `serve`, in the order of `serve --help` and `--print-config`.
extension ServeSetting {
    /// Every setting, in the order `--print-config` lists them.
    static let all: [ServeSetting] = [
        host, port, store, db, indexedMetadataKeys, pageCacheMiB, dir, apiKeysFile, apiKeys, bodyLimit, idleTimeout,
        requestTimeout,
        resumablePhases,
        maxIdleMinutes, maxErrors, sweepInterval, childIdleMinutes, cleanupInterval, cleanupIdleHours, logLevel,
        logFormat, otlpEndpoint, corsOrigins, inspector, inspectorFiles, agentsFile, liveAgents, agentIdleMinutes,
        encryptApps,
        encryptionKeyFile, encryptionKeys,
    ]

    /// Every key, in the order of ``all``.
    static var keys: [String] { all.map(\.key) }

    private static let server = ServerConfiguration()
    private static let agents = AgentRuntime.Configuration()

    static let host = ServeSetting(
        "host",
        flag: "--host",
        kind: .text,
        expectation: "an address",
        defaultValue: .value(server.host)
    )
    static let port = ServeSetting(
        "port",
        flag: "--port",
        kind: .integer,
        expectation: "a number from 0 to 65535",
        defaultValue: .value("\(server.port)")
    )
    static let store = ServeSetting(
        "store",
        flag: "--store",
        kind: .text,
        expectation: "sqlite, files or a URL postgres://USER@HOST:PORT/DB",
        defaultValue: .value("sqlite")
    )
    static let db = ServeSetting(
        "db",
        flag: "--db",
        kind: .text,
        expectation: "a path",
        defaultValue: .value(StoreFactory.defaultDatabasePath)
    )
    static let pageCacheMiB = ServeSetting(
        "page-cache-mib",
        flag: "--page-cache-mib",
        kind: .integer,
        expectation: "a number of mebibytes from 1",
        defaultValue: .none("SQLite's own 2,000 KiB per connection")
    )
    static let indexedMetadataKeys = ServeSetting(
        "indexed-metadata-keys",
        flag: "--indexed-metadata-key",
        kind: .list,
        expectation: "a list of metadata keys, such as [customer]",
        defaultValue: .none("no metadata key is indexed")
    )
    static let dir = ServeSetting(
        "dir",
        flag: "--dir",
        kind: .text,
        expectation: "a path",
        defaultValue: .value(StoreFactory.defaultDirectory)
    )
    static let apiKeysFile = ServeSetting(
        "api-keys-file",
        flag: "--keys-file",
        kind: .text,
        expectation: "a path",
        defaultValue: .none("open mode unless api-keys holds keys")
    )
    static let apiKeys = ServeSetting(
        "api-keys",
        flag: nil,
        kind: .list,
        expectation: "a list of APP=KEY entries",
        defaultValue: .none("open mode unless api-keys-file holds keys"),
        isSecret: true
    )
    static let bodyLimit = ServeSetting(
        "body-limit",
        flag: "--body-limit",
        kind: .integer,
        expectation: "a number of bytes",
        defaultValue: .value("\(server.bodyLimit)")
    )
    static let idleTimeout = ServeSetting(
        "idle-timeout",
        flag: "--idle-timeout",
        kind: .number,
        expectation: "a number of seconds",
        defaultValue: .value(numberText(server.idleTimeout, unit: 1))
    )
    static let requestTimeout = ServeSetting(
        "request-timeout",
        flag: "--request-timeout",
        kind: .number,
        expectation: "a number of seconds",
        defaultValue: .value(numberText(server.requestTimeout, unit: 1))
    )
    static let resumablePhases = ServeSetting(
        "resumable-phases",
        flag: "--resumable-phases",
        kind: .list,
        expectation: "a list of phases, such as [approval, planning]",
        defaultValue: .value(listText(Lifecycle.standard.resumable.map(\.rawValue).sorted()))
    )
    static let maxIdleMinutes = ServeSetting(
        "max-idle-minutes",
        flag: "--max-idle-minutes",
        kind: .number,
        expectation: "a number of minutes",
        defaultValue: .value(numberText(server.resumePolicy.maximumIdle, unit: 60))
    )
    static let maxErrors = ServeSetting(
        "max-errors",
        flag: "--max-errors",
        kind: .integer,
        expectation: "a whole number",
        defaultValue: .value("\(server.resumePolicy.maximumErrors)")
    )
    static let sweepInterval = ServeSetting(
        "sweep-interval",
        flag: "--sweep-interval",
        kind: .number,
        expectation: "a number of seconds",
        defaultValue: .value(numberText(server.sweeper.interval, unit: 1))
    )
    static let childIdleMinutes = ServeSetting(
        "child-idle-minutes",
        flag: "--child-idle-minutes",
        kind: .number,
        expectation: "a number of minutes",
        defaultValue: .value(numberText(server.sweeper.idleTime, unit: 60))
    )
    static let cleanupInterval = ServeSetting(
        "cleanup-interval",
        flag: "--cleanup-interval",
        kind: .number,
        expectation: "a number of seconds",
        defaultValue: .value(numberText(server.cleanup.interval, unit: 1))
    )
    static let cleanupIdleHours = ServeSetting(
        "cleanup-idle-hours",
        flag: "--cleanup-idle-hours",
        kind: .list,
        expectation: "a list of APP=HOURS entries, such as [ops=24]",
        defaultValue: .none("only expired sessions are deleted")
    )
    static let logLevel = ServeSetting(
        "log-level",
        flag: "--log-level",
        kind: .text,
        expectation: "a level",
        defaultValue: .value("info")
    )
    static let logFormat = ServeSetting(
        "log-format",
        flag: "--log-format",
        kind: .text,
        expectation: "text or json",
        defaultValue: .value("text")
    )
    static let otlpEndpoint = ServeSetting(
        "otlp-endpoint",
        flag: "--otlp-endpoint",
        kind: .text,
        expectation: "an http or https URL, such as http://127.0.0.1:4318",
        defaultValue: .none("no traces")
    )
    static let corsOrigins = ServeSetting(
        "cors-origins",
        flag: "--cors-origin",
        kind: .list,
        expectation: "a list of origins, such as [https://app.example.com]",
        defaultValue: .none("no browser app may call the API")
    )
    static let inspector = ServeSetting(
        "inspector",
        flag: "--no-inspector",
        kind: .text,
        expectation: "on or off",
        defaultValue: .value("on")
    )
    static let inspectorFiles = ServeSetting(
        "inspector-files",
        flag: "--inspector-files",
        kind: .text,
        expectation: "a directory",
        defaultValue: .none("the built-in files")
    )
    static let agentsFile = ServeSetting(
        "agents-file",
        flag: "--agents",
        kind: .text,
        expectation: "a path",
        defaultValue: .none("one offline demo agent")
    )
    static let liveAgents = ServeSetting(
        "live-agents",
        flag: "--live-agents",
        kind: .integer,
        expectation: "a whole number",
        defaultValue: .value("\(agents.capacity)")
    )
    static let agentIdleMinutes = ServeSetting(
        "agent-idle-minutes",
        flag: "--agent-idle-minutes",
        kind: .number,
        expectation: "a number of minutes",
        defaultValue: .value(numberText(agents.idleTimeout, unit: 60))
    )
    static let encryptApps = ServeSetting(
        "encrypt-apps",
        flag: "--encrypt-app",
        kind: .list,
        expectation: "a list of apps",
        defaultValue: .none("nothing is encrypted")
    )
    static let encryptionKeyFile = ServeSetting(
        "encryption-key-file",
        flag: "--encryption-key-file",
        kind: .text,
        expectation: "a path",
        defaultValue: .none("keys come from encryption-keys")
    )
    static let encryptionKeys = ServeSetting(
        "encryption-keys",
        flag: nil,
        kind: .list,
        expectation: "a list of ID:BASE64 keys, the current one first",
        defaultValue: .none("keys come from encryption-key-file"),
        isSecret: true
    )

    /// A number as a file holds it: `60`, `0.5`.
    static func numberText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? "\(Int(number))" : "\(number)"
    }

    /// A duration in a unit of seconds (1 for seconds, 60 for minutes) as a file holds it.
    static func numberText(_ duration: Duration, unit: Double) -> String {
        let components = duration.components
        return numberText((Double(components.seconds) + Double(components.attoseconds) / 1e18) / unit)
    }

    /// A list as a YAML file holds it: `[a, b]`.
    static func listText(_ entries: [String]) -> String {
        "[" + entries.joined(separator: ", ") + "]"
    }
}
