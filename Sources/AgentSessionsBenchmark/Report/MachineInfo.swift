import AgentSessionsSQLite
import Foundation

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
            sqliteVersion: SQLiteSessionStore.sqliteVersion
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
}
