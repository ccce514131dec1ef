import Configuration
import Foundation

/// One setting of `agent-sessions serve`: its key, its flag, the kind of value it takes and its
/// default.
///
/// A setting has one name, its key, used as is in the configuration file and made into its
/// environment variable by ``environmentVariable``: `api-keys-file` is read from
/// `AGENT_SESSIONS_API_KEYS_FILE`. The table of every setting is ``all``.
///
/// ```swift
/// let port = ServeSetting.port
/// port.environmentVariable  // "AGENT_SESSIONS_PORT"
/// port.flag                 // "--port"
/// ```
struct ServeSetting: Sendable, Hashable {
    /// The kind of value a setting takes, which is the type it is read as.
    enum Kind: Sendable, Hashable {
        /// Text, such as an address or a path.
        case text
        /// A whole number.
        case integer
        /// A number, such as a number of seconds.
        case number
        /// A list: a sequence in the file, entries separated by commas in the environment.
        case list
    }

    /// What a setting is when nothing sets it.
    enum Default: Sendable, Hashable {
        /// This value, written as in the configuration file.
        case value(String)
        /// No value; the text says what that means, such as "open mode".
        case none(String)
    }

    /// The key in the configuration file, such as `api-keys-file`.
    let key: String
    /// The flag of `serve` that sets it, such as `--keys-file`; `nil` for a setting that only the
    /// environment and the file hold (the secrets).
    let flag: String?
    /// The kind of value it takes.
    let kind: Kind
    /// What a good value is, completing "… is not": such as "a number from 0 to 65535".
    let expectation: String
    /// What it is when nothing sets it.
    let defaultValue: Default
    /// Whether its value is a secret, never shown by `--print-config` nor by the library's logs.
    let isSecret: Bool

    /// Makes a setting.
    /// - Parameters:
    ///   - key: The key in the configuration file.
    ///   - flag: The flag that sets it, if any.
    ///   - kind: The kind of value it takes.
    ///   - expectation: What a good value is, completing "… is not".
    ///   - defaultValue: What it is when nothing sets it.
    ///   - isSecret: Whether its value is a secret. Defaults to `false`.
    init(
        _ key: String,
        flag: String?,
        kind: Kind,
        expectation: String,
        defaultValue: Default,
        isSecret: Bool = false
    ) {
        self.key = key
        self.flag = flag
        self.kind = kind
        self.expectation = expectation
        self.defaultValue = defaultValue
        self.isSecret = isSecret
    }

    /// The prefix of every environment variable of `serve`.
    static let environmentPrefix = "AGENT_SESSIONS_"

    /// The environment variable that holds it: the key upper-cased, `-` made `_`, after
    /// ``environmentPrefix``, which is how swift-configuration's `EnvironmentVariablesProvider`
    /// names the key under the prefix `agent_sessions`.
    var environmentVariable: String {
        Self.environmentPrefix + key.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The key as swift-configuration reads it: one component, so no `.` splits it.
    var configKey: ConfigKey { ConfigKey([key]) }

    /// The type swift-configuration reads it as.
    var configType: ConfigType {
        switch kind {
        case .text: .string
        case .integer: .int
        case .number: .double
        case .list: .stringArray
        }
    }
}
