import ChildProcessSupport
import Foundation
import Testing

/// Real children, spawned with `/bin/sh`: what they are given, and that none is left running on
/// any path where the owner stops caring.
@Suite(.timeLimit(.minutes(1))) struct ChildProcessTests {
    /// A shell that starts a grandchild, `sleep 300`, prints its process id and waits for it.
    static let parentOfSleeper = ["-c", "sleep 300 & echo $!; wait"]

    @Test func runPassesInputAndCollectsOutputErrorsAndStatus() async throws {
        let outcome = try await ChildProcess.run(
            "/bin/sh",
            ["-c", "cat; echo oops >&2; exit 3"],
            input: "hello\nworld"
        )
        #expect(outcome.status == 3)
        #expect(outcome.standardOutput == "hello\nworld")
        #expect(outcome.standardError == "oops\n")
    }

    @Test func theChildGetsExactlyTheEnvironmentItIsGiven() async throws {
        let long = String(repeating: "v", count: 5_000)
        let outcome = try await ChildProcess.run(
            "/usr/bin/env",
            environment: ["SHELL": "/bin/bash", "EMPTY": "", "LONG": long, "SPACED": "a b=c"]
        )
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init).sorted()
        #expect(lines == ["EMPTY=", "LONG=" + long, "SHELL=/bin/bash", "SPACED=a b=c"])
    }

    @Test func killingTheChildEndsItsGrandchildrenToo() async throws {
        try await withOutputFile { path in
            let child = try await ChildProcess.start("/bin/sh", Self.parentOfSleeper, output: .file(path))
            let grandchild = try await child.waitForOutput(within: .seconds(60), Self.firstNumber)
            #expect(Self.isAlive(grandchild))
            child.kill()
            #expect(try await child.waitForExit() == 128 + SIGKILL)
            #expect(kill(child.processID, 0) == -1 && errno == ESRCH, "the child was reaped")
            #expect(await Self.hasEnded(grandchild), "the grandchild \(grandchild) was killed with the group")
        }
    }

    @Test func droppingTheChildKillsItsGroup() async throws {
        try await withOutputFile { path in
            var child: ChildProcess? = try await ChildProcess.start(
                "/bin/sh",
                Self.parentOfSleeper,
                output: .file(path)
            )
            let grandchild = try await child!.waitForOutput(within: .seconds(60), Self.firstNumber)
            let processID = child!.processID
            child = nil
            #expect(await Self.hasEnded(processID), "the child \(processID) was killed when dropped")
            #expect(await Self.hasEnded(grandchild), "the grandchild \(grandchild) was killed when dropped")
        }
    }

    @Test func aWaitThatRunsOutKillsTheGroup() async throws {
        try await withOutputFile { path in
            let child = try await ChildProcess.start("/bin/sh", Self.parentOfSleeper, output: .file(path))
            let grandchild = try await child.waitForOutput(within: .seconds(60), Self.firstNumber)
            await #expect(throws: ChildProcessError.self) { try await child.waitForExit(within: .milliseconds(50)) }
            #expect(!child.isRunning, "the wait returns once the child is gone")
            #expect(await Self.hasEnded(grandchild))
        }
    }

    @Test func cancellingTheWaitKillsTheGroup() async throws {
        try await withOutputFile { path in
            let child = try await ChildProcess.start("/bin/sh", Self.parentOfSleeper, output: .file(path))
            let grandchild = try await child.waitForOutput(within: .seconds(60), Self.firstNumber)
            let wait = Task { try await child.waitForExit() }
            wait.cancel()
            await #expect(throws: CancellationError.self) { try await wait.value }
            #expect(!child.isRunning)
            #expect(await Self.hasEnded(grandchild))
        }
    }

    @Test func aGrandchildThatOutlivesItsParentIsKilledWhenTheParentEnds() async throws {
        let outcome = try await ChildProcess.run("/bin/sh", ["-c", "sleep 300 & echo $!"])
        #expect(outcome.status == 0)
        let grandchild = try #require(Self.firstNumber(in: outcome.standardOutput))
        #expect(await Self.hasEnded(grandchild))
    }

    @Test func theChildInheritsNoOtherDescriptor() async throws {
        let descriptor = open("/dev/null", O_RDONLY)  // without O_CLOEXEC
        try #require(descriptor > 2)
        defer { close(descriptor) }
        #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC == 0)
        let listed = try await ChildProcess.run("/bin/ls", ["/proc/self/fd"])
        let numbers = Set(listed.standardOutput.split(separator: "\n").compactMap { Int32($0) })
        #expect(numbers.isSuperset(of: [0, 1, 2]), "the listing works: \(numbers)")
        #expect(!numbers.contains(descriptor), "\(descriptor) is not open in the child: \(numbers)")
    }

    @Test func theChildGetsDefaultSignalDispositionsInItsOwnGroup() async throws {
        // Like the package's own processes; left so, as other tests may run meanwhile.
        signal(SIGPIPE, SIG_IGN)
        #expect(try Self.ignoredSignals(in: "/proc/self/status") & (1 << (SIGPIPE - 1)) != 0)
        try await withOutputFile { path in
            let child = try await ChildProcess.start("/bin/sleep", ["300"], output: .file(path))
            // Signals 1 to 31; the C library keeps 32 and 33 for itself.
            let ignored = try Self.ignoredSignals(in: "/proc/\(child.processID)/status") & 0x7FFF_FFFF
            #expect(ignored == 0, "ignored by the child: \(String(ignored, radix: 2))")
            #expect(getpgid(child.processID) == child.processID, "it leads a process group of its own")
            #expect(getpgid(child.processID) != getpgrp())
            child.kill()
            _ = try await child.waitForExit()
        }
    }

    @Test func aProgramThatCannotBeStartedThrows() async throws {
        await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run("/nonexistent/program")
        }
    }

    /// Runs `body` with the path of a file in a fresh temporary folder, removed afterwards.
    private func withOutputFile(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agent-sessions-child-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder + "/output")
    }

    /// The first whole line of `text` that is a number.
    private static func firstNumber(in text: String) -> Int32? {
        guard text.contains("\n") else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// Whether `pid` is a process that runs (neither gone nor a zombie).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.lastIndex(of: ")")
        else { return false }
        // The state follows the name: `PID (NAME) S …`.
        return !stat[afterName...].dropFirst().trimmingPrefix(" ").hasPrefix("Z")
    }

    /// Waits, up to a minute, until `pid` no longer runs. A killed grandchild may stay a zombie:
    /// its orphan goes to PID 1, which in some containers never reaps anything.
    private static func hasEnded(_ pid: Int32) async -> Bool {
        for _ in 0..<6_000 {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// The `SigIgn` mask of a `/proc/PID/status` file.
    private static func ignoredSignals(in path: String) throws -> UInt64 {
        let status = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") })
        return try #require(UInt64(line.dropFirst("SigIgn:".count).trimmingPrefix("\t"), radix: 16))
    }
}
