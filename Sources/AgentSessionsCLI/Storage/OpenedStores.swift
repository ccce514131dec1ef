import AgentSessions
import Synchronization

/// The stores a command opened, closed when the command ends, so that a SQLite database's
/// write-ahead log is folded back into its file before the process exits.
///
/// ```swift
/// try await OpenedStores.closing {
///     let store = try options.store.openStore()   // registered by openStore()
///     try await store.create(NewSession())
/// }   // closed here, whether the body returned or threw
/// ```
final class OpenedStores: Sendable {
    /// The registry of the command running in this task, if any.
    @TaskLocal static var current: OpenedStores?

    private let stores = Mutex<[any SessionStore]>([])

    /// Notes a store to close when the command ends.
    func add(_ store: any SessionStore) {
        stores.withLock { $0.append(store) }
    }

    /// Runs `body` with a fresh registry, then closes every store it opened.
    /// - Throws: What `body` throws (a failure to close is then not reported: the body's
    ///   failure is the one to tell); else ``SessionStoreError`` when a store cannot be closed.
    static func closing<T>(_ body: () async throws -> T) async throws -> T {
        let opened = OpenedStores()
        let result: T
        do {
            result = try await $current.withValue(opened) { try await body() }
        } catch {
            // The command failed: close what it opened all the same, and report its failure.
            do { try await opened.closeAll() } catch {}
            throw error
        }
        try await opened.closeAll()
        return result
    }

    private func closeAll() async throws {
        let toClose = stores.withLock { stores in
            defer { stores.removeAll() }
            return stores
        }
        for store in toClose { try await store.closable?.close() }
    }
}
