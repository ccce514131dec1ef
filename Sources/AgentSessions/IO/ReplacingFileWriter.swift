#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that a failure leaves the old one: the one rule for every write-then-rename
/// of the package (the file store's records, `export --output`).
///
/// - A regular file (or a path that does not exist) is written under a temporary name beside
///   it and renamed over it by ``commit(sync:)``.
/// - A symbolic link is followed: its final target is replaced that way, and the link stays.
/// - Anything else that exists (a device such as `/dev/null`, a FIFO, a socket) is written
///   through, in place: renaming over it would replace the device with a regular file.
///
/// ```swift
/// let file = try ReplacingFileWriter(path: "out.jsonl", temporaryPath: { $0 + ".partial" })
/// try file.write(bytes)
/// try file.commit(sync: true)
/// ```
package final class ReplacingFileWriter {
    /// A failed system call: what was done, to which path, and `errno`.
    package struct Failure: Error, Sendable {
        /// The operation, such as `open` or `rename`.
        package var operation: String
        /// The path it was done to.
        package var path: String
        /// The `errno` it failed with.
        package var code: Int32
    }

    /// The descriptor written to.
    private let descriptor: Int32
    /// The path whose content is replaced (a link's final target).
    package let path: String
    /// The temporary file renamed over ``path``, or `nil` when writing through.
    package let temporaryPath: String?
    private var isOpen = true

    /// Opens the file to write.
    /// - Parameters:
    ///   - path: The file to write.
    ///   - temporaryPath: The name of the temporary file for a target path, in the same folder.
    ///   - mode: The permissions of a created file. Defaults to 0600.
    /// - Throws: ``Failure`` when the file cannot be opened or created.
    package init(path: String, temporaryPath: (String) -> String, mode: UInt32 = 0o600) throws(Failure) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            target = try Self.linkTarget(path)
        }
        let exists = stat(target, &info) == 0
        if exists, info.st_mode & S_IFMT != S_IFREG {
            let descriptor = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            guard descriptor >= 0 else { throw Failure(operation: "open", path: target, code: errno) }
            (self.descriptor, self.path, self.temporaryPath) = (descriptor, target, nil)
            return
        }
        let temporary = temporaryPath(target)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw Failure(operation: "create", path: temporary, code: errno) }
        (self.descriptor, self.path, self.temporaryPath) = (descriptor, target, temporary)
    }

    deinit { abandon() }

    /// The final target of a symbolic link; for a link to a missing file, the file it names.
    private static func linkTarget(_ path: String) throws(Failure) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        guard errno == ENOENT else { throw Failure(operation: "resolve", path: path, code: errno) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw Failure(operation: "readlink", path: path, code: errno) }
        let named = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard !named.hasPrefix("/"), let slash = path.lastIndex(of: "/") else { return named }
        return String(path[...slash]) + named
    }

    /// Writes all of `bytes`.
    /// - Throws: ``Failure`` when the system refuses the write.
    package func write(_ bytes: [UInt8]) throws(Failure) {
        try Self.write(bytes, to: descriptor, naming: temporaryPath ?? path)
    }

    /// Writes all of `bytes` to a descriptor, such as standard output.
    /// - Parameter path: The name of what is written to, for the error.
    /// - Throws: ``Failure`` when the system refuses the write.
    package static func write(_ bytes: [UInt8], to descriptor: Int32, naming path: String) throws(Failure) {
        let code = bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let count = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        if let code { throw Failure(operation: "write to", path: path, code: code) }
    }

    /// Finishes the file: flushes it to disk when `sync` (a regular file only), then renames it
    /// into place. A file written through is only closed.
    /// - Throws: ``Failure``; the temporary file is removed then, and the old file stays.
    package func commit(sync: Bool) throws(Failure) {
        guard let temporaryPath else {
            isOpen = false
            close(descriptor)
            return
        }
        if sync, fsync(descriptor) != 0 {
            let failure = Failure(operation: "fsync", path: temporaryPath, code: errno)
            abandon()
            throw failure
        }
        isOpen = false
        close(descriptor)
        guard rename(temporaryPath, path) == 0 else {
            let failure = Failure(operation: "rename", path: path, code: errno)
            unlink(temporaryPath)
            throw failure
        }
    }

    /// Closes the file without committing it: the temporary file is removed. Called on deinit.
    package func abandon() {
        guard isOpen else { return }
        isOpen = false
        close(descriptor)
        if let temporaryPath { unlink(temporaryPath) }
    }
}

/// `write(2)`, under a name the writer's own `write(_:)` does not hide.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
