import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process group of one child: the child leads it, so its id is the child's process id.
///
/// The group stays open from the spawn until the leader has been reaped; closing it kills what
/// is left of it. Every open group is also listed in ``open``, so that ``ChildProcess/killAll()``
/// reaches them from a signal handler.
final class ProcessGroup: Sendable {
    /// The group's id, which is also its leader's process id.
    let id: Int32
    private let isOpenState = Mutex(true)

    /// The groups whose leaders have not been reaped yet.
    static let open = Mutex<[Int32: ProcessGroup]>([:])

    /// Lists the group of a leader that was just spawned.
    init(leader: Int32) {
        id = leader
        Self.open.withLock { $0[leader] = self }
    }

    /// Whether the leader has not been reaped yet.
    var isOpen: Bool { isOpenState.withLock { $0 } }

    /// Sends `signal` to the leader alone, while the group is open.
    func signalLeader(_ signal: Int32) {
        isOpenState.withLock { isOpen in
            if isOpen { _ = kill(id, signal) }
        }
    }

    /// Sends SIGKILL to every member, while the group is open.
    func killAll() {
        isOpenState.withLock { isOpen in
            if isOpen { _ = kill(-id, SIGKILL) }
        }
    }

    /// Sends SIGKILL to every member of every open group.
    static func killAllOpen() {
        for group in open.withLock({ Array($0.values) }) { group.killAll() }
    }

    /// Kills what is left of the group once its leader has been reaped (grandchildren that
    /// outlived it), and never signals the group again.
    ///
    /// The id cannot have been given to another process meanwhile while any member lives, since
    /// a group's id stays taken until its last member is gone; when none is left, the kill finds
    /// no one.
    func close() {
        isOpenState.withLock { isOpen in
            if isOpen { _ = kill(-id, SIGKILL) }
            isOpen = false
        }
        Self.open.withLock { open in
            if open[id] === self { open[id] = nil }
        }
    }
}
