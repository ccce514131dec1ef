import AgentSessions

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls the store makes, on paths relative to its directory.
///
/// Every write of a file goes to a temporary file in the same folder, is flushed to disk
/// (when ``syncs`` is on) and renamed over the target, so a crash leaves the old file or the
/// new one, never half of one. Reads refuse symbolic links, as Strands' own reader does.
struct FileSystem: Sendable {
    /// The store's directory, absolute or relative to the working directory.
    let root: String
    /// Whether writes are flushed to disk with `fsync` before they count as done.
    let syncs: Bool

    func absolute(_ path: String) -> String { path.isEmpty ? root : root + "/" + path }

    private func fail(_ operation: String, _ path: String) -> FileSystemError {
        FileSystemError(operation: operation, path: path, code: errno)
    }

    /// The bytes of a file, or `nil` if it does not exist.
    func read(_ path: String) throws(FileSystemError) -> [UInt8]? {
        let fd = open(absolute(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw fail("open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("fstat", path) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 4096)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("read", path)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Replaces (or creates) a file atomically: temporary file, `fsync`, `rename`, by the
    /// package's one rule (``ReplacingFileWriter``: a link's target is replaced, a device or
    /// FIFO written through). The folder itself is flushed by ``syncDirectory(_:)``, once per
    /// operation.
    /// - Parameter flushes: Whether to flush the file to disk; defaults to ``syncs``.
    func write(_ bytes: some Collection<UInt8>, to path: String, flushes: Bool? = nil) throws(FileSystemError) {
        do throws(ReplacingFileWriter.Failure) {
            let file = try ReplacingFileWriter(path: absolute(path), temporaryPath: Self.temporaryPath(for:))
            try file.write(Array(bytes))
            try file.commit(sync: flushes ?? syncs)
        } catch {
            throw FileSystemError(operation: error.operation, path: relative(error.path), code: error.code)
        }
    }

    /// A path under ``root`` as the store names it, relative to ``root``.
    private func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Flushes a folder's entries (new, renamed and removed names) to disk, when syncing.
    func syncDirectory(_ path: String) throws(FileSystemError) {
        guard syncs else { return }
        let fd = open(absolute(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Creates a folder (mode 0700, as Strands does); an existing one is fine.
    func makeDirectory(_ path: String) throws(FileSystemError) {
        guard mkdir(absolute(path), 0o700) == 0 || errno == EEXIST else { throw fail("mkdir", path) }
    }

    /// Creates a folder and any missing folders above it, from an absolute or relative path.
    static func makeDirectories(atPath path: String) throws(FileSystemError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw FileSystemError(operation: "mkdir", path: prefix, code: errno)
            }
            prefix += "/"
        }
    }

    /// Whether something exists at the path (links are not followed).
    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(absolute(path), &info) == 0
    }

    /// Whether the path is a folder (links are not followed).
    func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(absolute(path), &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in a folder, without `.` and `..`, or `nil` if it does not exist.
    func list(_ path: String) throws(FileSystemError) -> [String]? {
        guard let directory = opendir(absolute(path)) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw fail("opendir", path)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file; a missing one is fine.
    func remove(_ path: String) throws(FileSystemError) {
        guard unlink(absolute(path)) == 0 || errno == ENOENT else { throw fail("unlink", path) }
    }

    /// Renames a file or folder. A folder replaces only a missing or empty target.
    func move(_ from: String, to: String) throws(FileSystemError) {
        guard rename(absolute(from), absolute(to)) == 0 else { throw fail("rename", to) }
    }

    /// Removes a folder with everything in it; a missing one is fine.
    func removeTree(_ path: String) throws(FileSystemError) {
        guard let names = try list(path) else { return }
        for name in names {
            let child = path + "/" + name
            var info = stat()
            guard lstat(absolute(child), &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try removeTree(child)
            } else {
                try remove(child)
            }
        }
        guard rmdir(absolute(path)) == 0 || errno == ENOENT else { throw fail("rmdir", path) }
    }

    /// Creates a symbolic link holding `target`; returns `false` if the name is taken.
    func makeLink(_ path: String, to target: String) throws(FileSystemError) -> Bool {
        if symlink(target, absolute(path)) == 0 { return true }
        if errno == EEXIST { return false }
        throw fail("symlink", path)
    }

    /// The target of a symbolic link, or `nil` if there is none.
    func readLink(_ path: String) throws(FileSystemError) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink(absolute(path), &buffer, buffer.count - 1)
        guard count >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw fail("readlink", path)
        }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Gives a file a second name (a hard link); falls back to a copy where links are refused.
    func linkOrCopy(_ from: String, to: String) throws(FileSystemError) {
        if link(absolute(from), absolute(to)) == 0 { return }
        guard errno == EXDEV || errno == EPERM || errno == EMLINK else { throw fail("link", to) }
        guard let bytes = try read(from) else { throw FileSystemError(operation: "open", path: from, code: ENOENT) }
        try write(bytes, to: to)
    }

    /// A fresh, unpredictable name for a temporary file or folder beside `path`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        return folder + scratchName(".tmp-")
    }

    /// A fresh name for a temporary or trashed file or folder: the prefix, this process's id
    /// and a random token, such as `.tmp-4242-0f3a…`. The process id tells a later opening of
    /// the store whether the writer still runs (see ``isLeftover(_:)``).
    static func scratchName(_ prefix: String) -> String {
        prefix + String(getpid()) + "-" + randomToken()
    }

    /// Whether a name is one of ``scratchName(_:)`` with the prefix of a process that no
    /// longer runs (a crashed writer's leftover). Names without a process id (from older
    /// versions) count as leftovers.
    static func isLeftover(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix) else { return false }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { return true }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// 16 random hexadecimal digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

// Top-level names, so that ``FileSystem``'s own `read` and `write` do not hide the system calls.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
