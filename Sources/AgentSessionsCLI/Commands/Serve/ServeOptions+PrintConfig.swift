import Foundation

// `serve --print-config`: every setting with its value and where it came from.
extension ServeOptions {
    /// What `--print-config` prints: a line per setting, in YAML with its source as a comment,
    /// such as `port: 9000  # flag --port`. A setting that nothing sets and that has no default
    /// is a comment saying what that means. Secrets show as `<redacted>`, and so does the
    /// password of a PostgreSQL URL.
    /// - Throws: `ValidationError` for a value not of its setting's kind.
    func printedConfiguration() throws -> String {
        let settings = settingsReader()
        var rows: [(entry: String, source: String)] = []
        for setting in ServeSetting.all {
            if let value = try settings.text(of: setting) {
                rows.append(("\(setting.key): \(Self.shown(value))", value.source.description(of: setting)))
            } else {
                switch setting.defaultValue {
                case .value(let text): rows.append(("\(setting.key): \(text)", "default"))
                case .none(let meaning): rows.append(("# \(setting.key):", "default: none, \(meaning)"))
                }
            }
        }
        let width = rows.map(\.entry.count).max() ?? 0
        let header = "# agent-sessions serve: flags win over the environment, which wins over the configuration file."
        return
            ([header] + rows.map { $0.entry.padding(toLength: width, withPad: " ", startingAt: 0) + "  # " + $0.source })
            .joined(separator: "\n")
    }

    /// A value as `--print-config` shows it: a secret redacted, a URL without its password.
    private static func shown(_ value: ServeSettingValue<String>) -> String {
        guard !value.isSecret else { return "<redacted>" }
        return value.setting == .store ? redactingPassword(in: value.value) : value.value
    }

    /// A URL with the password of its user, if any, redacted: `postgres://agent:<redacted>@db/sessions`.
    static func redactingPassword(in url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return url
        }
        return String(url[...colon]) + "<redacted>" + String(url[at...])
    }
}
