import AgentSessions
import Crypto
import Foundation

/// Seals and opens values with AES-256-GCM under a keyring, as text of the form
/// `v1:<key id>:<base64 of nonce, ciphertext and tag>`.
struct ValueCipher: Sendable {
    /// The format tag at the start of every sealed text.
    static let version = "v1"

    let keyring: EncryptionKeyring

    /// Encrypts bytes with the current key.
    ///
    /// The nonce is fresh and random, unless `isDeterministic`: then it is derived from the key,
    /// the context and the plaintext (an HMAC under a key derived for this purpose, as in
    /// AES-SIV), so sealing the same value twice gives the same text and a store can tell a
    /// retried item from another one; two different values never share a nonce.
    func seal(
        _ plaintext: some DataProtocol,
        for context: CipherContext,
        isDeterministic: Bool = false
    ) throws(SessionStoreError) -> String {
        let key = keyring.current
        do {
            let nonce = isDeterministic ? try Self.syntheticNonce(plaintext, context, key.symmetricKey) : nil
            let box = try AES.GCM.seal(
                plaintext,
                using: key.symmetricKey,
                nonce: nonce,
                authenticating: context.associatedData
            )
            guard let combined = box.combined else {
                throw SessionStoreError(.unavailable, "AES-GCM gave no combined box for \(context.subject)")
            }
            return "\(Self.version):\(key.id):\(combined.base64EncodedString())"
        } catch let error as SessionStoreError {
            throw error
        } catch {
            throw SessionStoreError(
                .unavailable,
                "cannot encrypt \(context.subject) with key '\(key.id)'; the value was not stored",
                cause: error
            )
        }
    }

    /// The nonce of a deterministic seal: the first 12 bytes of an HMAC-SHA256, under a key
    /// derived from the encryption key, of the associated data and the plaintext.
    private static func syntheticNonce(
        _ plaintext: some DataProtocol,
        _ context: CipherContext,
        _ key: SymmetricKey
    ) throws -> AES.GCM.Nonce {
        let nonceKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            info: Array("agent-sessions.encryption.v1.nonce".utf8),
            outputByteCount: 32
        )
        var mac = HMAC<SHA256>(key: nonceKey)
        let associatedData = context.associatedData
        mac.update(data: associatedData)
        mac.update(data: Array(plaintext))
        return try AES.GCM.Nonce(data: Array(Data(mac.finalize()).prefix(12)))
    }

    /// Decrypts text made by ``seal(_:for:)`` with the key it names.
    /// - Throws: ``SessionStoreError`` (corrupted) naming the value and the key id when the text
    ///   is malformed, its key is not in the ring, or it does not authenticate (a wrong key, or a
    ///   value altered or moved from elsewhere). Never returns unauthenticated bytes.
    func open(_ sealed: String, for context: CipherContext) throws(SessionStoreError) -> Data {
        let parts = sealed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.version, let combined = Data(base64Encoded: String(parts[2])) else {
            throw SessionStoreError(
                .corrupted,
                "\(context.subject) holds a malformed encrypted value (expected \(Self.version):<key id>:<base64>); "
                    + "it was altered or written by another program"
            )
        }
        let keyID = String(parts[1])
        guard let key = keyring.key(id: keyID) else {
            throw SessionStoreError(
                .corrupted,
                "\(context.subject) was encrypted with key '\(Identifier.printable(keyID))', which is not in the "
                    + "keyring; add that key after the current one to read it"
            )
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return try AES.GCM.open(box, using: key.symmetricKey, authenticating: context.associatedData)
        } catch {
            throw SessionStoreError(
                .corrupted,
                "\(context.subject) does not decrypt with key '\(key.id)': the key is wrong, or the stored value "
                    + "was altered or moved from another session; check the keyring",
                cause: error
            )
        }
    }
}
