import AgentSessions

// A session's compactions live in one file beside its record, `compactions.json`:
//
//     {"compactions": [
//     {"author":{"kind":"caller"},"created_at":"…","first_seq":1,"last_seq":4,"number":1,"summary":{…},…},
//     {"author":{"kind":"caller"},"created_at":"…","first_seq":1,"last_seq":9,"number":2,"summary":{…},…}
//     ]}
//
// one compaction a line, in ascending number, each as `Compaction.jsonText` writes it (the summary
// byte for byte: a summary with line breaks spans lines, which one JSON document allows and JSON
// Lines would not). Like every file of the store it is replaced whole (temporary file, flush,
// rename), so a crash leaves the old list or the new one. The record commits it: it counts the
// compactions that count (``SessionRecord/compactionCount``), and is written after the file. A
// crash between the two leaves a compaction the record does not count, which is never read and
// is dropped by the next write of the file; a clear sets the count to zero before it removes the
// file.

extension SessionFolder {
    /// The session's compactions, ascending by number: the first
    /// ``SessionRecord/compactionCount`` of `compactions.json`. Call it holding the lock.
    /// - Parameter record: The session's record, as read under the lock.
    /// - Throws: ``SessionStoreError``: corrupted (the file is missing, damaged or shorter than
    ///   the record's count), unavailable.
    func compactions(of record: SessionRecord) throws(SessionStoreError) -> [Compaction] {
        guard record.compactionCount > 0 else { return [] }
        guard let text = try text(layout.compactions) else {
            throw .corrupted(
                layout.compactions,
                RecordError(reason: "the file is missing; the record counts \(record.compactionCount) compactions"),
                key
            )
        }
        let stored: [Compaction]
        do {
            stored = try Compaction.list(ofMember: "compactions", inObject: text)
        } catch {
            throw .corrupted(layout.compactions, RecordError(reason: error.message), key)
        }
        guard stored.count >= record.compactionCount else {
            throw .corrupted(
                layout.compactions,
                RecordError(
                    reason: "it holds \(stored.count) compactions; the record counts \(record.compactionCount)"
                ),
                key
            )
        }
        return Array(stored.prefix(record.compactionCount))
    }

    /// The text of `compactions.json` holding these compactions.
    static func compactionsText(_ compactions: [Compaction]) -> String {
        "{\"compactions\": [\n" + compactions.map(\.jsonText).joined(separator: ",\n") + "\n]}\n"
    }
}
