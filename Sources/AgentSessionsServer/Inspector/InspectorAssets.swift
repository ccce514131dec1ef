import Crypto

/// The files of the inspector, the web page `serve` answers at `/`: its HTML, CSS, JavaScript
/// modules and icon, embedded in the binary when it is built (SwiftPM's `embedInCode`), so a
/// copied binary serves them with no resource bundle to find at run time.
///
/// Their sources are `Resources/Inspector/`; a test checks that this table names every file
/// there and nothing else.
package enum InspectorAssets {
    /// One file of the inspector: its bytes and media type.
    package struct Asset: Sendable {
        /// The file's bytes.
        package let bytes: [UInt8]
        /// The `Content-Type` it is served with.
        package let contentType: String
        /// A strong entity tag of the bytes, for `If-None-Match`.
        package let entityTag: String

        init(_ bytes: [UInt8], name: String) {
            self.bytes = bytes
            self.contentType = InspectorAssets.contentType(ofFileNamed: name)
            let digest = SHA256.hash(data: bytes).prefix(12).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }
            self.entityTag = "\"" + digest.joined() + "\""
        }
    }

    /// The page itself, served at `/` and at `/inspector/index.html`.
    package static let indexName = "index.html"

    /// The built-in files by name, as the page asks for them (`/inspector/<name>`).
    package static let builtIn: [String: Asset] = {
        let files: [(String, [UInt8])] = [
            ("index.html", PackageResources.index_html),
            ("inspector.css", PackageResources.inspector_css),
            ("app.js", PackageResources.app_js),
            ("api.js", PackageResources.api_js),
            ("event-stream.js", PackageResources.event_stream_js),
            ("dom.js", PackageResources.dom_js),
            ("format.js", PackageResources.format_js),
            ("sessions-page.js", PackageResources.sessions_page_js),
            ("session-page.js", PackageResources.session_page_js),
            ("conversation.js", PackageResources.conversation_js),
            ("overview-page.js", PackageResources.overview_page_js),
            ("charts.js", PackageResources.charts_js),
            ("confirm-dialog.js", PackageResources.confirm_dialog_js),
            ("favicon.svg", PackageResources.favicon_svg),
        ]
        return Dictionary(uniqueKeysWithValues: files.map { ($0.0, Asset($0.1, name: $0.0)) })
    }()

    /// The media type of a file of the inspector, by its extension.
    static func contentType(ofFileNamed name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
