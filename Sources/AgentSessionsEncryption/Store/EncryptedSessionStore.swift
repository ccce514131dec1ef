public import AgentSessions

/// A store that encrypts the items and state of chosen apps with AES-256-GCM before they
/// reach another store, and decrypts them on the way out.
///
/// It wraps any `SessionStore` (SQLite, files, PostgreSQL, in memory) and keeps every
/// guarantee of the store it wraps: each call is still one call of that store. For the apps in
/// ``Configuration/apps``:
///
/// - each item's JSON text is sealed whole; each state value is sealed on its own, so state
///   deltas, `null` removals and the `app:` and `user:` scopes still work key by key;
/// - a sealed value is stored as the JSON object `{"$enc": "v1:<key id>:<base64>"}` (items and
///   session state also carry `"$session"`, the session they were written in);
/// - the associated data binds each value to its app and its session (items, session state),
///   user (`user:` state) and state key, so a value copied elsewhere does not decrypt. A fork
///   keeps its source's items and state as they are: in a fork (a session whose metadata has
///   `forked_from`), values written in another session of the app are accepted, items only up
///   to the fork point.
///
/// Ids, app and user names, agents, phases, metadata, state key names (only values are
/// sealed), recorded error messages, summaries, times, counts and item ids are not encrypted: stores need them to find, list, sort and clean up sessions. Values stored in
/// plain text (before the app was encrypted) are returned as they are. Other apps pass through
/// untouched.
///
/// ```swift
/// let keyring = try EncryptionKeyring(parsing: keysText, source: "keys.txt")
/// let store = EncryptedSessionStore(
///     try SQLiteSessionStore(configuration: .init(location: .file("sessions.sqlite"))),
///     configuration: .init(keyring: keyring, apps: ["payments"])
/// )
/// ```
public struct EncryptedSessionStore: SessionStoreWrapper {
    /// What to encrypt, and with which keys.
    public struct Configuration: Sendable {
        /// The keys: the first encrypts new values, all decrypt.
        public var keyring: EncryptionKeyring
        /// The apps whose items and state are encrypted. Other apps pass through.
        public var apps: Set<String>

        /// Describes an encryption setup.
        /// - Parameters:
        ///   - keyring: The keys.
        ///   - apps: The apps to encrypt.
        public init(keyring: EncryptionKeyring, apps: Set<String>) {
            self.keyring = keyring
            self.apps = apps
        }
    }

    /// The store doing the work, which sees only sealed items and state for encrypted apps.
    public let base: any SessionStore
    /// What is encrypted, and with which keys.
    public let configuration: Configuration

    let cipher: ValueCipher

    /// Wraps a store.
    /// - Parameters:
    ///   - base: The store that keeps the data.
    ///   - configuration: The keys and the apps to encrypt.
    public init(_ base: any SessionStore, configuration: Configuration) {
        self.base = base
        self.configuration = configuration
        self.cipher = ValueCipher(keyring: configuration.keyring)
    }

    public var clock: any WallClock { base.clock }

    public var lifecycles: LifecycleCatalog { base.lifecycles }

    /// Creates a session, its state sealed. Without an id but with state, the id is generated
    /// here (as the store would) so the state can be bound to it.
    /// - Throws: `SessionStoreError` as the wrapped store's `SessionStore/create(_:)`.
    @discardableResult
    public func create(_ new: NewSession) async throws -> Session {
        try openSession(try await base.create(try sealNew(new)))
    }

    public func getOrCreate(_ new: NewSession) async throws -> (session: Session, created: Bool) {
        let result = try await base.getOrCreate(try sealNew(new))
        return (try openSession(result.session), result.created)
    }

    /// Reads a session, its state decrypted.
    /// - Throws: `SessionStoreError`: corrupted, naming the session and the key id, when a
    ///   value does not decrypt (wrong key, a key missing from the ring, a value altered or moved).
    public func session(_ key: SessionKey) async throws -> Session? {
        try await base.session(key).map(openSession)
    }

    /// Changes a session, sealing the state delta key by key. A delta with `user:` keys reads
    /// the session first, for the user its values are bound to.
    /// - Throws: `SessionStoreError` as the wrapped store's update, and as ``session(_:)``.
    @discardableResult
    public func update(_ key: SessionKey, _ update: SessionUpdate, expectedVersion: Int64?) async throws -> Session {
        var update = update
        if isEncrypted(key.app), let state = update.state, !state.isEmpty {
            var userID = ""
            if state.contains(where: { $0.key.hasPrefix(StateScope.userPrefix) && !$0.value.isNull }) {
                userID = try await base.requireSession(key).userID
            }
            update.state = try sealState(state, of: key, userID: userID)
        }
        return try openSession(try await base.update(key, update, expectedVersion: expectedVersion))
    }

