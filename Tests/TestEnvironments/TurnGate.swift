import Foundation

/// Lets at most a few bodies run at once; the others wait their turn, first come first served.
///
/// ```swift
/// let parsed = try await TurnGate.commandLines.withTurn { try await parseOnAThreadOfItsOwn() }
/// ```
public actor TurnGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Creates a gate.
    /// - Parameter limit: How many bodies may run at once; at least one.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The gate of every test's work with the `agent-sessions` command line: a child process
    /// running the executable, the start of an `agent-sessions serve` until it listens, or a
    /// parse in this process on a thread of its own. One turn per processor.
    ///
    /// In a debug build ArgumentParser checks every option type at every parse, up to a second
    /// of CPU for this command line, and in this process Swift Testing also records a backtrace
    /// at each of the errors those checks throw on purpose. Run side by side, a dozen parse
    /// threads and four child processes took both cores from Swift's cooperative pool for a
    /// minute (2026-12-07, thread dumps of the test process): every one-minute process test ran
    /// out of time and PostgreSQL's clients found no connection within ten seconds. One turn
    /// in all (half the processors) was too few the other way: the command-line tests waited
    /// over five minutes for their turns. A suite's time limit counts its tests' waits for
    /// turns, so the command-line suites' limits, guards against hangs, are ten minutes or more.
    public static let commandLines = TurnGate(limit: ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` once fewer than `limit` others run.
    public nonisolated func withTurn<T>(_ body: () async throws -> sending T) async throws -> sending T {
        await takeTurn()
        do {
            let result = try await body()
            await passTurn()
            return result
        } catch {
            await passTurn()
            throw error
        }
    }

    /// Returns once a turn is free, taking it.
    private func takeTurn() async {
        if running < limit {
            running += 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    /// Hands the finished body's turn to the longest waiting one, if any.
    private func passTurn() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
