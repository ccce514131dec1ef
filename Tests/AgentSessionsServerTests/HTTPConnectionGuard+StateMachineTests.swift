import Testing

@testable import AgentSessionsServer

/// The rules of one connection, one transition at a time.
struct HTTPConnectionGuardStateMachineTests {
    typealias Machine = HTTPConnectionGuard.StateMachine

    /// A connection that read `count` whole requests and answered none yet.
    private func withRequestsRead(_ count: Int) -> Machine {
        var machine = Machine()
        for _ in 0..<count {
            _ = machine.bytesArrived()
            _ = machine.requestHeadRead(closesConnection: false)
            _ = machine.requestEndRead()
        }
        return machine
    }

    @Test func theRequestTimeoutRunsFromTheFirstByteToTheEndOfTheRequest() {
        var machine = Machine()
        #expect(machine.bytesArrived() == .startDeadline)
        #expect(machine.bytesArrived() == .none)
        #expect(machine.requestHeadRead(closesConnection: false) == .none)
        #expect(machine.requestEndRead() == .cancelDeadline)
    }

    @Test func theRequestTimeoutWaitsWhileTheServerOwesAnAnswer() {
        var machine = withRequestsRead(1)
        #expect(machine.bytesArrived() == .none, "the next request comes while the first is being answered")
        #expect(machine.answerHeadWritten(closesConnection: false) == .none)
        #expect(machine.answerEndWritten() == .startDeadline, "now the server waits for the client")
    }

    @Test func aRequestTimeoutBeforeAnyAnswerIsAnswered408() {
        var machine = Machine()
        _ = machine.bytesArrived()
        #expect(machine.deadlinePassed() == .answer(.timedOut))
        #expect(machine.isClosing)
        #expect(machine.deadlinePassed() == .none, "a second expiry does nothing")
    }

    @Test func aRequestTimeoutAfterItsAnswerBeganOnlyCloses() {
        var machine = Machine()
        _ = machine.bytesArrived()
        _ = machine.requestHeadRead(closesConnection: false)
        #expect(machine.answerHeadWritten(closesConnection: false) == .none)
        #expect(machine.deadlinePassed() == .close)
    }

    @Test func aMalformedRequestWaitsForTheAnswersBeforeIt() {
        var machine = withRequestsRead(2)
        #expect(machine.parseFailed() == .none)
        #expect(!machine.isClosing)
        _ = machine.answerHeadWritten(closesConnection: false)
        #expect(machine.answerEndWritten() == .none, "one answer still owed")
        _ = machine.answerHeadWritten(closesConnection: false)
        #expect(machine.answerEndWritten() == .answer(.malformed))
        #expect(machine.isClosing)
    }

    @Test func aMalformedRequestWithNothingOwedIsAnsweredAtOnce() {
        var machine = withRequestsRead(1)
        _ = machine.answerHeadWritten(closesConnection: false)
        _ = machine.answerEndWritten()
        #expect(machine.parseFailed() == .answer(.malformed))
        #expect(machine.parseFailed() == .none, "the decoder's later errors change nothing")
    }

    @Test func aBodyBrokenAfterItsRequestWasAnsweredOnlyCloses() {
        var machine = Machine()
        _ = machine.bytesArrived()
        _ = machine.requestHeadRead(closesConnection: false)
        _ = machine.answerHeadWritten(closesConnection: false)
        #expect(machine.answerEndWritten() == .none)
        #expect(machine.parseFailed() == .close)
    }

    @Test func anAnswerThatSaysCloseEndsTheConnection() {
        var machine = Machine()
        _ = machine.bytesArrived()
        _ = machine.requestHeadRead(closesConnection: false)
        #expect(machine.answerHeadWritten(closesConnection: true) == .none)
        #expect(machine.answerEndWritten() == .close)
        #expect(machine.isClosing)
    }

    @Test func aRequestThatSaysCloseEndsTheConnectionAfterItsAnswer() {
        var machine = withRequestsRead(1)
        _ = machine.bytesArrived()
        _ = machine.requestHeadRead(closesConnection: true)
        _ = machine.requestEndRead()
        _ = machine.answerHeadWritten(closesConnection: false)
        #expect(machine.answerEndWritten() == .none, "the first request's answer keeps the connection")
        _ = machine.answerHeadWritten(closesConnection: false)
        #expect(machine.answerEndWritten() == .close)
    }
}
