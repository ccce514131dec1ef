import AgentSessionsAgents
import AgentSessionsTesting
import Foundation
import Testing

/// The agents file: seed 003's shape, defaults, and refusals that name the line.
struct AgentCatalogTests {
    static let seedShaped = """
        agents:
          geo:
            display_name: "GeoAgent"
            default_instructions: |
              You are a geocoding assistant.
            model:
              provider: openai-compatible
              name: "gpt-4.1-mini"
              temperature: 0.7
              max_tokens: 2000
            session_memory:
              type: "sqlite"
              session_id: null
              database_path: null
              enabled: true
          scratch:
            instructions: Answer once.
            session_memory:
              type: none
          notes:
            model:
              temperature: 0.2
            session_memory:
              type: memory
          retired:
            enabled: false

        defaults:
          instructions: Be brief.
          model:
            base_url: "http://127.0.0.1:11434/v1"
            temperature: 1.0
            api_key_env: LOCAL_KEY
          session_memory:
            type: "sqlite"
            enabled: true
        """

    @Test func readsSeedThreesShape() throws {
        let catalog = try AgentCatalog(yaml: Self.seedShaped, source: "agents.yaml")
        #expect(catalog.agents.map(\.name) == ["geo", "scratch", "notes"])
        let geo = try #require(catalog.agent(named: "geo"))
        #expect(geo.displayName == "GeoAgent")
        #expect(geo.instructions == "You are a geocoding assistant.\n")
        #expect(geo.model.provider == .openAICompatible)
        #expect(geo.model.name == "gpt-4.1-mini")
        #expect(geo.model.temperature == 0.7)
        #expect(geo.model.maxTokens == 2000)
        #expect(geo.sessionMemory == SessionMemory(kind: .sqlite))
        #expect(catalog.defaultAgent.name == "geo")
    }

    @Test func defaultsFillWhatAnAgentLeavesOut() throws {
        let catalog = try AgentCatalog(yaml: Self.seedShaped, source: "agents.yaml")
        let geo = try #require(catalog.agent(named: "geo"))
        let notes = try #require(catalog.agent(named: "notes"))
        let scratch = try #require(catalog.agent(named: "scratch"))
        #expect(geo.model.baseURL == "http://127.0.0.1:11434/v1")
        #expect(geo.model.apiKeyVariable == "LOCAL_KEY")
        #expect(notes.model.temperature == 0.2)
        #expect(notes.model.provider == .offline)
        #expect(notes.instructions == "Be brief.")
        #expect(notes.displayName == "notes")
        #expect(notes.sessionMemory.kind == .memory)
        #expect(scratch.instructions == "Answer once.")
        #expect(scratch.model.temperature == 1.0)
        #expect(scratch.sessionMemory.kind == SessionMemory.Kind.none)
        #expect(catalog.agent(named: "retired") == nil)
    }

    @Test func builtInDefaultsApplyWithoutDefaults() throws {
        let catalog = try AgentCatalog(yaml: "agents:\n  plain: {}\n", source: "agents.yaml")
        let plain = try #require(catalog.agent(named: "plain"))
        #expect(plain.model == ModelSettings())
        #expect(plain.model.baseURL == "https://api.openai.com/v1")
        #expect(plain.model.apiKeyVariable == "OPENAI_API_KEY")
        #expect(plain.sessionMemory == SessionMemory(kind: .sqlite, databasePath: nil))
        #expect(plain.instructions == "")
    }

    @Test func memoryDisabledMeansNone() throws {
        let yaml = "agents:\n  a:\n    session_memory: {type: sqlite, enabled: false}\n"
        let catalog = try AgentCatalog(yaml: yaml, source: "agents.yaml")
        #expect(catalog.agent(named: "a")?.sessionMemory.isEnabled == false)
    }

    @Test func defaultAgentIsChosenByName() throws {
        let yaml = "default_agent: b\nagents:\n  a: {}\n  b: {}\n"
        #expect(try AgentCatalog(yaml: yaml, source: "agents.yaml").defaultAgent.name == "b")
    }

    @Test func aFallbackAgentIsChosenByNameAndNoneByDefault() throws {
        let yaml = "fallback_agent: b\nagents:\n  a: {}\n  b: {}\n"
        #expect(try AgentCatalog(yaml: yaml, source: "agents.yaml").fallbackAgent?.name == "b")
        #expect(try AgentCatalog(yaml: "agents:\n  a: {}\n", source: "agents.yaml").fallbackAgent == nil)
        #expect(AgentCatalog.demo.fallbackAgent == nil)
    }

