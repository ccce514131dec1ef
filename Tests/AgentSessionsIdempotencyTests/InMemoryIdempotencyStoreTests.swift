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
}
