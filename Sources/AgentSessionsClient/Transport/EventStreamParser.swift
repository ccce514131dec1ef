import NIOCore

/// Reads a `text/event-stream` (the HTML standard's Server-Sent Events) from its bytes as they
/// come: each event once its blank line arrives; comment lines are skipped.
struct EventStreamParser {
    /// One event: its type, id and payload (the `data:` lines joined by line breaks).
    struct Event: Equatable {
        var name = "message"
        var id: String?
        var data = ""
    }

    private var line: [UInt8] = []
    private var event = Event()
    private var hasData = false

    /// The events the bytes complete.
    mutating func events(in buffer: ByteBuffer) -> [Event] {
        var events: [Event] = []
        for byte in buffer.readableBytesView {
            guard byte == UInt8(ascii: "\n") else {
                line.append(byte)
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.isEmpty {
                if hasData || event.id != nil || event.name != "message" { events.append(event) }
                event = Event()
                hasData = false
            } else {
                take(line)
            }
            line.removeAll(keepingCapacity: true)
        }
        return events
    }

    /// Takes one field line into the event being read.
    private mutating func take(_ line: [UInt8]) {
        guard line.first != UInt8(ascii: ":") else { return }  // a comment
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch String(decoding: line[..<colon], as: UTF8.self) {
        case "event": event.name = value
        case "id": event.id = value
        case "data":
            event.data += hasData ? "\n" + value : value
            hasData = true
        default: break
        }
    }
}
