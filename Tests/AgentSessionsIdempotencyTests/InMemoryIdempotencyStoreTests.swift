import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsTesting
import Testing

@Suite("InMemoryIdempotencyStore")
struct InMemoryIdempotencyStoreTests {
    @Test(arguments: IdempotencyStoreConformance.Check.allCases)
    func conformance(_ check: IdempotencyStoreConformance.Check) async throws {
        try await IdempotencyStoreConformance { policy in InMemoryIdempotencyStore(policy: policy) }.run(check)
    }

    @Test("stores without storage of their own keep no durable records, through wrappers too")
    func noDurableRecordsInMemory() {
        let store = InMemorySessionStore()
        #expect(store.durableIdempotencyStore(policy: IdempotencyPolicy()) == nil)
        let observed = ObservedSessionStore(store, observers: [])
        #expect(observed.durableIdempotencyStore(policy: IdempotencyPolicy()) == nil)
    }
}
