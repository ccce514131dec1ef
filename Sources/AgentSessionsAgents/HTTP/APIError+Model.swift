import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Logging

extension APIError {
    /// The answer for a model that gave no reply: 504 when it timed out, 502 otherwise. The
    /// provider's own detail (which may name its URL) is only logged.
    static func model(_ error: ModelProviderError, logger: Logger) -> APIError {
        logger.info("Model failure", metadata: [LogKeys.error: "\(error.debugDescription)"])
        let status: HTTPResponse.Status = error.code == .timeout ? .gatewayTimeout : .badGateway
        return APIError(status, code: error.code.rawValue, error.message)
    }
}
