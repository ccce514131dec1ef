import AgentSessions

/// The payload of a notice on the store's change channel (`NOTIFY`), in one of two forms:
///
/// - `app/id`: the session changed; read it again. The `sessions_changed` trigger (schema step
///   `v2`) sends it at the commit of every write that touches a session's row.
/// - `app/id removed SEQ[,SEQ…] ORIGIN` and `app/id cleared COUNT ORIGIN`: items were removed
///   (a pop) or cleared, which a reader cannot see by reading the session again. The store's pop
///   and clear send it in their own transaction, so it arrives at their commit; `ORIGIN` names
///   the store instance that sent it, so that the instance can leave out its own.
///
/// Ids and app names never hold a space or a slash, so the second form cannot be mistaken for
/// the first, and a server that knows only the first form (AgentSessions before these notices)
/// reads the rest of a removal notice as an invalid id and ignores it: servers of both versions
/// share a database, the older ones seeing removals as plain changes, as before.
///
/// ```swift
/// let notice = PostgresChangeNotice(SessionChange(key: key, kind: .itemsRemoved([5])), origin: "k2v9")
/// notice.payload                                    // "default/chat-1 removed 5 k2v9"
/// PostgresChangeNotice(payload: "default/chat-1")   // .changed, no origin
/// ```
struct PostgresChangeNotice: Equatable, Sendable {
    /// What changed.
    var change: SessionChange
    /// The store instance that sent a removal notice; `nil` for trigger notices.
    var origin: String?

    /// A notice of `change`, sent by the store instance `origin`.
    init(_ change: SessionChange, origin: String?) {
        self.change = change
        self.origin = origin
    }

    /// Reads a payload of either form; `nil` for anything else.
    init?(payload: String) {
        let words = payload.split(separator: " ", omittingEmptySubsequences: false)
        guard let key = Self.key(words[0]) else { return nil }
        if words.count == 1 {
            self.init(SessionChange(key: key, kind: .changed), origin: nil)
            return
        }
        guard words.count == 4, !words[3].isEmpty else { return nil }
        let kind: SessionChange.Kind
        switch words[1] {
        case "removed":
            let sequences = words[2].split(separator: ",", omittingEmptySubsequences: false).map { Int64($0) }
            guard !sequences.isEmpty, sequences.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
            kind = .itemsRemoved(sequences.compactMap { $0 })
        case "cleared":
            guard let count = Int(words[2]), count > 0 else { return nil }
            kind = .itemsCleared(count: count)
        default:
            return nil
        }
        self.init(SessionChange(key: key, kind: kind), origin: String(words[3]))
    }

    /// The notice as a payload of the form its kind has.
    var payload: String {
        let key = "\(change.key.app)/\(change.key.id.rawValue)"
        switch change.kind {
        case .changed:
            return key
        case .itemsRemoved(let sequences):
            return "\(key) removed \(sequences.map(String.init).joined(separator: ",")) \(origin ?? "-")"
        case .itemsCleared(let count):
            return "\(key) cleared \(count) \(origin ?? "-")"
        }
    }

    /// The key of `app/id`; `nil` when the id is not a valid session id.
    private static func key(_ text: Substring) -> SessionKey? {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        guard let id = try? SessionID(String(text[text.index(after: slash)...])) else { return nil }
        return SessionKey(id, app: String(text[..<slash]))
    }
}
