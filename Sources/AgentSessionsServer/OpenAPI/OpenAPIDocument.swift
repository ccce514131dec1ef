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

    /// The document a server serves: in open mode no operation asks for a key, and the chat's
    /// `agent` is one of the server's agents.
    /// - Parameters:
    ///   - isOpen: Whether the server runs without API keys.
    ///   - agents: The names of the agents `POST /v1/chat/{id}` knows.
    package static func yaml(isOpen: Bool, agents: [String]) -> String {
        var document = template
        if isOpen {
            document = document.replacing(keyedSecurity, with: "security: []\n")
        }
        let names = agents.map { "'" + $0.replacing("'", with: "''") + "'" }
        return document.replacing("AGENT_NAMES", with: names.joined(separator: ", "))
    }
}
