import GRDBSQLite

/// A type ``ColumnReader`` reads from a column: text, an integer or bytes.
protocol ColumnValue {
    /// The column's value, or `nil` if it is `NULL`.
    init?(sqliteValue value: OpaquePointer?)
}

extension String: ColumnValue {
    /// Reads the UTF-8 bytes with their length, without scanning for the terminating zero.
    init?(sqliteValue value: OpaquePointer?) {
        guard let text = sqlite3_value_text(value) else { return nil }
        self.init(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))), as: UTF8.self)
    }
}

extension Int64: ColumnValue {
    init?(sqliteValue value: OpaquePointer?) {
        guard sqlite3_value_type(value) != SQLITE_NULL else { return nil }
        self = sqlite3_value_int64(value)
    }
}

extension Int: ColumnValue {
    init?(sqliteValue value: OpaquePointer?) {
        guard let value = Int64(sqliteValue: value) else { return nil }
        self = Int(value)
    }
}

extension [UInt8]: ColumnValue {
    /// Reads a blob's bytes (an empty blob may have no address: no bytes).
    init?(sqliteValue value: OpaquePointer?) {
        guard sqlite3_value_type(value) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_value_bytes(value))
        guard count > 0, let bytes = sqlite3_value_blob(value) else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
