import AgentSessions
import AgentSessionsEncryption
import Foundation

/// Keys and keyrings for the tests: fixed 32-byte keys, told apart by their fill byte.
enum TestKeys {
    /// A key of 32 bytes of `fill`.
    static func key(_ id: String, fill: UInt8) throws -> EncryptionKeyring.Key {
        try EncryptionKeyring.Key(id: id, bytes: Array(repeating: fill, count: 32))
    }

    /// The `ID:BASE64` text of a key of 32 bytes of `fill`.
    static func entry(_ id: String, fill: UInt8) -> String {
        "\(id):\(Data(repeating: fill, count: 32).base64EncodedString())"
    }

    /// An encrypting store over `base` for `apps`, with these keys (the current one first).
    static func store(
        over base: any SessionStore,
        keys: [EncryptionKeyring.Key],
        apps: Set<String> = [SessionKey.defaultApp]
    ) throws -> EncryptedSessionStore {
        EncryptedSessionStore(base, configuration: .init(keyring: try EncryptionKeyring(keys), apps: apps))
    }
}

/// Text no ciphertext contains by chance, put into items and state to look for in raw storage.
let plaintextMarker = "ZEBRA-PLAINTEXT-MARKER-7F3A"

extension Data {
    /// Whether these bytes contain the UTF-8 of `text`.
    func contains(text: String) -> Bool {
        range(of: Data(text.utf8)) != nil
    }
}

/// The bytes of every regular file under a folder, concatenated.
func bytesOfFiles(under path: String) throws -> Data {
    var all = Data()
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let relative = enumerator?.nextObject() as? String {
        let full = path + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            all += try Data(contentsOf: URL(fileURLWithPath: full))
        }
    }
    return all
}
