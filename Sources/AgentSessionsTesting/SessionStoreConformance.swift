public import AgentSessions
public import Testing

/// The behaviour every `SessionStore` must have, as one suite that each backend runs.
///
/// Run every check as its own test, with a fresh store for each:
///
/// ```swift
/// @Test(arguments: SessionStoreConformance.Check.allCases)
/// func conformance(_ check: SessionStoreConformance.Check) async throws {
///     try await SessionStoreConformance { fixture in
///         InMemorySessionStore(configuration: .init(clock: fixture.clock, lifecycles: fixture.lifecycles))
///     }.run(check)
/// }
/// ```
///
/// If the suite does not check a behaviour, that behaviour is not part of the contract: add
/// the check here first, then make every backend pass it.
public struct SessionStoreConformance: Sendable {
    /// What a store under test must be built with.
    public struct Fixture: Sendable {
        /// The clock the store must use.
        public let clock: ManualWallClock
        /// The lifecycles the store must use: the standard one, and ``customApp``'s own.
        public let lifecycles: LifecycleCatalog
    }

    /// The app whose lifecycle is ``customLifecycle``.
    public static let customApp = "reviews"

    /// A lifecycle unlike the standard one, to check that stores use the app's rules.
    public static let customLifecycle: Lifecycle = {
        do {
            return try Lifecycle(
                phases: ["drafting", "waiting", "done", "dropped"],
                initial: "drafting",
                resumable: ["waiting"],
                final: ["done", "dropped"]
            )
        } catch {
            preconditionFailure("the custom lifecycle is valid: \(error)")
        }
    }()

    /// One behaviour of the contract.
    public enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case createAndGet
        case createGeneratesUniqueIDs
        case createRejectsTakenID
        case concurrentCreatesOfOneID
        case createRejectsMissingParent
        case createRejectsBadInput
        case getOrCreate
        case appsAreIsolated
        case deleteRemovesItemsAndChildren
        case listOrderAndFilters
        case listPaging
        case listOrders
        case titlesAndTags
        case listByTagsAndMetadata
        case summariesAndCounts
        case phaseTransitions
        case metadataMerge
        case stateScopes
        case versionConflicts
        case errorsAndFinalize
        case customLifecycle
        case resumeDecisions
        case appendAndReadLimits
        case readAfterSequence
        case appendToMissingSession
        case appendIsAtomic
        case itemIDsMakeRetriesSafe
        case popAndClear
        case concurrentAppends
        case concurrentPops
        case fork
        case cleanupBoundaries
        case cleanupByApp
        case ephemeralChildren
        case ephemeralChildOnCancellation
        case statistics
        case restoreKeepsEverything
        case restoreInBatches
        case restoreRejectsBadInput
        case itemQueryExtremes
        case forkListAndVersionExtremes
        case resumePolicyExtremes
        case cleanupExtremes
        case dateExtremes
        case restoreCountExtremes
        case itemIDConflicts
        case compactionsKeepRawItems
        case compactionsInForkClearAndDelete
        case compactionRestore
        case modelContext
        case compactionRacingAppends
        case itemTokensTravel
        case itemTokensRefused
        case sessionTokens
        case statisticsCountTokens
        case pinnedItemsStayInTheView
        case statisticsMatchARecount

