public import AgentSessions

/// Restores sessions, their items and their compactions into a store from the lines of an
/// ``ExportFormat`` file, one line at a time.
///
/// Sessions are written with `SessionStore/restore(_:)` and items, in batches of
/// ``batchSize``, with `SessionStore/restore(_:to:)`, so memory holds one batch whatever the
/// size of the file; compactions with `SessionStore/restoreCompactions(_:to:)`.
///
/// Importing is idempotent: a session the store holds already (same app, id and creation time)
/// is not written again, and only its items above the highest one stored are added, so an
/// import run twice, or run again after it was cut short, stores nothing twice. A session under
/// the same id but created at another time is a different one: it is reported, and its items
/// are left out.
///
/// Every line is checked. A bad line is returned as an ``ImportProblem`` naming its line and
/// the reason, and the import goes on with the next line; the caller decides whether to stop.
///
/// ```swift
/// var importer = SessionImporter(into: store)
/// for (index, line) in lines.enumerated() {
///     for problem in try await importer.read(line, number: index + 1) { print(problem) }
/// }
/// for problem in try await importer.finish() { print(problem) }
/// print(importer.counts)
/// ```
public struct SessionImporter {
    /// The session whose items the next item lines are.
    private struct Current {
        var key: SessionKey
        var lastSequence: Int64
        /// The sequence number of the last item line read, to check the order.
        var previousSequence: Int64 = 0
        /// `false` once the session was refused: its items are left out.
        var isAccepted: Bool
    }

    /// What the import has done so far.
    public private(set) var counts = TransferCounts()
    /// How many items one `SessionStore/restore(_:to:)` call writes at most.
    public let batchSize: Int
    /// The batch size an importer has unless told otherwise: 500.
    public static let defaultBatchSize = 500

    private let store: any SessionStore
    private var hasFormatLine = false
    private var current: Current?
    /// The sessions left out, so that their children are left out too rather than restored
    /// under another session of the same id.
    private var refused: Set<SessionKey> = []
    private var batch: [(line: Int, item: SessionItem)] = []

    /// Prepares an import.
    /// - Parameters:
    ///   - store: The store to restore into.
    ///   - batchSize: Items per write. Defaults to ``defaultBatchSize`` (500).
    public init(into store: any SessionStore, batchSize: Int = defaultBatchSize) {
        self.store = store
        self.batchSize = max(1, batchSize)
    }

