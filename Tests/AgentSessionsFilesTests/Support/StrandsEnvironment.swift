import AgentSessionsTesting
import Foundation
import Testing

/// A Python virtual environment with Strands installed from PyPI, made once and kept under the
/// system's temporary directory, keyed by the Strands version, so that later runs start at once.
///
/// Where Python, `venv` or PyPI is missing, ``prepare()`` reports why; the interchange tests
/// then skip (`Test.cancel`) on a developer's machine and fail under `CI=true`.
struct StrandsEnvironment: Sendable {
    /// The Strands release the interchange is proven against.
    static let version = "1.62.0"

    /// The environment's Python interpreter.
    let python: String

    /// The shared environment, prepared by the first test that asks.
    static let shared = Task { try await onDedicatedThread { try prepare() } }

    /// Returns the ready environment, or skips the test (fails it under `CI=true`) with the reason.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) async throws -> StrandsEnvironment {
        do {
            return try await shared.value
        } catch {
            let reason = "Strands \(version) could not be installed from PyPI: \(error)"
            try TestPrerequisite.missing(reason, error: error, sourceLocation: sourceLocation)
        }
    }

    /// Finds or builds the environment.
    static func prepare() throws -> StrandsEnvironment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agent-sessions-strands-\(version)")
            .path
        let python = folder + "/bin/python"
        func isReady() -> Bool {
            (try? PythonProcess.run(python, ["-c", "import strands.session.file_session_manager"])) != nil
        }
        if isReady() { return StrandsEnvironment(python: python) }
        // Built beside its final place and renamed into it, so a half-made environment is never used.
        let partial = folder + ".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        _ = try PythonProcess.run("/usr/bin/env", ["python3", "-m", "venv", partial])
        _ = try PythonProcess.run(
            partial + "/bin/python",
            ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "strands-agents==\(version)"]
        )
        // rename(2) is one atomic step, and fails onto a folder another test run (another
        // process) has put in place meanwhile: that one is kept, as it may be in use.
        if rename(partial, folder) != 0 {
            if isReady() { return StrandsEnvironment(python: python) }
            try? FileManager.default.removeItem(atPath: folder)
            guard rename(partial, folder) == 0 else {
                throw PythonProcess.Failure(command: "rename \(partial) \(folder)", status: errno, output: "")
            }
        }
        _ = try PythonProcess.run(python, ["-c", "import strands.session.file_session_manager"])
        return StrandsEnvironment(python: python)
    }

    /// Runs a Python script with arguments and returns what it printed.
    func run(_ script: String, _ arguments: [String]) async throws -> String {
        try await onDedicatedThread { [python] in try PythonProcess.run(python, ["-c", script] + arguments) }
    }
}

/// Runs a program to its end.
enum PythonProcess {
    /// A program that failed.
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var output: String
        var description: String { "`\(command)` exited with \(status): \(output.suffix(2000))" }
    }

    /// Runs `program` and returns its standard output.
    /// - Throws: ``Failure`` with the standard error if it exits with a status other than 0.
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        // Standard error goes to a file, so a chatty program never blocks on a full pipe.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "strands-\(UUID().uuidString).err"
        ).path
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(
                command: ([program] + arguments.map { $0.count > 60 ? "<script>" : $0 }).joined(separator: " "),
                status: process.terminationStatus,
                output: stderr
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}
