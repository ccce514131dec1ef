import AgentSessions
import AgentSessionsExport

/// I1's input: W3's work (the same sessions' item counts, the same bodies) as an export and as
/// built values, made once before any run.
///
/// The sessions are written into an in-memory store and exported with ``SessionExporter``, so
/// that the import reads what `agent-sessions export` writes; the restore figure uses the same
/// sessions and items as values.
///
/// ```swift
/// let fixture = try await ImportFixture.make(itemCounts: [1_000, 1_000], batchSize: 500)
/// fixture.export.count   // bytes of the export, one line per format, session and item
/// ```
struct ImportFixture {
    /// The sessions' tags (`i1-000`…), which are their ids.
    let tags: [String]
    /// How many items each session holds, in the order of ``tags``.
    let itemCounts: [Int]
    /// The export: its lines, each followed by a line break, as `agent-sessions export` writes them.
    let export: [UInt8]
    /// The sessions as exported, in the order of ``tags``.
    let sessions: [Session]
    /// Each session's items as exported, cut into the importer's batches, in the order of ``tags``.
    let batches: [[[SessionItem]]]

    /// All the items.
    var itemCount: Int { itemCounts.reduce(0, +) }

    /// Writes the sessions and items into an in-memory store and exports them.
    /// - Parameters:
    ///   - itemCounts: How many items each session holds.
    ///   - batchSize: Items per batch of ``batches``: the importer's.
    /// - Throws: ``SessionStoreError`` or ``BenchmarkFailure`` from the in-memory store (a bug).
    static func make(itemCounts: [Int], batchSize: Int) async throws -> ImportFixture {
        let tags = itemCounts.indices.map { Workload.tag("i1-", $0, width: 3) }
        let source = InMemorySessionStore()
        var sessions: [Session] = []
        var batches: [[[SessionItem]]] = []
        for (tag, count) in zip(tags, itemCounts) {
            let key = SessionKey(try SessionID(tag))
            try await source.create(NewSession(id: key.id))
            for first in stride(from: 0, to: count, by: 100) {
                try await source.append(try ItemBody.items(tag: tag, first..<min(count, first + 100)), to: key)
            }
            let items = try await source.items(of: key, .all)
            batches.append(
                stride(from: 0, to: items.count, by: batchSize).map {
                    Array(items[$0..<min(items.count, $0 + batchSize)])
                }
            )
            guard let session = try await source.session(key) else {
                throw BenchmarkFailure(
                    message: "I1: the in-memory store lost session \(tag) while the fixture was made"
                )
            }
            sessions.append(session)
        }
        var export: [UInt8] = []
        try await SessionExporter().export(from: source) { line in
            export += line.utf8
            export.append(0x0A)
        }
        return ImportFixture(tags: tags, itemCounts: itemCounts, export: export, sessions: sessions, batches: batches)
    }
}
