import AgentSessions

/// The JSON object a hook reads on standard input, with typed accessors that name the bad field.
struct HookInput {
    /// The object as given.
    var object: JSONObject

    /// Parses the text of one JSON object.
    /// - Throws: ``CommandFailure`` (invalid input) for empty input, malformed JSON or a value
    ///   that is not an object.
    init(parsing text: String) throws {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw CommandFailure.invalidInput("standard input is empty; the hook expects one JSON object")
        }
        do {
            guard case .object(let object) = try JSONValue(parsing: text, field: "input") else {
                throw CommandFailure.invalidInput("the hook expects one JSON object ({…}) on standard input")
            }
            self.object = object
        } catch let error as SessionStoreError {
            throw CommandFailure.invalidInput(error.message)
        }
    }

    /// A string field that must be present and not empty.
    /// - Throws: ``CommandFailure`` (invalid input).
    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw CommandFailure.invalidInput("\(key) is missing; give it as a non-empty string")
        }
        return value
    }

    /// A string field, or `nil` when it is absent or `null`.
    /// - Throws: ``CommandFailure`` (invalid input) for a value of another type.
    func string(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw CommandFailure.invalidInput("\(key) must be a string")
        }
    }

    /// An integer field, or `nil` when it is absent or `null`.
    /// - Throws: ``CommandFailure`` (invalid input) for a value of another type.
    func integer(_ key: String) throws -> Int64? {
        switch object[key] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        default: throw CommandFailure.invalidInput("\(key) must be an integer")
        }
    }

    /// An object field, empty when it is absent or `null`.
    /// - Throws: ``CommandFailure`` (invalid input) for a value of another type.
    func object(_ key: String) throws -> JSONObject {
        switch object[key] {
        case nil, .null?: return [:]
        case .object(let value)?: return value
        default: throw CommandFailure.invalidInput("\(key) must be a JSON object")
        }
    }

    /// The session id in a field, or `nil` when it is absent, `null` or empty.
    /// - Throws: ``CommandFailure`` (invalid input) for a value that is not a valid session id.
    func sessionID(_ key: String) throws -> SessionID? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        do {
            return try SessionID(text)
        } catch {
            throw CommandFailure.invalidInput("\(key): \(error.message)")
        }
    }
}
