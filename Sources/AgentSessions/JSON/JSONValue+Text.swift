extension JSONValue {
    /// Parses JSON text strictly, keeping number types.
    /// - Parameters:
    ///   - text: The JSON text.
    ///   - field: The input field name reported if the text is not valid.
    /// - Throws: ``SessionStoreError`` (invalid argument) with the byte offset and the reason.
    public init(parsing text: String, field: String = "json") throws(SessionStoreError) {
        do {
            self = try JSONParser.parse(text)
        } catch {
            throw .invalid(field, "\(field) is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
    }

    /// Compact JSON text with keys sorted, so equal values give equal text.
    public var jsonText: String {
        var output = ""
        write(to: &output, pretty: false, indent: 0)
        return output
    }

    /// Indented JSON text with keys sorted, for people.
    public var prettyJSONText: String {
        var output = ""
        write(to: &output, pretty: true, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += Self.format(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (offset, value) in values.enumerated() {
                if offset > 0 { output += "," }
                if pretty { Self.newline(&output, indent + 1) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output += "]"
        case .object(let object):
            if object.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (offset, key) in object.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                if pretty { Self.newline(&output, indent + 1) }
                Self.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                object[key]!.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&output, indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int) {
        output += "\n" + String(repeating: "  ", count: indent)
    }

    private static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        var text = value.description
        if text.hasSuffix(".0") == false, !text.contains("."), !text.contains("e") { text += ".0" }
        return text
    }

    /// Writes a JSON string literal with the escapes RFC 8259 requires.
    package static func writeString(_ value: String, to output: inout String) {
        output += "\""
        var needsEscape = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Parses the text of a JSON object.
    /// - Parameters:
    ///   - text: The JSON text; it must be an object.
    ///   - field: The input field name reported if the text is not a valid object.
    /// - Throws: ``SessionStoreError`` (invalid argument).
    public init(parsingObject text: String, field: String) throws(SessionStoreError) {
        guard case .object(let object) = try JSONValue(parsing: text, field: field) else {
            throw .invalid(field, "\(field) must be a JSON object ({…})")
        }
        self = object
    }

    /// Compact JSON text with keys sorted.
    public var jsonText: String { JSONValue.object(self).jsonText }
}
