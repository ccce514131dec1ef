/// Lets one caller at a time through: the others wait (without holding anything) until the one
/// inside leaves, then go through one by one.
///
/// A waiting caller is not woken by cancellation; it goes through when its turn comes.
actor SerialGate {
    private var isBusy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `work` once every caller that came before has left.
    /// - Throws: What `work` throws.
    func pass(_ work: @Sendable () async throws -> Void) async throws {
        if isBusy {
            await withCheckedContinuation { waiting.append($0) }
        }
        isBusy = true
        defer { leave() }
        try await work()
    }

    private func leave() {
        if waiting.isEmpty {
            isBusy = false
        } else {
            waiting.removeFirst().resume()  // the next caller goes in; the gate stays busy
        }
    }
}
