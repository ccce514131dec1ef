import Hummingbird
import NIOCore

/// The elements of a JSON array answer, read from the store one page at a time.
///
/// Each call to ``next()`` reads one page and returns its elements as JSON texts joined by
/// commas, never an empty text; `nil` means there are no more.
protocol JSONElementPages: Sendable {
    /// Whether the last page was read: the next call of ``next()`` returns `nil` without reading.
    var isFinished: Bool { get }

    /// The next page's elements, joined by commas, or `nil` after the last one.
    /// - Throws: What the store throws.
    mutating func next() async throws -> String?
}

extension Response {
    /// A JSON answer `opening`, the elements of `pages` separated by commas, `closing` and a
    /// line break: the bytes ``json(text:status:headers:)`` would send for the whole text.
    ///
    /// The first page is read before the answer starts, so that a missing session or a store
    /// failure still gets its status. When it was the last page, the answer is sent whole
    /// (with a `Content-Length`); otherwise it is written page by page (chunked), so memory
    /// holds about one page whatever the number of elements. A store failure after the first
    /// page cuts the answer short: the connection closes without the final chunk, which a
    /// client sees as an incomplete answer, never as a complete shorter one.
    /// - Throws: What the first page's read throws.
    static func pagedJSON(opening: String, pages: some JSONElementPages, closing: String) async throws -> Response {
        var pages = pages
        var text = opening
        if let first = try await pages.next() { text += first }
        guard !pages.isFinished else { return .json(text: text + closing) }
        let head = text
        let rest = pages
        let body = ResponseBody { writer in
            var pages = rest
            try await writer.write(ByteBuffer(string: head))
            while let page = try await pages.next() {
                var buffer = ByteBuffer()
                buffer.reserveCapacity(page.utf8.count + 1)
                buffer.writeInteger(UInt8(ascii: ","))
                buffer.writeString(page)
                try await writer.write(buffer)
            }
            try await writer.write(ByteBuffer(string: closing + "\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }
}

/// How many elements the next page asks for: about ``targetBytes`` of JSON, judged by the
/// pages read so far, from 1 to ``maximumCount`` elements. Elements may be up to the body limit
/// each, so a fixed count would not bound a page's size.
struct PageSize: Sendable {
    /// The size of JSON a page aims at: 4 MiB.
    static let targetBytes = 4 << 20
    /// The most elements a page asks for: 1,000.
    static let maximumCount = 1_000
    /// The elements the first page asks for, before any size is known: 100.
    static let firstCount = 100

    private var elements = 0
    private var bytes = 0

    /// The count the next page asks for.
    var next: Int {
        guard elements > 0, bytes > 0 else { return Self.firstCount }
        let average = max(1, bytes / elements)
        return min(Self.maximumCount, max(1, Self.targetBytes / average))
    }

    /// Records a page read.
    mutating func record(count: Int, bytes: Int) {
        elements += count
        self.bytes += bytes
    }
}
