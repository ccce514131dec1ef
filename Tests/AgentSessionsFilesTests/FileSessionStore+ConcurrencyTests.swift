import AgentSessions
import AgentSessionsFiles
import AgentSessionsTesting
import ChildProcessSupport
import Foundation
import Testing

/// Writers in one process and in several, through the session's lock file.
@Suite("FileSessionStore concurrency")
struct FileSessionStoreConcurrencyTests {
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
            // The holder keeps the lock until the release file appears, which this test makes
            // 500 ms after the append began: the append cannot get through any sooner.
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
                    directory + "/default/session_locked/.lock", release,
                ],
                output: .file(folder + "/holder.out")
            )
            let line = try await holder.waitForOutput(within: .seconds(60)) { $0.contains("\n") ? $0 : nil }
            #expect(line.hasPrefix("locked"))
            let started = ContinuousClock.now
            // From a thread of its own: the append blocks this one in flock until the holder lets go.
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.5)
                _ = FileManager.default.createFile(atPath: release, contents: nil)
            }
            try await store.append([NewItem(["n": 1])], to: key)
            #expect(ContinuousClock.now - started > .milliseconds(400), "the append waited for the other process")
            #expect(try await holder.waitForExit(within: .seconds(60)) == 0)
            #expect(try await store.items(of: key, .all).count == 1)
        }
    }
}
