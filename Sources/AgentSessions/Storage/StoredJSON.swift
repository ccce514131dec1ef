/// The JSON text columns of the SQL stores: state and metadata (objects) and the phase history (an array).
///
/// Reads skip the parser for the empty forms `{}` and `[]`, which most rows hold.
package enum StoredJSON {
    /// The text of an empty object.
    package static let emptyObject = "{}"
    /// The text of an empty array.
    package static let emptyArray = "[]"

    /// Parses a stored object.
    /// - Throws: ``SessionStoreError`` (corrupted) if the text is not a JSON object.
    package static func object(_ text: String, column: String, of id: String) throws(SessionStoreError) -> JSONObject {
        if text == emptyObject { return [:] }
        do {
            return try JSONObject(parsingObject: text, field: column)
        } catch {
            throw corrupted(column, of: id, error.message)
        }
    }

    /// The text to store for an object.
    package static func text(_ object: JSONObject) -> String {
        object.isEmpty ? emptyObject : object.jsonText
    }

    /// Parses a stored phase history: `[{"at": micros, "from": phase, "to": phase}, …]`.
    /// - Throws: ``SessionStoreError`` (corrupted) if the text is not such an array.
    package static func history(_ text: String, of id: String) throws(SessionStoreError) -> [PhaseTransition] {
        if text == emptyArray { return [] }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, field: "phase_history")
        } catch {
            throw corrupted("phase_history", of: id, error.message)
        }
        guard case .array(let entries) = value else {
            throw corrupted("phase_history", of: id, "it is not an array")
        }
        var history: [PhaseTransition] = []
        history.reserveCapacity(entries.count)
        for entry in entries {
            guard let object = entry.objectValue, let from = object["from"]?.stringValue,
                let to = object["to"]?.stringValue, let at = object["at"]?.intValue
            else { throw corrupted("phase_history", of: id, "an entry lacks from, to or at") }
            history.append(PhaseTransition(from: Phase(from), to: Phase(to), at: Timestamp(microsecondsSinceEpoch: at)))
        }
        return history
    }

    /// The text to store for a phase history.
    package static func text(_ history: [PhaseTransition]) -> String {
        if history.isEmpty { return emptyArray }
        let entries = history.map { transition -> JSONValue in
            .object([
                "from": .string(transition.from.rawValue),
                "to": .string(transition.to.rawValue),
                "at": .int(transition.at.microsecondsSinceEpoch),
            ])
        }
        return JSONValue.array(entries).jsonText
    }

    /// The error for a stored value that no longer parses.
    package static func corrupted(_ column: String, of id: String, _ reason: String) -> SessionStoreError {
        SessionStoreError(
            .corrupted,
            "the stored \(column) of session '\(id)' cannot be read back (\(reason)); restore the database from a backup"
        )
    }
}
