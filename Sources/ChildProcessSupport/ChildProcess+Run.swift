import Foundation

extension ChildProcess {
    /// What a program that ran to its end printed, and how it ended.
    public struct Outcome: Sendable {
        /// The exit status, or 128 plus the number of the signal that ended it.
        public var status: Int32
        /// Its standard output, decoded as UTF-8.
        public var standardOutput: String
        /// Its standard error, decoded as UTF-8; empty when it went to this process's own.
        public var standardError: String
    }

    /// Runs a program to its end with `input` as its standard input and returns what it printed.
    ///
    /// Its standard output and error go to files in a temporary folder of their own, read
    /// when it has ended and then removed, so that no pipe needs draining while it runs.
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - arguments: Its arguments.
    ///   - environment: Its whole environment. Defaults to this process's.
    ///   - workingDirectory: Its working directory. Defaults to this process's.
    ///   - input: The text of its standard input. Defaults to none (it reads an end of file).
    ///   - passingErrors: Whether its standard error goes to this process's own rather than being
    ///     captured. Defaults to `false`.
    ///   - limit: How long it may run before it is killed with its process group. Defaults to
    ///     no limit.
    /// - Returns: Its exit status and output. An exit status other than 0 is not an error.
    /// - Throws: ``ChildProcessError`` when it cannot be started or runs longer than `limit`;
    ///   `CancellationError` (it is then killed with its group).
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        input: String = "",
        passingErrors: Bool = false,
        within limit: Duration? = nil
    ) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-child-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(input.utf8).write(to: URL(fileURLWithPath: folder + "/input"))
        } catch {
            throw ChildProcessError("cannot prepare the standard input of \(executable) in \(folder): \(error)")
        }
        let child = try await start(
            executable,
            arguments,
            environment: environment,
            workingDirectory: workingDirectory,
            input: .file(folder + "/input"),
            output: .file(folder + "/output"),
            error: passingErrors ? .inherited : .file(folder + "/error")
        )
        let status = try await child.waitForExit(within: limit)
        func text(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: folder + "/" + name) ?? Data(), as: UTF8.self)
        }
        return Outcome(status: status, standardOutput: text("output"), standardError: text("error"))
    }
}
