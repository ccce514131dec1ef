import AgentSessions
import Testing

@testable import AgentSessionsPostgres

@Suite("PostgresChangeNotice")
struct PostgresChangeNoticeTests {
    private let key = SessionKey("chat-1", app: "ops")

    @Test("the trigger's payload is a plain change without an origin")
    func triggerPayload() throws {
        let notice = try #require(PostgresChangeNotice(payload: "ops/chat-1"))
        #expect(notice == PostgresChangeNotice(SessionChange(key: key, kind: .changed), origin: nil))
        #expect(notice.payload == "ops/chat-1")
    }

    @Test(
        "removal notices read back as they were written",
        arguments: [
            SessionChange.Kind.itemsRemoved([5]), .itemsRemoved([7, 6]), .itemsCleared(count: 3),
        ]
    )
    func removalRoundTrip(kind: SessionChange.Kind) throws {
        let notice = PostgresChangeNotice(SessionChange(key: key, kind: kind), origin: "k2v9")
        #expect(PostgresChangeNotice(payload: notice.payload) == notice, "\(notice.payload)")
    }

    @Test("the payloads' exact text, which other versions read")
    func payloadText() {
        let removed = PostgresChangeNotice(SessionChange(key: key, kind: .itemsRemoved([5])), origin: "k2v9")
        #expect(removed.payload == "ops/chat-1 removed 5 k2v9")
        let cleared = PostgresChangeNotice(SessionChange(key: key, kind: .itemsCleared(count: 2)), origin: "k2v9")
        #expect(cleared.payload == "ops/chat-1 cleared 2 k2v9")
    }

    @Test("a server that reads only app/id finds no session id in a removal notice, so it ignores it")
    func olderServersIgnoreRemovalNotices() {
        let payload = PostgresChangeNotice(SessionChange(key: key, kind: .itemsCleared(count: 2)), origin: "k2v9")
            .payload
        let afterSlash = String(payload.drop { $0 != "/" }.dropFirst())
        #expect(throws: SessionStoreError.self) { try SessionID(afterSlash) }
    }

    @Test(
        "anything else is no notice",
        arguments: [
            "", "no-slash", "ops/", "ops/bad id", "ops/chat-1 removed", "ops/chat-1 removed 5", "ops/chat-1 removed 5 ",
            "ops/chat-1 removed x k", "ops/chat-1 removed 0 k", "ops/chat-1 removed 5,,6 k", "ops/chat-1 cleared 0 k",
            "ops/chat-1 cleared -1 k", "ops/chat-1 renamed 5 k", "ops/chat-1 removed 5 k extra",
        ]
    )
    func malformed(payload: String) {
        #expect(PostgresChangeNotice(payload: payload) == nil)
    }
}
