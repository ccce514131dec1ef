import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads lines from standard input or a file through a buffer of fixed size, so that memory
/// holds one line and one buffer whatever the size of the input.
final class LineReader {
    /// How many bytes one read asks for.
    static let chunkSize = 1 << 16
    /// The longest line accepted, in bytes.
    static let maximumLineLength = 1 << 28

    /// How many bytes were read so far.
    private(set) var bytesRead = 0
    /// The size of the input when it is a regular file, for progress.
    let size: Int?

    private let descriptor: Int32
    private let name: String
    private var chunk = [UInt8](repeating: 0, count: LineReader.chunkSize)
    private var pending: [UInt8] = []
    private var start = 0
    private var end = 0
    private var isAtEnd = false

    /// A reader on standard input.
    init() {
        descriptor = STDIN_FILENO
        name = "standard input"
        size = Self.regularFileSize(STDIN_FILENO)
    }

    /// A reader on a file.
    /// - Throws: ``CommandFailure`` (invalid input) if the file cannot be opened.
    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CommandFailure.invalidInput("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        name = path
        size = Self.regularFileSize(descriptor)
    }

    deinit {
        if descriptor != STDIN_FILENO { close(descriptor) }
    }

    /// The next line without its line break (`\n` or `\r\n`), or `nil` at the end of the input.
    /// - Throws: ``CommandFailure`` if the input cannot be read or a line is longer than
    ///   ``maximumLineLength``.
    func nextLine() throws -> [UInt8]? {
        pending.removeAll(keepingCapacity: true)
        while true {
            if let newline = chunk[start..<end].firstIndex(of: 0x0A) {
                pending += chunk[start..<newline]
                start = newline + 1
                return trimmed(pending)
            }
            pending += chunk[start..<end]
            guard pending.count <= Self.maximumLineLength else {
                throw CommandFailure.invalidInput("\(name) has a line longer than \(Self.maximumLineLength) bytes")
            }
            guard try fill() else { return pending.isEmpty ? nil : trimmed(pending) }
        }
    }

    /// Reads the next chunk; `false` at the end of the input.
    private func fill() throws -> Bool {
        guard !isAtEnd else { return false }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure(
                    code: "failure",
                    message: "cannot read \(name): \(String(cString: strerror(errno)))",
                    exitCode: .failure
                )
            }
            start = 0
            end = count
            bytesRead += count
            isAtEnd = count == 0
            return !isAtEnd
        }
    }

    private func trimmed(_ line: [UInt8]) -> [UInt8] {
        line.last == 0x0D ? Array(line.dropLast()) : line
    }

    private static func regularFileSize(_ descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }
}
