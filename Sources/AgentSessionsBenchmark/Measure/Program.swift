import Foundation

/// Runs other programs: the limit program, `make`, `wrk`.
enum Program {
    /// The path of an executable found on `PATH`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs a program to its end.
    /// - Parameter passingErrors: Whether its standard error goes to ours (progress lines)
    ///   rather than being captured.
    /// - Returns: Its exit status, standard output and captured standard error.
    static func run(
        _ path: String,
        _ arguments: [String],
        passingErrors: Bool = false
    ) throws -> (status: Int32, output: Data, errorText: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        if !passingErrors { process.standardError = errors }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = passingErrors ? Data() : errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errorData, as: UTF8.self))
    }
}

extension Program {
    /// Runs a program to its end on a thread of its own, so that waiting for it never holds a
    /// thread of the cooperative pool (which the in-process server needs).
    static func runOffThePool(
        _ path: String,
        _ arguments: [String]
    ) async throws -> (status: Int32, output: Data, errorText: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try run(path, arguments) }) }
        }
    }
}
