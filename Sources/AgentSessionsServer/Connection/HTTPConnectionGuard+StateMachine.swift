extension HTTPConnectionGuard {
    /// Why the server ends a connection with an answer of its own.
    enum Failure: Equatable {
        /// The request is not valid HTTP/1.1: 400.
        case malformed
        /// The client took longer than the request timeout to send its request: 408.
        case timedOut
    }

    /// The rules of one connection, without I/O or clocks: which requests were read and
    /// answered, whether the server is waiting for the client (so that the request timeout
    /// runs), and when the connection ends.
    ///
    /// Requests are answered in the order they came (HTTP/1.1 pipelining), so an answer of the
    /// connection's own (a 400 for a malformed request) waits for the answers of the requests
    /// read before it; after it, or after an answer that says `Connection: close`, the
    /// connection closes.
    struct StateMachine {
        /// What the handler does after an event.
        enum Action: Equatable {
            case none
            /// Start the request timeout.
            case startDeadline
            /// Stop the request timeout.
            case cancelDeadline
            /// Write this failure's answer after what is written, then close the connection.
            case answer(Failure)
            /// Close the connection once what is written is sent.
            case close
        }

        /// Requests whose head was read.
        private var requestsStarted = 0
        /// Requests read whole (head, body and end).
        private var requestsRead = 0
        /// Answers whose head was written.
        private var answersStarted = 0
        /// Answers written whole.
        private var answersEnded = 0
        /// Whether bytes of a request not yet read whole have come.
        private var isReceiving = false
        /// How many answers end the connection once written (one that says `Connection: close`,
        /// or the one to a request that said so).
        private var closingAnswer: Int?
        /// A failure that waits for the answers of the requests read before it.
        private var pendingFailure: Failure?
        private var isDeadlineRunning = false
        /// Whether the connection is closing: what the client sends now is dropped.
        private(set) var isClosing = false

        /// Bytes came from the client.
        mutating func bytesArrived() -> Action {
            isReceiving = true
            return reconcileDeadline()
        }

        /// A request's head was read.
        mutating func requestHeadRead(closesConnection: Bool) -> Action {
            requestsStarted += 1
            isReceiving = true
            if closesConnection { closeAfter(answer: requestsStarted) }
            return reconcileDeadline()
        }

        /// A request was read whole.
        mutating func requestEndRead() -> Action {
            requestsRead += 1
            isReceiving = false
            return reconcileDeadline()
        }

        /// An answer's head goes out.
        mutating func answerHeadWritten(closesConnection: Bool) -> Action {
            answersStarted += 1
            if closesConnection { closeAfter(answer: answersStarted) }
            return .none
        }

        /// An answer was written whole.
        mutating func answerEndWritten() -> Action {
            answersEnded += 1
            if isClosing { return .none }
            if let closingAnswer, answersEnded >= closingAnswer {
                return finish(with: nil)
            }
            if let pendingFailure, answersEnded >= requestsRead {
                return finish(with: pendingFailure)
            }
            return reconcileDeadline()
        }

        /// The request after the last one read whole is not valid HTTP/1.1.
        mutating func parseFailed() -> Action {
            guard !isClosing, pendingFailure == nil else { return .none }
            if answersEnded >= requestsRead { return finish(with: .malformed) }
            pendingFailure = .malformed
            return reconcileDeadline()
        }

        /// The request timeout passed.
        mutating func deadlinePassed() -> Action {
            guard isDeadlineRunning else { return .none }
            isDeadlineRunning = false
            return finish(with: .timedOut)
        }

        /// Closes the connection, answering `failure` when nothing was answered yet to the
        /// request it is about (the one after the last read whole).
        private mutating func finish(with failure: Failure?) -> Action {
            isClosing = true
            isDeadlineRunning = false
            guard let failure, answersStarted <= requestsRead else { return .close }
            return .answer(failure)
        }

        private mutating func closeAfter(answer: Int) {
            closingAnswer = min(closingAnswer ?? answer, answer)
        }

        /// Runs the request timeout while the server waits for the client: a request is being
        /// received and every request read before it is answered (while the server still
        /// answers, the client is not the slow one).
        private mutating func reconcileDeadline() -> Action {
            let shouldRun = !isClosing && pendingFailure == nil && isReceiving && answersEnded >= requestsRead
            guard shouldRun != isDeadlineRunning else { return .none }
            isDeadlineRunning = shouldRun
            return shouldRun ? .startDeadline : .cancelDeadline
        }
    }
}
