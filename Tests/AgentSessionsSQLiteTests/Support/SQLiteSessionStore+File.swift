import AgentSessions
import AgentSessionsSQLite
import Foundation

extension SQLiteSessionStore {
    /// A store on a file in `directory`.
    static func file(
        in directory: String,
        name: String = "sessions.sqlite",
        clock: any WallClock = SystemWallClock(),
        lifecycles: LifecycleCatalog = LifecycleCatalog(),
        options: Configuration.Options = Configuration.Options()
    ) throws -> SQLiteSessionStore {
        try SQLiteSessionStore(
            configuration: .init(
                location: .file(directory + "/" + name),
                clock: clock,
                lifecycles: lifecycles,
                options: options
            )
        )
    }
}
