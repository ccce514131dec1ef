import AgentSessions
import Testing

extension SessionStoreConformance.Context {
    /// Statistics equal a full recount after a mixed workload that touches every figure:
    /// creates in three apps (with and without agents, children among them), phase changes,
    /// resumes, errors, finalizations of many lengths, appends with and without token counts,
    /// pops, clears, forks, deletes of whole trees, clean-up of idle sessions, restores and
    /// compactions. Stores that keep their statistics as sessions change (SQLite, PostgreSQL, in memory)
    /// must keep them exactly; duration percentiles are compared bucket for bucket
    /// (`SessionStatistics.durationBucket(microseconds:)`).
    func statisticsMatchARecount() async throws {
        let apps = [SessionKey.defaultApp, "other", SessionStoreConformance.customApp]
        let agents = ["", "support", "billing"]
        var keys: [SessionKey] = []
        for index in 0..<36 {
            let app = apps[index % apps.count]
            let parent = index >= 12 && index % 4 == 0 ? keys[index - 12] : nil
            let session = try await store.create(
                NewSession(
                    id: SessionID("s\(index)"),
                    app: app,
                    userID: "u\(index % 5)",
                    agentName: agents[index % agents.count],
                    parentID: parent?.app == app ? parent?.id : nil
                )
            )
            keys.append(session.key)
            try await store.append(
                (0..<(index % 7)).map { counted($0, tokens: $0 % 3 == 0 ? nil : Int64(index * 100 + $0)) },
                to: session.key
            )
        }
        try await expectKeptStatistics(apps, "after creates and appends")

        for (index, key) in keys.enumerated() {
            let isCustom = key.app == SessionStoreConformance.customApp
            clock.advance(by: .microseconds(Int64(index) * 1_234_567 + 999))
            switch index % 6 {
            case 0:
                try await store.update(key, SessionUpdate(phase: isCustom ? "waiting" : .approval, recordsResume: true))
            case 1: try await store.recordError(key, message: "boom \(index)")
            case 2: try await store.finalize(key, outcome: isCustom ? "done" : .completed)
            case 3:
                try await store.recordError(key, message: "failing")
                try await store.finalize(key, outcome: isCustom ? "dropped" : .failed)
            case 4: try await store.popLastItem(of: key)
            default: try await store.update(key, SessionUpdate(phase: isCustom ? "waiting" : .planning))
            }
        }
        try await expectKeptStatistics(apps, "after phase changes, errors, finalizations and pops")

        try await store.clearItems(of: keys[5])
        let fork = try await store.fork(keys[6], through: 3, as: "s6-fork")
        try await store.append([counted(9, tokens: 77)], to: fork.key)
        _ = try await store.compact(keys[13], CompactionRequest(summary: summary("kept"), through: 1))
        #expect(try await store.delete(keys[0]) >= 2, "s0 has children")
        var copy = try #require(try await store.session(keys[10]))
        let copiedItems = try await store.items(of: copy.key, .all)
        copy.id = "s10-copy"
        try await store.restore(copy)
        try await store.restore(copiedItems, to: copy.key)
        try await expectKeptStatistics(apps, "after clear, fork, compaction, delete and restore")

        clock.advance(by: .seconds(3600))
        let recent = try await create("recent", app: "other", agent: "support")
        try await store.append([counted(1, tokens: 5)], to: recent.key)
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(60), app: "other") > 0)
        try await expectKeptStatistics(apps, "after clean-up of one app")
        #expect(try await store.deleteSessions(idleLongerThan: .seconds(60), app: nil) > 0)
        try await expectKeptStatistics(apps, "after clean-up of every app")
        #expect(try await store.statistics(app: nil).sessionCount == 1, "only the recent session is left")
    }

    /// Expects each app's statistics, and every app's together, to equal a recount.
    private func expectKeptStatistics(_ apps: [String], _ moment: Comment) async throws {
        for app in apps {
            let kept = try await store.statistics(app: app)
            let recount = try await SessionStatistics.recount(apps: [app], in: store)
            #expect(kept == recount, "app \(app), \(moment): kept \(kept), recount \(recount)")
        }
        let everyApp = try await store.statistics(app: nil)
        let recount = try await SessionStatistics.recount(apps: apps, in: store)
        #expect(everyApp == recount, "every app, \(moment): kept \(everyApp), recount \(recount)")
    }
}
