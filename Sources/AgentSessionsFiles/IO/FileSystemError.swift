#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call, kept as the `cause` of a ``SessionStoreError``: which call, on which
/// path (relative to the store's directory) and the `errno` it set.
struct FileSystemError: Error, Sendable, CustomStringConvertible {
    /// The system call, such as `open` or `rename`.
    var operation: String
    /// The path, relative to the store's directory.
    var path: String
    /// The `errno` value.
    var code: Int32

    var description: String {
        "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }

    /// Whether the path did not exist.
    var isNotFound: Bool { code == ENOENT || code == ENOTDIR }

    /// Whether the target already existed.
    var isAlreadyExists: Bool { code == EEXIST || code == ENOTEMPTY }
}
