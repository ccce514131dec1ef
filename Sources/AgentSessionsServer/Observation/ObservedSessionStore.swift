public import AgentSessions
public import Tracing

/// A store that tells observers about every call it forwards to another store: how long it
/// took, whether it failed and what it changed; and, given a tracer, runs each call in a span.
///
/// The server wraps its store in one to feed its metrics and the change notifications of its
/// event streams, and its traces when ``ServerConfiguration/tracing`` is on; the wrapped store
/// does the work and keeps every guarantee of `SessionStore`.
///
/// ```swift
/// let changes = SessionChangeHub()
/// let store = ObservedSessionStore(SQLiteSessionStore(path: "sessions.sqlite"), observers: [changes])
/// for await change in changes.subscribe(to: key) { … }
/// ```
public struct ObservedSessionStore: SessionStoreWrapper {
    /// The store doing the work.
    public let base: any SessionStore
    /// Who hears of every call, in this order.
    public let observers: [any SessionStoreObserver]
    /// Where each call's span goes, a child of the caller's (the request's) span; `nil` for no
    /// spans.
    public let tracer: (any Tracer)?

    /// Wraps a store.
    /// - Parameters:
    ///   - base: The store doing the work.
    ///   - observers: Who hears of every call, in this order.
    ///   - tracer: Where each call's span goes, such as `InstrumentationSystem.tracer`: a span
    ///     named `store.` and the operation (`store.append`), with the app and the session id as
    ///     attributes (never content). Defaults to `nil`: no spans.
    public init(_ base: any SessionStore, observers: [any SessionStoreObserver], tracer: (any Tracer)? = nil) {
        self.base = base
        self.observers = observers
        self.tracer = tracer
    }

    public var clock: any WallClock { base.clock }

    public var lifecycles: LifecycleCatalog { base.lifecycles }

    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        try await observe(.create, new.id.map { SessionKey($0, app: new.app) }, effect: StoreEffect.created) {
            try await base.create(new)
        }
    }

    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        try await observe(
            .getOrCreate,
            new.id.map { SessionKey($0, app: new.app) },
            effect: { $0.created ? .created($0.session) : nil }
        ) {
            try await base.getOrCreate(new)
        }
    }

    public func session(_ key: SessionKey) async throws -> Session? {
        try await observe(.session, key) { try await base.session(key) }
    }

    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        try await observe(.update, key, effect: { .updated($0, update) }) {
            try await base.update(key, update, expectedVersion: expectedVersion)
        }
    }

    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        try await observe(.delete, key, effect: { $0 > 0 ? .deleted(count: $0) : nil }) { try await base.delete(key) }
    }

    public func list(_ query: SessionQuery) async throws -> SessionPage {
        try await observe(.list, nil, app: query.app) { try await base.list(query) }
    }

    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try await observe(.listSummaries, nil, app: query.app) { try await base.listSummaries(query) }
    }

    public func count(_ query: SessionQuery) async throws -> Int {
        try await observe(.count, nil, app: query.app) { try await base.count(query) }
    }

    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        try await observe(.append, key, effect: StoreEffect.appended) { try await base.append(items, to: key) }
    }

    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try await observe(.items, key) { try await base.items(of: key, query) }
    }

    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        try await observe(.popLastItem, key, effect: { $0.map(StoreEffect.popped) }) {
            try await base.popLastItem(of: key)
        }
    }

    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        try await observe(.clearItems, key, effect: { .cleared(count: $0) }) { try await base.clearItems(of: key) }
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        try await observe(.fork, key, effect: StoreEffect.created) {
            try await base.fork(key, through: sequence, as: newID)
        }
    }

    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        try await observe(.resumeDecision, key) { try await base.resumeDecision(for: key, policy: policy) }
    }

    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        try await observe(.deleteIdleSessions, nil, app: app, effect: { .deletedIdle(count: $0, app: app) }) {
            try await base.deleteSessions(idleLongerThan: age, app: app)
        }
    }

    public func statistics(app: String?) async throws -> SessionStatistics {
        try await observe(.statistics, nil, app: app) { try await base.statistics(app: app) }
    }

    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        try await observe(.restore, session.key, effect: StoreEffect.created) { try await base.restore(session) }
    }

    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        try await observe(.restoreItems, key) { try await base.restore(items, to: key) }
    }

    @discardableResult
    public func addCompaction(_ compaction: NewCompaction, to key: SessionKey) async throws -> Compaction {
        try await observe(.addCompaction, key) { try await base.addCompaction(compaction, to: key) }
    }

    public func compactions(of key: SessionKey) async throws -> [Compaction] {
        try await observe(.compactions, key) { try await base.compactions(of: key) }
    }

    @discardableResult
    public func restoreCompactions(_ compactions: [Compaction], to key: SessionKey) async throws -> Int {
        try await observe(.restoreCompactions, key) { try await base.restoreCompactions(compactions, to: key) }
    }

    public func context(of key: SessionKey, _ request: ContextRequest) async throws -> ModelContext {
        try await observe(.context, key) { try await base.context(of: key, request) }
    }

    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try await observe(.pinnedItems, key) { try await base.pinnedItems(of: key) }
    }

    public func tokens(of key: SessionKey) async throws -> SessionTokens {
        try await observe(.tokens, key) { try await base.tokens(of: key) }
    }

    /// Runs one call of the base store, in a span when there is a tracer, and reports it.
    /// - Parameters:
    ///   - operation: The requirement called.
    ///   - key: The session it names, if it names one.
    ///   - app: The app it works in when it names no session (a listing, statistics).
    ///   - effect: What a successful call changed.
    ///   - call: The call of the base store.
    private func observe<Result>(
        _ operation: StoreOperation,
        _ key: SessionKey?,
        app: String? = nil,
        effect: (Result) -> StoreEffect? = { _ in nil },
        _ call: () async throws -> Result
    ) async throws -> Result {
        guard let tracer else { return try await measure(operation, key, effect: effect, call) }
        return try await tracer.withSpan("store.\(operation.rawValue)", ofKind: .internal) { span in
            span.attributes[SpanAttributeNames.operation] = operation.rawValue
            span.attributes[SpanAttributeNames.app] = key?.app ?? app
            span.attributes[SpanAttributeNames.sessionID] = key?.id.rawValue
            return try await measure(operation, key, effect: effect, call)
        }
    }

    /// Runs one call of the base store and reports it to the observers.
    private func measure<Result>(
        _ operation: StoreOperation,
        _ key: SessionKey?,
        effect: (Result) -> StoreEffect?,
        _ call: () async throws -> Result
    ) async throws -> Result {
        let start = ContinuousClock.now
        do {
            let result = try await call()
            report(
                StoreCall(operation: operation, key: key, duration: .now - start, effect: effect(result), failed: false)
            )
            return result
        } catch {
            report(StoreCall(operation: operation, key: key, duration: .now - start, effect: nil, failed: true))
            throw error
        }
    }

    private func report(_ call: StoreCall) {
        for observer in observers { observer.storeDidFinish(call) }
    }
}
