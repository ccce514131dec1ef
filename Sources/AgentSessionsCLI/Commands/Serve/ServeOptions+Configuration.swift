import AgentSessions
import AgentSessionsServer
import ArgumentParser
import Foundation

// What the flags, the environment and the configuration file make of the server.
extension ServeOptions {
    /// Refuses any bad setting: resolves the server's configuration, the log, the store, the
    /// agents and the encryption, as `serve` does before it starts.
    /// - Throws: `ValidationError` naming the flag, variable or file key at fault.
    func check() throws {
        _ = try configuration()
        _ = try level()
        _ = try format()
        _ = try backend()
        _ = try metadataKeysToIndex()
        _ = try pageCacheBytes()
        _ = try agentCatalog()
        _ = try agentRuntimeConfiguration()
        _ = try encryptionConfiguration()
    }

    /// The server configuration the flags, the environment and the configuration file describe.
    /// - Throws: `ValidationError` naming the flag, variable or file key with a bad value.
    func configuration() throws -> ServerConfiguration {
        let settings = settingsReader()
        var configuration = ServerConfiguration()
        if let host = try settings.string(.host) { configuration.host = host.value }
        if let port = try settings.int(.port) {
            guard (0...65_535).contains(port.value) else {
                throw ValidationError(
                    "\(port.name) \(port.value) is outside 0…65535; give a port from 1 to 65535, or 0 for any"
                )
            }
            configuration.port = port.value
        }
        if let limit = try settings.int(.bodyLimit) {
            guard limit.value > 0 else { throw ValidationError("\(limit.name) must be 1 or more, not \(limit.value)") }
            configuration.bodyLimit = limit.value
        }
        configuration.idleTimeout = try timeout(settings.double(.idleTimeout)) ?? configuration.idleTimeout
        configuration.requestTimeout = try timeout(settings.double(.requestTimeout)) ?? configuration.requestTimeout
        configuration.resumePolicy = try resumePolicy(settings)
        configuration.sweeper.interval = try interval(settings.double(.sweepInterval)) ?? configuration.sweeper.interval
        if let idle = try duration(settings.double(.childIdleMinutes), unit: 60) {
            configuration.sweeper.idleTime = idle
        }
        configuration.cleanup = try cleanup(settings)
        configuration.apiKeys = try apiKeys(settings)
        configuration.corsOrigins = try settings.list(.corsOrigins)?.value ?? []
        configuration.inspector = try inspector(settings)
        configuration.tracing = try tracesEndpoint() != nil
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return configuration
    }

    /// Where traces go: `--otlp-endpoint` (or `otlp-endpoint`) without a trailing `/`, else
    /// `nil` for no traces.
    /// - Throws: `ValidationError` for a value that is not an http or https URL with a host.
    func tracesEndpoint() throws -> String? {
        guard let endpoint = try settingsReader().string(.otlpEndpoint) else { return nil }
        guard let url = URL(string: endpoint.value), ["http", "https"].contains(url.scheme?.lowercased()),
            url.host?.isEmpty == false, url.query == nil
        else {
            throw ValidationError(
                "\(endpoint.quoting(endpoint.value)) is not an http or https URL of a collector, "
                    + "such as http://127.0.0.1:4318"
            )
        }
        var text = endpoint.value
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The inspector: off with `--no-inspector` (or `inspector` off), else from
    /// `--inspector-files` (or `inspector-files`), else built in.
    /// - Throws: `ValidationError` for a value other than on or off, or a directory that is
    ///   not one.
    private func inspector(_ settings: ServeSettingsReader) throws -> InspectorFiles {
        if let inspector = try settings.string(.inspector) {
            switch inspector.value {
            case "off": return .off
            case "on": break
            case let other: throw ValidationError("\(inspector.quoting(other)) is not on or off")
            }
        }
        guard let path = try settings.string(.inspectorFiles) else { return .builtIn }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.value, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ValidationError("\(path.name) \(path.value) is not a directory; give the directory of index.html")
        }
        return .directory(path.value)
    }

