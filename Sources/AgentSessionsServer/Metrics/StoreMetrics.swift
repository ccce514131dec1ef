import AgentSessions
import CoreMetrics
import Synchronization

/// Counts and times the store's calls: latency and failures by operation, and the sessions
/// created, resumed and finalized.
final class StoreMetrics: SessionStoreObserver {
    private let durations: [StoreOperation: Timer]
    private let failures: [StoreOperation: Counter]
    private let created: Counter
    private let resumed: Counter
    private let finalized: Counter

    init(factory: any MetricsFactory) {
        var durations: [StoreOperation: Timer] = [:]
        var failures: [StoreOperation: Counter] = [:]
        for operation in StoreOperation.allCases {
            let dimensions = [("operation", operation.rawValue)]
            durations[operation] = Timer(label: MetricNames.storeDuration, dimensions: dimensions, factory: factory)
            failures[operation] = Counter(label: MetricNames.storeFailures, dimensions: dimensions, factory: factory)
        }
        self.durations = durations
        self.failures = failures
        created = Counter(label: MetricNames.sessionsCreated, factory: factory)
        resumed = Counter(label: MetricNames.sessionsResumed, factory: factory)
        finalized = Counter(label: MetricNames.sessionsFinalized, factory: factory)
    }

    func storeDidFinish(_ call: StoreCall) {
        durations[call.operation]?.recordNanoseconds(call.duration.nanoseconds)
        if call.failed { failures[call.operation]?.increment() }
        switch call.effect {
        case .created:
            created.increment()
        case .updated(_, let update):
            if update.recordsResume { resumed.increment() }
            if update.finalization != nil { finalized.increment() }
        default:
            break
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
