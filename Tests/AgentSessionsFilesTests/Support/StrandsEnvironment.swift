import AgentSessionsTesting
import TestEnvironments
import Testing

/// The Python environment with Strands installed from PyPI (a ``PythonEnvironment``), made once
/// and shared by the interchange tests, which skip without it on a developer's machine and fail
/// without it under `CI=true`.
struct StrandsEnvironment: Sendable {
    /// The Strands release the interchange is proven against.
    static let version = "1.62.0"

    /// The environment with Strands.
    let python: PythonEnvironment

    /// The shared environment, prepared by the first test that asks.
    static let shared = Task {
        try await PythonEnvironment.prepare(
            package: "strands-agents",
            version: version,
            readyCheck: "import strands.session.file_session_manager"
        )
    }

    /// Returns the ready environment, or skips the test (fails it under `CI=true`) with the reason.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) async throws -> StrandsEnvironment {
        StrandsEnvironment(python: try await PythonEnvironment.require(shared, sourceLocation: sourceLocation))
    }

    /// Runs a Python script with arguments and returns what it printed.
    func run(_ script: String, _ arguments: [String]) async throws -> String {
        try await python.run(["-c", script] + arguments)
    }
}
