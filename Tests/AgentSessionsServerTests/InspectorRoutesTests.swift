import AgentSessions
import AgentSessionsServer
import Foundation
import HTTPTypes
import Testing

/// The inspector's page and files: served outside `/v1` without a key, with a policy that lets
/// no inline script or other origin run, cached by entity tag, and gone with `.off`.
@Suite struct InspectorRoutesTests {
    /// The directory of the inspector's sources.
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources/AgentSessionsServer/Resources/Inspector")

    @Test func thePageAndItsFilesAreServedWithTheirPolicyAndType() async throws {
        let keys = try APIKeyRing(parsing: "ops=sk-ops-0123456789abcdef0123456789", source: "test")
        try await TestAPI(configuration: ServerConfiguration(apiKeys: keys)).test { api in
            let page = try await api.send(.get, "/")
            #expect(page.status == .ok, "the page needs no key: it asks for one")
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self';"))
            #expect(policy.contains("default-src 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            let source = try Data(contentsOf: Self.sources.appending(path: "index.html"))
            #expect(page.text == String(decoding: source, as: UTF8.self))

            let script = try await api.send(.get, "/inspector/app.js")
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.contentSecurityPolicy] == policy)
            let styles = try await api.send(.get, "/inspector/inspector.css")
            #expect(styles.headers[.contentType] == "text/css; charset=utf-8")

            let api401 = try await api.send(.get, "/v1/sessions")
            #expect(api401.status == .unauthorized, "the API still needs its key")
        }
    }

    @Test func anUnknownFileIs404AndNoPathLeavesTheTable() async throws {
        try await TestAPI().test { api in
            for uri in ["/inspector/nope.js", "/inspector/..%2FPackage.swift", "/inspector/%2E%2E", "/inspector/"] {
                let answer = try await api.send(.get, uri)
                #expect(answer.status == .notFound, "\(uri)")
            }
            let unknown = try await api.send(.get, "/inspector/nope.js")
            #expect(unknown.errorCode == "not_found")
            #expect(unknown.object["error"]?.objectValue?["message"]?.stringValue?.contains("nope.js") == true)
        }
    }

    @Test func aCurrentCopyIsAnswered304() async throws {
        try await TestAPI().test { api in
            let first = try await api.send(.get, "/inspector/app.js")
            let tag = try #require(first.headers[.eTag])
            let again = try await api.send(.get, "/inspector/app.js", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.text.isEmpty)
            let stale = try await api.send(.get, "/inspector/app.js", headers: [.ifNoneMatch: "\"0\""])
            #expect(stale.status == .ok)
        }
    }

    @Test func offLeavesNoPageAndNoDocumentedPath() async throws {
        try await TestAPI(configuration: ServerConfiguration(inspector: .off)).test { api in
            #expect(try await api.send(.get, "/").status == .notFound)
            #expect(try await api.send(.get, "/inspector/app.js").status == .notFound)
            let document = try await api.send(.get, "/openapi.yaml").text
            #expect(!document.contains("\n  /:\n"))
            #expect(!document.contains("/inspector/{file}"))
        }
        try await TestAPI().test { api in
            let document = try await api.send(.get, "/openapi.yaml").text
            #expect(document.contains("\n  /:\n"))
            #expect(document.contains("/inspector/{file}"))
        }
    }

    @Test func aDirectoryIsReadAtEachRequestForTheTablesNamesOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "inspector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("first".utf8).write(to: directory.appending(path: "app.js"))
        try Data("secret".utf8).write(to: directory.appending(path: "other.js"))
        try await TestAPI(configuration: ServerConfiguration(inspector: .directory(directory.path))).test { api in
            #expect(try await api.send(.get, "/inspector/app.js").text == "first")
            try Data("second".utf8).write(to: directory.appending(path: "app.js"))
            #expect(try await api.send(.get, "/inspector/app.js").text == "second")
            #expect(try await api.send(.get, "/inspector/other.js").status == .notFound)
            let missing = try await api.send(.get, "/inspector/dom.js")
            #expect(missing.status == .notFound)
            #expect(missing.object["error"]?.objectValue?["message"]?.stringValue?.contains(directory.path) == true)
        }
    }

    @Test func theTableNamesEveryFileOfTheSourcesAndNoOther() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
            .filter { !$0.hasPrefix(".") }
        #expect(Set(files) == Set(InspectorAssets.builtIn.keys))
        for (name, asset) in InspectorAssets.builtIn {
            #expect(asset.bytes == [UInt8](try Data(contentsOf: Self.sources.appending(path: name))), "\(name)")
        }
    }

    /// What would let session content become markup or code, and what the policy forbids
    /// anyway: none of it is in the scripts or the page.
    @Test func noScriptWritesMarkupOrRunsText() throws {
        let forbidden = [
            ".innerHTML =", ".outerHTML =", "insertAdjacentHTML(", "document.write(", "eval(", "new Function(",
            "setAttribute(\"style\"", ".style.", "javascript:",
        ]
        for (name, asset) in InspectorAssets.builtIn where name.hasSuffix(".js") || name.hasSuffix(".html") {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            for pattern in forbidden {
                #expect(!text.contains(pattern), "\(name) holds \(pattern)")
            }
        }
        let page = String(decoding: try #require(InspectorAssets.builtIn["index.html"]).bytes, as: UTF8.self)
        #expect(!page.contains("<script>"), "no inline script")
        #expect(!page.contains("style="), "no inline style")
    }
}
