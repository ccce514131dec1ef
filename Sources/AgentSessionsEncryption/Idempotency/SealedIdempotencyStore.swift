import AgentSessions
import AgentSessionsIdempotency
import Foundation

/// The `Idempotency-Key` records of the store an ``EncryptedSessionStore`` wraps, with the
/// answer bodies of encrypted apps sealed: an answer can hold a session's state, which the
/// wrapper keeps sealed at rest.
///
/// A body is sealed whole as `v1:<key id>:<base64>`, bound to its app and key (the associated
/// data), so a body moved to another key does not open. Status and headers (`ETag`,
/// `Location`: versions and ids, which the wrapper never encrypts) stay in the clear. A body
/// kept in the clear (before its app was encrypted) is replayed as it is.
struct SealedIdempotencyStore: IdempotencyStore {
    let base: any IdempotencyStore
    let cipher: ValueCipher
    let apps: Set<String>

    func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) async throws -> IdempotencyStart {
        let start = try await base.begin(key, fingerprint: fingerprint, now: now)
        guard case .replay(var response) = start else { return start }
        response.body = try open(response.body, of: key)
        return .replay(response)
    }

    func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) async throws {
        var sealed = response
        if apps.contains(key.app) {
            sealed.body = Array(try cipher.seal(response.body, for: .answer(key)).utf8)
        }
        try await base.finish(key, response: sealed, now: now)
    }

    func abandon(_ key: IdempotencyKey) async throws {
        try await base.abandon(key)
    }

    func removeExpired(now: Timestamp) async throws -> Int {
        try await base.removeExpired(now: now)
    }

    /// A stored body, opened when it is sealed.
    /// - Throws: ``SessionStoreError`` (corrupted) when a sealed body does not open.
    private func open(_ body: [UInt8], of key: IdempotencyKey) throws(SessionStoreError) -> [UInt8] {
        let prefix = Array("\(ValueCipher.version):".utf8)
        guard body.starts(with: prefix) else { return body }
        return Array(try cipher.open(String(decoding: body, as: UTF8.self), for: .answer(key)))
    }
}
