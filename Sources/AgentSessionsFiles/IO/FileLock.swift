#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on a lock file (`flock`), held for one operation.
///
/// `flock` locks belong to an open file description, so two tasks of one process that each
/// open the file exclude each other exactly as two processes do: one mechanism serialises
/// writers in the process and across processes. Waiting blocks the calling thread; the
/// critical sections never wait on anything else, so a holder always finishes.
///
/// A lock file inside a session folder can be renamed away (the session deleted) while
/// another caller waits for it; after locking, the lock checks that the path still names the
/// file it locked, and otherwise starts again on the new file or reports it gone.
final class FileLock {
    private let fd: Int32

    /// Locks the file at `path`, creating it when `creates` is true.
    /// - Returns: The held lock, or `nil` when the file (or its folder) does not exist.
    static func acquire(
        _ path: String,
        in fileSystem: FileSystem,
        exclusive: Bool,
        creates: Bool = true
    ) throws(FileSystemError) -> FileLock? {
        let absolute = fileSystem.absolute(path)
        while true {
            let fd = open(absolute, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (creates ? O_CREAT : 0), 0o600)
            guard fd >= 0 else {
                if errno == ENOENT || errno == ENOTDIR { return nil }
                throw FileSystemError(operation: "open", path: path, code: errno)
            }
            while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
                guard errno == EINTR else {
                    let failure = FileSystemError(operation: "flock", path: path, code: errno)
                    close(fd)
                    throw failure
                }
            }
            var held = stat()
            var current = stat()
            if fstat(fd, &held) == 0, lstat(absolute, &current) == 0, current.st_ino == held.st_ino,
                current.st_dev == held.st_dev
            {
                return FileLock(fd: fd)
            }
            // The session was deleted (or deleted and created again) while this caller waited:
            // open the path again, which finds the new file or reports the folder gone.
            close(fd)
        }
    }

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }
}
