import Configuration
import Foundation
import SystemPackage
import Yams

/// The configuration file of `serve` (`--config FILE` or `AGENT_SESSIONS_CONFIG`), loaded: YAML
/// for `.yaml` and `.yml`, JSON for `.json`, with one key per setting at its top level.
///
/// Loading refuses what swift-configuration would quietly ignore: a key that is no setting
/// and a mapping under a key. The values are read through ``provider``, a `FileProvider`, as
/// one layer of ``ServeSettingsReader``.
///
/// ```swift
/// let file = try await ServeConfigFile.load(path: "config.yaml")
/// // port: 8081
/// // cors-origins: [https://app.example.com]
/// ```
struct ServeConfigFile: Sendable {
    /// The path, as given; messages name the file by it.
    var path: String
    /// The provider of the file's values; `nil` for a file without a key (empty or only comments).
    var provider: (any ConfigProvider)?
    /// Each key's value as written in the file, for messages that quote a bad value.
    var texts: [String: String]

    /// What a key of the file holds.
    private enum Entry {
        case value(String)
        case list([String])
        case mapping

        /// The entry as a message quotes it: the value, or a list as `[a, b]`.
        var text: String? {
            switch self {
            case .value(let text): text
            case .list(let entries): ServeSetting.listText(entries)
            case .mapping: nil
            }
        }
    }

    /// Reads and checks the file at `path`.
    /// - Parameter path: The file, ending in `.yaml`, `.yml` or `.json`.
    /// - Returns: The file, ready to be a layer of ``ServeSettingsReader``.
    /// - Throws: ``ServeConfigError`` for a missing or unreadable file, another extension, a
    ///   file that is not YAML (or JSON) holding a mapping, an unknown key or a mapping under a key.
    static func load(path: String) async throws(ServeConfigError) -> ServeConfigFile {
        func failure(_ code: ServeConfigError.Code, _ message: String, key: String? = nil) -> ServeConfigError {
            ServeConfigError(code: code, file: path, key: key, message: message)
        }
        let isJSON: Bool
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "yaml", "yml": isJSON = false
        case "json": isJSON = true
        default:
            throw failure(.unsupportedFormat, "a configuration file is YAML (.yaml or .yml) or JSON (.json)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw failure(.missingFile, "no such file; check the path given to --config or AGENT_SESSIONS_CONFIG")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure(.unreadableFile, "cannot be read; check that it is a file and its permissions")
        }
        let entries: [String: Entry]
        do throws(FileTextError) {
            entries = isJSON ? try jsonEntries(data) : try yamlEntries(data)
        } catch {
            throw failure(.malformedFile, error.message)
        }
        let known = Set(ServeSetting.keys)
        for key in entries.keys.sorted() {
            guard known.contains(key) else {
                throw failure(
                    .unknownKey,
                    "unknown key '\(key)'; known keys: \(ServeSetting.keys.joined(separator: ", "))",
                    key: key
                )
            }
            if case .mapping = entries[key], let setting = ServeSetting.all.first(where: { $0.key == key }) {
                throw failure(.misplacedMapping, "\(key) holds a mapping; give \(setting.expectation)", key: key)
            }
        }
        var file = ServeConfigFile(path: path, provider: nil, texts: entries.compactMapValues(\.text))
        guard !entries.isEmpty else { return file }
        let secrets = Set(ServeSetting.all.filter(\.isSecret).map(\.key))
        do {
            if isJSON {
                file.provider = try await FileProvider<JSONSnapshot>(
                    parsingOptions: .init(secretsSpecifier: .specific(secrets)),
                    filePath: FilePath(path)
                )
            } else {
                file.provider = try await FileProvider<YAMLSnapshot>(
                    parsingOptions: .init(secretsSpecifier: .specific(secrets)),
                    filePath: FilePath(path)
                )
            }
        } catch {
            throw failure(.malformedFile, "cannot be read as \(isJSON ? "JSON" : "YAML"): \(error)")
        }
        return file
    }

    /// The top-level keys of a YAML text.
    private static func yamlEntries(_ data: Data) throws(FileTextError) -> [String: Entry] {
        guard let text = String(data: data, encoding: .utf8) else { throw FileTextError("is not UTF-8 text") }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw FileTextError("is not YAML: \(error)")
        }
        guard let root else { return [:] }
        guard let mapping = root.mapping else {
            throw FileTextError("holds no mapping of keys to values, such as port: 8080")
        }
        var entries: [String: Entry] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            if let scalar = value.scalar {
                entries[name] = .value(scalar.string)
            } else if let sequence = value.sequence {
                entries[name] = .list(sequence.map { $0.string ?? "\($0)" })
            } else {
                entries[name] = .mapping
            }
        }
        return entries
    }

    /// The top-level keys of a JSON text.
    private static func jsonEntries(_ data: Data) throws(FileTextError) -> [String: Entry] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw FileTextError("is not JSON; check its braces, commas and quotes")
        }
        guard let dictionary = object as? [String: Any] else {
            throw FileTextError("holds no object of keys to values, such as {\"port\": 8080}")
        }
        return dictionary.mapValues { value in
            switch value {
            case let list as [Any]: .list(list.map { "\($0)" })
            case is [String: Any]: .mapping
            default: .value("\(value)")
            }
        }
    }

    /// Why a file's text cannot be read, completing "FILE …".
    private struct FileTextError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
