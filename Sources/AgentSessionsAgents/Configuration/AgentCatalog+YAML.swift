import AgentSessions
import Foundation
import Yams

extension AgentCatalog {
    /// Reads an agents file in seed 003's shape.
    ///
    /// ```yaml
    /// default_agent: geo            # optional; else the first enabled agent
    /// fallback_agent: geo           # optional; answers sessions of agents the file lacks
    /// agents:
    ///   geo:
    ///     display_name: GeoAgent
    ///     instructions: You are a geocoding assistant.
    ///     model: {provider: openai-compatible, name: gpt-4.1-mini, temperature: 0.7, max_tokens: 2000}
    ///     session_memory: {type: sqlite, database_path: null, enabled: true}
    /// defaults:                     # applied where an agent says nothing
    ///   model: {base_url: "http://127.0.0.1:11434/v1"}
    /// ```
    ///
    /// Unknown keys are refused, so that a typo never passes silently. Agents with
    /// `enabled: false` are left out. A relative `database_path` is kept as written (see
    /// ``init(contentsOfFile:)``).
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - source: The file's name, for messages.
    /// - Throws: ``AgentsFileError`` with the line and the reason.
    public init(yaml: String, source: String) throws(AgentsFileError) {
        let reader = AgentsFileReader(source: source)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw AgentsFileError(source: source, "the file is empty; define agents under 'agents'")
            }
            root = node
        } catch let error as AgentsFileError {
            throw error
        } catch {
            throw Self.syntaxError(error, source: source)
        }
        var agentsNode: Node?
        var defaults = AgentLayer()
        var defaultAgentName: String?
        var defaultAgentNode: Node?
        var fallbackAgentName: String?
        var fallbackAgentNode: Node?
        for (key, value, _) in try reader.entries(
            root,
            path: "the file",
            allowed: ["agents", "defaults", "default_agent", "fallback_agent"]
        ) {
            switch key {
            case "agents": agentsNode = value
            case "defaults":
                defaults = try AgentLayer(value, path: "defaults", allowed: AgentLayer.defaultsKeys, reader: reader)
            case "fallback_agent":
                fallbackAgentName = try reader.string(value, path: "fallback_agent")
                fallbackAgentNode = value
            default:
                defaultAgentName = try reader.string(value, path: "default_agent")
                defaultAgentNode = value
            }
        }
        guard let agentsNode else {
            throw reader.error("the file has no 'agents' mapping; define at least one agent under it", at: root)
        }
        var agents: [AgentDefinition] = []
        for (name, value, keyNode) in try reader.entries(agentsNode, path: "agents") {
            do {
                try Identifier.validate(name, field: "agent", what: "agent name", allowsEmpty: false)
            } catch {
                throw reader.error(error.message, at: keyNode)
            }
            let layer = try AgentLayer(value, path: "agents.\(name)", allowed: AgentLayer.agentKeys, reader: reader)
            guard layer.isEnabled ?? true else { continue }
            agents.append(try layer.definition(name: name, over: defaults, at: keyNode, reader: reader))
        }
        if let fallbackAgentName, let fallbackAgentNode, !agents.contains(where: { $0.name == fallbackAgentName }) {
            throw reader.error(
                "fallback_agent '\(fallbackAgentName)' is not an enabled agent of the file",
                at: fallbackAgentNode
            )
        }
        do {
            try self.init(agents, defaultAgentName: defaultAgentName, fallbackAgentName: fallbackAgentName)
        } catch {
            throw reader.error(error.message, at: defaultAgentNode ?? agentsNode)
        }
    }

    /// Reads an agents file from disk. A relative `database_path` is taken relative to the
    /// file's folder, so the file means the same wherever the server starts.
    /// - Parameter path: The file.
    /// - Throws: ``AgentsFileError`` when the file cannot be read or is wrong.
    public init(contentsOfFile path: String) throws(AgentsFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AgentsFileError(source: path, "cannot read the agents file; check the path and its permissions")
        }
        try self.init(yaml: text, source: path)
        let folder = (path as NSString).deletingLastPathComponent
        for index in agents.indices {
            if let database = agents[index].sessionMemory.databasePath, !database.hasPrefix("/") {
                agents[index].sessionMemory.databasePath = folder.isEmpty ? database : folder + "/" + database
            }
        }
        if let updated = agents.first(where: { $0.name == defaultAgent.name }) { defaultAgent = updated }
        if let fallback = fallbackAgent, let updated = agents.first(where: { $0.name == fallback.name }) {
            fallbackAgent = updated
        }
    }

    /// A YAML syntax error as a file error with its line.
    private static func syntaxError(_ error: any Error, source: String) -> AgentsFileError {
        guard let yaml = error as? YamlError else {
            return AgentsFileError(source: source, "the file is not valid YAML")
        }
        switch yaml {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return AgentsFileError(source: source, line: mark.line, column: mark.column, "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return AgentsFileError(
                source: source,
                line: context.mark.line,
                column: context.mark.column,
                "the key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping"
            )
        default:
            return AgentsFileError(source: source, "the file is not valid YAML: \(yaml)")
        }
    }
}
