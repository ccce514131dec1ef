import AgentSessions
import ServiceLifecycle
import Synchronization

/// The ``SessionEventSource`` of each session that has event streams, made when its first
/// stream opens and ended when its last one leaves; a service of the application, which runs
/// their readers.
///
/// ```swift
/// let sources = SessionEventSources(store: store, hub: changes)   // a service of the application
/// let subscription = sources.subscribe(to: key)                  // then read its deliveries
/// ```
package final class SessionEventSources: Service, Sendable {
    private let store: any SessionStore
    private let hub: SessionChangeHub
    private struct Registry {
        var sources: [SessionKey: SessionEventSource] = [:]
        /// Whether the application is shutting down: new streams end at once.
        var isClosed = false
    }

    private let registry = Mutex(Registry())
    private let starts = AsyncStream.makeStream(of: SessionEventSource.self)

    /// Sources over `store`, learning of changes from `hub`.
    init(store: any SessionStore, hub: SessionChangeHub) {
        self.store = store
        self.hub = hub
    }

    /// A new stream of the session `key`: its first delivery says where it starts, or that the
    /// session cannot be read (such as a ``SessionStoreError`` not found).
    func subscribe(to key: SessionKey) -> SessionEventSubscription {
        while true {
            let (source, isNew, isClosed) = registry.withLock { registry in
                if let source = registry.sources[key], !source.isEnded { return (source, false, registry.isClosed) }
                let source = SessionEventSource(key: key, store: store, hub: hub)
                if !registry.isClosed { registry.sources[key] = source }
                return (source, true, registry.isClosed)
            }
            if isNew && !isClosed { starts.continuation.yield(source) }
            // A source may end between the look-up and the join: then make a new one.
            guard let subscription = source.join() else { continue }
            // While shutting down, a stream ends before it starts.
            if isClosed { source.end() }
            return subscription
        }
    }

    /// Runs the readers of the sources until graceful shutdown, then ends every stream.
    package func run() async throws {
        await withDiscardingTaskGroup { group in
            for await source in starts.stream.cancelOnGracefulShutdown() {
                group.addTask {
                    await source.run()
                    self.registry.withLock { registry in
                        if registry.sources[source.key] === source { registry.sources[source.key] = nil }
                    }
                }
            }
            let sources = registry.withLock { registry in
                registry.isClosed = true
                return Array(registry.sources.values)
            }
            for source in sources { source.end() }
        }
    }
}
