import AgentSessions
import AgentSessionsSQLite
import AgentSessionsTesting
import Testing

/// Writes that wait for the writer commit together: each succeeds or fails on its own, and
/// every success is stored exactly once.
@Suite("SQLiteSessionStore group commit")
struct SQLiteSessionStoreGroupCommitTests {
    private enum Outcome: Sendable {
        case appended(Int64)
        case created
        case failed(SessionStoreError.Code)
    }

    @Test(arguments: [true, false])
    func failingWritesFailAloneAmongConcurrentOnes(writesOnCallingThread: Bool) async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSessionStore(
                configuration: .init(
                    location: .file(directory + "/sessions.sqlite"),
                    options: .init(writesOnCallingThread: writesOnCallingThread)
                )
            )
            let shared = try await store.create(NewSession(id: "shared")).key
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for number in 0..<300 {
                    group.addTask {
                        do {
                            switch number % 3 {
                            case 0:
                                let sequences = try await store.append(
                                    [NewItem(["n": .int(Int64(number))])],
                                    to: shared
                                )
                                return .appended(sequences[0])
                            case 1:
                                let missing = SessionKey(try SessionID("missing-\(number)"))
                                try await store.append([NewItem(["n": .int(Int64(number))])], to: missing)
                                return .appended(-1)
                            default:
                                try await store.create(NewSession(id: "twin"))
                                return .created
                            }
                        } catch let error as SessionStoreError {
                            return .failed(error.code)
                        }
                    }
                }
                return try await group.reduce(into: [Outcome]()) { $0.append($1) }
            }
            let appended = outcomes.compactMap { if case .appended(let sequence) = $0 { sequence } else { nil } }
            #expect(appended.sorted() == Array(1...100), "every append to the shared session got its own number")
            #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
            let failures = outcomes.compactMap { if case .failed(let code) = $0 { code } else { nil } }
            #expect(failures.filter { $0 == .notFound }.count == 100)
            #expect(failures.filter { $0 == .alreadyExists }.count == 99)

            let reopened = try SQLiteSessionStore.file(in: directory)
            let stored = try await reopened.items(of: shared, ItemQuery())
            #expect(stored.map(\.sequence) == Array(1...100))
            #expect(Set(try stored.map { try $0.content.object()["n"]?.intValue }).count == 100)
            #expect(try await reopened.list(SessionQuery()).sessions.map(\.id).sorted() == ["shared", "twin"])
            #expect(try await reopened.session(shared)?.lastSequence == 100)
        }
    }
}
