/// The OpenAPI 3.1 document of the HTTP API, served at `GET /openapi.yaml`.
///
/// It is kept as a Swift string so that it ships inside the binary on every platform (no
/// resource bundle to find at run time). A test compares it with the router's routes and calls
/// every documented operation, so the two cannot drift apart.
package enum OpenAPIDocument {
    /// The document, in YAML.
    package static let yaml = [sessionPaths, lifecyclePaths, chatPaths, components].joined(separator: "\n")
}
