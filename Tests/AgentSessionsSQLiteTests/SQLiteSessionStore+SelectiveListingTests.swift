import AgentSessions
import AgentSessionsTesting
import Testing

@testable import AgentSessionsSQLite

/// Issue 17: a listing by a phase that few of an app's sessions are in reads them along the
/// phase's index and sorts them; any other walks in listing order. Both ways list the same
/// sessions in the same order, page by page.
@Suite("SQLiteSessionStore selective listings", .timeLimit(.minutes(10)))
struct SQLiteSessionStoreSelectiveListingTests {
    /// More sessions than ``ListingSQL/selectiveLimit``: most of agent `common` and finalized
    /// (phase `completed`); a few of agent `rare`, a few active (phase `executing` or
    /// `validating`).
    static let sessionCount = ListingSQL.selectiveLimit + 60

    @Test func rareAndCommonFiltersListTheSameSessionsAsAFilteredFullListing() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualWallClock()
            let store = try SQLiteSessionStore.file(in: directory, clock: clock)
            for number in 0..<Self.sessionCount {
                if number % 7 == 0 { clock.advance(by: .seconds(1)) }  // ties in time, broken by id
                let key = SessionKey(try SessionID("s\(number)"), app: "big")
                _ = try await store.create(
                    NewSession(
                        id: key.id,
                        app: key.app,
                        userID: "u\(number % 3)",
                        agentName: number % 500 == 1 ? "rare" : "common",
                        phase: number % 700 == 5 ? .validating : .executing
                    )
                )
                let isActive = number % 400 == 1 || number % 700 == 5
                if !isActive { try await store.finalize(key, outcome: .completed) }
            }
            _ = try await store.create(NewSession(id: "other", app: "small", agentName: "rare", phase: .validating))
            for id in ["fresh-1", "fresh-2"] {  // in `initializing`, which the phase's index leaves out
                _ = try await store.create(NewSession(id: try SessionID(id), app: "big"))
            }

            let everything = try await store.list(SessionQuery(app: "big")).sessions
            #expect(everything.count == Self.sessionCount + 2)
            let queries: [(SessionQuery, expected: (Session) -> Bool, path: ListingSQL.Path)] = [
                (SessionQuery(app: "big", phase: .validating), { $0.phase == .validating }, .byPhase),
                (SessionQuery(app: "big", agentName: "rare"), { $0.agentName == "rare" }, .listingOrder),
                (SessionQuery(app: "big", isFinalized: false), { !$0.isFinalized }, .listingOrder),
                (
                    SessionQuery(app: "big", agentName: "rare", phase: .executing, isFinalized: false),
                    { $0.agentName == "rare" && $0.phase == .executing && !$0.isFinalized }, .byPhase
                ),
                (SessionQuery(app: "big", agentName: "common"), { $0.agentName == "common" }, .listingOrder),
                (SessionQuery(app: "big", phase: .completed), { $0.phase == .completed }, .listingOrder),
                (
                    SessionQuery(app: "big", userID: "u1", phase: .validating),
                    { $0.userID == "u1" && $0.phase == .validating }, .listingOrder
                ),
                (SessionQuery(app: "big", isFinalized: true), { $0.isFinalized }, .listingOrder),
                (SessionQuery(app: "big", phase: .initializing), { $0.phase == .initializing }, .listingOrder),
            ]
            for (query, matches, path) in queries {
                let expected = everything.filter(matches).map(\.id)
                #expect(!expected.isEmpty, "\(query) matches something")
                let chosen = try store.database.read("choose") { db in try ListingSQL.path(for: query, in: db) }
                #expect(chosen == path, "\(query)")
                var paged = query
                paged.limit = 3
                let listed = try await store.listAll(paged).map(\.id)
                #expect(listed == expected, "\(query): paged by 3")
                let whole = try await store.list(query).sessions.map(\.id)
                #expect(whole == expected, "\(query): in one page")
            }
        }
    }

    @Test func oneAppsStatisticsCountOnlyThatApp() async throws {
        let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
        _ = try await store.create(NewSession(id: "a", app: "one", phase: .planning))
        _ = try await store.append([NewItem(["text": "hi"])], to: SessionKey("a", app: "one"))
        for id in ["b", "c"] { _ = try await store.create(NewSession(id: try SessionID(id), app: "two")) }
        let one = try await store.statistics(app: "one")
        #expect(one.sessionCount == 1 && one.countsByPhase == [.planning: 1] && one.itemCount == 1)
        let two = try await store.statistics(app: "two")
        #expect(two.sessionCount == 2 && two.itemCount == 0)
        let all = try await store.statistics(app: nil)
        #expect(all.sessionCount == 3 && all.itemCount == 1 && all.itemBytes == one.itemBytes)
    }
}
