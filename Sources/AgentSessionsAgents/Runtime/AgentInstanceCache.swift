/// The bookkeeping of live agent instances: least-recently-used order, leases and idle times.
///
/// A pure value: no I/O and no clock reads; the runtime passes the time in. An instance with a
/// lease (one serving a request) is never evicted, so the cache may hold more than its capacity
/// while every instance is busy; it shrinks back as they are released.
struct AgentInstanceCache<Key: Hashable, Value> {
    private struct Entry {
        var value: Value
        var lastUsed: Duration
        var leases: Int
        var tick: UInt64
    }

    /// The most instances kept.
    let capacity: Int
    /// How long an instance may stay unused before it is evicted.
    let idleTimeout: Duration
    private var entries: [Key: Entry] = [:]
    private var ticks: UInt64 = 0

    init(capacity: Int, idleTimeout: Duration) {
        self.capacity = capacity
        self.idleTimeout = idleTimeout
    }

    /// How many instances are live.
    var count: Int { entries.count }

    /// Whether an instance of the key is live.
    func contains(_ key: Key) -> Bool { entries[key] != nil }

    /// Leases the instance of a key, making it with `make` when there is none, then evicts what
    /// is idle too long or over capacity (never the leased one).
    /// - Returns: The instance, whether it was made now, and the keys evicted.
    mutating func lease(
        _ key: Key,
        now: Duration,
        make: () -> Value
    ) -> (value: Value, isNew: Bool, evicted: [Key]) {
        ticks += 1
        let isNew = entries[key] == nil
        var entry = entries[key] ?? Entry(value: make(), lastUsed: now, leases: 0, tick: ticks)
        entry.leases += 1
        entry.lastUsed = now
        entry.tick = ticks
        entries[key] = entry
        return (entry.value, isNew, evict(now: now))
    }

    /// Ends a lease; the instance counts as used now.
    mutating func release(_ key: Key, now: Duration) {
        guard var entry = entries[key] else { return }
        ticks += 1
        entry.leases = max(0, entry.leases - 1)
        entry.lastUsed = now
        entry.tick = ticks
        entries[key] = entry
    }

    /// Evicts every unleased instance unused for the idle timeout or longer, then the least
    /// recently used unleased ones while more than ``capacity`` are live.
    /// - Returns: The evicted keys.
    mutating func evict(now: Duration) -> [Key] {
        var evicted: [Key] = []
        for (key, entry) in entries where entry.leases == 0 && entry.lastUsed.distance(to: now) >= idleTimeout {
            evicted.append(key)
        }
        for key in evicted { entries[key] = nil }
        guard entries.count > capacity else { return evicted }
        let idle = entries.filter { $0.value.leases == 0 }.sorted { $0.value.tick < $1.value.tick }
        for (key, _) in idle.prefix(entries.count - capacity) {
            entries[key] = nil
            evicted.append(key)
        }
        return evicted
    }
}

extension Duration {
    /// The time from this point to a later one.
    fileprivate func distance(to later: Duration) -> Duration { later - self }
}
