import AgentSessions
import Crypto

/// The API keys a server accepts, each scoped to one app, kept only as SHA-256 hashes.
///
/// A key is given as `APP=KEY`: the app whose sessions the key may see and change, and the key
/// itself (16 to 256 characters, no blanks, commas or `=`), or `APP=sha256:HEX` with the
/// key's SHA-256 digest in hexadecimal so that the key itself is never written down. A keys
/// file holds one entry a line; blank lines and lines starting with `#` are skipped. The
/// environment variable `AGENT_SESSIONS_API_KEYS` holds entries separated by commas.
///
/// ```swift
/// let keys = try APIKeyRing(parsing: "ops=4f1c0e7a9b2d46e8a1f3\nbilling=sha256:9f86d08…", source: "keys.txt")
/// keys.app(forKey: "4f1c0e7a9b2d46e8a1f3")   // "ops"
/// ```
public struct APIKeyRing: Sendable, Hashable {
    /// The shortest key accepted, in characters.
    public static let minimumKeyLength = 16

    private var appsByDigest: [String: String]

    /// An empty ring: open mode.
    public init() {
        self.appsByDigest = [:]
    }

    /// Parses keys in the `APP=KEY` / `APP=sha256:HEX` format, one entry a line or separated
    /// by commas.
    /// - Parameters:
    ///   - text: The entries.
    ///   - source: Where the text comes from (a file path or an environment variable), named
    ///     in errors. Keys are never shown in errors.
    /// - Throws: ``ServerConfigurationError`` naming the source and the entry number for a
    ///   malformed entry, a bad app name, a short key or a key given twice.
    public init(parsing text: String, source: String) throws(ServerConfigurationError) {
        self.init()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
        for (lineOffset, line) in lines.enumerated() {
            let trimmed = line.trimmingBlanks
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            for entry in trimmed.split(separator: ",") {
                let entry = entry.trimmingBlanks
                if entry.isEmpty { continue }
                try add(entry: entry, at: "\(source), line \(lineOffset + 1)")
            }
        }
    }

    /// Whether the ring holds no key (open mode).
    public var isEmpty: Bool { appsByDigest.isEmpty }

    /// How many keys the ring holds.
    public var count: Int { appsByDigest.count }

    /// The apps the keys are scoped to, sorted.
    public var apps: [String] { Set(appsByDigest.values).sorted() }

    /// The app a key is scoped to, or `nil` for an unknown key.
    public func app(forKey key: String) -> String? {
        appsByDigest[Self.digest(of: key)]
    }

    /// Adds a key.
    /// - Parameters:
    ///   - key: The key itself (at least ``minimumKeyLength`` characters).
    ///   - app: The app it is scoped to.
    /// - Throws: ``ServerConfigurationError`` for a bad app, a short key or a key given twice.
    public mutating func add(key: String, app: String) throws(ServerConfigurationError) {
        try add(digest: try Self.checked(key: key, where: "a key of app '\(app)'"), app: app, where: "app '\(app)'")
    }

    /// Adds every key of another ring.
    /// - Throws: ``ServerConfigurationError`` when a key is in both rings.
    public mutating func merge(_ other: APIKeyRing) throws(ServerConfigurationError) {
        for (digest, app) in other.appsByDigest {
            try add(digest: digest, app: app, where: "app '\(app)'")
        }
    }

    private mutating func add(entry: String, at place: String) throws(ServerConfigurationError) {
        guard let equals = entry.firstIndex(of: "=") else {
            throw ServerConfigurationError("\(place): expected APP=KEY or APP=sha256:HEX")
        }
        let app = String(entry[..<equals])
        let value = String(entry[entry.index(after: equals)...])
        if value.hasPrefix("sha256:") {
            let hex = value.dropFirst("sha256:".count).lowercased()
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                throw ServerConfigurationError("\(place): a sha256: digest is 64 hexadecimal characters")
            }
            try add(digest: hex, app: app, where: place)
        } else {
            try add(digest: try Self.checked(key: value, where: place), app: app, where: place)
        }
    }

    private mutating func add(digest: String, app: String, where place: String) throws(ServerConfigurationError) {
        do {
            try SessionKey.validateApp(app)
        } catch {
            throw ServerConfigurationError("\(place): \(error.message)")
        }
        guard appsByDigest[digest] == nil else {
            throw ServerConfigurationError("\(place): this key is given twice; give each key once, for one app")
        }
        appsByDigest[digest] = app
    }

    private static func checked(key: String, where place: String) throws(ServerConfigurationError) -> String {
        guard key.count >= minimumKeyLength, key.count <= 256 else {
            throw ServerConfigurationError(
                "\(place): a key must be \(minimumKeyLength) to 256 characters long; make a random one, "
                    + "for example with `openssl rand -hex 24`"
            )
        }
        guard !key.contains(where: { $0.isWhitespace || $0 == "," || $0 == "=" }) else {
            throw ServerConfigurationError("\(place): a key must not contain blanks, commas or '='")
        }
        return digest(of: key)
    }

    /// The SHA-256 digest of a key, as lowercase hexadecimal.
    public static func digest(of key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: String {
        let blanks: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !blanks($0) }), let end = lastIndex(where: { !blanks($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
