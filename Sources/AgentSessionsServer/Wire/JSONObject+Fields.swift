package import AgentSessions

/// The fields of a request's JSON object, as the controllers (and the chat's, in
/// `AgentSessionsAgents`) read them.
package typealias RequestFields = JSONObject

// Typed reads of request fields; each failure is a 422 naming the field.
extension RequestFields {
    /// A string field, or `nil` when absent or `null`.
    package func string(_ key: String) throws(APIError) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw .invalid(key, "\(key) must be a string")
        }
    }

    /// A Boolean field, or `nil` when absent or `null`.
    func bool(_ key: String) throws(APIError) -> Bool? {
        switch self[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw .invalid(key, "\(key) must be true or false")
        }
    }

    /// An integer field, or `nil` when absent or `null`. As in JSON Schema, a number without a
    /// fraction is an integer however it is written (`209.0`, `2.09e2`), if it fits in 64 bits.
    func integer(_ key: String) throws(APIError) -> Int64? {
        switch self[key] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        case .double(let value)? where value.rounded() == value && value >= -0x1p63 && value < 0x1p63:
            return Int64(value)
        default: throw .invalid(key, "\(key) must be an integer")
        }
    }

    /// An array of strings, or `nil` when absent or `null`.
    func strings(_ key: String) throws(APIError) -> [String]? {
        switch self[key] {
        case nil, .null?: return nil
        case .array(let values)?:
            let strings = values.compactMap(\.stringValue)
            if strings.count == values.count { return strings }
        default: break
        }
        throw .invalid(key, "\(key) must be an array of strings")
    }

    /// An object field, or `nil` when absent or `null`.
    func object(_ key: String) throws(APIError) -> JSONObject? {
        switch self[key] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        default: throw .invalid(key, "\(key) must be a JSON object")
        }
    }

    /// A session id field, or `nil` when absent or `null`.
    /// - Throws: ``SessionStoreError`` (422) for a malformed id, ``APIError`` for a non-string.
    func sessionID(_ key: String) throws -> SessionID? {
        guard let text = try string(key) else { return nil }
        do {
            return try SessionID(text)
        } catch {
            throw APIError.invalid(key, error.message)
        }
    }

    /// Refuses fields the route does not know, so that a typo is not silently ignored.
    package func requireOnly(_ keys: Set<String>) throws(APIError) {
        if let unknown = self.keys.sorted().first(where: { !keys.contains($0) }) {
            throw .invalid(
                unknown,
                "unknown field '\(unknown)'; known fields are \(keys.sorted().joined(separator: ", "))"
            )
        }
    }
}
