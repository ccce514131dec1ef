/// The value of a ``ServeSetting`` with where it came from, so that a refusal names what the
/// user wrote.
///
/// ```swift
/// if let port = try settings.int(.port), port.value > 65_535 {
///     throw ValidationError("\(port.name) \(port.value) is outside 0…65535")
///     // "--port 70000 is outside 0…65535" or "config.yaml: port 70000 is outside 0…65535"
/// }
/// ```
struct ServeSettingValue<Value: Sendable>: Sendable {
    /// The value.
    var value: Value
    /// The setting.
    var setting: ServeSetting
    /// Where the value came from: a flag, the environment or the file, never the default.
    var source: ServeSettingSource
    /// Whether swift-configuration marked it secret.
    var isSecret: Bool

    /// How a message names the setting: its flag for a flag or an environment variable, as
    /// before the configuration file existed (the variable when the setting has no valued
    /// flag), and `FILE: key` for the file.
    var name: String {
        switch source {
        case .file(let path): "\(path): \(setting.key)"
        case .flag, .environment, .default:
            setting.flag.flatMap { $0.hasPrefix("--no-") ? nil : $0 } ?? setting.environmentVariable
        }
    }

    /// Where the user wrote the value: the flag, the environment variable or `FILE: key`.
    var origin: String {
        switch source {
        case .flag: setting.flag ?? setting.key
        case .environment: setting.environmentVariable
        case .file(let path): "\(path): \(setting.key)"
        case .default: setting.key
        }
    }

    /// A text as the user wrote it for this setting: `--flag 'text'`, `VARIABLE='text'` or
    /// `FILE: key: 'text'`.
    func quoting(_ text: String) -> String {
        switch source {
        case .environment: "\(origin)='\(text)'"
        case .file: "\(origin): '\(text)'"
        case .flag, .default: "\(origin) '\(text)'"
        }
    }
}

extension ServeSettingValue {
    /// The same setting and source with another value.
    func map<Other: Sendable>(_ transform: (Value) throws -> Other) rethrows -> ServeSettingValue<Other> {
        ServeSettingValue<Other>(value: try transform(value), setting: setting, source: source, isSecret: isSecret)
    }
}
