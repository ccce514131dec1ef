import AgentSessions
import Testing

@testable import AgentSessionsSQLite

/// The model's view of a long session finds its pinned items along their own index.
@Suite("SQLiteSessionStore pinned items")
struct PinnedItemsTests {
    @Test func pinnedItemsAreOneProbeOfTheirIndex() async throws {
        do {
            let store = try SQLiteSessionStore(configuration: .init(location: .inMemory))
            let key = try await store.create(NewSession(id: "long")).key
            var items = (1...2_000).map { NewItem(["n": .int(Int64($0))]) }
            items[9].isPinned = true
            try await store.append(items, to: key)
            let plan = try store.queryPlan((ItemRows.pinned, SQLArgument.key(key)))
            #expect(plan.contains { $0.hasPrefix("SEARCH items USING INDEX items_pinned") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            #expect(try await store.pinnedItems(of: key).map(\.sequence) == [10])
        }
    }
}
