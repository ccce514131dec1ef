/// A configuration file `serve` cannot use, with the file and, when there is one, the key.
///
/// Its ``description`` is the line a user sees: `config.yaml: unknown key 'prot'; known keys:
/// host, port, …`. A bad value of a known key is not this error but a `ValidationError`, like
/// a bad flag (``ServeSettingsReader``).
struct ServeConfigError: Error, Hashable, CustomStringConvertible {
    /// What is wrong with the file.
    enum Code: Sendable, Hashable {
        /// There is no file at the path.
        case missingFile
        /// The file exists but cannot be read.
        case unreadableFile
        /// The path ends in neither `.yaml`, `.yml` nor `.json`.
        case unsupportedFormat
        /// The file is not YAML (or JSON), or its top level is not a mapping of keys.
        case malformedFile
        /// The file holds a key that is no setting.
        case unknownKey
        /// A key holds a mapping where a value or a list belongs.
        case misplacedMapping
    }

    /// What is wrong.
    var code: Code
    /// The path of the file, as given.
    var file: String
    /// The key at fault, if any.
    var key: String?
    /// What is wrong and what to do, without the file's name.
    var message: String

    var description: String { "\(file): \(message)" }
}
