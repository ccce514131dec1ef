#if canImport(Glibc)
    import Glibc
#endif

/// The process's own figures, read from `/proc` at each scrape in the names every Prometheus
/// client uses: CPU seconds, resident and virtual memory, open and most file descriptors, and
/// the start time. On systems without `/proc` there are none.
package struct ProcessMetrics: Equatable {
    // The metrics' names, as Prometheus' own clients name them.
    package static let cpuSeconds = "process_cpu_seconds_total"
    package static let residentMemory = "process_resident_memory_bytes"
    package static let virtualMemory = "process_virtual_memory_bytes"
    package static let openFiles = "process_open_fds"
    package static let maximumFiles = "process_max_fds"
    package static let startTime = "process_start_time_seconds"

    package var cpuSeconds: Double
    package var residentBytes: Int
    package var virtualBytes: Int
    package var openFiles: Int
    package var maximumFiles: Int
    package var startTime: Double

    /// The figures now, or `nil` where `/proc` cannot be read.
    static func current() -> ProcessMetrics? {
        #if canImport(Glibc)
            guard let stat = ProcFile.read("/proc/self/stat"), let system = ProcFile.read("/proc/stat"),
                let metrics = parse(
                    stat: stat,
                    systemStat: system,
                    ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))),
                    pageSize: sysconf(Int32(_SC_PAGESIZE))
                )
            else { return nil }
            var result = metrics
            result.openFiles = ProcFile.entries(in: "/proc/self/fd")
            var limit = rlimit()
            if getrlimit(fileLimitResource, &limit) == 0 {
                result.maximumFiles = Int(clamping: limit.rlim_cur)  // unlimited (all ones) reads as Int.max
            }
            return result
        #else
            return nil
        #endif
    }

    /// The figures of `/proc/self/stat` (after the command's name in parentheses, which may hold
    /// blanks: state is field 3, utime 14, stime 15, starttime 22, vsize 23, rss 24) and of the
    /// boot time (`btime`) of `/proc/stat`.
    package static func parse(stat: String, systemStat: String, ticksPerSecond: Double, pageSize: Int)
        -> ProcessMetrics?
    {
        guard ticksPerSecond > 0, let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        guard let user = field(14), let system = field(15), let start = field(22), let virtual = field(23),
            let resident = field(24),
            let bootLine = systemStat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let boot = Double(bootLine.dropFirst("btime ".count))
        else { return nil }
        return ProcessMetrics(
            cpuSeconds: (user + system) / ticksPerSecond,
            residentBytes: Int(resident) * pageSize,
            virtualBytes: Int(virtual),
            openFiles: 0,
            maximumFiles: 0,
            startTime: boot + start / ticksPerSecond
        )
    }

    /// The figures in Prometheus' text format, each with its help and type.
    var text: String {
        let rows: [(String, String, String)] = [
            (Self.cpuSeconds, "counter", "\(cpuSeconds)"),
            (Self.residentMemory, "gauge", "\(residentBytes)"),
            (Self.virtualMemory, "gauge", "\(virtualBytes)"),
            (Self.openFiles, "gauge", "\(openFiles)"),
            (Self.maximumFiles, "gauge", "\(maximumFiles)"),
            (Self.startTime, "gauge", "\(startTime)"),
        ]
        return rows.map { name, type, value in
            "# HELP \(name) \(MetricNames.descriptions[name] ?? "")\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }.joined()
    }
}

#if canImport(Glibc)
    /// `RLIMIT_NOFILE` as Glibc's `getrlimit` takes it.
    private let fileLimitResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)

    /// Reads the small files and directories of `/proc`, whose sizes read as zero.
    private enum ProcFile {
        /// The whole text of a file, or `nil` when it cannot be read.
        static func read(_ path: String) -> String? {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { return nil }
                if count == 0 { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The number of entries of a directory, without `.` and `..`, less the one that reading
        /// it opens.
        static func entries(in path: String) -> Int {
            guard let directory = opendir(path) else { return 0 }
            defer { closedir(directory) }
            var count = 0
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if name != [UInt8(ascii: ".")], name != [UInt8(ascii: "."), UInt8(ascii: ".")] { count += 1 }
            }
            return max(0, count - 1)
        }
    }
#endif
