import AgentSessions
import AgentSessionsTesting
import Testing

@testable import AgentSessionsSQLite

/// Issue 17: a listing by a phase, an agent, a tag or a value of an indexed metadata key that few
/// of an app's sessions have reads them along the phase's or the agent's index, the tag's rows or
/// the key's index and sorts them; any other walks in listing order. Every way lists the same
/// sessions in the same order, page by page, in every order, and counts them.
@Suite("SQLiteSessionStore selective listings", .timeLimit(.minutes(10)))
struct SQLiteSessionStoreSelectiveListingTests {
    /// More sessions than ``ListingSQL/selectiveLimit``: most of agent `common`, tagged `common`,
    /// of metadata `customer` and `plan` `common`, and finalized (phase `completed`); a few of
    /// agent `rare`, a few tagged `rare` (all of user `u1`, some active), a few of customer and
    /// plan `rare`, a few active (phase `executing` or `validating`). The store indexes
    /// `customer`, not `plan`.
    static let sessionCount = ListingSQL.selectiveLimit + 60

    @Test func rareAndCommonFiltersListTheSameSessionsAsAFilteredFullListing() async throws {
        try await TemporaryDirectory.with { directory in
            let clock = ManualWallClock()
            let store = try SQLiteSessionStore.file(
                in: directory,
                clock: clock,
                options: .init(indexedMetadataKeys: ["customer"])
            )
            let customer = try MetadataIndex(key: "customer")
            for number in 0..<Self.sessionCount {
                if number % 7 == 0 { clock.advance(by: .seconds(1)) }  // ties in time, broken by id
                let key = SessionKey(try SessionID("s\(number)"), app: "big")
                _ = try await store.create(
                    NewSession(
                        id: key.id,
                        app: key.app,
                        userID: "u\(number % 3)",
                        agentName: number % 500 == 1 ? "rare" : "common",
                        phase: number % 700 == 5 ? .validating : .executing,
                        metadata: [
                            "customer": .string(number % 450 == 3 ? "rare" : "common"),
                            "plan": .string(number % 450 == 3 ? "rare" : "common"),
                        ],
                        tags: number % 300 == 1 ? ["common", "rare"] : ["common"]
                    )
                )
                let isActive = number % 400 == 1 || number % 700 == 5
                if !isActive { try await store.finalize(key, outcome: .completed) }
            }
            _ = try await store.create(NewSession(id: "other", app: "small", agentName: "rare", phase: .validating))
            for id in ["fresh-1", "fresh-2"] {  // in `initializing`, which the phase's index leaves out
                _ = try await store.create(NewSession(id: try SessionID(id), app: "big"))
            }

            var everything: [SessionOrder: [Session]] = [:]
            for order in [SessionOrder.recentActivityFirst, .newestFirst, .oldestFirst] {
                everything[order] = try await store.list(SessionQuery(app: "big", order: order)).sessions
                #expect(everything[order]?.count == Self.sessionCount + 2)
            }
            var queries: [(SessionQuery, expected: (Session) -> Bool, path: ListingSQL.Path)] = [
                (SessionQuery(app: "big", phase: .validating), { $0.phase == .validating }, .byPhase),
                (SessionQuery(app: "big", agentName: "rare"), { $0.agentName == "rare" }, .byAgent),
                (
                    SessionQuery(app: "big", agentName: "rare", order: .oldestFirst),
                    { $0.agentName == "rare" }, .byAgent
                ),
                (SessionQuery(app: "big", agentName: ""), { $0.agentName.isEmpty }, .listingOrder),
                (SessionQuery(app: "big", isFinalized: false), { !$0.isFinalized }, .listingOrder),
                (
                    SessionQuery(app: "big", agentName: "rare", phase: .executing, isFinalized: false),
                    { $0.agentName == "rare" && $0.phase == .executing && !$0.isFinalized }, .byAgent
                ),
                (
                    SessionQuery(app: "big", agentName: "common", phase: .validating),
                    { $0.agentName == "common" && $0.phase == .validating }, .byPhase
                ),
                (SessionQuery(app: "big", agentName: "common"), { $0.agentName == "common" }, .listingOrder),
                (SessionQuery(app: "big", phase: .completed), { $0.phase == .completed }, .listingOrder),
                (
                    SessionQuery(app: "big", userID: "u1", phase: .validating),
                    { $0.userID == "u1" && $0.phase == .validating }, .listingOrder
                ),
                (SessionQuery(app: "big", isFinalized: true), { $0.isFinalized }, .listingOrder),
                (SessionQuery(app: "big", phase: .initializing), { $0.phase == .initializing }, .listingOrder),
                (SessionQuery(app: "big", tags: ["rare"]), { $0.tags.contains("rare") }, .byTag("rare")),
                (SessionQuery(app: "big", tags: ["common"]), { $0.tags.contains("common") }, .listingOrder),
                (
                    SessionQuery(app: "big", tags: ["common", "rare"], order: .oldestFirst),
                    { $0.tags.contains("rare") }, .byTag("rare")
                ),
                (
                    SessionQuery(app: "big", phase: .validating, tags: ["common"]),
                    { $0.phase == .validating }, .byPhase
                ),
                (
                    SessionQuery(app: "big", phase: .executing, tags: ["rare"], order: .newestFirst),
                    { $0.phase == .executing && $0.tags.contains("rare") }, .byPhase
                ),
                (
                    SessionQuery(app: "big", phase: .completed, tags: ["rare"], order: .newestFirst),
                    { $0.phase == .completed && $0.tags.contains("rare") }, .byTag("rare")
                ),
                (
                    SessionQuery(app: "big", userID: "u1", tags: ["rare"], order: .newestFirst),
                    { $0.userID == "u1" && $0.tags.contains("rare") }, .listingOrder
                ),
            ]
            func isCustomer(_ session: Session, _ value: String) -> Bool {
                session.metadata["customer"] == .string(value)
            }
            queries += [
                (
                    SessionQuery(app: "big", metadata: ["customer": "rare"]), { isCustomer($0, "rare") },
                    .byMetadata(customer)
                ),
                (
                    SessionQuery(app: "big", metadata: ["customer": "rare"], order: .newestFirst),
                    { isCustomer($0, "rare") }, .byMetadata(customer)
                ),
                (
                    SessionQuery(app: "big", agentName: "common", metadata: ["customer": "rare"], order: .oldestFirst),
                    { isCustomer($0, "rare") && $0.agentName == "common" }, .byMetadata(customer)
                ),
                (
                    SessionQuery(app: "big", metadata: ["customer": "rare", "plan": "rare"], order: .newestFirst),
                    { isCustomer($0, "rare") }, .byMetadata(customer)
                ),
                (
                    SessionQuery(app: "big", metadata: ["customer": "common"]), { isCustomer($0, "common") },
                    .listingOrder
                ),
                (
                    SessionQuery(app: "big", metadata: ["customer": "common"], order: .oldestFirst),
                    { isCustomer($0, "common") }, .listingOrder
                ),
                (SessionQuery(app: "big", metadata: ["plan": "rare"]), { isCustomer($0, "rare") }, .listingOrder),
                (
                    SessionQuery(app: "big", agentName: "rare", metadata: ["customer": "common"]),
                    { $0.agentName == "rare" }, .byAgent
                ),
                (
                    SessionQuery(app: "big", userID: "u0", metadata: ["customer": "rare"]),
                    { $0.userID == "u0" && isCustomer($0, "rare") }, .listingOrder
                ),
            ]
            for (query, matches, path) in queries {
                let expected = try #require(everything[query.order]).filter(matches).map(\.id)
                #expect(!expected.isEmpty, "\(query) matches something")
                let chosen = try store.database.read("choose") { db in
                    try ListingSQL.path(for: query, metadataIndexes: store.database.metadataIndexes, in: db)
                }
                #expect(chosen == path, "\(query)")
                var paged = query
                paged.limit = 3
                let listed = try await store.listAll(paged).map(\.id)
                #expect(listed == expected, "\(query): paged by 3")
                let whole = try await store.list(query).sessions.map(\.id)
                #expect(whole == expected, "\(query): in one page")
                #expect(try await store.listSummaries(paged).summaries.map(\.id) == Array(expected.prefix(3)))
                #expect(try await store.count(query) == expected.count, "\(query): counted")
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
