import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import Testing

/// Writers in one process and in several, through the session's lock file.
@Suite("FileSessionStore concurrency")
struct FileSessionStoreConcurrencyTests {
    /// How long a test waits for a condition before it fails: long, because the store's threads
    /// are shared with every file-store test of the process, and under a full parallel run on
    /// two cores CI saw them queue for over 60 s.
    static let patience: Duration = .seconds(300)

    @Test("two stores on one directory (as two processes) never lose an item")
    func twoStores() async throws {
        try await TemporaryDirectory.with { directory in
            let first = try FileSessionStore(configuration: .init(directory: directory))
            let second = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await first.create(NewSession(id: "shared")).key
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, store) in [first, second].enumerated() {
                    for task in 0..<4 {
                        group.addTask {
                            for item in 0..<25 {
                                try await store.append(
                                    [NewItem(["writer": .int(Int64(index * 10 + task)), "n": .int(Int64(item))])],
                                    to: key
                                )
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let items = try await second.items(of: key, .all)
            #expect(items.map(\.sequence) == Array(1...200))
            #expect(Set(items.map(\.content.text)).count == 200)
            #expect(try await first.session(key)?.version == 201)
        }
    }

    @Test("another process holding the session's lock file makes a write wait for it")
    func lockFileAcrossProcesses() async throws {
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(
                where: FileManager.default.isExecutableFile
            )
        else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("python3 is missing under CI=true") }
            try Test.cancel("skipped: python3 is not installed")
        }
        try await TemporaryDirectory.with { folder in
            let directory = folder + "/store"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await store.create(NewSession(id: "locked")).key
            // The holder keeps the lock until the release file appears. The append must be seen
            // waiting for that lock in the kernel's lock table before the test lets the holder go.
            let lockFile = directory + "/default/session_locked/.lock"
            let release = folder + "/release"
            let holder = try await ChildProcess.start(
                python,
                [
                    "-c",
                    """
                    import fcntl, os, sys, time
                    f = open(sys.argv[1], 'a')
                    fcntl.flock(f, fcntl.LOCK_EX)
                    print('locked', flush=True)
                    while not os.path.exists(sys.argv[2]):
                        time.sleep(0.01)
                    """,
                    lockFile, release,
                ],
                output: .file(folder + "/holder.out")
            )
            let line = try await holder.waitForOutput(within: .seconds(60)) { $0.contains("\n") ? $0 : nil }
            #expect(line.hasPrefix("locked"))
            let append = Task { try await store.append([NewItem(["n": 1])], to: key) }
            let inode = try #require(
                (try FileManager.default.attributesOfItem(atPath: lockFile)[.systemFileNumber] as? NSNumber)?
                    .uint64Value
            )
            try await Self.waitForBlockedLock(onInode: inode, of: getpid())
            try Data().write(to: URL(fileURLWithPath: release))
            #expect(try await append.value == [1], "the append went through once the holder let go")
            #expect(try await holder.waitForExit(within: .seconds(60)) == 0)
            #expect(try await store.items(of: key, .all).count == 1)
        }
    }

    @Test("forty callers waiting for a locked session leave the store's threads to other sessions")
    func waitersOfOneSessionDoNotHoldUpOthers() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try FileSessionStore(configuration: .init(directory: directory))
            let key = try await store.create(NewSession(id: "busy")).key
            // The test holds the session's lock as another process would (its own open file).
            let lockFile = directory + "/default/session_busy/.lock"
            let holder = open(lockFile, O_RDWR | O_CREAT, 0o644)
            try #require(holder >= 0 && flock(holder, LOCK_EX) == 0, "the test could not lock \(lockFile)")
            let appends = Task {
                try await withThrowingTaskGroup(of: [Int64].self) { group in
                    for index in 0..<40 {
                        group.addTask { try await store.append([NewItem(["n": .int(Int64(index))])], to: key) }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            let inode = try #require(
                (try FileManager.default.attributesOfItem(atPath: lockFile)[.systemFileNumber] as? NSNumber)?
                    .uint64Value
            )
            try await Self.waitForBlockedLock(onInode: inode, of: getpid())
            // While all forty wait, another session is created, written and read. Should that
            // wait too, the lock is let go after ``patience``, so that the test ends.
            let other = try await withThrowingTaskGroup(of: Int?.self) { group in
                group.addTask {
                    let other = try await store.create(NewSession(id: "other")).key
                    try await store.append([NewItem(["n": 1])], to: other)
                    return try await store.items(of: other, .all).count
                }
                group.addTask {
                    try await Task.sleep(for: Self.patience)
                    close(holder)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
            #expect(other == 1, "work on another session waited for the locked one (over \(Self.patience))")
            if other != nil { close(holder) }
            #expect(try await appends.value.sorted() == Array(1...40), "every waiting append went through once")
        }
    }

    /// Waits (up to ``patience``) until the kernel's lock table (`/proc/locks`) shows a process blocked
    /// on a `flock` of a file: a line such as `1: -> FLOCK  ADVISORY  WRITE 42 fd:01:123 0 EOF`.
    static func waitForBlockedLock(onInode inode: UInt64, of pid: Int32) async throws {
        let deadline = ContinuousClock.now + Self.patience
        while ContinuousClock.now < deadline {
            let table = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
            let blocked = table.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count >= 7 && fields[1] == "->" && fields[2] == "FLOCK" && fields[5] == "\(pid)"
                    && fields[6].hasSuffix(":\(inode)")
            }
            if blocked { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no blocked lock of process \(pid) on inode \(inode) appeared in /proc/locks within \(patience)")
    }
}
