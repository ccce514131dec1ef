import AgentSessions
import Testing

/// `compact`, `compactions`, `context` and `tokens`, run as the built executable.
struct ContextCommandsTests {
    @Test func compactListAndView() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        _ = try await cli.run(
            "items",
            "append",
            "s-1",
            #"{"role":"system","content":"Be brief."}"#,
            #"{"role":"user","content":"hello"}"#,
            #"{"role":"assistant","content":"hi"}"#,
            #"{"role":"user","content":"bye"}"#
        )
        let compacted = try await cli.run(
            "compact",
            "s-1",
            "--from",
            "2",
            "--through",
            "3",
            "--summary",
            #"{"role":"system","content":"They greeted."}"#
        )
        #expect(compacted.status == 0, "\(compacted.stderr)")
        #expect(compacted.stdout == "1\n")

        let listed = try await cli.run("compactions", "s-1", "--json").object()
        let first = try #require(listed["compactions"]?.arrayValue?.first?.objectValue)
        #expect(first["first_seq"] == 2 && first["last_seq"] == 3 && first["author"] == ["kind": "caller"])
        #expect(try await cli.run("compactions", "s-1").stdout.contains("2-3"))

        let documents = try await cli.run("context", "s-1", "--documents")
        #expect(
            documents.stdout
                == #"{"role":"system","content":"Be brief."}"# + "\n"
                + #"{"role":"system","content":"They greeted."}"# + "\n" + #"{"role":"user","content":"bye"}"# + "\n"
        )
        let view = try await cli.run("context", "s-1", "--json").object()
        #expect(view["items"]?.arrayValue?.map { $0.objectValue?["type"] } == ["item", "summary", "item"])
        let tight = try await cli.run("context", "s-1", "--max-tokens", "1")
        #expect(tight.status == 0)
        #expect(tight.stdout.contains("over 1") && tight.stdout.contains("dropped items: 4"))
        #expect(try await cli.run("items", "list", "s-1", "--json").object()["items"]?.arrayValue?.count == 4)

        let again = try await cli.run("compact", "s-1", "--through", "3", "--summary", "{}")
        #expect(again.status == 4, "the latest compaction already reaches item 3: \(again.stderr)")
        let past = try await cli.run("compact", "s-1", "--through", "9", "--summary", "{}")
        #expect(past.status == 5 && past.stderr.contains("has items up to 4"))
        let missing = try await cli.run("context", "nobody")
        #expect(missing.status == 3)
        let negative = try await cli.run("context", "s-1", "--max-tokens", "-1")
        #expect(negative.status == 2)
    }

    @Test func exportAndImportCarryCompactions() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1")
        _ = try await cli.run("items", "append", "s-1", #"{"n":1}"#, #"{"n":2}"#)
        _ = try await cli.run("compact", "s-1", "--through", "2", "--summary", #"{"n":"both"}"#)
        let exported = try await cli.run("export")
        #expect(exported.stdout.contains(#""type":"compaction""#), "\(exported.stderr)")
        #expect(exported.stderr.contains("1 compaction"))
        let target = try CLIRunner()
        let imported = try await target.run("import", "-", stdin: exported.stdout)
        #expect(imported.status == 0, "\(imported.stderr)")
        let source = try await cli.run("compactions", "s-1", "--json").object()
        #expect(try await target.run("compactions", "s-1", "--json").object() == source)
    }

    @Test func tokensCountCallersCountsAndEstimates() async throws {
        let cli = try CLIRunner()
        _ = try await cli.run("create", "--id", "s-1", "--agent", "support")
        let counted = try await cli.run(
            "items",
            "append",
            "s-1",
            #"{"role":"user","content":"hello"}"#,
            "--tokens",
            "250"
        )
        #expect(counted.status == 0, "\(counted.stderr)")
        _ = try await cli.run("items", "append", "s-1", #"{"role":"assistant","content":"hi"}"#)
        let estimate = TokenEstimate.tokens(in: JSONDocument(["role": "assistant", "content": "hi"]))
        let listed = try await cli.run("items", "list", "s-1", "--json").object()
        #expect(listed["items"]?.arrayValue?.map { $0.objectValue?["tokens"] } == [250, nil])

        let tokens = try await cli.run("tokens", "s-1", "--context-window", "1000", "--json").object()
        #expect(tokens["tokens"] == .int(250 + estimate) && tokens["counted_items"] == 1 && tokens["item_count"] == 2)
        #expect(tokens["context_tokens"] == .int(250 + estimate) && tokens["context_window"] == 1000)
        let table = try await cli.run("tokens", "s-1", "--context-window", "1000")
        #expect(
            table.stdout.contains("1 counted by their caller") && table.stdout.contains("1000 ("),
            "\(table.stdout)"
        )
        let stats = try await cli.run("stats", "--json").object()
        #expect(stats["tokens_by_agent"] == ["support": .int(250 + estimate)])

        let refused = try await cli.run("items", "append", "s-1", #"{"n":1}"#, "--tokens=-1")
        #expect(refused.status == 5 && refused.stderr.contains("tokens"), "\(refused.stderr)")
        let twoItems = try await cli.run("items", "append", "s-1", #"{"n":1}"#, #"{"n":2}"#, "--tokens", "3")
        #expect(twoItems.status == 2)
        #expect(try await cli.run("tokens", "s-1", "--context-window", "0").status == 2)
        #expect(try await cli.run("tokens", "nobody").status == 3)

        let pinned = try await cli.run(
            "items",
            "append",
            "s-1",
            #"{"role":"system","content":"Be brief."}"#,
            "--pinned"
        )
        #expect(pinned.status == 0 && pinned.stdout == "3\n", "\(pinned.stderr)")
        _ = try await cli.run("compact", "s-1", "--through", "3", "--summary", #"{"role":"system","content":"So far"}"#)
        let view = try await cli.run("context", "s-1", "--max-tokens", "0", "--documents")
        #expect(
            view.stdout == #"{"role":"system","content":"Be brief."}"# + "\n",
            "the pinned item stays: \(view.stdout)"
        )
    }
}
