import Crypto
import Foundation

/// The AES-256 keys an ``EncryptedSessionStore`` encrypts and decrypts with: one current key,
/// used for everything written from now on, and older keys, still used to read what they
/// encrypted.
///
/// Each key has an id, stored next to every value it encrypted, so that keys can be rotated:
/// put a new key first and keep the old ones after it. Data encrypted with a key stays
/// readable for as long as that key is in the ring.
///
/// ```swift
/// let keyring = try EncryptionKeyring(parsing: "k2:\(newKeyBase64),k1:\(oldKeyBase64)", source: "AGENT_SESSIONS_ENCRYPTION_KEYS")
/// keyring.current.id   // "k2"
/// ```
public struct EncryptionKeyring: Sendable {
    /// One key: its id and 32 bytes of key material. Its description shows the id only.
    public struct Key: Sendable, CustomStringConvertible {
        /// The id stored with every value this key encrypts.
        public let id: String
        /// The key material.
        let symmetricKey: SymmetricKey

        /// Makes a key from its id and 32 bytes.
        /// - Parameters:
        ///   - id: 1 to 64 characters: letters, digits, `.`, `_` and `-`.
        ///   - bytes: The key material: exactly 32 bytes (AES-256).
        /// - Throws: ``EncryptionConfigurationError`` for a bad id or a key of another size.
        public init(id: String, bytes: [UInt8]) throws(EncryptionConfigurationError) {
            try Self.validate(id: id)
            guard bytes.count == Self.byteCount else {
                throw EncryptionConfigurationError(
                    "encryption key '\(id)' is \(bytes.count * 8) bits; AES-256-GCM needs a 256-bit key "
                        + "(32 bytes, 44 base64 characters, such as the output of `openssl rand -base64 32`)"
                )
            }
            self.id = id
            self.symmetricKey = SymmetricKey(data: bytes)
        }

        /// The size of a key in bytes: 32.
        public static let byteCount = 32

        public var description: String { "EncryptionKeyring.Key(id: \(id))" }

        static func validate(id: String) throws(EncryptionConfigurationError) {
            let allowed = id.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "._-".contains($0) }
            guard !id.isEmpty, id.count <= 64, allowed else {
                throw EncryptionConfigurationError(
                    "encryption key id '\(id.prefix(64))' is not valid; use 1 to 64 letters, digits, '.', '_' or '-'"
                )
            }
        }
    }

    /// Every key, the current one first.
    public let keys: [Key]

    /// The key new data is encrypted with: the first one.
    public var current: Key { keys[0] }

    /// Makes a keyring.
    /// - Parameter keys: The keys, the current one first. At least one; ids must differ.
    /// - Throws: ``EncryptionConfigurationError`` for an empty list or a repeated id.
    public init(_ keys: [Key]) throws(EncryptionConfigurationError) {
        guard !keys.isEmpty else {
            throw EncryptionConfigurationError("the encryption keyring is empty; give at least one ID:BASE64 key")
        }
        var seen = Set<String>()
        for key in keys {
            guard seen.insert(key.id).inserted else {
                throw EncryptionConfigurationError(
                    "encryption key id '\(key.id)' appears twice; give each key its own id"
                )
            }
        }
        self.keys = keys
    }

    /// Reads keys written as `ID:BASE64`, separated by commas or new lines, the current one
    /// first. Blank lines and lines starting with `#` are skipped.
    /// - Parameters:
    ///   - text: The entries, such as the contents of a key file.
    ///   - source: Where the text came from (a file, a variable), named in error messages.
    /// - Throws: ``EncryptionConfigurationError`` naming the source and the entry for a
    ///   malformed entry, bad base64, a key that is not 256 bits or a repeated id. Key material is
    ///   never part of a message.
    public init(parsing text: String, source: String) throws(EncryptionConfigurationError) {
        var keys: [Key] = []
        let entries = text.split(whereSeparator: { $0 == "," || $0.isNewline })
        for (index, raw) in entries.enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty || entry.hasPrefix("#") { continue }
            guard let colon = entry.firstIndex(of: ":") else {
                throw EncryptionConfigurationError(
                    "entry \(index + 1) of \(source) is not ID:BASE64; write each key as an id, a colon and "
                        + "the base64 of 32 random bytes"
                )
            }
            let id = String(entry[..<colon])
            guard let bytes = Data(base64Encoded: String(entry[entry.index(after: colon)...])) else {
                throw EncryptionConfigurationError(
                    "encryption key '\(id.prefix(64))' in \(source) is not valid base64"
                )
            }
            do {
                keys.append(try Key(id: id, bytes: Array(bytes)))
            } catch {
                throw EncryptionConfigurationError("\(source): \(error.message)")
            }
        }
        guard !keys.isEmpty else {
            throw EncryptionConfigurationError("\(source) holds no encryption key; give at least one ID:BASE64 key")
        }
        do {
            self = try EncryptionKeyring(keys)
        } catch {
            throw EncryptionConfigurationError("\(source): \(error.message)")
        }
    }

    /// The key with this id, if the ring holds it.
    func key(id: String) -> Key? {
        keys.first { $0.id == id }
    }
}
