import Yams

/// Typed reads of the agents file's YAML nodes. Every failure names the line, the key path
/// (such as `agents.geo.model.temperature`) and what is expected.
struct AgentsFileReader {
    /// The file's name, for messages.
    let source: String

    /// An error about a node (its line), or about the whole file.
    func error(_ message: String, at node: Node?) -> AgentsFileError {
        AgentsFileError(source: source, line: node?.mark?.line, column: node?.mark?.column, message)
    }

    /// The entries of a mapping in file order; refuses other nodes and unknown keys.
    func entries(
        _ node: Node,
        path: String,
        allowed: Set<String>? = nil
    ) throws(AgentsFileError) -> [(key: String, value: Node, line: Node)] {
        guard let mapping = node.mapping else {
            throw error("\(path) must be a mapping of keys to values", at: node)
        }
        var result: [(key: String, value: Node, line: Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw error("\(path) has a key that is not plain text", at: keyNode)
            }
            guard seen.insert(key).inserted else {
                throw error("the key '\(key)' appears twice in \(path)", at: keyNode)
            }
            if let allowed, !allowed.contains(key) {
                throw error(
                    "unknown key '\(key)' in \(path); known keys are \(allowed.sorted().joined(separator: ", "))",
                    at: keyNode
                )
            }
            result.append((key, value, keyNode))
        }
        return result
    }

    /// Whether a node is YAML's `null` (`null`, `~` or nothing).
    func isNull(_ node: Node) -> Bool { node.scalar != nil && node.null != nil }

    /// A text value, or `nil` for `null`.
    func string(_ node: Node, path: String) throws(AgentsFileError) -> String? {
        if isNull(node) { return nil }
        guard let scalar = node.scalar else { throw error("\(path) must be text", at: node) }
        return scalar.string
    }

    /// A number, or `nil` for `null`.
    func number(_ node: Node, path: String) throws(AgentsFileError) -> Double? {
        if isNull(node) { return nil }
        guard node.scalar != nil, let value = node.int.map(Double.init) ?? node.float, value.isFinite else {
            throw error("\(path) must be a number, not '\(node.scalar?.string ?? "a collection")'", at: node)
        }
        return value
    }

    /// A whole number, or `nil` for `null`.
    func integer(_ node: Node, path: String) throws(AgentsFileError) -> Int? {
        if isNull(node) { return nil }
        guard node.scalar != nil, let value = node.int else {
            throw error("\(path) must be a whole number, not '\(node.scalar?.string ?? "a collection")'", at: node)
        }
        return value
    }

    /// `true` or `false`, or `nil` for `null`.
    func bool(_ node: Node, path: String) throws(AgentsFileError) -> Bool? {
        if isNull(node) { return nil }
        guard node.scalar != nil, let value = node.bool else {
            throw error("\(path) must be true or false, not '\(node.scalar?.string ?? "a collection")'", at: node)
        }
        return value
    }

    /// One of a fixed set of words, or `nil` for `null`.
    func choice<Value: RawRepresentable & CaseIterable>(
        _ node: Node,
        path: String,
        as type: Value.Type
    ) throws(AgentsFileError) -> Value? where Value.RawValue == String {
        guard let text = try string(node, path: path) else { return nil }
        guard let value = Value(rawValue: text) else {
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("\(path) must be one of \(known), not '\(text)'", at: node)
        }
        return value
    }
}
