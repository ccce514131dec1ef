import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes lines to standard output or to a file through a buffer of fixed size.
///
/// A file is written under a temporary name beside it and renamed into place by ``commit()``,
/// so an export that fails leaves no half-written file under the name asked for (nor replaces
/// an older one).
final class LineWriter {
    /// How many bytes are gathered before they are written.
    static let bufferSize = 1 << 16

    private let descriptor: Int32
    private let path: String?
    private let temporaryPath: String?
    private var buffer: [UInt8] = []

    /// A writer on standard output.
    init() {
        descriptor = STDOUT_FILENO
        path = nil
        temporaryPath = nil
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// A writer on a new temporary file beside `path`.
    /// - Throws: ``CommandFailure`` (general failure) if the file cannot be created.
    init(path: String) throws {
        let temporary = path + ".partial-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure("create", temporary) }
        self.descriptor = descriptor
        self.path = path
        self.temporaryPath = temporary
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if let temporaryPath {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Adds a line (a line break is appended).
    /// - Throws: ``CommandFailure`` if the output cannot be written.
    func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= Self.bufferSize { try drain() }
    }

    /// Writes what is buffered and, for a file, flushes it to disk and renames it into place.
    /// - Throws: ``CommandFailure`` if the output cannot be written or renamed.
    func commit() throws {
        try drain()
        guard let path, let temporaryPath else { return }
        guard fsync(descriptor) == 0 else { throw Self.failure("flush", temporaryPath) }
        guard rename(temporaryPath, path) == 0 else { throw Self.failure("rename into", path) }
    }

    private func drain() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                writeBytes(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            guard written >= 0 else {
                if errno == EINTR { continue }
                throw Self.failure("write to", temporaryPath ?? "standard output")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func failure(_ action: String, _ path: String) -> CommandFailure {
        CommandFailure(
            code: "failure",
            message: "cannot \(action) \(path): \(String(cString: strerror(errno)))",
            exitCode: .failure
        )
    }
}

/// `write(2)`, under a name that the writer's own `write(_:)` does not hide.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
