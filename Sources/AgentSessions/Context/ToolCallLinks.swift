/// The tool calls an item makes and the tool results it carries, by call id, in the item shapes
/// of the common agent SDKs:
///
/// - OpenAI Responses: `{"type": "function_call", "call_id": …}` and
///   `{"type": "function_call_output", "call_id": …}` (any `…_call` and `…_call_output` type);
/// - OpenAI Chat Completions: an assistant message's `tool_calls[].id` and
///   `{"role": "tool", "tool_call_id": …}`;
/// - Anthropic Messages: `content[]` blocks `{"type": "tool_use", "id": …}` and
///   `{"type": "tool_result", "tool_use_id": …}`;
/// - Google Gemini and ADK: `parts[]` (or `content.parts[]`) with `function_call.id` and
///   `function_response.id` (or `functionCall`, `functionResponse`);
/// - Amazon Bedrock Converse and Strands: `content[]` blocks `{"toolUse": {"toolUseId": …}}` and
///   `{"toolResult": {"toolUseId": …}}`.
///
/// Compactions use it so that no call is separated from its result; the model's view uses it
/// to elide results and to drop a call with its results.
public struct ToolCallLinks: Hashable, Sendable {
    /// The ids of the calls the item makes.
    public var calls: [String] = []
    /// The ids of the calls whose results the item carries.
    public var results: [String] = []

    /// Whether the item makes no call and carries no result.
    public var isEmpty: Bool { calls.isEmpty && results.isEmpty }

    /// Reads the links of an item's JSON object.
    public init(_ item: JSONObject) {
        if let type = item["type"]?.stringValue, let id = item["call_id"]?.stringValue {
            if type.hasSuffix("_call_output") {
                results.append(id)
            } else if type.hasSuffix("_call") {
                calls.append(id)
            }
        }
        for call in item["tool_calls"]?.arrayValue ?? [] {
            if let id = call.objectValue?["id"]?.stringValue { calls.append(id) }
        }
        if item["role"]?.stringValue == "tool", let id = item["tool_call_id"]?.stringValue { results.append(id) }
        for block in item["content"]?.arrayValue ?? [] {
            guard let block = block.objectValue else { continue }
            switch block["type"]?.stringValue {
            case "tool_use": if let id = block["id"]?.stringValue { calls.append(id) }
            case "tool_result": if let id = block["tool_use_id"]?.stringValue { results.append(id) }
            default: break
            }
            if let id = block["toolUse"]?.objectValue?["toolUseId"]?.stringValue { calls.append(id) }
            if let id = block["toolResult"]?.objectValue?["toolUseId"]?.stringValue { results.append(id) }
        }
        let parts = item["parts"]?.arrayValue ?? item["content"]?.objectValue?["parts"]?.arrayValue ?? []
        for part in parts {
            guard let part = part.objectValue else { continue }
            if let id = (part["function_call"] ?? part["functionCall"])?.objectValue?["id"]?.stringValue {
                calls.append(id)
            }
            if let id = (part["function_response"] ?? part["functionResponse"])?.objectValue?["id"]?.stringValue {
                results.append(id)
            }
        }
    }

    /// Reads the links of an item's JSON text; an item that is not an object has none.
    public init(_ item: JSONDocument) {
        self.init((try? item.object()) ?? [:])
    }

    /// The text that stands for an elided tool result.
    public static let elisionText = "[tool result elided to fit the context window]"

    /// The item with its tool results' payloads replaced by ``elisionText``, keeping the shape
    /// and the call ids, so that the model still sees which call returned; `nil` when the item
    /// carries no result it knows how to elide.
    public static func elided(_ item: JSONObject) -> JSONObject? {
        var item = item
        var changed = false
        let placeholder = JSONValue.string(elisionText)
        if let type = item["type"]?.stringValue, type.hasSuffix("_call_output"), item["output"] != nil {
            item["output"] = placeholder
            changed = true
        }
        if item["role"]?.stringValue == "tool", item["tool_call_id"] != nil {
            item["content"] = placeholder
            changed = true
        }
        if var blocks = item["content"]?.arrayValue {
            for index in blocks.indices {
                guard var block = blocks[index].objectValue else { continue }
                if block["type"]?.stringValue == "tool_result" {
                    block["content"] = placeholder
                } else if var result = block["toolResult"]?.objectValue {
                    result["content"] = .array([.object(["text": placeholder])])
                    block["toolResult"] = .object(result)
                } else {
                    continue
                }
                blocks[index] = .object(block)
                changed = true
            }
            if changed { item["content"] = .array(blocks) }
        }
        func elideParts(_ parts: [JSONValue]) -> [JSONValue] {
            parts.map { part in
                guard var object = part.objectValue else { return part }
                for key in ["function_response", "functionResponse"] {
                    guard var response = object[key]?.objectValue else { continue }
                    response["response"] = .object(["result": placeholder])
                    object[key] = .object(response)
                    changed = true
                }
                return .object(object)
            }
        }
        if let parts = item["parts"]?.arrayValue {
            item["parts"] = .array(elideParts(parts))
        } else if var content = item["content"]?.objectValue, let parts = content["parts"]?.arrayValue {
            content["parts"] = .array(elideParts(parts))
            item["content"] = .object(content)
        }
        return changed ? item : nil
    }
}
