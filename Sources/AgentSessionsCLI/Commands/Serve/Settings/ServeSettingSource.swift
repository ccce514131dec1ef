/// Where the value of a ``ServeSetting`` came from, in the order of precedence.
enum ServeSettingSource: Sendable, Hashable {
    /// A flag of `serve`.
    case flag
    /// The setting's environment variable.
    case environment
    /// The configuration file at this path.
    case file(String)
    /// Nothing set it.
    case `default`

    /// How `--print-config` names the source of a setting: `flag --port`,
    /// `environment AGENT_SESSIONS_PORT`, `file config.yaml` or `default`.
    func description(of setting: ServeSetting) -> String {
        switch self {
        case .flag: "flag \(setting.flag ?? setting.key)"
        case .environment: "environment \(setting.environmentVariable)"
        case .file(let path): "file \(path)"
        case .default: "default"
        }
    }
}
