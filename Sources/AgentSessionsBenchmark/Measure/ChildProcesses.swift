import Dispatch
import Foundation
import Synchronization

/// The child processes running now (servers, `wrk`), so that an interrupted benchmark stops
/// them too: Foundation's `Process` starts each in a process group of its own, so a terminal's
/// Ctrl-C reaches only the benchmark.
///
/// ```swift
/// let interruption = ChildProcesses.stopOnInterrupt()   // keep it while children may run
/// ChildProcesses.started(process.processIdentifier)
/// … ChildProcesses.ended(process.processIdentifier)
/// ```
enum ChildProcesses {
    private static let running = Mutex<Set<Int32>>([])

    /// Records a child that was started.
    static func started(_ pid: Int32) {
        running.withLock { _ = $0.insert(pid) }
    }

    /// Forgets a child that ended or was killed.
    static func ended(_ pid: Int32) {
        running.withLock { _ = $0.remove(pid) }
    }

    /// From now on, SIGINT and SIGTERM kill the running children (SIGKILL) and then end the
    /// benchmark with exit status 128 + the signal's number, instead of ending it at once.
    /// - Returns: The signal handlers: they work while the value is kept, so keep it for as long
    ///   as children may run.
    static func stopOnInterrupt() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                for pid in running.withLock({ $0 }) { kill(pid, SIGKILL) }
                FileHandle.standardError.write(Data("interrupted: the benchmark's servers and wrk were stopped\n".utf8))
                exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }
}