        public var testDescription: String { rawValue }
    }

    let makeStore: @Sendable (Fixture) async throws -> any SessionStore

    /// Creates the suite.
    /// - Parameter makeStore: Builds a fresh, empty store with the fixture's clock and lifecycles.
    public init(makeStore: @escaping @Sendable (Fixture) async throws -> any SessionStore) {
        self.makeStore = makeStore
    }

    /// Runs one check against a fresh store.
    public func run(_ check: Check) async throws {
        let fixture = Fixture(
            clock: ManualWallClock(),
            lifecycles: LifecycleCatalog(byApp: [Self.customApp: Self.customLifecycle])
        )
        let store = try await makeStore(fixture)
        let context = Context(store: store, clock: fixture.clock)
        switch check {
        case .createAndGet: try await context.createAndGet()
        case .createGeneratesUniqueIDs: try await context.createGeneratesUniqueIDs()
        case .createRejectsTakenID: try await context.createRejectsTakenID()
        case .concurrentCreatesOfOneID: try await context.concurrentCreatesOfOneID()
        case .createRejectsMissingParent: try await context.createRejectsMissingParent()
        case .createRejectsBadInput: try await context.createRejectsBadInput()
        case .getOrCreate: try await context.getOrCreate()
        case .appsAreIsolated: try await context.appsAreIsolated()
        case .deleteRemovesItemsAndChildren: try await context.deleteRemovesItemsAndChildren()
        case .listOrderAndFilters: try await context.listOrderAndFilters()
        case .listPaging: try await context.listPaging()
        case .listOrders: try await context.listOrders()
        case .titlesAndTags: try await context.titlesAndTags()
        case .listByTagsAndMetadata: try await context.listByTagsAndMetadata()
        case .summariesAndCounts: try await context.summariesAndCounts()
        case .phaseTransitions: try await context.phaseTransitions()
        case .metadataMerge: try await context.metadataMerge()
        case .stateScopes: try await context.stateScopes()
        case .versionConflicts: try await context.versionConflicts()
        case .errorsAndFinalize: try await context.errorsAndFinalize()
        case .customLifecycle: try await context.customLifecycle()
        case .resumeDecisions: try await context.resumeDecisions()
        case .appendAndReadLimits: try await context.appendAndReadLimits()
        case .readAfterSequence: try await context.readAfterSequence()
        case .appendToMissingSession: try await context.appendToMissingSession()
        case .appendIsAtomic: try await context.appendIsAtomic()
        case .itemIDsMakeRetriesSafe: try await context.itemIDsMakeRetriesSafe()
        case .popAndClear: try await context.popAndClear()
        case .concurrentAppends: try await context.concurrentAppends()
        case .concurrentPops: try await context.concurrentPops()
        case .fork: try await context.fork()
        case .cleanupBoundaries: try await context.cleanupBoundaries()
        case .cleanupByApp: try await context.cleanupByApp()
        case .ephemeralChildren: try await context.ephemeralChildren()
        case .ephemeralChildOnCancellation: try await context.ephemeralChildOnCancellation()
        case .statistics: try await context.statistics()
        case .restoreKeepsEverything: try await context.restoreKeepsEverything()
        case .restoreInBatches: try await context.restoreInBatches()
        case .restoreRejectsBadInput: try await context.restoreRejectsBadInput()
        case .itemQueryExtremes: try await context.itemQueryExtremes()
        case .forkListAndVersionExtremes: try await context.forkListAndVersionExtremes()
        case .resumePolicyExtremes: try await context.resumePolicyExtremes()
        case .cleanupExtremes: try await context.cleanupExtremes()
        case .dateExtremes: try await context.dateExtremes()
        case .restoreCountExtremes: try await context.restoreCountExtremes()
        case .itemIDConflicts: try await context.itemIDConflicts()
        case .compactionsKeepRawItems: try await context.compactionsKeepRawItems()
        case .compactionsInForkClearAndDelete: try await context.compactionsInForkClearAndDelete()
        case .compactionRestore: try await context.compactionRestore()
        case .modelContext: try await context.modelContext()
        case .compactionRacingAppends: try await context.compactionRacingAppends()
        case .itemTokensTravel: try await context.itemTokensTravel()
        case .itemTokensRefused: try await context.itemTokensRefused()
        case .sessionTokens: try await context.sessionTokens()
        case .statisticsCountTokens: try await context.statisticsCountTokens()
        case .pinnedItemsStayInTheView: try await context.pinnedItemsStayInTheView()
        case .statisticsMatchARecount: try await context.statisticsMatchARecount()
        }
    }

    /// The store and clock one check runs with.
    struct Context: Sendable {
        let store: any SessionStore
        let clock: ManualWallClock
    }
}

extension SessionStoreConformance.Context {
    /// Runs `body` and checks that it throws a ``SessionStoreError`` with `code`.
    @discardableResult
    func expectError<T>(
        _ code: SessionStoreError.Code,
        _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> T
    ) async -> SessionStoreError? {
        do {
            let value = try await body()
            let note = comment.map { " — \($0.rawValue)" } ?? ""
            Issue.record("expected \(code), got \(value)\(note)", sourceLocation: sourceLocation)
            return nil
        } catch let error as SessionStoreError {
            #expect(error.code == code, "expected \(code), got \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected SessionStoreError \(code), got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A conversation message as the workload uses it.
    func message(_ index: Int, tag: String = "m") -> NewItem {
        NewItem(["role": index % 2 == 0 ? "user" : "assistant", "content": .string("\(tag)#\(index)")])
    }

    func messages(_ range: Range<Int>, tag: String = "m") -> [NewItem] { range.map { message($0, tag: tag) } }

    /// The `content` field of each item.
    func contents(_ items: [SessionItem]) throws -> [String] {
        try items.map { try $0.content.object()["content"]?.stringValue ?? "<none>" }
    }

    @discardableResult
    func create(_ id: SessionID, app: String = SessionKey.defaultApp, user: String = "", agent: String = "")
        async throws
        -> Session
    {
        try await store.create(NewSession(id: id, app: app, userID: user, agentName: agent))
    }
}
