import AgentSessions
import ArgumentParser
import Foundation

/// The options that open the store: which store and app (``StoreSelection``, under "Store" in
/// the help) and the encryption at rest (``EncryptionOptions``, under "Encryption at rest").
/// ``HelpLayout`` prints both sections after the command's own flags.
///
/// Not an option group itself: ``GlobalOptions``, ``SessionOptions`` and the hook commands
/// declare its two groups (``StoreOptions/storeTitle``, ``StoreOptions/encryptionTitle``) and
/// make one of these from them. In a debug build ArgumentParser checks every nested group again
/// within each check of its parent, so each level of nesting multiplies the parse of every
/// command line (`list` took 0.5 s of CPU three levels deep, 0.1 s two levels deep).
struct StoreOptions {
    /// The titles of the help's sections for these options, in their order.
    static let sectionTitles = [storeTitle, encryptionTitle]
    /// The title of ``StoreSelection``'s group.
    static let storeTitle = "Store"
    /// The title of ``EncryptionOptions``' group.
    static let encryptionTitle = "Encryption at rest"

    var selection: StoreSelection

    var encryption: EncryptionOptions

    /// The app whose sessions are used: `--app`.
    var app: String { selection.app }

    /// The SQLite database of `--db`, if given.
    var db: String? { selection.db }

    /// Checks the encryption setup, as the owners of the groups do in their `validate()`.
    /// - Throws: `ValidationError` for a bad app name, missing keys or a bad key.
    func validate() throws {
        _ = try encryption.configuration(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the store, encrypting the apps of `--encrypt-app`; the command closes it when it
    /// ends (``OpenedStores``).
    /// - Parameter indexingMetadata: Whether a SQLite store makes the missing indexes of
    ///   ``StoreSelection/metadataKeysToIndex`` (which reads a whole database); without, it still
    ///   reads along the indexes it has. Defaults to `true`; shell completion passes `false`.
    /// - Throws: ``SessionStoreError`` (unavailable, corrupted, incompatible schema);
    ///   `ValidationError` for a bad encryption setup.
    func openStore(indexingMetadata: Bool = true) throws -> any SessionStore {
        let store =
            switch selection.backend {
            case .sqlite:
                try StoreFactory.openStore(
                    path: selection.databasePath,
                    indexedMetadataKeys: indexingMetadata ? selection.metadataKeysToIndex : []
                )
            case .files: try StoreFactory.openFileStore(directory: selection.directory)
            case .postgres(let endpoint):
                try StoreFactory.openPostgresStore(endpoint, environment: ProcessInfo.processInfo.environment)
            case .server(let baseURL):
                try StoreFactory.openServerStore(baseURL: baseURL, apiKey: selection.serverKey)
            }
        let opened = try encryption.wrap(store, environment: ProcessInfo.processInfo.environment)
        OpenedStores.current?.add(opened)
        return opened
    }

    /// The key of a session of the selected app.
    /// - Throws: ``SessionStoreError`` (invalid argument) for a malformed id.
    func key(_ id: String) throws -> SessionKey {
        SessionKey(try SessionID(id), app: app)
    }
}
