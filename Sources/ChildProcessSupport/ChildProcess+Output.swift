import Foundation

extension ChildProcess {
    /// Everything the child has written to its output file so far (``outputPath``); empty when
    /// its output goes elsewhere or the file cannot be read.
    public var output: String {
        guard let outputPath, let data = FileManager.default.contents(atPath: outputPath) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until the child's output file holds what `find` looks for, reading the file again
    /// every 10 milliseconds.
    /// - Parameters:
    ///   - limit: How long to wait. The child is not killed when the wait runs out.
    ///   - find: Returns what it looks for in all the output so far, or `nil` to wait on.
    /// - Returns: What `find` returned.
    /// - Throws: ``ChildProcessError`` when the child ends first or `limit` runs out, with the end
    ///   of its output; `CancellationError`.
    public func waitForOutput<Found>(
        within limit: Duration,
        _ find: (String) -> Found?
    ) async throws -> Found {
        let deadline = ContinuousClock.now + limit
        while true {
            // Read whether it ended before reading the output, so that output written just
            // before the end is still seen.
            let ended = !isRunning
            let text = output
            if let found = find(text) { return found }
            if ended {
                let status = try await waitForExit()
                throw ChildProcessError(
                    "`\(command)` exited with \(status) before it printed what was awaited: \(Self.tail(of: text))"
                )
            }
            guard ContinuousClock.now < deadline else {
                throw ChildProcessError(
                    "`\(command)` did not print what was awaited within \(limit): \(Self.tail(of: text))"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The last lines of `text`, for messages.
    static func tail(of text: String) -> String {
        text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }
}
