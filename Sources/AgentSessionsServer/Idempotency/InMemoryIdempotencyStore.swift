public import AgentSessions

/// An ``IdempotencyStore`` in memory: answers are replayed for a window (24 hours by default)
/// and forgotten when the process ends.
///
/// ```swift
/// let idempotency = InMemoryIdempotencyStore(window: .seconds(24 * 3600))
/// ```
public actor InMemoryIdempotencyStore: IdempotencyStore {
    private enum Entry {
        case pending(fingerprint: String)
        case done(fingerprint: String, response: StoredResponse, at: Timestamp)
    }

    private let window: Duration
    private var entries: [IdempotencyKey: Entry] = [:]
    private var sweepCountdown = 0

    /// Creates an empty store.
    /// - Parameter window: How long an answer is replayed. Defaults to 24 hours.
    public init(window: Duration = .seconds(24 * 3600)) {
        self.window = window
    }

    public func begin(_ key: IdempotencyKey, fingerprint: String, now: Timestamp) -> IdempotencyStart {
        removeExpired(now: now)
        switch entries[key] {
        case nil:
            entries[key] = .pending(fingerprint: fingerprint)
            return .proceed
        case .pending(let pending)?:
            return pending == fingerprint ? .inProgress : .mismatch
        case .done(let done, let response, let at)?:
            if at.duration(to: now) >= window {
                entries[key] = .pending(fingerprint: fingerprint)
                return .proceed
            }
            return done == fingerprint ? .replay(response) : .mismatch
        }
    }

    public func finish(_ key: IdempotencyKey, response: StoredResponse, now: Timestamp) {
        guard case .pending(let fingerprint)? = entries[key] else { return }
        entries[key] = .done(fingerprint: fingerprint, response: response, at: now)
    }

    public func abandon(_ key: IdempotencyKey) {
        guard case .pending? = entries[key] else { return }
        entries[key] = nil
    }

    /// Drops expired answers every 256 calls, so that memory stays bounded by the window.
    private func removeExpired(now: Timestamp) {
        sweepCountdown -= 1
        guard sweepCountdown <= 0 else { return }
        sweepCountdown = 256
        entries = entries.filter { _, entry in
            guard case .done(_, _, let at) = entry else { return true }
            return at.duration(to: now) < window
        }
    }
}
