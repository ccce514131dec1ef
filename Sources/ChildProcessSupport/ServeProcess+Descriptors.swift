import Foundation

extension ServeProcess {
    /// How many file descriptors the server has open (the entries of `/proc/PID/fd`): its
    /// listening socket, its connections, its files.
    /// - Throws: ``ChildProcessError`` where `/proc` is missing (not Linux).
    public func openDescriptorCount() throws -> Int {
        let path = "/proc/\(processID)/fd"
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).count
        } catch {
            throw ChildProcessError("cannot list \(path): counting descriptors needs Linux' /proc (\(error))")
        }
    }
}
