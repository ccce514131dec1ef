import AgentSessions
import Testing

/// `list` and `fork`, run as the built executable.
struct ListAndForkCommandsTests {
    /// The ids of a `list --json` answer, in order.
    private func ids(_ answer: JSONObject) -> [String] {
        (answer["sessions"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
    }

    @Test func listFiltersAndOrdersByLastActivity() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "a", "--agent", "planner", "--user", "ana")
        _ = try await cli.run("create", "--id", "b", "--agent", "coder", "--user", "ana")
        _ = try await cli.run("create", "--id", "c", "--agent", "planner", "--user", "bo", "--parent", "a")
        _ = try await cli.run("update", "a", "--phase", "approval")
        _ = try await cli.run("finalize", "b", "completed")

        #expect(ids(try await cli.run("list", "--json").object()) == ["b", "a", "c"])
        #expect(ids(try await cli.run("list", "--active-only", "--json").object()) == ["a", "c"])
        #expect(ids(try await cli.run("list", "--finalized", "--json").object()) == ["b"])
        #expect(ids(try await cli.run("list", "--agent", "planner", "--json").object()) == ["a", "c"])
        #expect(ids(try await cli.run("list", "--user", "bo", "--json").object()) == ["c"])
        #expect(ids(try await cli.run("list", "--parent", "a", "--json").object()) == ["c"])
        #expect(ids(try await cli.run("list", "--phase", "approval", "--json").object()) == ["a"])
        #expect(ids(try await cli.run("list", "--app", "other", "--json").object()) == [])

        let table = try await cli.run("list")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.dropFirst().first?.hasPrefix("b ") == true)
    }

    @Test func tablesFitTheTerminalWithAgesAndWideShowsEverything() async throws {
        let cli = try CLIRunner()
        let long = "session-with-a-very-long-identifier-0123456789"
        _ = try await cli.run("create", "--id", long, "--agent", "planner", "--user", "ana")
        _ = try await cli.run(
            "items",
            "append",
            long,
            #"{"role":"user","content":"\#(String(repeating: "x", count: 200))"}"#
        )
        let columns = ["COLUMNS": "60"]

        let fitted = try await CLIRunner.run(["list", "--db", cli.databasePath], environment: columns)
        let lines = fitted.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(lines)")
        #expect(lines.first?.hasSuffix("ACTIVE") == true)
        #expect(lines.last?.contains("…") == true && lines.last?.contains(long) == false)
        // The age's unit depends on how long the runs above took on a busy machine.
        let age = lines.last?.split(separator: " ").last.map(String.init) ?? ""
        #expect(age.wholeMatch(of: /[0-9]+[smhd]/) != nil, "an age such as 0s, not \(age)")

        let wide = try await CLIRunner.run(["list", "--wide", "--db", cli.databasePath], environment: columns)
        #expect(wide.stdout.contains(long) && wide.stdout.contains("UPDATED") && wide.stdout.contains("T"))

        let items = try await CLIRunner.run(["items", "list", long, "--db", cli.databasePath], environment: columns)
        #expect(items.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(items.stdout.contains("…"))
        let piped = try await CLIRunner.run(
            ["items", "list", long, "--db", cli.databasePath],
            environment: ["COLUMNS": ""]
        )
        #expect(piped.stdout.contains(String(repeating: "x", count: 200)), "a pipe gets whole cells")
    }

    @Test func titlesTagsMetadataFiltersSortsAndCounts() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "a", "--title", "Plan the VPC", "--tags", "vip,billing")
        _ = try await cli.run("create", "--id", "b", "--tags", "billing", "--metadata", #"{"customer":"acme"}"#)
        _ = try await cli.run("create", "--id", "c", "--metadata", #"{"customer":"acme","tier":"gold"}"#)
        let a = try await cli.run("get", "a", "--json").object()
        #expect(a["title"] == "Plan the VPC" && a["tags"] == ["billing", "vip"])

        #expect(ids(try await cli.run("list", "--tag", "billing", "--json").object()) == ["b", "a"])
        #expect(ids(try await cli.run("list", "--tag", "billing", "--tag", "vip", "--json").object()) == ["a"])
        #expect(ids(try await cli.run("list", "--metadata", "customer=acme", "--json").object()) == ["c", "b"])
        #expect(
            ids(try await cli.run("list", "--metadata", "customer=acme", "--metadata", "tier=gold", "--json").object())
                == ["c"]
        )
        #expect(ids(try await cli.run("list", "--sort", "created_at", "--json").object()) == ["a", "b", "c"])
        #expect(try await cli.run("list", "--tag", "billing", "--count").stdout == "2\n")
        #expect(try await cli.run("list", "--count", "--json").object() == ["count": 3])

        let table = try await cli.run("list", "--wide")
        #expect(table.stdout.split(separator: "\n").first?.contains("TITLE") == true)
        #expect(table.stdout.contains("Plan the VPC"))

        let updated = try await cli.run("update", "a", "--title", "", "--tags", "", "--json").object()
        #expect(updated["title"] == .null && updated["tags"] == [])
        #expect(try await cli.run("update", "a", "--tags", "not ok").status == 5)
        #expect(try await cli.run("list", "--sort", "sideways").status == 5)
        #expect(try await cli.run("list", "--metadata", "no-equals-sign").status != 0)
        #expect(try await cli.run("list", "--count", "--limit", "1").status != 0)
    }

    @Test func listPagesWithACursor() async throws {
        let cli = try CLIRunner()
        for id in ["a", "b", "c"] { _ = try await cli.run("create", "--id", id) }
        let first = try await cli.run("list", "--limit", "2", "--json").object()
        #expect(ids(first) == ["c", "b"])
        let cursor = try #require(first["next_cursor"]?.stringValue)
        let second = try await cli.run("list", "--limit", "2", "--cursor", cursor, "--json").object()
        #expect(ids(second) == ["a"])
        #expect(second["next_cursor"] == .null)
        #expect(try await cli.run("list", "--cursor", "garbage").status == 5)
        #expect(try await cli.run("list", "--limit", "2").stdout.contains("more: --cursor \(cursor)"))
    }

    @Test func forkCopiesItemsThroughASequence() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "src", "--agent", "planner", "--metadata", #"{"k":1}"#)
        _ = try await cli.run("items", "append", "src", #"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#)
        let fork = try await cli.run("fork", "src", "--through", "2", "--as", "copy", "--json")
        #expect(fork.status == 0, "\(fork.stderr)")
        let session = try fork.object()
        #expect(session["id"] == "copy")
        #expect(session["agent"] == "planner")
        #expect(session["metadata"] == ["k": 1, "forked_from": ["id": "src", "sequence": 2]])
        let copied = try await cli.run("items", "list", "copy", "--json").object()["items"]?.arrayValue ?? []
        #expect(copied.compactMap { $0.objectValue?["content"] } == [["n": 1], ["n": 2]])
        #expect(try await cli.run("items", "list", "src", "--json").object()["items"]?.arrayValue?.count == 3)

        let generated = try await cli.run("fork", "src")
        #expect(generated.status == 0)
        let newID = generated.stdout.trimmingSuffix()
        #expect(!newID.isEmpty && newID != "src")
        #expect(try await cli.run("get", newID).status == 0)

        #expect(try await cli.run("fork", "src", "--as", "copy").status == 4)
        #expect(try await cli.run("fork", "src", "--through", "9").status == 5)
        #expect(try await cli.run("fork", "missing").status == 3)
    }
}
