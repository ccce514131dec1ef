import ArgumentParser
import Configuration
import Foundation

/// The settings of `serve` read through one swift-configuration `ConfigReader`, whose
/// providers give the precedence: the flags the user gave, then the environment, then the
/// configuration file. What none of them sets is left to the caller's default.
///
/// Each value comes back with where it came from (``ServeSettingValue``), found through the
/// reader's access reports (``ConfigAccessRecorder``). A value that is not of the setting's
/// kind is refused naming the variable or the file and key. Secrets are read as secrets, so
/// that swift-configuration never shows them.
///
/// ```swift
/// let settings = ServeSettingsReader(flags: [:], environment: ["AGENT_SESSIONS_PORT": "9000"], file: nil)
/// try settings.int(.port)?.value   // 9000, from .environment
/// ```
///
/// One reader is meant to be read from one task at a time: the source of a value is the last
/// access to its key.
struct ServeSettingsReader: Sendable {
    private let reader: ConfigReader
    private let recorder = ConfigAccessRecorder()
    /// The source of each provider of ``reader``, in its order.
    private let sources: [ServeSettingSource]
    private let environment: [String: String]
    private let file: ServeConfigFile?

    /// Makes the reader of the flags given, the environment and the file.
    /// - Parameters:
    ///   - flags: The values of the flags the user gave, by key, of each setting's type.
    ///   - environment: The environment; variables without the `AGENT_SESSIONS_` prefix and
    ///     empty ones are left out, so an empty variable counts as unset.
    ///   - file: The configuration file, if any.
    init(flags: [AbsoluteConfigKey: ConfigValue], environment: [String: String], file: ServeConfigFile?) {
        let variables = environment.filter { name, value in
            name.hasPrefix(ServeSetting.environmentPrefix) && !value.isEmpty
        }
        let secretVariables = Set(ServeSetting.all.filter(\.isSecret).map(\.environmentVariable))
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider(environmentVariables: variables, secretsSpecifier: .specific(secretVariables))
                .prefixKeys(with: ["agent_sessions"]),
        ]
        var sources: [ServeSettingSource] = [.flag, .environment]
        if let file, let provider = file.provider {
            providers.append(provider)
            sources.append(.file(file.path))
        }
        self.reader = ConfigReader(providers: providers, accessReporter: recorder)
        self.sources = sources
        self.environment = variables
        self.file = file
    }

    /// A text setting's value, or `nil` when nothing sets it.
    /// - Throws: `ValidationError` when the file holds a list or a mapping for it.
    func string(_ setting: ServeSetting) throws -> ServeSettingValue<String>? {
        try read(setting) { $0.string(forKey: $1, isSecret: $2) }
    }

    /// A whole number setting's value, or `nil` when nothing sets it.
    /// - Throws: `ValidationError` for a value that is not a whole number.
    func int(_ setting: ServeSetting) throws -> ServeSettingValue<Int>? {
        try read(setting) { $0.int(forKey: $1, isSecret: $2) }
    }

    /// A number setting's value, or `nil` when nothing sets it.
    /// - Throws: `ValidationError` for a value that is not a number.
    func double(_ setting: ServeSetting) throws -> ServeSettingValue<Double>? {
        try read(setting) { $0.double(forKey: $1, isSecret: $2) }
    }

    /// A list setting's entries, trimmed, without empty ones, or `nil` when nothing sets it.
    /// - Throws: `ValidationError` when the file holds a single value or a mapping for it.
    func list(_ setting: ServeSetting) throws -> ServeSettingValue<[String]>? {
        guard var list = try read(setting, { $0.stringArray(forKey: $1, isSecret: $2) }) else { return nil }
        list.value = list.value.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return list
    }

    /// A setting's value as `--print-config` shows it, or `nil` when nothing sets it.
    /// - Throws: `ValidationError` as the reader of the setting's kind.
    func text(of setting: ServeSetting) throws -> ServeSettingValue<String>? {
        switch setting.kind {
        case .text: try string(setting)
        case .integer: try int(setting).map { $0.map { "\($0)" } }
        case .number: try double(setting).map { $0.map(ServeSetting.numberText) }
        case .list: try list(setting).map { $0.map(ServeSetting.listText) }
        }
    }

    /// Reads a setting and finds which provider gave it.
    private func read<Value: Sendable>(
        _ setting: ServeSetting,
        _ get: (ConfigReader, ConfigKey, Bool) -> Value?
    ) throws -> ServeSettingValue<Value>? {
        let value = get(reader, setting.configKey, setting.isSecret)
        guard let event = recorder.lastEvent(for: AbsoluteConfigKey(setting.configKey)) else { return nil }
        for (index, answer) in event.providerResults.enumerated() {
            switch answer.result {
            case .failure:
                throw refusal(of: setting, from: sources[index])
            case .success(let lookup):
                guard let found = lookup.value else { continue }
                guard let value else { throw refusal(of: setting, from: sources[index]) }
                return ServeSettingValue(
                    value: value,
                    setting: setting,
                    source: sources[index],
                    isSecret: found.isSecret
                )
            }
        }
        return nil
    }

    /// The refusal of a value that is not of its setting's kind: `VARIABLE='text' is not a
    /// valid --flag`, as before the file, or `FILE: key: 'text' is not EXPECTATION`. A secret's
    /// text is never repeated.
    private func refusal(of setting: ServeSetting, from source: ServeSettingSource) -> ValidationError {
        let value = ServeSettingValue(value: (), setting: setting, source: source, isSecret: setting.isSecret)
        let text: String? =
            switch source {
            case .environment: environment[setting.environmentVariable]
            case .file: file?.texts[setting.key]
            case .flag, .default: nil
            }
        guard let text, !setting.isSecret else {
            return ValidationError("\(value.origin) is not \(setting.expectation)")
        }
        if case .environment = source {
            return ValidationError("\(value.quoting(text)) is not a valid \(value.name)")
        }
        return ValidationError("\(value.quoting(text)) is not \(setting.expectation)")
    }
}
