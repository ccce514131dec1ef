public import Foundation

/// Reads from a pipe with `read(2)`, retrying when a signal interrupts the call.
///
/// Foundation's `FileHandle.availableData` and `readDataToEndOfFile()` stop the process with a
/// fatal error when `read` fails with `EINTR`, which a test run that starts and stops many
/// child processes (and so receives many `SIGCHLD`s) does meet.
public enum PipeReading {
    /// The next bytes available, waiting for some; empty at the end of the pipe (or on an error).
    public static func chunk(from handle: FileHandle) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            if count > 0 { return Data(buffer[..<count]) }
            if count < 0 && errno == EINTR { continue }
            return Data()
        }
    }

    /// Everything until the end of the pipe.
    public static func all(from handle: FileHandle) -> Data {
        var data = Data()
        while case let chunk = chunk(from: handle), !chunk.isEmpty { data.append(chunk) }
        return data
    }
}
