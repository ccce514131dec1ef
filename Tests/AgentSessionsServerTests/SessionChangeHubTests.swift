import AgentSessions
import AgentSessionsServer
import AgentSessionsTesting
import Synchronization
import Testing

/// Change notices from an observed store reach the subscribers of the changed session only.
@Suite(.timeLimit(.minutes(10))) struct SessionChangeHubTests {
    let hub = SessionChangeHub()
    let store: ObservedSessionStore

    init() {
        store = ObservedSessionStore(InMemorySessionStore(), observers: [hub])
    }

    @Test func writesAreAnnouncedToTheSubscribersOfTheirSession() async throws {
        let watched = try await store.create(NewSession(id: "watched"))
        let other = try await store.create(NewSession(id: "other"))
        var changes = hub.subscribe(to: watched.key).makeAsyncIterator()

        try await store.append([NewItem(["n": 1])], to: other.key)
        try await store.append([NewItem(["n": 1]), NewItem(["n": 2])], to: watched.key)
        #expect(await changes.next() == SessionChange(key: watched.key, kind: .changed))
        try await store.popLastItem(of: watched.key)
        #expect(await changes.next() == SessionChange(key: watched.key, kind: .itemsRemoved([2])))
        try await store.clearItems(of: watched.key)
        #expect(await changes.next() == SessionChange(key: watched.key, kind: .itemsCleared(count: 1)))
        try await store.update(watched.key, SessionUpdate(phase: .planning))
        #expect(await changes.next() == SessionChange(key: watched.key, kind: .changed))
        _ = try await store.session(watched.key)
        try await store.delete(other.key)
        #expect(
            await changes.next() == SessionChange(key: watched.key, kind: .changed),
            "a deletion in the app asks every subscriber there to read again"
        )
    }

    @Test func failedWritesAndReadsAnnounceNothing() async throws {
        let session = try await store.create(NewSession(id: "quiet"))
        var changes = hub.subscribe(to: session.key).makeAsyncIterator()
        await #expect(throws: SessionStoreError.self) {
            try await store.update(session.key, SessionUpdate(phase: "nonsense"))
        }
        _ = try await store.items(of: session.key, ItemQuery())
        try await store.append([NewItem(["n": 1])], to: session.key)
        #expect(await changes.next() == SessionChange(key: session.key, kind: .changed), "only the append was heard")
    }

    @Test func endingASubscriptionRemovesItAndClosingEndsEveryStream() async throws {
        let key = SessionKey("s", app: "default")
        let reader = Task { [changes = hub.subscribe(to: key)] in
            for await _ in changes {}
        }
        #expect(hub.subscriptionCount == 1, "a subscription counts from the call, before any reading")
        reader.cancel()
        await reader.value
        #expect(hub.subscriptionCount == 0)

        let stream = hub.subscribe(to: key)
        hub.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        var late = hub.subscribe(to: key).makeAsyncIterator()
        #expect(await late.next() == nil, "a closed hub takes no new subscribers")
    }

    @Test func everyCallIsReportedWithItsOperation() async throws {
        let calls = CallRecorder()
        let store = ObservedSessionStore(InMemorySessionStore(), observers: [calls])
        let session = try await store.create(NewSession())
        try await store.append([NewItem(["n": 1])], to: session.key)
        await #expect(throws: SessionStoreError(.alreadyExists, "")) {
            try await store.create(NewSession(id: session.id))
        }
        #expect(calls.operations == [.create, .append, .create])
        #expect(calls.failures == [false, false, true])
    }
}

/// Remembers the calls it hears of.
private final class CallRecorder: SessionStoreObserver {
    private let calls = Mutex<[StoreCall]>([])

    var operations: [StoreOperation] { calls.withLock { $0.map(\.operation) } }
    var failures: [Bool] { calls.withLock { $0.map(\.failed) } }

    func storeDidFinish(_ call: StoreCall) {
        calls.withLock { $0.append(call) }
    }
}
