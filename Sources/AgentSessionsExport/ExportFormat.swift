import AgentSessions

/// The JSON Lines format that carries sessions and their items from one store to another, as
/// `agent-sessions export` writes it and `agent-sessions import` reads it.
///
/// A file is UTF-8 text with one JSON object per line, each with a `type` (see ``ExportLine``):
///
/// ```
/// {"name":"agent-sessions","type":"format","version":3}
/// {"agent":"planner","app":"default","created_at":"2026-11-21T06:10:00.000000Z","id":"s-1",…,"type":"session",…}
/// {"content":{"role":"user","content":"Plan the VPC"},"created_at":"…","item_id":null,"seq":1,"type":"item"}
/// ```
///
/// - The first line is the `format` line, which names the format and its ``version``. It may
///   appear again later (files joined with `cat`); a version newer than this library's is
///   refused.
/// - A `session` line holds every field of a session, in the keys of `Session/jsonValue`
///   (without the derived `duration_seconds`, which a reader ignores): the state as readers see
///   it, with the `app:` and `user:` keys, the version, the times, the phase history and the last
///   sequence number.
/// - The `item` lines after a session line are its items, in ascending sequence order: `seq`,
///   `item_id`, `created_at` and the item's JSON object as `content`, byte for byte. An item
///   whose text does not fit on one line (it has line breaks, or blanks around the object)
///   carries the text as a JSON string in `content_text` instead. An item whose caller counted
///   its tokens carries the count as `tokens`, and a pinned item `"pinned": true` (version 3
///   added both).
/// - The `compaction` lines after a session's items are its compactions, by ascending number:
///   the keys of `Compaction/jsonText`, the summary byte for byte as `summary` (or, when it does
///   not fit on one line, as a JSON string in `summary_text`). Version 2 added them; version 1
///   files are read as before.
/// - A parent session comes before its children. Times are ISO 8601 in UTC with microseconds.
///
/// Writers emit keys sorted and no blanks, so that the same sessions always give the same
/// bytes. Readers accept blank lines and the keys in any order, and refuse unknown keys and
/// duplicate ones.
public enum ExportFormat {
    /// The format's name, in the `format` line: `agent-sessions`.
    public static let name = "agent-sessions"

    /// The newest version this library reads, and the one it writes: 3 (items' `tokens` and
    /// `pinned`; version 2 added compaction lines).
    public static let version: Int64 = 3
}
