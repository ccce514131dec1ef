import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the benchmark ran on: the report's header.
struct MachineInfo: Sendable {
    /// When the run started, in UTC.
    var date: String
    /// Online processors.
    var processorCount: Int
    /// The CPU model from `/proc/cpuinfo`.
    var cpuModel: String
    /// Physical memory in bytes.
    var memoryBytes: UInt64
    /// The SQLite library loaded in this process (the one the SQLite store uses).
    var sqliteVersion: String

    /// Describes this machine now.
    static func current() -> MachineInfo {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return MachineInfo(
            date: formatter.string(from: Date()),
            processorCount: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: cpuModel(),
            memoryBytes: ProcessInfo.processInfo.physicalMemory,
            sqliteVersion: loadedSQLiteVersion()
        )
    }

    /// One line: `2 CPUs (AMD EPYC …), 7.8 GiB`.
    var summary: String {
        let gibibytes = Double(memoryBytes) / Double(1 << 30)
        return "\(processorCount) CPUs (\(cpuModel)), \((gibibytes * 10).rounded() / 10) GiB memory"
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    }

    /// `sqlite3_libversion()` of the SQLite library linked into this process, looked up at run
    /// time so that the benchmark needs no SQLite import of its own.
    private static func loadedSQLiteVersion() -> String {
        typealias Version = @convention(c) () -> UnsafePointer<CChar>?
        for library in [nil, "libsqlite3.so.0", "libsqlite3.dylib"] as [String?] {
            guard let handle = dlopen(library, RTLD_NOW), let symbol = dlsym(handle, "sqlite3_libversion") else {
                continue
            }
            if let version = unsafeBitCast(symbol, to: Version.self)() { return String(cString: version) }
        }
        return "unknown"
    }
}
