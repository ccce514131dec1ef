import ChildProcessSupport
import Foundation

/// Builds and runs the limit program, the session workload on the raw SQLite C API
/// (`<shared>/bench/limit/session_limit.c`), in the same benchmark run as the stores.
///
/// It runs with `--sync normal`, the SQLite store's default durability. When gcc or SQLite's
/// headers are missing the limit is skipped with a note saying how to install them.
///
/// ```swift
/// let outcome = LimitRunner(directory: "../shared/bench/limit").run(runs: 3, scale: 1, scratchRoot: "/tmp")
/// ```
struct LimitRunner {
    /// What came of running the limit.
    enum Outcome {
        /// The limit ran; its figures.
        case measured(LimitResult)
        /// The limit did not run, and why (one or more lines for the report).
        case skipped(String)
    }

    /// The folder holding `session_limit.c` and its `Makefile`.
    var directory: String

    /// Builds the program with `make` and runs it once with every step.
    /// - Parameters:
    ///   - runs: Runs per step (`--runs`).
    ///   - scale: The count scale (`--scale`).
    ///   - scratchRoot: Where its temporary directory is made.
    func run(runs: Int, scale: Double, scratchRoot: String) async -> Outcome {
        let install = "install them with: apt-get install -y gcc make libsqlite3-dev"
        guard FileManager.default.fileExists(atPath: directory + "/session_limit.c") else {
            return .skipped("limit skipped: no session_limit.c in \(directory) (pass --limit-dir)")
        }
        guard let make = Program.find("make"),
            Program.find("gcc") ?? Program.find("cc") != nil
        else { return .skipped("limit skipped: make or gcc is missing; \(install)") }
        guard Self.hasSQLiteHeader() else {
            return .skipped("limit skipped: sqlite3.h is missing (Debian's libsqlite3-dev); \(install)")
        }
        do {
            let build = try await ChildProcess.run(make, ["-s", "-C", directory])
            guard build.status == 0 else {
                return .skipped("limit skipped: make failed (\(build.status)): \(build.standardError)\n\(install)")
            }
            let work = try ScratchDirectory.make(in: scratchRoot, prefix: "limit")
            defer { try? FileManager.default.removeItem(atPath: work) }
            let arguments = ["--sync", "normal", "--dir", work, "--runs", String(runs), "--scale", String(scale)]
            // Its progress lines go to the benchmark's standard error as they come.
            let result = try await ChildProcess.run(directory + "/session_limit", arguments, passingErrors: true)
            guard result.status == 0 else {
                return .skipped("limit failed: session_limit exited with \(result.status)")
            }
            return .measured(try LimitResult(json: Data(result.standardOutput.utf8)))
        } catch {
            return .skipped("limit failed: \(error)")
        }
    }

    /// Whether SQLite's C header is where gcc looks by default.
    private static func hasSQLiteHeader() -> Bool {
        ["/usr/include/sqlite3.h", "/usr/local/include/sqlite3.h"].contains {
            FileManager.default.fileExists(atPath: $0)
        }
    }
}
