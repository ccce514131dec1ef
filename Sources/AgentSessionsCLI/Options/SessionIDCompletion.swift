import AgentSessions
import ArgumentParser
import Foundation

/// Completes a session id in the shell: the ids of the 200 most recently active sessions of the
/// store and app the command line names so far (`--store`, `--db`, `--dir`, `--api-key`,
/// `--app`, or their environment variables) that start with what was typed.
///
/// Completion never fails, never creates a store and never builds a metadata index: a SQLite
/// file that does not exist yet, or a store that cannot be opened, completes nothing.
enum SessionIDCompletion {
    /// The flags of ``StoreSelection`` that take a value.
    static let storeFlags: Set<String> = ["--store", "--db", "--dir", "--api-key", "--app"]

    /// The ids to offer.
    /// - Parameters:
    ///   - words: The command line so far, as the shell split it.
    ///   - prefix: The part of the id already typed.
    static func candidates(words: [String], prefix: String) async -> [String] {
        var arguments: [String] = []
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            if storeFlags.contains(word), index + 1 < words.endIndex {
                arguments += [word, words[index + 1]]
                index += 2
            } else {
                if storeFlags.contains(where: { word.hasPrefix($0 + "=") }) { arguments.append(word) }
                index += 1
            }
        }
        guard let selection = try? StoreSelection.parse(arguments), let encryption = try? EncryptionOptions.parse([])
        else { return [] }
        let options = StoreOptions(selection: selection, encryption: encryption)
        if case .sqlite = options.selection.backend,
            !FileManager.default.fileExists(atPath: options.selection.databasePath)
        {
            return []
        }
        // Building a metadata index reads the whole database: not while the user waits on a tab.
        guard let store = try? options.openStore(indexingMetadata: false) else { return [] }
        let page = try? await store.list(SessionQuery(app: options.app, limit: 200))
        try? await store.closable?.close()
        return (page?.sessions ?? []).map(\.id.rawValue).filter { $0.hasPrefix(prefix) }
    }
}