    /// A wrong file and the line its error names.
    static let refusals: [(yaml: String, line: Int?, words: String)] = [
        ("agents:\n  geo:\n    modle: {}\n", 3, "unknown key 'modle' in agents.geo"),
        (
            "agents:\n  geo:\n    model:\n      temperature: 3\n", 4,
            "agents.geo.model.temperature must be a number from 0 to 2"
        ),
        (
            "agents:\n  geo:\n    model:\n      max_tokens: lots\n", 4,
            "agents.geo.model.max_tokens must be a whole number"
        ),
        ("agents:\n  geo:\n    model:\n      provider: anthropic\n", 4, "must be one of offline, openai-compatible"),
        ("agents:\n  geo:\n    session_memory:\n      type: redis\n", 4, "must be one of sqlite, memory, none"),
        ("agents:\n  geo:\n    session_memory:\n      enabled: maybe\n", 4, "must be true or false"),
        (
            "agents:\n  geo:\n    session_memory:\n      session_id: fixed\n", 4,
            "the session id comes from the chat request"
        ),
        ("agents:\n  geo:\n    model: {provider: openai-compatible}\n", 2, "names no model"),
        ("agents:\n  geo:\n    model: {base_url: ftp://x}\n", 3, "must start with http:// or https://"),
        ("agents:\n  'bad name': {}\n", 2, "has the character ' '"),
        ("agents:\n  geo: {}\n  geo: {}\n", 2, "appears twice"),
        ("agents:\n  geo: [1, 2]\n", 2, "agents.geo must be a mapping"),
        ("agents:\n  geo: {\n", 3, "YAML syntax"),
        ("default_agent: nobody\nagents:\n  geo: {}\n", 1, "default_agent 'nobody' is not an enabled agent"),
        (
            "agents:\n  geo: {}\n  old: {enabled: false}\nfallback_agent: old\n", 4,
            "fallback_agent 'old' is not an enabled agent"
        ),
        ("agents:\n  geo: {enabled: false}\n", 2, "there are no enabled agents"),
        ("defaults:\n  model: {}\n", 1, "has no 'agents' mapping"),
        ("", nil, "the file is empty"),
        ("agnets:\n  geo: {}\n", 1, "unknown key 'agnets' in the file"),
    ]

    @Test(arguments: 0..<refusals.count)
    func aWrongFileIsRefusedWithItsLine(index: Int) throws {
        let refusal = Self.refusals[index]
        let error = try #require(throws: AgentsFileError.self) {
            try AgentCatalog(yaml: refusal.yaml, source: "agents.yaml")
        }
        #expect(error.line == refusal.line, "\(error)")
        #expect(error.message.contains(refusal.words), "\(error)")
        #expect(error.source == "agents.yaml")
        #expect(error.description.hasPrefix(refusal.line.map { "agents.yaml, line \($0): " } ?? "agents.yaml: "))
    }

    @Test func aFilesRelativeDatabasePathIsTakenFromItsFolder() async throws {
        try await TemporaryDirectory.with { folder in
            let path = folder + "/agents.yaml"
            let yaml = """
                agents:
                  own: {session_memory: {type: sqlite, database_path: data/own.sqlite}}
                  absolute: {session_memory: {type: sqlite, database_path: /var/tmp/abs.sqlite}}
                """
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let catalog = try AgentCatalog(contentsOfFile: path)
            #expect(catalog.agent(named: "own")?.sessionMemory.databasePath == folder + "/data/own.sqlite")
            #expect(catalog.agent(named: "absolute")?.sessionMemory.databasePath == "/var/tmp/abs.sqlite")
            #expect(catalog.defaultAgent.sessionMemory.databasePath == folder + "/data/own.sqlite")
        }
    }

    @Test func aMissingFileIsRefused() throws {
        let error = try #require(throws: AgentsFileError.self) {
            try AgentCatalog(contentsOfFile: "/nonexistent/agents.yaml")
        }
        #expect(error.message.contains("cannot read the agents file"))
        #expect(error.line == nil)
    }

    @Test func theDemoCatalogIsOneOfflineAgent() {
        #expect(AgentCatalog.demo.agents.map(\.name) == ["assistant"])
        #expect(AgentCatalog.demo.defaultAgent.model.provider == .offline)
        #expect(AgentCatalog.demo.defaultAgent.sessionMemory.kind == .sqlite)
    }
}
