import Subprocess
import SystemPackage

/// The three standard streams of a child, opened as swift-subprocess hands them over: every
/// descriptor opened here is close-on-exec (so no other child inherits it) and closed once the
/// child is spawned.
struct StandardStreams {
    var input: FileDescriptorInput
    var output: FileDescriptorOutput
    var error: FileDescriptorOutput

    /// Opens what `input`, `output` and `error` name; on a failure, closes what it opened.
    /// - Throws: ``ChildProcessError`` when a file cannot be opened (or created).
    init(input: ChildProcess.Stream, output: ChildProcess.Stream, error: ChildProcess.Stream, for command: String)
        throws
    {
        var opened: [FileDescriptor] = []
        func open(_ stream: ChildProcess.Stream, number: CInt) throws -> (FileDescriptor, closes: Bool) {
            let descriptor: FileDescriptor
            switch stream {
            case .inherited: return (FileDescriptor(rawValue: number), false)
            case .null: descriptor = try Self.open("/dev/null", reading: number == 0, for: command)
            case .file(let path): descriptor = try Self.open(path, reading: number == 0, for: command)
            }
            opened.append(descriptor)
            return (descriptor, true)
        }
        do {
            let input = try open(input, number: 0)
            let output = try open(output, number: 1)
            let error = try open(error, number: 2)
            self.input = .fileDescriptor(input.0, closeAfterSpawningProcess: input.closes)
            self.output = .fileDescriptor(output.0, closeAfterSpawningProcess: output.closes)
            self.error = .fileDescriptor(error.0, closeAfterSpawningProcess: error.closes)
        } catch {
            for descriptor in opened { try? descriptor.close() }
            throw error
        }
    }

    /// Opens a file for reading, or creates or empties it for appending: standard output and
    /// error can then share one file without overwriting each other.
    private static func open(_ path: String, reading: Bool, for command: String) throws -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                FilePath(path),
                reading ? .readOnly : .writeOnly,
                options: reading ? [.closeOnExec] : [.create, .truncate, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
        } catch {
            throw ChildProcessError("cannot open \(path) for `\(command)`: \(error)")
        }
    }
}

extension ChildProcess.Stream {
    /// The file's path, for ``file(_:)``.
    var path: String? {
        if case .file(let path) = self { path } else { nil }
    }
}
