import AgentSessions
import AgentSessionsExport
import AgentSessionsSQLite
import AgentSessionsTesting
import ArgumentParser
import ChildProcessSupport
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `--store http(s)://…`: the commands on a running `serve`, as on any other store.
struct ServerStoreCommandsTests {
    private static let key = "ops-0123456789abcdef0123456789"

    @Test func exportFromAServerImportsIntoALocalFile() async throws {
        let cli = try CLIRunner()
        let served = cli.directory.appendingPathComponent("served.sqlite").path
        try await ExportSamples.fill(SQLiteSessionStore(configuration: .init(location: .file(served))))
        let server = try await ServeProcess.start(
            ["--db", served],
            environment: ["AGENT_SESSIONS_API_KEYS": "\(SessionKey.defaultApp)=\(Self.key)"]
        )
        let url = "http://127.0.0.1:\(server.port)"

        let refused = try await CLIRunner.run(["export", "--store", url])
        #expect(refused.status != 0 && refused.stderr.contains("check the API key"), "\(refused.stderr)")

        let exported = try await CLIRunner.run(
            ["export", "--store", url],
            environment: ["AGENT_SESSIONS_API_KEY": Self.key]
        )
        #expect(exported.status == 0, "\(exported.stderr)")
        let imported = try await cli.run("import", "-", stdin: exported.stdout)
        #expect(imported.status == 0, "\(imported.stderr)")

        let local = try await CLIRunner.run(["export", "--db", cli.databasePath])
        let direct = try await CLIRunner.run(["export", "--db", served])
        #expect(!direct.stdout.isEmpty && local.stdout == direct.stdout, "the copy is the server's sessions")

        // The other commands work on the server too, with the key as a flag.
        let created = try await CLIRunner.run(
            ["create", "--store", url, "--api-key", Self.key, "--id", "remote-1"]
        )
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try await CLIRunner.run(["list", "--store", url, "--api-key", Self.key])
        #expect(listed.stdout.contains("remote-1"), "\(listed.stdout)")
        #expect(try await server.terminate() == 0)
    }

    @Test func aServerThatIsDownIsAClearError() async throws {
        let result = try await CLIRunner.run(["get", "s1", "--store", "http://127.0.0.1:1"])
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("could not reach the server at http://127.0.0.1:1: the connection was refused"),
            "\(result.stderr)"
        )
    }

    @Test func flagsThatDoNotFitAServerAreRefused() async throws {
        func refusal(_ arguments: [String]) async -> String? {
            do {
                _ = try await OffPoolParsing.parseAsRoot(arguments)
                return nil
            } catch {
                return AgentSessionsCommand.message(for: error)
            }
        }
        await #expect(refusal(["list", "--store", "http://127.0.0.1:8080"]) == nil)
        await #expect(refusal(["list", "--store", "https://sessions.example.com", "--api-key", "k"]) == nil)
        await #expect(refusal(["list", "--api-key", "k"])?.contains("--api-key is a server's key") == true)
        await #expect(
            refusal(["list", "--store", "http://127.0.0.1:8080", "--api-key", ""])?.contains("empty") == true
        )
        await #expect(refusal(["list", "--store", "http://"])?.contains("names its host") == true)
        await #expect(
            refusal(["list", "--store", "http://h:1", "--db", "x.sqlite"])?.contains("--db is the SQLite") == true
        )
        await #expect(
            refusal(["serve", "--store", "http://127.0.0.1:8080"])?.contains("serve keeps the sessions itself") == true
        )
    }
}
