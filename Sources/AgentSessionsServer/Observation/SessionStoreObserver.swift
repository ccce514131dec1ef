import AgentSessions

/// Something told about every call an ``ObservedSessionStore`` makes: metrics, change
/// notifications, audit logs.
///
/// Observers run on the caller's task after the call returned, before its result is handed
/// back, so they must be quick and must not call the store themselves.
public protocol SessionStoreObserver: Sendable {
    /// Called once per finished call, successful or not.
    func storeDidFinish(_ call: StoreCall)
}
