import AgentSessions
import AgentSessionsIdempotency
import AgentSessionsServer
import Testing

@Suite struct ObservedStoreIdempotencyTests {
    @Test("stores without storage of their own keep no durable records, through wrappers too")
    func noDurableRecordsInMemory() {
        let store = InMemorySessionStore()
        #expect(store.durableIdempotencyStore(policy: IdempotencyPolicy()) == nil)
        let observed = ObservedSessionStore(store, observers: [])
        #expect(observed.durableIdempotencyStore(policy: IdempotencyPolicy()) == nil)
    }
}