    @discardableResult
    public func delete(_ key: SessionKey) async throws -> Int {
        try await base.delete(key)
    }

    public func list(_ query: SessionQuery) async throws -> SessionPage {
        var page = try await base.list(query)
        page.sessions = try page.sessions.map(openSession)
        return page
    }

    /// Lists summaries through the wrapped store: they hold nothing sealed.
    public func listSummaries(_ query: SessionQuery) async throws -> SessionSummaryPage {
        try await base.listSummaries(query)
    }

    /// Counts through the wrapped store.
    public func count(_ query: SessionQuery) async throws -> Int {
        try await base.count(query)
    }

    /// Appends items, each sealed whole.
    ///
    /// An item with an id is a retry when its plaintext equals the stored item's, even when the
    /// stored one was sealed otherwise (under an older key, or copied by a fork).
    /// - Throws: `SessionStoreError` as the wrapped store's append.
    @discardableResult
    public func append(_ items: [NewItem], to key: SessionKey) async throws -> [Int64] {
        let sealed = try sealItems(items, to: key)
        do {
            return try await base.append(sealed, to: key)
        } catch let error as SessionStoreError where error.code == .alreadyExists && isEncrypted(key.app) {
            guard let retried = try await reusingStoredSeals(items, sealed, in: key) else { throw error }
            return try await base.append(retried, to: key)
        }
    }

    /// Reads items, decrypted.
    /// - Throws: `SessionStoreError` as the wrapped store's read; corrupted, naming the item,
    ///   the session and the key id, when an item does not decrypt.
    public func items(of key: SessionKey, _ query: ItemQuery) async throws -> [SessionItem] {
        try await openItems(try await base.items(of: key, query), of: key)
    }

    public func pinnedItems(of key: SessionKey) async throws -> [SessionItem] {
        try await openItems(try await base.pinnedItems(of: key), of: key)
    }

    @discardableResult
    public func popLastItem(of key: SessionKey) async throws -> SessionItem? {
        guard let item = try await base.popLastItem(of: key) else { return nil }
        return try await openItems([item], of: key)[0]
    }

    @discardableResult
    public func clearItems(of key: SessionKey) async throws -> Int {
        try await base.clearItems(of: key)
    }

    public func fork(_ key: SessionKey, through sequence: Int64?, as newID: SessionID?) async throws -> Session {
        try openSession(try await base.fork(key, through: sequence, as: newID))
    }

    /// Writes a session exactly as given, its state sealed key by key.
    /// - Throws: `SessionStoreError` as the wrapped store's `SessionStore/restore(_:)`.
    @discardableResult
    public func restore(_ session: Session) async throws -> Session {
        var sealed = session
        if isEncrypted(session.app) {
            sealed.state = try sealState(session.state, of: session.key, userID: session.userID)
        }
        return try openSession(try await base.restore(sealed))
    }

    /// Adds items exactly as given, each sealed whole; sequence numbers, item ids and times stay
    /// in the clear.
    /// - Throws: `SessionStoreError` as the wrapped store's `SessionStore/restore(_:to:)`.
    @discardableResult
    public func restore(_ items: [SessionItem], to key: SessionKey) async throws -> Int {
        guard isEncrypted(key.app) else { return try await base.restore(items, to: key) }
        var sealed = items
        for index in sealed.indices {
            sealed[index].content = try sealedContent(
                items[index].content,
                of: key,
                isDeterministic: items[index].itemID != nil
            )
        }
        return try await base.restore(sealed, to: key)
    }

    public func resumeDecision(for key: SessionKey, policy: ResumePolicy) async throws -> ResumeDecision {
        try await base.resumeDecision(for: key, policy: policy)
    }

    public func deleteSessions(idleLongerThan age: Duration, app: String?) async throws -> Int {
        try await base.deleteSessions(idleLongerThan: age, app: app)
    }

    /// Counts sessions and items as the wrapped store does. For encrypted apps,
    /// `SessionStatistics/itemBytes` is the size of the sealed items as stored, larger than
    /// their plaintext.
    /// - Throws: `SessionStoreError` as the wrapped store's statistics.
    public func statistics(app: String?) async throws -> SessionStatistics {
        try await base.statistics(app: app)
    }

    /// Whether an app's items and state are encrypted.
    public func isEncrypted(_ app: String) -> Bool {
        configuration.apps.contains(app)
    }
}
