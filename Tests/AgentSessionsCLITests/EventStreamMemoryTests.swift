import AgentSessions
import ChildProcessSupport
import Foundation
import HTTPTestSupport
import NIOHTTP1
import Testing

/// Many event streams of one large session, against a spawned `agent-sessions serve`: a change
/// is read and encoded once for all of them, so the server's memory does not grow with the
/// number of streams.
@Suite(.timeLimit(.minutes(10))) struct EventStreamMemoryTests {
    /// The most resident memory the server may use (its peak, `VmHWM`), in KiB.
    static let memoryCeilingKiB = 150 * 1024

    /// A session whose state has 50,000 keys (about 730 KB of JSON), 200 streams on it, one
    /// change: every stream gets the `session` event, and the server stays under the ceiling
    /// (it used to climb past 2 GB, a copy of the session per stream).
    @Test func twoHundredStreamsOfALargeSessionShareOneChange() async throws {
        let folder = try CLIRunner()
        let server = try await ServeProcess.start(["--db", folder.directory.path + "/sessions.sqlite"])
        let state = (0..<50_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let created = try await HTTPTestClient.send(
            port: server.port,
            .POST,
            "/v1/sessions",
            body: #"{"id":"large","state":{\#(state)}}"#
        )
        #expect(created.status == .created, "\(created.text.prefix(300))")
        let port = server.port
        let streams = 200
        let opened = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: ReceivedEvent?.self) { group in
            for _ in 0..<streams {
                group.addTask {
                    // Ends the count below also when a stream fails to open: the task then throws why.
                    var isCounted = false
                    defer { if !isCounted { opened.continuation.yield() } }
                    return try await EventStreamClient.withStream(port: port, path: "/v1/sessions/large/events") {
                        status,
                        events in
                        #expect(status == .ok)
                        let opening = try await events.nextEvent()
                        #expect(opening?.name == "session")
                        isCounted = true
                        opened.continuation.yield()
                        return try await events.nextEvent()
                    }
                }
            }
            var openedCount = 0
            for await _ in opened.stream {
                openedCount += 1
                if openedCount == streams { break }
            }
            let changed = try await HTTPTestClient.send(
                port: port,
                .PATCH,
                "/v1/sessions/large",
                body: #"{"metadata":{"note":"changed"}}"#
            )
            #expect(changed.status == .ok, "\(changed.text.prefix(300))")
            var received = 0
            for try await event in group {
                received += 1
                #expect(event?.name == "session")
                #expect(event?.dataContains(#""metadata":{"note":"changed"}"#) == true)
                #expect(event?.dataContains(#""k49999":49999"#) == true)
            }
            #expect(received == streams)
        }
        let memory = try server.residentMemory()
        #expect(
            memory.peak < Self.memoryCeilingKiB,
            "the server's resident memory peaked at \(memory.peak / 1024) MiB (now \(memory.current / 1024) MiB)"
        )
        #expect(try await server.terminate() == 0)
    }
}
