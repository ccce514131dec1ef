import AgentSessions
public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes log lines to standard error: as text in the format of swift-log's `StreamLogHandler`
/// (`2026-11-21T10:54:00+0000 info agent-sessions: key=value [Source] message`), or as one JSON
/// object a line for log shippers (``Format/json``). Metadata is turned into text only when a
/// line is written.
///
/// `StreamLogHandler` formats its metadata every time metadata is set. The server sets the
/// request id on every request's logger, so under load that formatting cost more than the rest
/// of the logging, although nothing below the log level is ever written.
///
/// ```swift
/// let logger = Logger(label: "agent-sessions") { StandardErrorLogHandler(label: $0) }
/// ```
public struct StandardErrorLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// `2026-11-21T10:54:00+0000 info agent-sessions: key=value [Source] message`.
        case text
        /// One JSON object a line: `time` (UTC, milliseconds), `level`, `label`, `message`,
        /// `source`, and each metadata key as a field of its own (a key that is one of these
        /// names is written as `metadata.KEY`).
        case json
    }

    /// The logger's label, shown on each line.
    public let label: String
    /// How lines are written.
    public let format: Format
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler for a logger's label, with the global metadata provider.
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - format: How lines are written. Defaults to text.
    ///   - metadataProvider: Metadata added to every line. Defaults to the global provider.
    public init(
        label: String,
        format: Format = .text,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) {
        self.label = label
        self.format = format
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        switch format {
        case .text:
            let shownMetadata =
                merged.isEmpty
                ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
            let line =
                "\(Self.timestamp()) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(shownMetadata) "
                + "[\(event.source)] \(event.message)\n"
            Self.writeToStandardError(line)
        case .json:
            Self.writeToStandardError(
                JSONLogLine.text(
                    time: SystemWallClock().now(),
                    level: event.level,
                    label: label,
                    message: "\(event.message)",
                    source: event.source,
                    metadata: merged
                ) + "\n"
            )
        }
    }

    /// Local time, to the second, with the zone offset: `2026-11-21T10:54:00+0000`.
    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One `write(2)` per line, so that lines of concurrent loggers never interleave.
    private static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
