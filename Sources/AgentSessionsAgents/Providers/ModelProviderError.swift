/// Why a model gave no reply.
///
/// ``description`` never contains the API key or the conversation; ``detail`` (shown only by
/// ``debugDescription``) may contain the provider's own error text.
public struct ModelProviderError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public enum Code: String, Hashable, Sendable {
        /// The provider answered with an HTTP error status.
        case httpStatus = "model_http_error"
        /// The provider did not answer in time.
        case timeout = "model_timeout"
        /// The provider could not be reached.
        case unreachable = "model_unreachable"
        /// The provider answered something that is not a chat completion.
        case malformedAnswer = "model_malformed_answer"
        /// The agent's settings cannot be used, such as a base URL that is not a URL.
        case misconfigured = "model_misconfigured"
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, for which model, and what to do about it.
    public var message: String
    /// The provider's HTTP status, for ``Code/httpStatus``.
    public var status: Int?
    /// More detail from the provider, for logs only.
    public var detail: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public var debugDescription: String {
        var text = "ModelProviderError(\(code.rawValue)): \(message)"
        if let status { text += " [status \(status)]" }
        if let detail { text += " (detail: \(detail))" }
        return text
    }

    /// Two errors are equal when their codes are equal.
    public static func == (lhs: ModelProviderError, rhs: ModelProviderError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
