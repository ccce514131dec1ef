package import AgentSessions
package import Logging

/// One log line as a JSON object, for ``StandardErrorLogHandler/Format/json``.
///
/// ```
/// {"time":"2026-12-06T04:14:01.123Z","level":"info","label":"agent-sessions","message":"request","source":"AgentSessionsServer","http.route":"/v1/sessions/{id}"}
/// ```
package enum JSONLogLine {
    /// The fields every line has; a metadata key with one of these names is written as
    /// `metadata.KEY`.
    static let fixedFields: Set<String> = ["time", "level", "label", "message", "source"]

    /// The line's text, without the newline.
    package static func text(
        time: Timestamp,
        level: Logger.Level,
        label: String,
        message: String,
        source: String,
        metadata: Logger.Metadata
    ) -> String {
        var fields: [(String, JSONValue)] = [
            ("time", .string(milliseconds(time.iso8601))),
            ("level", .string(level.rawValue)),
            ("label", .string(label)),
            ("message", .string(message)),
            ("source", .string(source)),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append((fixedFields.contains(key) ? "metadata." + key : key, json(value)))
        }
        var text = "{"
        for (offset, (key, value)) in fields.enumerated() {
            if offset > 0 { text += "," }
            JSONValue.writeString(key, to: &text)
            text += ":" + value.jsonText
        }
        return text + "}"
    }

    /// A metadata value as JSON: strings and string-convertibles as strings, dictionaries as
    /// objects, arrays as arrays.
    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .dictionary(let dictionary): .object(dictionary.mapValues(json))
        case .array(let array): .array(array.map(json))
        }
    }

    /// `2026-12-06T04:14:01.123456Z` cut to milliseconds: `2026-12-06T04:14:01.123Z`.
    static func milliseconds(_ iso8601: String) -> String {
        guard iso8601.hasSuffix("Z"), let dot = iso8601.lastIndex(of: "."),
            iso8601.distance(from: dot, to: iso8601.endIndex) == 8
        else { return iso8601 }
        return String(iso8601[...iso8601.index(dot, offsetBy: 3)]) + "Z"
    }
}
