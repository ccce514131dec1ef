import GRDB
import Synchronization

// Group commit: writes that find the writer connection busy are queued, and the first of them
// runs every queued write in one transaction, each inside a savepoint of its own. A write that
// fails rolls back to its savepoint and fails alone; the others commit together, and each
// caller hears of its result only after that commit, so nothing is acknowledged before it is
// stored. One commit then carries many writes: fewer WAL frames and locks under load.

/// A write waiting for the writer connection.
struct QueuedWrite: Sendable {
    /// Does the write (inside its savepoint) and returns how to hand its result to its caller.
    let run: @Sendable (Database) throws -> @Sendable () -> Void
    /// Hands a failure to the caller.
    let fail: @Sendable (any Error) -> Void
}

/// The writes waiting for the writer connection, and whether one of them is draining the queue.
final class GroupCommitQueue: Sendable {
    /// The most writes one transaction carries; more wait for the next.
    static let maximumBatch = 256

    private struct State {
        var pending: [QueuedWrite] = []
        var isDraining = false
    }

    private let state = Mutex(State())

    /// Queues a write and returns its result once its transaction committed.
    /// - Parameters:
    ///   - writer: The writer connection's owner.
    ///   - body: The write; it runs inside a savepoint of a shared transaction.
    func write<T: Sendable>(on writer: any DatabaseWriter, _ body: @escaping @Sendable (Database) throws -> T)
        async throws -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            let write = QueuedWrite(
                run: { db in
                    let value = try body(db)
                    return { continuation.resume(returning: value) }
                },
                fail: { error in continuation.resume(throwing: error) }
            )
            let startsDraining = state.withLock { state in
                state.pending.append(write)
                guard !state.isDraining else { return false }
                state.isDraining = true
                return true
            }
            if startsDraining {
                writer.asyncWriteWithoutTransaction { [self] db in drain(db) }
            }
        }
    }

    /// Commits batches until no write is waiting.
    private func drain(_ db: Database) {
        while true {
            let batch: [QueuedWrite] = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.isDraining = false
                    return []
                }
                let batch = Array(state.pending.prefix(Self.maximumBatch))
                state.pending.removeFirst(batch.count)
                return batch
            }
            if batch.isEmpty { return }
            Self.commit(batch, in: db)
        }
    }

    /// Runs a batch in one immediate transaction, then hands every write its result.
    private static func commit(_ batch: [QueuedWrite], in db: Database) {
        var completions: [@Sendable () -> Void] = []
        completions.reserveCapacity(batch.count)
        do {
            try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
            for write in batch {
                completions.append(try runInSavepoint(write, alone: batch.count == 1, in: db))
            }
            try db.cachedStatement(sql: "COMMIT").execute()
        } catch {
            try? db.rollback()
            for write in batch { write.fail(error) }
            return
        }
        for completion in completions { completion() }
    }

    /// Runs one write of a batch; its failure is its own, unless the connection itself failed.
    private static func runInSavepoint(_ write: QueuedWrite, alone: Bool, in db: Database) throws
        -> @Sendable () -> Void
    {
        if alone {
            // The only write: its failure rolls the whole transaction back.
            return try write.run(db)
        }
        try db.cachedStatement(sql: "SAVEPOINT queued_write").execute()
        do {
            let completion = try write.run(db)
            try db.cachedStatement(sql: "RELEASE queued_write").execute()
            return completion
        } catch {
            guard db.isInsideTransaction else { throw error }
            try db.cachedStatement(sql: "ROLLBACK TO queued_write").execute()
            try db.cachedStatement(sql: "RELEASE queued_write").execute()
            return { write.fail(error) }
        }
    }
}
