public import AgentSessions
import Foundation
public import PostgresNIO

/// Where a PostgreSQL server is and how to log in, read from a URL such as
/// `postgres://agent@db.internal:5432/sessions?schema=support&sslmode=require`.
///
/// The URL's parts: the user (required), an optional password (better given apart, see
/// ``password``), the host (required), the port (default 5432), the database (default: the
/// user's name), and the query items `schema` (the store's schema, see
/// ``PostgresSessionStore/Configuration/schema``) and `sslmode`: `disable`, `prefer` (the
/// default: TLS when the server offers it, without checking its certificate, as libpq does),
/// `require` (TLS, certificate not checked) or `verify-full` (TLS with the certificate and host
/// name checked).
///
/// ``description`` never shows the password.
///
/// ```swift
/// let endpoint = try PostgresEndpoint(url: "postgres://agent@127.0.0.1:5432/sessions")
/// let client = PostgresClient(configuration: endpoint.clientConfiguration())
/// ```
public struct PostgresEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking the certificate.
        case prefer
        /// TLS always, without checking the certificate.
        case require
        /// TLS always, with the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port. Defaults to 5432.
    public var port: Int
    /// The user to log in as.
    public var username: String
    /// The password, if the server asks for one. Never shown by ``description``.
    public var password: String?
    /// The database. Defaults to the user's name, as in libpq.
    public var database: String
    /// The store's schema, if the URL names one.
    public var schema: String?
    /// How the connection is encrypted. Defaults to ``TLSMode/prefer``.
    public var tlsMode: TLSMode

    /// Whether a text looks like a PostgreSQL URL (`postgres://` or `postgresql://`).
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads an endpoint from a URL.
    /// - Throws: `SessionStoreError` (invalid argument) naming what is wrong with the URL;
    ///   the message never repeats the password.
    public init(url text: String) throws(SessionStoreError) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw Self.invalid("it is not of the form postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Self.invalid("it names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Self.invalid("it names no host (postgres://USER@HOST:PORT/DATABASE)")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var schema: String?
        var tlsMode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                schema = item.value
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw Self.invalid("sslmode must be disable, prefer, require or verify-full")
                }
                tlsMode = mode
            default:
                throw Self.invalid("the parameter '\(item.name)' is unknown (known: schema, sslmode)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = path.isEmpty ? self.username : (path.removingPercentEncoding ?? path)
        self.schema = schema
        self.tlsMode = tlsMode
    }

    /// The endpoint as a URL without its password.
    public var description: String {
        var query: [String] = []
        if let schema { query.append("schema=\(schema)") }
        if tlsMode != .prefer { query.append("sslmode=\(tlsMode.rawValue)") }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(username)@\(host):\(port)/\(database)"
            + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// The configuration of a `PostgresClient` for this endpoint.
    /// - Parameter maximumConnections: The most connections the client's pool opens. Defaults to 20.
    /// - Returns: The configuration, with the endpoint's TLS mode.
    public func clientConfiguration(maximumConnections: Int = 20) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The configuration of a single `PostgresConnection` to this endpoint.
    /// - Throws: `NIOSSLError` if the TLS context cannot be made.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if let settings = tlsSettings {
            let context = try NIOSSLContext(configuration: settings.configuration)
            tls = settings.isRequired ? .require(context) : .prefer(context)
        } else {
            tls = .disable
        }
        return PostgresConnection.Configuration(
            host: host,
            port: port,
            username: username,
            password: password,
            database: database,
            tls: tls
        )
    }

    /// TLS without a certificate check, as libpq's `prefer` and `require` modes.
    private static var uncheckedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// The TLS of the mode, and whether the server must speak it; `nil` without TLS. The one
    /// place the modes are told apart, for the pooled client and for single connections.
    private var tlsSettings: (configuration: TLSConfiguration, isRequired: Bool)? {
        switch tlsMode {
        case .disable: nil
        case .prefer: (Self.uncheckedTLS, false)
        case .require: (Self.uncheckedTLS, true)
        case .verifyFull: (.makeClientConfiguration(), true)
        }
    }

    /// The pooled client's TLS.
    private var tls: PostgresClient.Configuration.TLS {
        guard let settings = tlsSettings else { return .disable }
        return settings.isRequired ? .require(settings.configuration) : .prefer(settings.configuration)
    }

    private static func invalid(_ reason: String) -> SessionStoreError {
        SessionStoreError(.invalidArgument, "the PostgreSQL URL is not usable: \(reason)", field: "store")
    }
}
