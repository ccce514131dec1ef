import Configuration

// The bridge from the flags of `serve` to swift-configuration: every flag's key, and the reader
// of flags, environment and configuration file.
extension ServeOptions {
    /// The configuration file's path: `--config`, else `AGENT_SESSIONS_CONFIG`, else `nil`.
    var configFilePath: String? {
        config ?? environment["AGENT_SESSIONS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads the configuration file of ``configFilePath`` into ``configFile``; without a path,
    /// leaves it as it is.
    /// - Throws: ``ServeConfigError`` for a file that is missing, unreadable, not YAML or JSON,
    ///   or holding an unknown key.
    mutating func loadConfigFile() async throws(ServeConfigError) {
        guard let path = configFilePath else { return }
        configFile = try await ServeConfigFile.load(path: path)
    }

    /// The reader of every setting: the flags given, then ``environment``, then ``configFile``.
    func settingsReader() -> ServeSettingsReader {
        ServeSettingsReader(flags: flagValues, environment: environment, file: configFile)
    }

    /// The flags the user gave, by their settings' keys, each of its setting's type.
    private var flagValues: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func set(_ setting: ServeSetting, _ content: ConfigContent?) {
            guard let content else { return }
            values[AbsoluteConfigKey(setting.configKey)] = ConfigValue(content, isSecret: setting.isSecret)
        }
        func list(_ entries: [String]) -> ConfigContent? { entries.isEmpty ? nil : .stringArray(entries) }
        func commas(_ text: String?) -> ConfigContent? {
            text.map { .stringArray($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
        }
        set(.host, host.map(ConfigContent.string))
        set(.port, port.map(ConfigContent.int))
        set(.store, store.map(ConfigContent.string))
        set(.db, db.map(ConfigContent.string))
        set(.indexedMetadataKeys, list(indexedMetadataKeys))
        set(.pageCacheMiB, pageCacheMiB.map(ConfigContent.int))
        set(.dir, dir.map(ConfigContent.string))
        set(.apiKeysFile, keysFile.map(ConfigContent.string))
        set(.bodyLimit, bodyLimit.map(ConfigContent.int))
        set(.idleTimeout, idleTimeout.map(ConfigContent.double))
        set(.requestTimeout, requestTimeout.map(ConfigContent.double))
        set(.resumablePhases, commas(resumablePhases))
        set(.maxIdleMinutes, maxIdleMinutes.map(ConfigContent.double))
        set(.maxErrors, maxErrors.map(ConfigContent.int))
        set(.sweepInterval, sweepInterval.map(ConfigContent.double))
        set(.childIdleMinutes, childIdleMinutes.map(ConfigContent.double))
        set(.cleanupInterval, cleanupInterval.map(ConfigContent.double))
        set(.cleanupIdleHours, commas(cleanupIdleHours))
        set(.logLevel, logLevel.map(ConfigContent.string))
        set(.logFormat, logFormat.map(ConfigContent.string))
        set(.otlpEndpoint, otlpEndpoint.map(ConfigContent.string))
        set(.corsOrigins, list(corsOrigins))
        set(.inspector, noInspector ? .string("off") : nil)
        set(.inspectorFiles, inspectorFiles.map(ConfigContent.string))
        set(.agentsFile, agents.map(ConfigContent.string))
        set(.liveAgents, liveAgents.map(ConfigContent.int))
        set(.agentIdleMinutes, agentIdleMinutes.map(ConfigContent.double))
        set(.encryptApps, list(encryption.encryptApps))
        set(.encryptionKeyFile, encryption.encryptionKeyFile.map(ConfigContent.string))
        return values
    }
}
