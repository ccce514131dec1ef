import AgentSessions
import Foundation

/// Where commands write: results to standard output, reasons to standard error.
enum Console {
    /// Writes a line to standard output.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a JSON value to standard output: indented for `--json`, compact on one line when
    /// `compact` is set (the hooks).
    static func write(_ value: JSONValue, compact: Bool = false) {
        write(compact ? value.jsonText : value.prettyJSONText)
    }

    /// Writes a line to standard error.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Reads standard input to its end as UTF-8 text.
    /// - Throws: ``CommandFailure`` (invalid input) if the bytes are not UTF-8.
    static func readStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.invalidInput("standard input is not UTF-8 text")
        }
        return text
    }
}
