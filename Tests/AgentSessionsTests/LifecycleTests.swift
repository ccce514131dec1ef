import AgentSessions
import Testing

@Suite("Lifecycle and resume policy")
struct LifecycleTests {
    @Test func standardLifecycleIsSeed002s() {
        let standard = Lifecycle.standard
        #expect(standard.initial == .initializing)
        #expect(standard.resumable == [.approval, .investigating, .planning])
        #expect(standard.final == [.completed, .failed, .abandoned])
        #expect(standard.phases.count == 9)
    }

    @Test func rejectsInconsistentLifecycles() {
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a", "b"], initial: "a", resumable: [], final: [])
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a", "b"], initial: "b", resumable: [], final: ["b"])
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a", "b"], initial: "a", resumable: ["c"], final: ["b"])
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a", "b"], initial: "a", resumable: ["b"], final: ["b"])
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a", "a", "b"], initial: "a", resumable: [], final: ["b"])
        }
        #expect(throws: SessionStoreError(.invalidArgument, "")) {
            try Lifecycle(phases: ["a b", "c"], initial: "c", resumable: [], final: ["a b"])
        }
    }

    @Test func catalogFallsBackToTheDefault() throws {
        let custom = try Lifecycle(phases: ["x", "y"], initial: "x", resumable: [], final: ["y"])
        let catalog = LifecycleCatalog(byApp: ["mine": custom])
        #expect(catalog.lifecycle(for: "mine") == custom)
        #expect(catalog.lifecycle(for: "other") == .standard)
    }

    /// One decision per failing check, in the documented order.
    @Test func resumeChecksRunInOrder() {
        let now = Timestamp(microsecondsSinceEpoch: 10_000_000_000)
        let policy = ResumePolicy()
        func decide(_ facts: ResumeFacts?) -> ResumeDecision.Reason {
            policy.decide(facts, lifecycle: .standard, now: now).reason
        }
        let good = ResumeFacts(phase: .approval, isResumeReady: true, isFinalized: false, errorCount: 0, updatedAt: now)
        #expect(decide(good) == .resumable)
        #expect(decide(nil) == .notFound)
        var facts = good
        facts.updatedAt = now.advanced(by: .seconds(-1800))
        #expect(decide(facts) == .idleTooLong)
        facts.errorCount = 3
        #expect(decide(facts) == .tooManyErrors)
        facts.phase = .executing
        #expect(decide(facts) == .phaseNotResumable)
        facts.isResumeReady = false
        #expect(decide(facts) == .notResumeReady)
        facts.isFinalized = true
        #expect(decide(facts) == .finalized)
    }

    @Test func statisticsPercentilesUseNearestRank() {
        let stats = SessionStatistics(
            countsByPhase: [.completed: 20],
            countsByOutcome: [.completed: 20],
            activeCount: 0,
            resumedCount: 5,
            erroredCount: 2,
            durations: (1...20).reversed().map { .seconds($0) },
            itemCount: 0,
            itemBytes: 0
        )
        #expect(stats.medianDuration == .seconds(10))
        #expect(stats.p95Duration == .seconds(19))
        #expect(stats.resumeRate == 0.25)
        #expect(stats.errorRate == 0.1)
    }
}
