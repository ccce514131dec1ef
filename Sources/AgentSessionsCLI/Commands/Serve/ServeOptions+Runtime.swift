import AgentSessionsAgents
import AgentSessionsServer
import ArgumentParser
import Logging

// What the flags, the environment and the configuration file make of the agents and the log.
extension ServeOptions {
    /// The agents: the file of `--agents` (or `agents-file`), else the demo agent.
    /// - Throws: `ValidationError` with the file, the line and the reason when the file is wrong.
    func agentCatalog() throws -> AgentCatalog {
        guard let path = try settingsReader().string(.agentsFile) else { return .demo }
        do {
            return try AgentCatalog(contentsOfFile: path.value)
        } catch {
            throw ValidationError("agents file \(error)")
        }
    }

    /// The bounds of the agent runtime: `--live-agents` and `--agent-idle-minutes`.
    /// - Throws: `ValidationError` for a count below 1 or a bad time.
    func agentRuntimeConfiguration() throws -> AgentRuntime.Configuration {
        let settings = settingsReader()
        var configuration = AgentRuntime.Configuration()
        if let count = try settings.int(.liveAgents) {
            guard count.value >= 1 else { throw ValidationError("\(count.name) must be 1 or more, not \(count.value)") }
            configuration.capacity = count.value
        }
        if let idle = try duration(settings.double(.agentIdleMinutes), unit: 60) {
            configuration.idleTimeout = idle
        }
        return configuration
    }

    /// The log format: `--log-format` (or `log-format`), else text.
    /// - Throws: `ValidationError` for an unknown format.
    func format() throws -> StandardErrorLogHandler.Format {
        guard let text = try settingsReader().string(.logFormat) else { return .text }
        guard let format = StandardErrorLogHandler.Format(rawValue: text.value) else {
            throw ValidationError("\(text.quoting(text.value)) is not a format; use text or json")
        }
        return format
    }

    /// The log level: `--log-level` (or `log-level`), else info.
    /// - Throws: `ValidationError` for an unknown level.
    func level() throws -> Logger.Level {
        guard let text = try settingsReader().string(.logLevel) else { return .info }
        guard let level = Logger.Level(rawValue: text.value) else {
            throw ValidationError(
                "\(text.quoting(text.value)) is not a level; use trace, debug, info, notice, warning, error or critical"
            )
        }
        return level
    }
}
