/// Why an agents file was refused: where (the file and line) and what is wrong.
///
/// The server refuses to start with a wrong file, so that a typo never silently changes what an
/// agent does:
///
/// ```swift
/// do {
///     let catalog = try AgentCatalog(contentsOfFile: "agents.yaml")
/// } catch {
///     print(error)   // agents.yaml, line 7: agents.geo.model.temperature must be a number from 0 to 2, not 3
/// }
/// ```
public struct AgentsFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's name as given, or another name for text that did not come from a file.
    public var source: String
    /// The line the problem is on, from 1; `nil` when it concerns the whole file.
    public var line: Int?
    /// The column the problem starts at, from 1; `nil` when unknown.
    public var column: Int?
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - source: The file's name.
    ///   - line: The line, from 1, if known.
    ///   - column: The column, from 1, if known.
    ///   - message: What is wrong and how to fix it.
    public init(source: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// `source, line N: message`, or `source: message` without a line.
    public var description: String {
        guard let line else { return "\(source): \(message)" }
        return "\(source), line \(line): \(message)"
    }
}
