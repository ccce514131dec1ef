import AgentSessions
import HTTPTestSupport
import Testing

/// Issue 6's hostile input, sent over real connections to a spawned `agent-sessions serve`:
/// every answer is the JSON error shape with a 4xx status, nothing is stored, and the server
/// keeps serving with its memory bounded.
@Suite(.timeLimit(.minutes(10))) struct HostileInputTests {
    /// Session ids as they appear in a path: escaped separators, NUL, control characters, dots,
    /// 8 KB of text, invalid UTF-8 escaped and raw.
    static let pathIDs: [[UInt8]] =
        [
            "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "a%5Cb", "a%00b", "%00", "a%0Ab", "%1B%5B31m", "%7F", "%2E%2E", "..",
            "a%20", "%FF%FE", "%C0%AF", "%ED%A0%80", String(repeating: "x", count: 8192),
            String(repeating: "%E2%80%AE", count: 1000),
        ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0x61, 0xC3], [0x80]]

    @Test func hostileIDsInPathsAreRefused() async throws {
        let server = try await HostileServer.start()
        for id in Self.pathIDs {
            let session = Array("/v1/sessions/".utf8) + id
            try await server.expectRefused("GET", session, [400, 404, 422])
            try await server.expectRefused(
                "PATCH",
                session,
                body: Array(#"{"phase":"planning"}"#.utf8),
                [400, 404, 422]
            )
            try await server.expectRefused("DELETE", session, [400, 404, 422])
            try await server.expectRefused(
                "POST",
                session + Array("/items".utf8),
                body: Array(#"{"content":{}}"#.utf8),
                [400, 404, 422]
            )
            try await server.expectRefused("GET", session + Array("/items".utf8), [400, 404, 422])
            try await server.expectRefused(
                "POST",
                session + Array("/fork".utf8),
                body: Array("{}".utf8),
                [400, 404, 422]
            )
            try await server.expectRefused(
                "POST",
                Array("/v1/chat/".utf8) + id,
                body: Array(#"{"message":"hi"}"#.utf8),
                [400, 404, 422]
            )
        }
        try await server.expectUnharmed()
    }

    /// Ids and app names inside JSON bodies: each is refused 422, never trimmed or cleaned.
    @Test func hostileIDsInBodiesAreRefused() async throws {
        let server = try await HostileServer.start()
        let ids = [
            "a/b", "../../etc/passwd", #"a\\b"#, #"a\u0000b"#, #"\u0000"#, #"a\nb"#, #"\u001b[31m"#, #"\u007f"#, "..",
            ".", " padded ", "", String(repeating: "x", count: 8192), #"\ud800"#, "é",
        ]
        for id in ids {
            let quoted = Array("\"\(id)\"".utf8)
            for (target, body) in [
                ("/v1/sessions", #"{"id":"#), ("/v1/sessions", #"{"app":"#), ("/v1/sessions", #"{"parent_id":"#),
                ("/v1/sessions/victim/fork", #"{"id":"#), ("/v1/sessions/victim/children", #"{"id":"#),
            ] {
                let expected: Set<Int> = id == #"\ud800"# ? [400] : [422]
                try await server.expectRefused(
                    "POST",
                    Array(target.utf8),
                    body: Array(body.utf8) + quoted + [0x7D],
                    expected
                )
            }
        }
        try await server.expectUnharmed()
    }

    /// Query parameters with separators, NUL, huge numbers and invalid UTF-8.
    @Test func hostileQueriesAreRefused() async throws {
        let server = try await HostileServer.start()
        let targets: [[UInt8]] =
            [
                "/v1/sessions?app=a%2Fb", "/v1/sessions?app=%00", "/v1/sessions?app=%FF%FE", "/v1/sessions?app=..",
                "/v1/sessions?limit=%00", "/v1/sessions?limit=99999999999999999999999", "/v1/sessions?limit=-1",
                "/v1/sessions?active=%FF", "/v1/sessions/victim/items?after=1e400",
                "/v1/sessions/victim/items?limit=-5",
                "/v1/sessions/victim/items?after=18446744073709551616",
                "/v1/stats?app=" + String(repeating: "a", count: 8192),
                "/v1/cleanup?hours=%00",
            ].map { Array($0.utf8) } + [Array("/v1/sessions?app=".utf8) + [0xFF, 0xC0]]
        for target in targets {
            let method = target.starts(with: Array("/v1/cleanup".utf8)) ? "POST" : "GET"
            try await server.expectRefused(method, target, [400, 422])
        }
        try await server.expectUnharmed()
    }

    /// Bodies that are not acceptable JSON: invalid UTF-8, 10,000 levels of nesting, numbers
    /// beyond 64 bits, duplicate keys, cut short; each refused 400 wherever it is sent. JSON that
    /// is not an object is refused 422.
    @Test func hostileJSONBodiesAreRefused() async throws {
        let server = try await HostileServer.start()
        let deepArray = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let deepObject = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let malformed: [[UInt8]] =
            [
                deepArray, deepObject, #"{"state":"# + deepObject + "}", #"{"content":"# + deepObject + "}",
                #"{"items":[{"content":"# + deepObject + "}]}", #"{"state":{"n":123456789012345678901234567890}}"#,
                #"{"content":{"n":-99999999999999999999}}"#, #"{"content":{"n":1e400}}"#,
                #"{"id":"dup","id":"other"}"#, #"{"content":{"a":1,"a":2}}"#,
                #"{"phase":"planning","phase":"approval"}"#,
                #"{"id":"cut"#, "{", #"{"content":{"#, #"{"id":"a"} trailing"#, "\u{FEFF}{}", #"{'id':'single'}"#,
            ].map { Array($0.utf8) } + [
                Array(#"{"id":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8),
                Array(#"{"content":{"text":""#.utf8) + [0xC0, 0xAF] + Array(#""}}"#.utf8),
                Array(#"{"metadata":{""#.utf8) + [0xED, 0xA0, 0x80] + Array(#"":1}}"#.utf8),
            ]
        let operations: [(String, String)] = [
            ("POST", "/v1/sessions"), ("PATCH", "/v1/sessions/victim"), ("POST", "/v1/sessions/victim/items"),
            ("POST", "/v1/sessions/victim/fork"), ("POST", "/v1/chat/victim"),
        ]
        for body in malformed {
            for (method, target) in operations {
                try await server.expectRefused(method, Array(target.utf8), body: body, [400])
            }
        }
        for body in ["[]", #""text""#, "12", "null", "true"] {
            try await server.expectRefused("POST", Array("/v1/sessions".utf8), body: Array(body.utf8), [422])
        }
        try await server.expectUnharmed()
    }
}
