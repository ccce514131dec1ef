import AgentSessionsAgents
import Logging
import Synchronization

/// A model provider whose replies wait until the test opens the gate: a request that is being
/// served, held still.
final class GatedProvider: ModelProvider {
    private struct State {
        var isOpen = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// How many replies wait at the gate.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    func reply(to request: ModelRequest, logger: Logger) async throws -> String {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if passes { continuation.resume() }
        }
        return "gated reply to \(request.message)"
    }

    /// Lets every waiting and later reply through.
    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Waits, by yielding, until `count` replies wait at the gate (or about a million yields).
    func waitForReplies(_ count: Int) async {
        var attempts = 0
        while waitingCount < count, attempts < 1_000_000 {
            attempts += 1
            await Task.yield()
        }
    }
}
