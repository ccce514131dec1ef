import AgentSessions
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
/// A file is written by the package's one rule (``ReplacingFileWriter``): under a temporary
/// name beside it, renamed into place by ``commit()``, so an export that fails leaves no
/// half-written file under the name asked for (nor replaces an older one); a link's target is
/// replaced the same way, and a device or FIFO (`/dev/null`) is written through.
final class LineWriter {
    /// How many bytes are gathered before they are written.
    static let bufferSize = 1 << 16

    private let file: ReplacingFileWriter?
    private var buffer: [UInt8] = []

    /// A writer on standard output.
    init() {
        file = nil
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// A writer on `path`.
    /// - Throws: ``CommandFailure`` (general failure) if the file cannot be created or opened.
    init(path: String) throws {
        do throws(ReplacingFileWriter.Failure) {
            file = try ReplacingFileWriter(path: path, temporaryPath: { $0 + ".partial-\(getpid())" }, mode: 0o644)
        } catch {
            throw Self.failure(error)
        }
        buffer.reserveCapacity(Self.bufferSize)
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
        do throws(ReplacingFileWriter.Failure) {
            try file?.commit(sync: true)
        } catch {
            throw Self.failure(error)
        }
    }

    private func drain() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        do throws(ReplacingFileWriter.Failure) {
            guard let file else {
                return try ReplacingFileWriter.write(buffer, to: STDOUT_FILENO, naming: "standard output")
            }
            try file.write(buffer)
        } catch {
            throw Self.failure(error)
        }
    }

    private static func failure(_ error: ReplacingFileWriter.Failure) -> CommandFailure {
        CommandFailure(
            code: "failure",
            message: "cannot \(error.operation) \(error.path): \(String(cString: strerror(error.code)))",
            exitCode: .failure
        )
    }
}
