import AgentSessions
import AgentSessionsEncryption
import ArgumentParser
import Foundation

/// The options that turn on encryption at rest: `--encrypt-app` and `--encryption-key-file`,
/// with their environment variables. Shared by `serve` and every command that opens the store,
/// so the tool reads what the server wrote.
struct EncryptionOptions: ParsableArguments {
    /// The environment variable read when no `--encrypt-app` is given: apps separated by commas.
    static let appsEnvironmentKey = "AGENT_SESSIONS_ENCRYPT_APPS"
    /// The environment variable holding the keys, `ID:BASE64` separated by commas, the current one first.
    static let keysEnvironmentKey = "AGENT_SESSIONS_ENCRYPTION_KEYS"
    /// The environment variable read when `--encryption-key-file` is not given.
    static let keyFileEnvironmentKey = "AGENT_SESSIONS_ENCRYPTION_KEY_FILE"

    @Option(
        name: .customLong("encrypt-app"),
        help: ArgumentHelp(
            "Encrypt this app's items and state with AES-256-GCM; repeatable (env AGENT_SESSIONS_ENCRYPT_APPS, "
                + "commas).",
            valueName: "app"
        )
    )
    var encryptApps: [String] = []

    @Option(
        name: .customLong("encryption-key-file"),
        help: ArgumentHelp(
            "A file of 256-bit keys, one ID:BASE64 a line, the current first (env AGENT_SESSIONS_ENCRYPTION_KEY_FILE, "
                + "or the keys in AGENT_SESSIONS_ENCRYPTION_KEYS).",
            valueName: "path"
        )
    )
    var encryptionKeyFile: String?

    /// The encryption the flags and the environment describe, or `nil` when no app is encrypted.
    /// - Parameter environment: The variables to fall back to.
    /// - Throws: `ValidationError` for a bad app name, missing keys, an unreadable key file or a bad key.
    func configuration(environment: [String: String]) throws -> EncryptedSessionStore.Configuration? {
        let apps =
            encryptApps.isEmpty
            ? (environment[Self.appsEnvironmentKey] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            } : encryptApps
        let keys = environment[Self.keysEnvironmentKey].flatMap { $0.isEmpty ? nil : $0 }
        return try Self.configuration(
            apps: apps,
            keyFile: encryptionKeyFile ?? environment[Self.keyFileEnvironmentKey].flatMap { $0.isEmpty ? nil : $0 },
            keys: keys.map { ($0, Self.keysEnvironmentKey) }
        )
    }

    /// The encryption of these apps with the keys of the key file, else of `keys`; `nil` when
    /// no app is encrypted. `serve` gives what its settings hold, the other commands their flags
    /// and environment.
    /// - Parameters:
    ///   - apps: The apps to encrypt.
    ///   - keyFile: A file of keys, one `ID:BASE64` a line, if any.
    ///   - keys: Keys as `ID:BASE64` entries separated by commas, and where they come from for
    ///     messages, if any.
    /// - Throws: `ValidationError` for a bad app name, missing keys, an unreadable key file or a bad key.
    static func configuration(
        apps: [String],
        keyFile: String?,
        keys: (text: String, source: String)?
    ) throws -> EncryptedSessionStore.Configuration? {
        guard !apps.isEmpty else { return nil }
        for app in apps {
            do {
                try SessionKey.validateApp(app)
            } catch {
                throw ValidationError("--encrypt-app: \(error.message)")
            }
        }
        return EncryptedSessionStore.Configuration(keyring: try keyring(keyFile: keyFile, keys: keys), apps: Set(apps))
    }

    /// Wraps a store in an ``EncryptedSessionStore`` when an app is to be encrypted.
    /// - Throws: `ValidationError` as ``configuration(environment:)``.
    func wrap(_ store: any SessionStore, environment: [String: String]) throws -> any SessionStore {
        try encrypt(store, environment: environment) ?? store
    }

    /// The store wrapped in an ``EncryptedSessionStore``, or `nil` when no app is to be encrypted.
    /// - Throws: `ValidationError` as ``configuration(environment:)``.
    func encrypt(_ store: any SessionStore, environment: [String: String]) throws -> EncryptedSessionStore? {
        try configuration(environment: environment).map { EncryptedSessionStore(store, configuration: $0) }
    }

    private static func keyring(keyFile: String?, keys: (text: String, source: String)?) throws -> EncryptionKeyring {
        let text: String
        let source: String
        if let path = keyFile {
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the encryption key file \(path); check the path and its permissions")
            }
            text = contents
            source = "the encryption key file \(path)"
        } else if let keys {
            (text, source) = keys
        } else {
            throw ValidationError(
                "--encrypt-app needs keys: set \(keysEnvironmentKey) to ID:BASE64 entries, or pass "
                    + "--encryption-key-file"
            )
        }
        do {
            return try EncryptionKeyring(parsing: text, source: source)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
