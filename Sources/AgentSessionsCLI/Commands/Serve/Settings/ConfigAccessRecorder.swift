import Configuration
import Synchronization

/// Keeps the last access to each key of a ``ConfigReader``: which providers were asked and
/// what each answered, so that ``ServeSettingsReader`` can tell which one gave a value or
/// refused it.
///
/// swift-configuration reports an access synchronously, within the call that reads the value,
/// so the event for a key is the one of the read just made when one reader reads it at a time.
///
/// ```swift
/// let recorder = ConfigAccessRecorder()
/// let reader = ConfigReader(providers: providers, accessReporter: recorder)
/// _ = reader.int(forKey: "port")
/// recorder.lastEvent(for: ["port"])?.providerResults  // one result per provider asked
/// ```
final class ConfigAccessRecorder: AccessReporter {
    private let events = Mutex<[AbsoluteConfigKey: AccessEvent]>([:])

    /// Keeps the event as the last one of its key.
    func report(_ event: AccessEvent) {
        events.withLock { $0[event.metadata.key] = event }
    }

    /// The last access to a key, or `nil` when it was never read.
    func lastEvent(for key: AbsoluteConfigKey) -> AccessEvent? {
        events.withLock { $0[key] }
    }
}
