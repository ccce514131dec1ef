import AgentSessions
import Testing

/// `items append|list|pop|clear`, run as the built executable.
struct ItemsCommandsTests {
    /// The `content` of each item of an `items list --json` answer.
    private func contents(_ result: CLIRunner.Result) throws -> [JSONValue] {
        (try result.object()["items"]?.arrayValue ?? []).compactMap { $0.objectValue?["content"] }
    }

    @Test func appendListPopAndClear() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        let appended = try await cli.run(
            "items",
            "append",
            "s-1",
            #"{"role":"user","content":"hi"}"#,
            #"{"role":"assistant","n":2}"#
        )
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout == "1\n2\n")
        let more = try await cli.run("items", "append", "s-1", #"{"n":3}"#, "--json")
        #expect(try more.object() == ["sequences": [3]])

        let all = try await cli.run("items", "list", "s-1", "--json")
        #expect(try contents(all) == [["role": "user", "content": "hi"], ["role": "assistant", "n": 2], ["n": 3]])
        let first = try #require(try all.object()["items"]?.arrayValue?.first?.objectValue)
        #expect(first["seq"] == 1)
        #expect(first["item_id"] == .null)
        #expect(first["created_at"]?.stringValue != nil)

        #expect(try contents(try await cli.run("items", "list", "s-1", "--limit", "1", "--json")) == [["n": 3]])
        #expect(try contents(try await cli.run("items", "list", "s-1", "--limit", "0", "--json")) == [])
        #expect(
            try contents(try await cli.run("items", "list", "s-1", "--after", "1", "--limit", "1", "--json"))
                == [["role": "assistant", "n": 2]]
        )

        let popped = try await cli.run("items", "pop", "s-1", "--json").object()
        #expect(popped["item"]?.objectValue?["seq"] == 3)
        #expect(popped["item"]?.objectValue?["content"] == ["n": 3])
        #expect(try await cli.run("items", "pop", "s-1").stdout == #"{"role":"assistant","n":2}"# + "\n")
        #expect(try await cli.run("items", "append", "s-1", "{}").stdout == "4\n")

        #expect(try await cli.run("items", "clear", "s-1", "--json").object() == ["removed": 2])
        #expect(try await cli.run("items", "pop", "s-1", "--json").object() == ["item": .null])
        let emptyPop = try await cli.run("items", "pop", "s-1")
        #expect(emptyPop.status == 0)
        #expect(emptyPop.stdout.isEmpty)
        #expect(try await cli.run("items", "list", "s-1").stdout == "no items\n")
        #expect(try await cli.run("get", "s-1", "--json").object()["last_sequence"] == 4)
    }

    @Test func appendReadsJSONLinesFromStandardInput() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        let lines = "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\":3}\n"
        let appended = try await cli.run("items", "append", "s-1", "-", stdin: lines)
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout == "1\n2\n3\n")
        #expect(try contents(try await cli.run("items", "list", "s-1", "--json")) == [["n": 1], ["n": 2], ["n": 3]])

        let bad = try await cli.run("items", "append", "s-1", "-", "--json", stdin: "{\"n\":4}\n{oops\n")
        #expect(bad.status == 5)
        #expect(try bad.object()["error"]?.objectValue?["message"]?.stringValue?.contains("stdin line 2") == true)
        #expect(try await cli.run("items", "append", "s-1", "-", stdin: "\n").status == 5)
        #expect(try await cli.run("get", "s-1", "--json").object()["last_sequence"] == 3)
    }

    @Test func itemIDMakesRetriesSafe() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        #expect(try await cli.run("items", "append", "s-1", #"{"a":1}"#, "--item-id", "m-1").stdout == "1\n")
        #expect(try await cli.run("items", "append", "s-1", #"{"a":1}"#, "--item-id", "m-1").stdout == "1\n")
        let items = try await cli.run("items", "list", "s-1", "--json").object()["items"]?.arrayValue
        #expect(items?.count == 1)
        #expect(items?.first?.objectValue?["item_id"] == "m-1")
    }

    @Test func badItemsAndMissingSessionsAreRefused() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        #expect(try await cli.run("items", "append", "s-1", #"{"ok":1}"#, "[1,2]").status == 5)
        #expect(try await cli.run("items", "append", "s-1", "not json").status == 5)
        #expect(try await cli.run("items", "list", "s-1", "--json").object() == ["items": []])
        #expect(try await cli.run("items", "append", "missing", "{}").status == 3)
        #expect(try await cli.run("items", "list", "missing").status == 3)
        #expect(try await cli.run("items", "pop", "missing").status == 3)
        #expect(try await cli.run("items", "clear", "missing").status == 3)
    }
}
