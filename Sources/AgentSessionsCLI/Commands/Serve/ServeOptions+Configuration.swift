import AgentSessions
import AgentSessionsAgents
import AgentSessionsServer
import ArgumentParser
import Foundation
import Logging

// What the flags and the environment make of the server, its agents and its log.
extension ServeOptions {
    /// The server configuration the flags and the environment describe.
    /// - Throws: `ValidationError` naming the flag or variable with a bad value.
    func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = try value(host, "AGENT_SESSIONS_HOST", flag: "--host") { $0 } ?? configuration.host
        configuration.port = try value(port, "AGENT_SESSIONS_PORT", flag: "--port") { Int($0) } ?? configuration.port
        configuration.bodyLimit =
            try value(bodyLimit, "AGENT_SESSIONS_BODY_LIMIT", flag: "--body-limit") { Int($0) }
            ?? configuration.bodyLimit
        configuration.idleTimeout =
            try timeout(idleTimeout, "AGENT_SESSIONS_IDLE_TIMEOUT", flag: "--idle-timeout")
            ?? configuration.idleTimeout
        configuration.requestTimeout =
            try timeout(requestTimeout, "AGENT_SESSIONS_REQUEST_TIMEOUT", flag: "--request-timeout")
            ?? configuration.requestTimeout
        configuration.resumePolicy = try resumePolicy()
        if let interval = try duration(sweepInterval, "AGENT_SESSIONS_SWEEP_INTERVAL", flag: "--sweep-interval") {
            guard interval >= .milliseconds(10), interval <= .seconds(86_400) else {
                throw ValidationError("--sweep-interval must be from 0.01 to 86400 seconds")
            }
            configuration.sweeper.interval = interval
        }
        if let idle = try duration(
            childIdleMinutes,
            "AGENT_SESSIONS_CHILD_IDLE_MINUTES",
            flag: "--child-idle-minutes",
            unit: 60
        ) {
            configuration.sweeper.idleTime = idle
        }
        configuration.cleanup = try cleanup()
        configuration.apiKeys = try apiKeys()
        configuration.corsOrigins =
            corsOrigins.isEmpty
            ? (environment["AGENT_SESSIONS_CORS_ORIGINS"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty } : corsOrigins
        configuration.inspector = try inspector()
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return configuration
    }

