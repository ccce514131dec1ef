import AgentSessions

extension String {
    /// The text without its trailing newline.
    func trimmingSuffix() -> String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}

extension JSONValue {
    /// The array, if this value is one.
    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The number, if this value is a double.
    var doubleValue: Double? {
        if case .double(let value) = self { return value }
        return nil
    }
}
