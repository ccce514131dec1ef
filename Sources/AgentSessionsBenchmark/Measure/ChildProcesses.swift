import ChildProcessSupport
import Dispatch
import Foundation

/// Stops the benchmark's children (servers, `wrk`) when the benchmark is interrupted: each
/// ``ChildProcess`` runs in a process group of its own, so a terminal's Ctrl-C reaches only the
/// benchmark.
///
/// ```swift
/// let interruption = ChildProcesses.stopOnInterrupt()   // keep it while children may run
/// ```
enum ChildProcesses {
    /// From now on, SIGINT and SIGTERM kill the process groups of the running children (SIGKILL)
    /// and then end the benchmark with exit status 128 + the signal's number, instead of ending
    /// it at once.
    /// - Returns: The signal handlers: they work while the value is kept, so keep it for as long
    ///   as children may run.
    static func stopOnInterrupt() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                ChildProcess.killAll()
                FileHandle.standardError.write(Data("interrupted: the benchmark's servers and wrk were stopped\n".utf8))
                exit(128 + signalNumber)
            }
            source.resume()
            return source
        }
    }
}
