public import AgentSessions
public import Logging

/// A store on a directory of JSON files, laid out as Strands' `FileSessionManager` lays out its
/// sessions, so that Strands agents and this store read each other's sessions.
///
/// Each app has its own folder; point Strands' `FileSessionManager(storage_dir:)` at it:
///
/// ```
/// <directory>/<app>/session_<id>/session.json
/// <directory>/<app>/session_<id>/agents/agent_<agent>/agent.json          the session's own state
/// <directory>/<app>/session_<id>/agents/agent_<agent>/messages/message_<n>.json   item n + 1
/// <directory>/<app>/session_<id>/agent-sessions.json                      phase, history, version…
/// <directory>/<app>/session_<id>/compactions.json                         the session's compactions
/// ```
///
/// Strands' files keep Strands' shapes exactly; what the session model needs beyond them lives
/// beside them, where Strands does not look. A session Strands wrote is read as it is (the
/// lifecycle's initial phase, version 1) and gains its record on the first write here.
///
/// **Durability.** Every file is written to a temporary file in the same folder, flushed to disk
/// and renamed into place, and the folder is flushed too, so a crash leaves the old file or the
/// new one, never half of one (see ``Options/syncsToDisk``). A write is committed when the
/// session's record is renamed into place; items of a batch that was cut short are rolled back,
/// and a compaction whose record a crash kept from being written is never read.
///
/// **Concurrency.** Every operation on a session holds its lock file (`session_<id>/.lock`,
/// `flock`): shared for reads, exclusive for writes. The lock serialises tasks of one process
/// and processes alike, so concurrent appends never lose an item. Operations run on the store's
/// own threads (16, shared by every store of the process), never on the caller's: a call that
/// waits for a lock or for the disk holds one of them, and the calling task just waits. Callers
/// of one session take turns before they take a thread, so however many wait for a busy
/// session, operations on other sessions go on in parallel. Deleting a tree of
/// sessions, clean-up and forks are atomic per session, not across sessions.
///
/// **Damage.** A file that cannot be read is reported for its session, as
/// `SessionStoreError/Code/corrupted` naming the file relative to the directory; every other
/// session is still served, and listings skip the damaged one and log it.
///
/// ```swift
/// let store = try FileSessionStore(configuration: .init(directory: "./sessions"))
/// let session = try await store.create(NewSession(id: "chat-1", agentName: "support"))
/// try await store.append([NewItem(["role": "user", "content": [["text": "Hello"]]])], to: session.key)
/// ```
public final class FileSessionStore: SessionStore {
    /// The clock the store stamps times with and measures age by.
    public let clock: any WallClock
    /// The lifecycle of each app.
    public let lifecycles: LifecycleCatalog
    /// The directory the store keeps its files in.
    public let directory: String

    let fileSystem: FileSystem
    let logger: Logger
    /// Callers of one session take turns, so they hold one of the threads at a time.
    let turns = SessionTurns()

    /// Opens the store, creating its directory (and missing parents) when needed.
    /// - Parameters:
    ///   - configuration: Where and how to store. Defaults to `./.agent-sessions/files`.
    ///   - logger: Where the store reports what it skips or repairs (damaged sessions in a
    ///     listing, an interrupted batch rolled back), at info level or below. Defaults to a
    ///     logger that discards everything.
    /// Opening removes what writers that crashed left at the top of each app's folder
    /// (temporary and trashed session folders of processes that no longer run).
    /// - Throws: `SessionStoreError` (unavailable) if the directory cannot be created or read.
    public init(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "agent-sessions.files", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws {
        var directory = configuration.directory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        guard !directory.isEmpty, !directory.utf8.contains(0) else {
            throw SessionStoreError.invalid(
                "directory",
                "the store's directory path is empty or holds a NUL; give a folder path"
            )
        }
        do {
            try FileSystem.makeDirectories(atPath: directory)
        } catch {
            throw SessionStoreError(
                .unavailable,
                "cannot create the session directory '\(directory)': \(error); check the path and its permissions",
                cause: error
            )
        }
        self.directory = directory
        self.clock = configuration.clock
        self.lifecycles = configuration.lifecycles
        self.fileSystem = FileSystem(root: directory, syncs: configuration.options.syncsToDisk)
        self.logger = logger
        try removeCrashedWritersLeftovers()
    }
}
