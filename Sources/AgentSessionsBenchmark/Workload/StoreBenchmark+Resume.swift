import AgentSessions

extension StoreBenchmark {
    /// One W9 session: where it stands, and the decision the default policy must give.
    private struct ResumeCase {
        var new: NewSession
        var outcome: Phase?
        var errorCount: Int
        var isIdle: Bool
        var expected: ResumeDecision.Reason

        /// Session `index` of W9: phase, resume-ready flag, errors and idleness vary with the
        /// index so that every reason of the default policy comes up.
        init(index: Int) throws {
            let lifecycle = Lifecycle.standard
            let phase = lifecycle.phases[index % lifecycle.phases.count]
            let isFinal = lifecycle.isFinal(phase)
            let isReady = index % 4 != 3
            new = NewSession(
                id: try SessionID(Workload.tag("w9-", index, width: 5)),
                phase: isFinal ? nil : phase,
                isResumeReady: isReady
            )
            outcome = isFinal ? phase : nil
            errorCount = index % 13 == 5 ? 3 : 0
            isIdle = index % 10 == 7
            // The default policy's checks, in its documented order, written out independently.
            let resumable: Set<Phase> = [.approval, .investigating, .planning]
            expected =
                if isFinal {
                    .finalized
                } else if !isReady {
                    .notResumeReady
                } else if !resumable.contains(phase) {
                    .phaseNotResumable
                } else if errorCount >= 3 {
                    .tooManyErrors
                } else if isIdle {
                    .idleTooLong
                } else {
                    .resumable
                }
        }
    }

    /// W9: 1,000 sessions in assorted phases of the standard lifecycle (some resume-ready,
    /// some with errors, some idle for an hour, some finalized; written once, untimed); 10,000
    /// resume decisions with the default policy.
    ///
    /// Checks every decision against the one expected for its session.
    func decideResumes() async throws -> [Measurement] {
        let sessionCount = 1_000
        let count = workload.scaled(10_000)
        let cases = try (0..<sessionCount).map { try ResumeCase(index: $0) }
        let order = (0..<count).map { ($0 * 7919) % sessionCount }
        let keys = order.map { SessionKey(cases[$0].new.id!) }
        let expectedReasons = Set(cases.map(\.expected))
        let everyReason: Set<ResumeDecision.Reason> = [
            .resumable, .finalized, .notResumeReady, .phaseNotResumable, .tooManyErrors, .idleTooLong,
        ]
        try BenchmarkFailure.check(expectedReasons == everyReason, "W9: the fixture does not cover every reason")
        let policy = ResumePolicy()
        let (rates, _) = try await withFreshStore("w9") { store in
            for resumeCase in cases {
                clock.offset = resumeCase.isIdle ? .seconds(-3600) : .zero
                let key = try await store.create(resumeCase.new).key
                for error in 0..<resumeCase.errorCount { try await store.recordError(key, message: "error \(error)") }
                if let outcome = resumeCase.outcome { try await store.finalize(key, outcome: outcome) }
            }
            clock.offset = .zero
            var rates: [Double] = []
            for run in 1...workload.runs {
                var decisions: [ResumeDecision] = []
                decisions.reserveCapacity(count)
                let start = Stopwatch.now()
                for key in keys { decisions.append(try await store.resumeDecision(for: key, policy: policy)) }
                let seconds = Stopwatch.seconds(since: start)

                for (call, decision) in decisions.enumerated() {
                    let expected = cases[order[call]].expected
                    try BenchmarkFailure.check(
                        decision.reason == expected,
                        "W9 [\(factory.name)]: \(keys[call].id) got \(decision.reason), expected \(expected)"
                    )
                }
                rates.append(Double(count) / seconds)
                note(.w9, run: run, "\(Int(rates.last!)) decisions/s")
            }
            return rates
        }
        return [rate(.w9, rates, unit: "decisions/s")]
    }
}
