public import AgentSessions

extension FileSessionStore {
    /// How a ``FileSessionStore`` behaves.
    ///
    /// ```swift
    /// var configuration = FileSessionStore.Configuration(directory: "/var/lib/agents/sessions")
    /// configuration.options.syncsToDisk = false   // faster, but a power loss may lose recent writes
    /// let store = try FileSessionStore(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The directory that holds one folder per app. Created with its parents when missing.
        /// Defaults to `./.agent-sessions/files`.
        public var directory: String
        /// The clock used for timestamps and ages. Defaults to `SystemWallClock`.
        public var clock: any WallClock
        /// The lifecycle of each app. Defaults to the standard lifecycle for every app.
        public var lifecycles: LifecycleCatalog
        /// Rarely changed settings.
        public var options: Options

        /// Creates a configuration; every parameter has a default.
        public init(
            directory: String = Configuration.defaultDirectory,
            clock: any WallClock = SystemWallClock(),
            lifecycles: LifecycleCatalog = LifecycleCatalog(),
            options: Options = Options()
        ) {
            self.directory = directory
            self.clock = clock
            self.lifecycles = lifecycles
            self.options = options
        }

        /// The default directory: `./.agent-sessions/files`.
        public static let defaultDirectory = "./.agent-sessions/files"
    }

    /// Rarely changed settings of a ``FileSessionStore``.
    public struct Options: Sendable {
        /// Whether every write is flushed to disk (`fsync` of the file and of its folder) before
        /// the call returns. With it, an acknowledged write survives a power loss; without it,
        /// one survives a crash of the process only. Defaults to `true`.
        public var syncsToDisk: Bool

        /// Creates the options; every parameter has a default.
        public init(syncsToDisk: Bool = true) {
            self.syncsToDisk = syncsToDisk
        }
    }
}
