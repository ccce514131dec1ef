import AgentSessions
import GRDBSQLite

/// A value bound to a parameter of a query run by ``ColumnReader``.
enum SQLArgument {
    case text(String)
    case integer(Int64)
    case blob([UInt8])
    case null

    /// The arguments `?1` app, `?2` id of a session's key.
    static func key(_ key: SessionKey) -> [SQLArgument] {
        [.text(key.app), .text(key.id.rawValue)]
    }

    /// A text, or `NULL` for `nil`.
    static func optionalText(_ text: String?) -> SQLArgument {
        text.map(SQLArgument.text) ?? .null
    }

    /// An integer, or `NULL` for `nil`.
    static func optionalInteger(_ value: Int64?) -> SQLArgument {
        value.map(SQLArgument.integer) ?? .null
    }

    /// Binds the value to parameter `index` (from 1); SQLite copies texts and blobs.
    /// - Returns: SQLite's result code.
    func bind(to statement: OpaquePointer, at index: CInt) -> CInt {
        switch self {
        case .text(let text):
            var text = text
            return text.withUTF8 { bytes in
                sqlite3_bind_text(statement, index, bytes.baseAddress, CInt(bytes.count), Self.transient)
            }
        case .integer(let value):
            return sqlite3_bind_int64(statement, index, value)
        case .blob(let bytes):
            return bytes.withUnsafeBytes { bytes in
                sqlite3_bind_blob(statement, index, bytes.baseAddress, CInt(bytes.count), Self.transient)
            }
        case .null:
            return sqlite3_bind_null(statement, index)
        }
    }

    /// `SQLITE_TRANSIENT`, which the C headers define as a macro Swift does not import: SQLite
    /// copies the bytes before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
