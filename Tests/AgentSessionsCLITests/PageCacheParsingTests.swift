import AgentSessionsSQLite
import AgentSessionsTesting
import ArgumentParser
import Foundation
import Testing

@testable import AgentSessionsCLI

/// `serve --page-cache-mib`, `AGENT_SESSIONS_PAGE_CACHE_MIB` and the file key `page-cache-mib`,
/// without running anything.
struct PageCacheParsingTests {
    private func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeOptions {
        try await OffPoolParsing.serveOptions(arguments, environment: environment)
    }

    @Test func serveTakesTheSizeFromTheFlagTheEnvironmentOrTheFile() async throws {
        #expect(try await serve([]).pageCacheBytes() == SQLiteSessionStore.Configuration.Options.defaultPageCacheBytes)
        #expect(try await serve(["--page-cache-mib", "64"]).pageCacheBytes() == 64 << 20)
        let environment = ["AGENT_SESSIONS_PAGE_CACHE_MIB": "128"]
        #expect(try await serve([], environment: environment).pageCacheBytes() == 128 << 20)
        #expect(try await serve(["--page-cache-mib", "8"], environment: environment).pageCacheBytes() == 8 << 20)
        try await TemporaryDirectory.with { folder in
            let path = folder + "/config.yaml"
            try "page-cache-mib: 32\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try await serve(["--config", path]).pageCacheBytes() == 32 << 20)
        }
        #expect(ServeSetting.pageCacheMiB.environmentVariable == "AGENT_SESSIONS_PAGE_CACHE_MIB")
    }

    @Test func serveRefusesASizeOutsideItsRangeNamingWhereItCameFrom() async throws {
        for bad in ["0", "-1", String(Int.max), String(Int(Int32.max) / 1024 + 1)] {
            do {
                try await serve(["--page-cache-mib=\(bad)"]).check()
                Issue.record("--page-cache-mib \(bad) was accepted")
            } catch let error as ValidationError {
                #expect(error.message.hasPrefix("--page-cache-mib must be from 1 to"), "\(error.message)")
                #expect(error.message.hasSuffix("not \(bad)"), "\(error.message)")
            }
        }
        try await TemporaryDirectory.with { folder in
            let path = folder + "/config.yaml"
            try "page-cache-mib: 0\n".write(toFile: path, atomically: true, encoding: .utf8)
            do {
                try await serve(["--config", path]).check()
                Issue.record("page-cache-mib: 0 was accepted")
            } catch let error as ValidationError {
                #expect(error.message.hasPrefix("\(path): page-cache-mib must be"), "\(error.message)")
            }
        }
    }
}
