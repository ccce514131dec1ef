import AgentSessions
import AgentSessionsIdempotency
import Testing

extension IdempotencyStoreConformance.Context {
    func proceedThenReplay() async throws {
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        let answer = answer("s-1")
        try await store.finish(key, response: answer, now: at(.seconds(1)))
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(2))) == .replay(answer))
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(3))) == .replay(answer), "every retry")
        let empty = IdempotencyKey(app: key.app, value: "empty-body")
        #expect(try await store.begin(empty, fingerprint: "f1", now: start) == .proceed)
        let bare = StoredResponse(status: 204, headers: [:], body: [])
        try await store.finish(empty, response: bare, now: start)
        #expect(try await store.begin(empty, fingerprint: "f1", now: start) == .replay(bare))
    }

    func anotherRequestIsAMismatch() async throws {
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        #expect(try await store.begin(key, fingerprint: "f2", now: start) == .mismatch, "while the first runs")
        let answer = answer("s-1")
        try await store.finish(key, response: answer, now: start)
        #expect(try await store.begin(key, fingerprint: "f2", now: at(.seconds(5))) == .mismatch, "once answered")
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(5))) == .replay(answer))
    }

    func aRunningRequestIsInProgress() async throws {
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(1))) == .inProgress)
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(59))) == .inProgress)
        let answer = answer("s-1")
        try await store.finish(key, response: answer, now: at(.seconds(59)))
        #expect(try await store.begin(key, fingerprint: "f1", now: at(.seconds(61))) == .replay(answer))
    }

    func abandonReleasesTheKey() async throws {
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        try await store.abandon(key)
        #expect(try await store.begin(key, fingerprint: "f2", now: start) == .proceed, "any request may claim it")
        let answer = answer("s-2")
        try await store.finish(key, response: answer, now: start)
        try await store.abandon(key)
        #expect(try await store.begin(key, fingerprint: "f2", now: start) == .replay(answer), "answers stay")
        let unclaimed = IdempotencyKey(app: key.app, value: "never-claimed")
        try await store.finish(unclaimed, response: answer, now: start)
        #expect(
            try await store.begin(unclaimed, fingerprint: "f1", now: start) == .proceed,
            "no answer without a claim"
        )
    }

    func answersExpireAfterTheWindow() async throws {
        let window = IdempotencyStoreConformance.policy.window
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        let answer = answer("s-1")
        let answeredAt = at(.seconds(30))
        try await store.finish(key, response: answer, now: answeredAt)
        let lastMoment = answeredAt.advanced(by: window - .microseconds(1))
        #expect(try await store.begin(key, fingerprint: "f1", now: lastMoment) == .replay(answer), "from the answer")
        #expect(try await store.begin(key, fingerprint: "f2", now: lastMoment) == .mismatch)
        let expired = answeredAt.advanced(by: window)
        #expect(try await store.begin(key, fingerprint: "f2", now: expired) == .proceed, "a new request after it")
        #expect(try await store.begin(key, fingerprint: "f2", now: expired) == .inProgress, "and it is claimed")
    }

    func staleClaimsCanBeClaimedAgain() async throws {
        let timeout = IdempotencyStoreConformance.policy.claimTimeout
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        let lastMoment = start.advanced(by: timeout - .microseconds(1))
        #expect(try await store.begin(key, fingerprint: "f1", now: lastMoment) == .inProgress)
        let stale = start.advanced(by: timeout)
        #expect(try await store.begin(key, fingerprint: "f1", now: stale) == .proceed, "its process died")
        #expect(try await store.begin(key, fingerprint: "f1", now: stale) == .inProgress, "the new claim counts")
        let answer = answer("s-1")
        try await store.finish(key, response: answer, now: stale)
        #expect(try await store.begin(key, fingerprint: "f1", now: stale.advanced(by: timeout)) == .replay(answer))
        let other = IdempotencyKey(app: key.app, value: "other-request")
        #expect(try await store.begin(other, fingerprint: "f1", now: start) == .proceed)
        #expect(try await store.begin(other, fingerprint: "f2", now: stale) == .proceed, "any request, once stale")
    }

    func appsAreIsolated() async throws {
        let one = IdempotencyKey(app: "one", value: "k")
        let two = IdempotencyKey(app: "two", value: "k")
        #expect(try await store.begin(one, fingerprint: "f1", now: start) == .proceed)
        #expect(try await store.begin(two, fingerprint: "f2", now: start) == .proceed, "another app, another key")
        let first = answer("one")
        try await store.finish(one, response: first, now: start)
        #expect(try await store.begin(two, fingerprint: "f2", now: start) == .inProgress, "app two's claim is its own")
        let second = answer("two")
        try await store.finish(two, response: second, now: start)
        #expect(try await store.begin(one, fingerprint: "f1", now: start) == .replay(first))
        #expect(try await store.begin(two, fingerprint: "f2", now: start) == .replay(second))
        try await store.abandon(IdempotencyKey(app: "three", value: "k"))
        #expect(try await store.begin(one, fingerprint: "f1", now: start) == .replay(first))
    }

    func concurrentClaimsOfOneKey() async throws {
        let starts = try await withThrowingTaskGroup(of: IdempotencyStart.self) { group in
            for _ in 0..<32 {
                group.addTask { try await store.begin(key, fingerprint: "f1", now: start) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(starts.filter { $0 == .proceed }.count == 1, "exactly one claim proceeds")
        #expect(starts.filter { $0 == .inProgress }.count == 31, "the others find it running")
    }

    func removeExpiredKeepsLiveRecords() async throws {
        let answer = answer("s-1")
        #expect(try await store.begin(key, fingerprint: "f1", now: start) == .proceed)
        try await store.finish(key, response: answer, now: start)
        let stale = IdempotencyKey(app: key.app, value: "left-by-a-crash")
        #expect(try await store.begin(stale, fingerprint: "f1", now: start) == .proceed)
        let running = IdempotencyKey(app: key.app, value: "running")
        #expect(try await store.begin(running, fingerprint: "f1", now: at(.seconds(50))) == .proceed)
        let now = at(.seconds(90))
        #expect(try await store.removeExpired(now: now) == 1, "only the claim past its timeout")
        #expect(try await store.removeExpired(now: now) == 0)
        #expect(try await store.begin(key, fingerprint: "f1", now: now) == .replay(answer))
        #expect(try await store.begin(running, fingerprint: "f1", now: now) == .inProgress)
        #expect(try await store.begin(stale, fingerprint: "f2", now: now) == .proceed)
        let expired = now.advanced(by: IdempotencyStoreConformance.policy.window)
        #expect(try await store.removeExpired(now: expired) == 3, "the answer and both claims")
        #expect(try await store.begin(key, fingerprint: "f2", now: expired) == .proceed)
    }
}
