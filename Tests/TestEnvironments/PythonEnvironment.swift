import ChildProcessSupport
public import Foundation
public import Testing

/// A Python virtual environment with one pinned package installed from PyPI, made once and
/// kept under the system's temporary directory, keyed by the package and version, so that later
/// runs start at once. Tests that drive a Python tool (Strands, Schemathesis) share it.
///
/// Where Python, `venv` or PyPI is missing, ``prepare(package:version:readyCheck:)`` reports
/// why; ``require(_:sourceLocation:)`` then skips the test (`Test.cancel`) on a developer's
/// machine and fails it under `CI=true`.
///
/// ```swift
/// static let shared = Task {
///     try await PythonEnvironment.prepare(package: "schemathesis", version: "4.32.5", readyCheck: "import schemathesis")
/// }
/// let python = try await PythonEnvironment.require(shared)
/// let output = try await python.run(["--version"], command: "schemathesis")
/// ```
public struct PythonEnvironment: Sendable {
    /// What the environment holds, such as `schemathesis==4.32.5`.
    public let requirement: String
    /// The environment's folder.
    public let folder: String
    /// The environment's Python interpreter.
    public var python: String { folder + "/bin/python" }

    /// Returns the environment `preparation` made, or skips the test (fails it under `CI=true`)
    /// with the reason it could not be made.
    /// - Throws: The preparation's error under `CI=true`; the cancellation of the test elsewhere.
    public static func require(
        _ preparation: Task<PythonEnvironment, any Error>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> PythonEnvironment {
        do {
            return try await preparation.value
        } catch {
            let reason = "a Python environment could not be installed from PyPI: \(error)"
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("\(reason) (CI=true, so this fails instead of skipping)", sourceLocation: sourceLocation)
                throw error
            }
            try Test.cancel("skipped: \(reason)", sourceLocation: sourceLocation)
        }
    }

    /// Finds or builds the environment of `package==version`.
    /// - Parameters:
    ///   - package: The PyPI package.
    ///   - version: Its exact version.
    ///   - readyCheck: Python statements that succeed only when the package is usable, such as
    ///     `import schemathesis`.
    /// - Throws: ``PythonProcess/Failure`` when `venv` or `pip` fails.
    public static func prepare(package: String, version: String, readyCheck: String) async throws -> PythonEnvironment {
        let environment = PythonEnvironment(
            requirement: "\(package)==\(version)",
            folder: FileManager.default.temporaryDirectory.appendingPathComponent(
                "agent-sessions-\(package)-\(version)"
            )
            .path
        )
        func isReady() async -> Bool { (try? await PythonProcess.run(environment.python, ["-c", readyCheck])) != nil }
        if await isReady() { return environment }
        // Built beside its final place and renamed into it, so a half-made environment is never used.
        let partial =
            environment.folder + ".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        _ = try await PythonProcess.run("/usr/bin/env", ["python3", "-m", "venv", partial])
        _ = try await PythonProcess.run(
            partial + "/bin/python",
            ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", environment.requirement]
        )
        // rename(2) is one atomic step, and fails onto a folder another test run (another
        // process) has put in place meanwhile: that one is kept, as it may be in use.
        if rename(partial, environment.folder) != 0 {
            if await isReady() { return environment }
            try? FileManager.default.removeItem(atPath: environment.folder)
            guard rename(partial, environment.folder) == 0 else {
                throw PythonProcess.Failure(
                    command: "rename \(partial) \(environment.folder)",
                    status: errno,
                    output: ""
                )
            }
        }
        _ = try await PythonProcess.run(environment.python, ["-c", readyCheck])
        return environment
    }

    /// Runs the environment's Python, or one of the commands its packages installed, with
    /// `arguments`.
    /// - Parameters:
    ///   - arguments: The program's arguments.
    ///   - command: A program of the environment's `bin` folder, such as `schemathesis`.
    ///     Defaults to `python`.
    ///   - directory: The working directory, where tools that keep caches (Schemathesis,
    ///     Hypothesis) write them. Defaults to the test process's own.
    /// - Returns: What it printed on standard output.
    /// - Throws: ``PythonProcess/Failure`` when it exits with a status other than 0.
    public func run(_ arguments: [String], command: String = "python", in directory: URL? = nil) async throws -> String
    {
        guard command != "python" else { return try await PythonProcess.run(python, arguments, in: directory) }
        // A command's script is run by the environment's Python, not through its `#!` line: that
        // line names the folder the environment was built in, which was renamed into place.
        return try await PythonProcess.run(python, [folder + "/bin/" + command] + arguments, in: directory)
    }
}

/// Runs a program to its end as a ``ChildProcess``, in a process group of its own.
public enum PythonProcess {
    /// A program that failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The command line, with long arguments (scripts) elided.
        public var command: String
        /// The exit status.
        public var status: Int32
        /// What it printed: standard error, then standard output.
        public var output: String
        public var description: String { "`\(command)` exited with \(status): \(output.suffix(4000))" }
    }

    /// Runs `program` and returns its standard output.
    /// - Parameters:
    ///   - program: The program's path.
    ///   - arguments: Its arguments.
    ///   - directory: Its working directory. Defaults to the calling process's own.
    /// - Throws: ``Failure`` with the standard error and output if it exits with a status other
    ///   than 0; ``ChildProcessError`` if it cannot be started; `CancellationError` (it is then
    ///   killed with its process group).
    public static func run(_ program: String, _ arguments: [String], in directory: URL? = nil) async throws -> String {
        let outcome = try await ChildProcess.run(program, arguments, workingDirectory: directory?.path)
        guard outcome.status == 0 else {
            throw Failure(
                command: ([program] + arguments.map { $0.count > 60 ? "<script>" : $0 }).joined(separator: " "),
                status: outcome.status,
                output: outcome.standardError + outcome.standardOutput
            )
        }
        return outcome.standardOutput
    }
}
