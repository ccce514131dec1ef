/// The OpenAPI 3.1 document of the HTTP API, served at `GET /openapi.yaml`.
///
/// The document is `Resources/openapi.yaml`, embedded in the binary when it is built (SwiftPM's
/// `embedInCode`), so a copied binary serves it with no resource bundle to find at run time. A
/// test compares it with the router's routes and calls every documented operation, so the two
/// cannot drift apart; Schemathesis checks every answer against it.
package enum OpenAPIDocument {
    /// The document before it is fitted to a server: it asks for an API key, and its chat
    /// agents are the placeholder `AGENT_NAMES`.
    package static let template = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The security requirement of a server with API keys: either scheme.
    static let keyedSecurity = "security:\n  - bearer: []\n  - apiKey: []\n"

    /// The document a server serves: in open mode no operation asks for a key, and only the
    /// paths the server routes are in it (a server without `ChatRoutes` has no chat).
    /// - Parameters:
    ///   - isOpen: Whether the server runs without API keys.
    ///   - routedPaths: The paths of the server's routes, as the document writes them
    ///     (`/v1/sessions/{id}`).
    package static func yaml(isOpen: Bool, routedPaths: Set<String>) -> String {
        var document = template
        if isOpen {
            document = document.replacing(keyedSecurity, with: "security: []\n")
        }
        return keeping(routedPaths, of: document)
    }

    /// The document with the placeholders no route collection filled (`AGENT_NAMES`, of the
    /// chat's agents) filled with nothing.
    package static func withoutPlaceholders(_ document: String) -> String {
        document.replacing("AGENT_NAMES", with: "''")
    }

    /// The document without the entries of `paths:` that are not in `routed`.
    static func keeping(_ routed: Set<String>, of document: String) -> String {
        var kept: [Substring] = []
        var inPaths = false
        var skipping = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first != " " {
                inPaths = line == "paths:"
                skipping = false
            } else if inPaths, line.hasPrefix("  /"), line.hasSuffix(":") {
                skipping = !routed.contains(String(line.dropFirst(2).dropLast()))
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}