    /// Reads one line: stores a session, or takes an item into the batch (and writes the batch
    /// when it is full or when the next session begins). Blank lines are ignored.
    /// - Parameters:
    ///   - line: The line's text, without its line break.
    ///   - number: The line's number, from 1, for problems.
    /// - Returns: The problems found with this line, or with the batch it completed; empty when
    ///   all is well.
    /// - Throws: ``ImportProblem`` when the first line is not a `format` line, or a `format`
    ///   line names a version this library does not read (nothing after it can be trusted);
    ///   `SessionStoreError` when the store fails (unavailable, corrupted); `CancellationError`.
    public mutating func read(_ line: String, number: Int) async throws -> [ImportProblem] {
        guard line.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return [] }
        let parsed: ExportLine
        do {
            parsed = try ExportLine(parsing: line)
        } catch {
            guard hasFormatLine else { throw Self.notAnExport(number, error.message) }
            if !Self.isItemLine(line) { closeSession() }
            return record([ImportProblem(line: number, error: error)])
        }
        switch parsed {
        case .format(let version):
            // A version this library cannot read makes every later line untrustworthy.
            do {
                try Self.checkVersion(version)
            } catch {
                throw ImportProblem(line: number, error: error)
            }
            let problems = try await flush()
            closeSession()
            hasFormatLine = true
            return record(problems)
        case .session(let session):
            guard hasFormatLine else { throw Self.notAnExport(number, "it is a session line") }
            let problems = try await flush()
            return record(problems + (try await begin(session, line: number)))
        case .item(let item):
            guard hasFormatLine else { throw Self.notAnExport(number, "it is an item line") }
            return record(try await take(item, line: number))
        case .compaction(let compaction):
            guard hasFormatLine else { throw Self.notAnExport(number, "it is a compaction line") }
            let problems = try await flush()
            return record(problems + (try await restore(compaction, line: number)))
        }
    }

    /// Reads one line given as bytes, as ``read(_:number:)`` does; a line that is not UTF-8 is
    /// a problem (and the lines after it up to the next session line are left out).
    /// - Parameters:
    ///   - bytes: The line's bytes, without its line break.
    ///   - number: The line's number, from 1, for problems.
    /// - Returns: The problems found with this line, or with the batch it completed.
    /// - Throws: As ``read(_:number:)``.
    public mutating func read(utf8 bytes: some Collection<UInt8>, number: Int) async throws -> [ImportProblem] {
        // Contiguous bytes (an array, a slice of one) are read as a buffer: called from another
        // module, this function is not specialized, and the generic validation goes byte by byte.
        let text = bytes.withContiguousStorageIfAvailable(Self.text(of:)) ?? String(validating: bytes, as: UTF8.self)
        guard let text else {
            guard hasFormatLine else { throw Self.notAnExport(number, "it is not UTF-8 text") }
            closeSession()
            return record([ImportProblem(line: number, error: .invalid("line", "the line is not UTF-8 text"))])
        }
        return try await read(text, number: number)
    }

    /// The text of UTF-8 bytes, or `nil` if they are not UTF-8.
    private static func text(of bytes: UnsafeBufferPointer<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// Writes the items still in the batch. Call it after the last line, and before stopping
    /// early.
    /// - Returns: The problems found with the batch.
    /// - Throws: `SessionStoreError` when the store fails; `CancellationError`.
    public mutating func finish() async throws -> [ImportProblem] {
        record(try await flush())
    }

    /// Counts problems as errors and hands them on.
    private mutating func record(_ problems: [ImportProblem]) -> [ImportProblem] {
        counts.errors += problems.count
        return problems
    }

    /// Leaves out the items that follow, up to the next session line.
    private mutating func closeSession() {
        current?.isAccepted = false
    }

    /// Restores a session, or recognises it as one imported before.
    private mutating func begin(_ session: Session, line: Int) async throws -> [ImportProblem] {
        current = Current(key: session.key, lastSequence: session.lastSequence, isAccepted: false)
        if let parentID = session.parentID, refused.contains(SessionKey(parentID, app: session.app)) {
            refused.insert(session.key)
            let error = SessionStoreError(
                .notFound,
                "the parent '\(parentID)' of session '\(session.id)' was left out of this import, so it is left out too",
                field: "parent_id"
            )
            return [ImportProblem(line: line, error: error)]
        }
        do {
            if let existing = try await store.session(session.key) {
                guard existing.createdAt == session.createdAt else {
                    throw SessionStoreError(
                        .alreadyExists,
                        "session '\(session.id)' exists in app '\(session.app)' and is another session (created "
                            + "\(existing.createdAt), not \(session.createdAt)); its items are left out. "
                            + "Delete or rename one of them and import again",
                        field: "id"
                    )
                }
                counts.skippedSessions += 1
            } else {
                try await store.restore(session)
                counts.sessions += 1
            }
            current?.isAccepted = true
            return []
        } catch let error as SessionStoreError where Self.isAboutTheInput(error) {
            refused.insert(session.key)
            return [ImportProblem(line: line, error: error)]
        }
    }

    /// Checks an item line against the session it belongs to and adds it to the batch.
    private mutating func take(_ item: SessionItem, line: Int) async throws -> [ImportProblem] {
        guard var session = current else {
            return [
                ImportProblem(line: line, error: .invalid("type", "an item line needs a session line before it"))
            ]
        }
        guard session.isAccepted else {
            counts.rejectedItems += 1
            return []
        }
        guard item.sequence > session.previousSequence, item.sequence <= session.lastSequence else {
            counts.rejectedItems += 1
            let reason =
                item.sequence > session.lastSequence
                ? "is past the last sequence number of session '\(session.key.id)' (\(session.lastSequence))"
                : "is not above the item before it (\(session.previousSequence)); items come in ascending order"
            return [ImportProblem(line: line, error: .invalid("seq", "item \(item.sequence) \(reason)"))]
        }
        session.previousSequence = item.sequence
        current = session
        batch.append((line, item))
        return batch.count >= batchSize ? try await flush() : []
    }

    /// Writes the batch. When the store refuses it, the items are written one by one, so that
    /// each refused item is reported with its own line.
    private mutating func flush() async throws -> [ImportProblem] {
        guard let key = current?.key, let first = batch.first?.line, let last = batch.last?.line else { return [] }
        let pending = batch
        batch.removeAll(keepingCapacity: true)
        do {
            try await restore(pending.map(\.item), to: key)
            return []
        } catch let error as SessionStoreError where error.code == .notFound {
            closeSession()
            counts.rejectedItems += pending.count
            return [ImportProblem(lines: first...last, error: error)]
        } catch let error as SessionStoreError where Self.isAboutTheInput(error) && pending.count == 1 {
            counts.rejectedItems += 1
            return [ImportProblem(line: first, error: error)]
        } catch let error as SessionStoreError where Self.isAboutTheInput(error) {
            var problems: [ImportProblem] = []
            for (line, item) in pending {
                do {
                    try await restore([item], to: key)
                } catch let error as SessionStoreError where Self.isAboutTheInput(error) {
                    counts.rejectedItems += 1
                    problems.append(ImportProblem(line: line, error: error))
                }
            }
            return problems
        }
    }

    /// Restores a compaction of the current session (after its items, which are written first)
    /// and counts it as stored or there already.
    private mutating func restore(_ compaction: Compaction, line: Int) async throws -> [ImportProblem] {
        guard let session = current else {
            return [
                ImportProblem(line: line, error: .invalid("type", "a compaction line needs a session line before it"))
            ]
        }
        guard session.isAccepted else { return [] }
        do {
            let stored = try await store.restoreCompactions([compaction], to: session.key)
            counts.compactions += stored
            counts.skippedCompactions += 1 - stored
            return []
        } catch let error as SessionStoreError where Self.isAboutTheInput(error) {
            return [ImportProblem(line: line, error: error)]
        }
    }

    /// Restores items and counts what was stored and what was there already.
    private mutating func restore(_ items: [SessionItem], to key: SessionKey) async throws {
        let stored = try await store.restore(items, to: key)
        counts.items += stored
        counts.skippedItems += items.count - stored
    }

    /// Whether a store error is about what the file says (reported, and the import goes on),
    /// rather than about the store itself (which ends the import).
    private static func isAboutTheInput(_ error: SessionStoreError) -> Bool {
        [.invalidArgument, .alreadyExists, .notFound, .finalized, .versionConflict].contains(error.code)
    }

    /// Whether a line that could not be read says it is an item or a compaction, so that the
    /// session it belongs to goes on.
    private static func isItemLine(_ line: String) -> Bool {
        let texts = try? JSONParser.memberTexts(ofObject: line)
        return texts?.contains { $0.key == "type" && ($0.text == #""item""# || $0.text == #""compaction""#) } == true
    }

    /// Checks the version of a format line.
    private static func checkVersion(_ version: Int64) throws(SessionStoreError) {
        guard version >= 1 else { throw .invalid("version", "format version \(version) does not exist") }
        guard version <= ExportFormat.version else {
            throw .invalid(
                "version",
                "the file is in format version \(version), newer than this AgentSessions reads "
                    + "(\(ExportFormat.version)); import it with a newer version"
            )
        }
    }

    /// The problem that ends an import whose first line is not a format line.
    private static func notAnExport(_ line: Int, _ reason: String) -> ImportProblem {
        ImportProblem(
            line: line,
            error: .invalid(
                "type",
                "this is not an \(ExportFormat.name) export: the first line must be "
                    + #"{"name":"\#(ExportFormat.name)","type":"format","version":\#(ExportFormat.version)}"#
                    + " (\(reason))"
            )
        )
    }
}
