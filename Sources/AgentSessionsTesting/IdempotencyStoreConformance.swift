import AgentSessions
public import AgentSessionsIdempotency
public import Testing

/// The behaviour every `AgentSessions/IdempotencyStore` must have, as one suite that each
/// implementation runs (in memory, SQLite, PostgreSQL, sealed by encryption).
///
/// Run every check as its own test, with a fresh store for each:
///
/// ```swift
/// @Test(arguments: IdempotencyStoreConformance.Check.allCases)
/// func idempotency(_ check: IdempotencyStoreConformance.Check) async throws {
///     try await IdempotencyStoreConformance { policy in InMemoryIdempotencyStore(policy: policy) }.run(check)
/// }
/// ```
///
/// Time moves through the `now` arguments only, so the checks never sleep.
public struct IdempotencyStoreConformance: Sendable {
    /// The policy every store under test is made with: answers replayed for an hour, claims
    /// blocking their key for a minute.
    public static let policy = IdempotencyPolicy(
        window: .seconds(3600),
        claimTimeout: .seconds(60),
        cleanupInterval: .seconds(60)
    )

    /// One behaviour of the contract.
    public enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case proceedThenReplay
        case anotherRequestIsAMismatch
        case aRunningRequestIsInProgress
        case abandonReleasesTheKey
        case answersExpireAfterTheWindow
        case staleClaimsCanBeClaimedAgain
        case appsAreIsolated
        case concurrentClaimsOfOneKey
        case removeExpiredKeepsLiveRecords

        public var testDescription: String { rawValue }
    }

    let makeStore: @Sendable (IdempotencyPolicy) async throws -> any IdempotencyStore

    /// Creates the suite.
    /// - Parameter makeStore: Builds a fresh, empty store with the given policy (``policy``).
    public init(makeStore: @escaping @Sendable (IdempotencyPolicy) async throws -> any IdempotencyStore) {
        self.makeStore = makeStore
    }

    /// Runs one check against a fresh store.
    public func run(_ check: Check) async throws {
        let context = Context(store: try await makeStore(Self.policy))
        switch check {
        case .proceedThenReplay: try await context.proceedThenReplay()
        case .anotherRequestIsAMismatch: try await context.anotherRequestIsAMismatch()
        case .aRunningRequestIsInProgress: try await context.aRunningRequestIsInProgress()
        case .abandonReleasesTheKey: try await context.abandonReleasesTheKey()
        case .answersExpireAfterTheWindow: try await context.answersExpireAfterTheWindow()
        case .staleClaimsCanBeClaimedAgain: try await context.staleClaimsCanBeClaimedAgain()
        case .appsAreIsolated: try await context.appsAreIsolated()
        case .concurrentClaimsOfOneKey: try await context.concurrentClaimsOfOneKey()
        case .removeExpiredKeepsLiveRecords: try await context.removeExpiredKeepsLiveRecords()
        }
    }

    /// The store one check runs with, and what the checks share.
    struct Context: Sendable {
        let store: any IdempotencyStore

        /// The time the checks start at (2026-01-08T18:05:30Z).
        let start = Timestamp(microsecondsSinceEpoch: 1_767_895_530_000_000)
        let key = IdempotencyKey(app: "default", value: "create-7f3a")

        /// A time after ``start``.
        func at(_ offset: Duration) -> Timestamp { start.advanced(by: offset) }

        /// An answer such as a server keeps, with bytes that are not ASCII.
        func answer(_ tag: String) -> StoredResponse {
            StoredResponse(
                status: 201,
                headers: [
                    "Content-Type": "application/json; charset=utf-8", "ETag": "\"1\"", "Location": "/v1/\(tag)",
                ],
                body: Array(#"{"id":"\#(tag)","note":"café ☕"}"#.utf8) + [0x0A]
            )
        }
    }
}
