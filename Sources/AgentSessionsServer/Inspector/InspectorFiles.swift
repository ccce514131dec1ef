/// Whether `serve` answers `/` with the inspector, the web page that shows an app's sessions
/// live, and where its files come from.
public enum InspectorFiles: Hashable, Sendable {
    /// No inspector: `/` is 404, as any path no route serves.
    case off
    /// The files built into the binary. The default.
    case builtIn
    /// The files of this directory, read again at each request, for working on the inspector
    /// without a build: the same names as the built-in ones (`index.html`, `app.js`, …), no
    /// others.
    case directory(String)
}