    /// The resume policy: `--max-idle-minutes`, `--max-errors` and `--resumable-phases`.
    /// - Throws: `ValidationError` for a bad time, a negative count or a phase of no lifecycle.
    private func resumePolicy(_ settings: ServeSettingsReader) throws -> ResumePolicy {
        var policy = ResumePolicy()
        if let idle = try duration(settings.double(.maxIdleMinutes), unit: 60) {
            policy.maximumIdle = idle
        }
        if let errors = try settings.int(.maxErrors) {
            guard errors.value >= 0 else {
                throw ValidationError("\(errors.name) must be 0 or more, not \(errors.value)")
            }
            policy.maximumErrors = errors.value
        }
        if let phases = try settings.list(.resumablePhases) {
            guard !phases.value.isEmpty else {
                throw ValidationError(
                    "\(phases.name) needs phase names separated by commas, such as approval,planning"
                )
            }
            policy.resumablePhases = Set(phases.value.map { Phase($0) })
            do {
                try policy.validate(against: .standard)
            } catch {
                throw ValidationError("\(phases.name): \(error.message)")
            }
        }
        return policy
    }

    /// The background clean-up: `--cleanup-interval` and `--cleanup-idle-hours`.
    /// - Throws: `ValidationError` for a bad interval, entry, app name or number of hours.
    private func cleanup(_ settings: ServeSettingsReader) throws -> StaleSessionSweeper.Configuration {
        var cleanup = StaleSessionSweeper.Configuration()
        cleanup.interval = try interval(settings.double(.cleanupInterval)) ?? cleanup.interval
        guard let policy = try settings.list(.cleanupIdleHours) else { return cleanup }
        for entry in policy.value {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let hours = Double(parts[1]), hours.isFinite, (0...1_000_000).contains(hours)
            else {
                throw ValidationError(
                    "\(policy.name) entry '\(entry)' is not APP=HOURS with hours from 0 to 1000000, such as ops=24"
                )
            }
            do {
                try SessionKey.validateApp(parts[0])
            } catch {
                throw ValidationError("\(policy.name): \(error.message)")
            }
            guard cleanup.idleTimes.updateValue(.seconds(hours * 3600), forKey: parts[0]) == nil else {
                throw ValidationError("\(policy.name) names the app '\(parts[0])' twice; keep one entry")
            }
        }
        guard !cleanup.idleTimes.isEmpty else {
            throw ValidationError("\(policy.name) needs entries APP=HOURS separated by commas, such as ops=24")
        }
        return cleanup
    }

    /// The keys of `--keys-file` (or `api-keys-file`) and of `api-keys`.
    /// - Throws: `ValidationError` for an unreadable keys file or a bad entry.
    private func apiKeys(_ settings: ServeSettingsReader) throws -> APIKeyRing {
        var sources: [(text: String, name: String)] = []
        if let path = try settings.string(.apiKeysFile) {
            guard let contents = try? String(contentsOfFile: path.value, encoding: .utf8) else {
                throw ValidationError("cannot read the keys file \(path.value); check the path and its permissions")
            }
            sources.append((contents, path.value))
        }
        if let keys = try settings.list(.apiKeys), !keys.value.isEmpty {
            sources.append((keys.value.joined(separator: ","), keys.origin))
        }
        do {
            var ring = APIKeyRing()
            for source in sources {
                try ring.merge(APIKeyRing(parsing: source.text, source: source.name))
            }
            return ring
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// A time setting (in `unit` seconds), from 0 to 60,000,000 minutes.
    /// - Throws: `ValidationError` for a value out of range.
    func duration(_ setting: ServeSettingValue<Double>?, unit: Double = 1) throws -> Duration? {
        guard let setting else { return nil }
        let number = setting.value
        guard number.isFinite, number >= 0, number * unit <= 3_600_000_000 else {
            throw ValidationError("\(setting.name) must be a number from 0 to \(Int(3_600_000_000 / unit))")
        }
        return .seconds(number * unit)
    }

    /// A connection timeout in seconds, of 0.1 seconds or more.
    private func timeout(_ setting: ServeSettingValue<Double>?) throws -> Duration? {
        guard let setting, let timeout = try duration(setting) else { return nil }
        guard timeout >= .milliseconds(100) else {
            throw ValidationError("\(setting.name) must be 0.1 seconds or more")
        }
        return timeout
    }

    /// A background task's interval in seconds, from 0.01 to 86400.
    private func interval(_ setting: ServeSettingValue<Double>?) throws -> Duration? {
        guard let setting, let interval = try duration(setting) else { return nil }
        guard interval >= .milliseconds(10), interval <= .seconds(86_400) else {
            throw ValidationError("\(setting.name) must be from 0.01 to 86400 seconds")
        }
        return interval
    }
}