    /// The inspector: off with `--no-inspector` (or `AGENT_SESSIONS_INSPECTOR=off`), else from
    /// `--inspector-files` (or `AGENT_SESSIONS_INSPECTOR_FILES`), else built in.
    /// - Throws: `ValidationError` for another value of the variable, or a directory that is
    ///   not one.
    private func inspector() throws -> InspectorFiles {
        switch environment["AGENT_SESSIONS_INSPECTOR"] ?? "" {
        case "off": return .off
        case "", "on": break
        case let other:
            throw ValidationError("AGENT_SESSIONS_INSPECTOR='\(other)' is not on or off")
        }
        if noInspector { return .off }
        guard let path = try value(inspectorFiles, "AGENT_SESSIONS_INSPECTOR_FILES", flag: "--inspector-files", { $0 })
        else { return .builtIn }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--inspector-files \(path) is not a directory; give the directory of index.html")
        }
        return .directory(path)
    }

    private func resumePolicy() throws -> ResumePolicy {
        var policy = ResumePolicy()
        if let idle = try duration(
            maxIdleMinutes,
            "AGENT_SESSIONS_MAX_IDLE_MINUTES",
            flag: "--max-idle-minutes",
            unit: 60
        ) {
            policy.maximumIdle = idle
        }
        if let errors = try value(maxErrors, "AGENT_SESSIONS_MAX_ERRORS", flag: "--max-errors", { Int($0) }) {
            guard errors >= 0 else { throw ValidationError("--max-errors must be 0 or more, not \(errors)") }
            policy.maximumErrors = errors
        }
        if let list = try value(resumablePhases, "AGENT_SESSIONS_RESUMABLE_PHASES", flag: "--resumable-phases", { $0 })
        {
            let phases = list.split(separator: ",").map { Phase($0.trimmingCharacters(in: .whitespaces)) }
            guard !phases.isEmpty, !phases.contains(where: { $0.rawValue.isEmpty }) else {
                throw ValidationError(
                    "--resumable-phases needs phase names separated by commas, such as approval,planning"
                )
            }
            policy.resumablePhases = Set(phases)
            do {
                try policy.validate(against: .standard)
            } catch {
                throw ValidationError("--resumable-phases: \(error.message)")
            }
        }
        return policy
    }

    /// The background clean-up: `--cleanup-interval` and `--cleanup-idle-hours`, or their
    /// environment variables.
    /// - Throws: `ValidationError` for a bad interval, entry, app name or number of hours.
    private func cleanup() throws -> StaleSessionSweeper.Configuration {
        var cleanup = StaleSessionSweeper.Configuration()
        if let interval = try duration(cleanupInterval, "AGENT_SESSIONS_CLEANUP_INTERVAL", flag: "--cleanup-interval") {
            guard interval >= .milliseconds(10), interval <= .seconds(86_400) else {
                throw ValidationError("--cleanup-interval must be from 0.01 to 86400 seconds")
            }
            cleanup.interval = interval
        }
        guard
            let policy = try value(
                cleanupIdleHours,
                "AGENT_SESSIONS_CLEANUP_IDLE_HOURS",
                flag: "--cleanup-idle-hours",
                { $0 }
            )
        else { return cleanup }
        for entry in policy.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let hours = Double(parts[1]), hours.isFinite, (0...1_000_000).contains(hours)
            else {
                throw ValidationError(
                    "--cleanup-idle-hours entry '\(entry)' is not APP=HOURS with hours from 0 to 1000000, "
                        + "such as ops=24"
                )
            }
            do {
                try SessionKey.validateApp(parts[0])
            } catch {
                throw ValidationError("--cleanup-idle-hours: \(error.message)")
            }
            guard cleanup.idleTimes.updateValue(.seconds(hours * 3600), forKey: parts[0]) == nil else {
                throw ValidationError("--cleanup-idle-hours names the app '\(parts[0])' twice; keep one entry")
            }
        }
        guard !cleanup.idleTimes.isEmpty else {
            throw ValidationError("--cleanup-idle-hours needs entries APP=HOURS separated by commas, such as ops=24")
        }
        return cleanup
    }

    /// The keys of `--keys-file` (or `AGENT_SESSIONS_API_KEYS_FILE`) and `AGENT_SESSIONS_API_KEYS`.
    private func apiKeys() throws -> APIKeyRing {
        var sources: [(text: String, name: String)] = []
        if let path = keysFile ?? environment["AGENT_SESSIONS_API_KEYS_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the keys file \(path); check the path and its permissions")
            }
            sources.append((contents, path))
        }
        if let keys = environment["AGENT_SESSIONS_API_KEYS"], !keys.isEmpty {
            sources.append((keys, "AGENT_SESSIONS_API_KEYS"))
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

    /// A time flag (in `unit` seconds) or its environment variable, from 0 to 60,000,000 minutes.
    /// - Throws: `ValidationError` for a value that is not a number in range.
    private func duration(_ flag: Double?, _ variable: String, flag name: String, unit: Double = 1) throws -> Duration?
    {
        guard let number = try value(flag, variable, flag: name, Double.init) else { return nil }
        guard number.isFinite, number >= 0, number * unit <= 3_600_000_000 else {
            throw ValidationError("\(name) must be a number from 0 to \(Int(3_600_000_000 / unit))")
        }
        return .seconds(number * unit)
    }

    /// A connection timeout in seconds (of 0.1 seconds or more) from a flag or its variable.
    private func timeout(_ flag: Double?, _ variable: String, flag name: String) throws -> Duration? {
        guard let timeout = try duration(flag, variable, flag: name) else { return nil }
        guard timeout >= .milliseconds(100) else { throw ValidationError("\(name) must be 0.1 seconds or more") }
        return timeout
    }

    /// A flag's value, else its environment variable parsed, else `nil`.
    private func value<T>(
        _ flag: T?,
        _ variable: String,
        flag name: String,
        _ parse: (String) -> T?
    ) throws -> T? {
        if let flag { return flag }
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let parsed = parse(text) else { throw ValidationError("\(variable)='\(text)' is not a valid \(name)") }
        return parsed
    }

    /// The agents: the file of `--agents` (or `AGENT_SESSIONS_AGENTS_FILE`), else the demo agent.
    /// - Throws: `ValidationError` with the file, the line and the reason when the file is wrong.
    func agentCatalog() throws -> AgentCatalog {
        guard let path = try value(agents, "AGENT_SESSIONS_AGENTS_FILE", flag: "--agents", { $0 }) else {
            return .demo
        }
        do {
            return try AgentCatalog(contentsOfFile: path)
        } catch {
            throw ValidationError("agents file \(error)")
        }
    }

    /// The bounds of the agent runtime: `--live-agents` and `--agent-idle-minutes`, or their
    /// environment variables.
    /// - Throws: `ValidationError` for a count below 1 or a bad time.
    func agentRuntimeConfiguration() throws -> AgentRuntime.Configuration {
        var configuration = AgentRuntime.Configuration()
        if let count = try value(liveAgents, "AGENT_SESSIONS_LIVE_AGENTS", flag: "--live-agents", { Int($0) }) {
            guard count >= 1 else { throw ValidationError("--live-agents must be 1 or more, not \(count)") }
            configuration.capacity = count
        }
        if let idle = try duration(
            agentIdleMinutes,
            "AGENT_SESSIONS_AGENT_IDLE_MINUTES",
            flag: "--agent-idle-minutes",
            unit: 60
        ) {
            configuration.idleTimeout = idle
        }
        return configuration
    }

    /// The log format: `--log-format`, `AGENT_SESSIONS_LOG_FORMAT`, or text.
    /// - Throws: `ValidationError` for an unknown format.
    func format() throws -> StandardErrorLogHandler.Format {
        guard let text = logFormat ?? environment["AGENT_SESSIONS_LOG_FORMAT"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return .text }
        guard let format = StandardErrorLogHandler.Format(rawValue: text) else {
            throw ValidationError("--log-format '\(text)' is not a format; use text or json")
        }
        return format
    }

    /// The log level: `--log-level`, `AGENT_SESSIONS_LOG_LEVEL`, or info.
    /// - Throws: `ValidationError` for an unknown level.
    func level() throws -> Logger.Level {
        guard let text = logLevel ?? environment["AGENT_SESSIONS_LOG_LEVEL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .info
        }
        guard let level = Logger.Level(rawValue: text) else {
            throw ValidationError(
                "--log-level '\(text)' is not a level; use trace, debug, info, notice, warning, error or critical"
            )
        }
        return level
    }
}
