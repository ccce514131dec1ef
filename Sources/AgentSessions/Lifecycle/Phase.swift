/// A phase of a session's lifecycle, such as `planning` or `approval`.
///
/// The phases an app may use, which of them are resumable and which are final, come from its
/// ``Lifecycle``. The standard ones (seed 002) are provided as constants.
public struct Phase: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The phase name.
    public let rawValue: String

    /// Wraps a phase name. Whether the name is known is checked against the app's ``Lifecycle``.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The session is starting.
    public static let initializing: Phase = "initializing"
    /// The agent is gathering information (resumable).
    public static let investigating: Phase = "investigating"
    /// The agent is planning (resumable).
    public static let planning: Phase = "planning"
    /// The agent waits for a person's approval (resumable).
    public static let approval: Phase = "approval"
    /// The agent is carrying out its plan.
    public static let executing: Phase = "executing"
    /// The agent is checking its results.
    public static let validating: Phase = "validating"
    /// Final: the work succeeded.
    public static let completed: Phase = "completed"
    /// Final: the work failed.
    public static let failed: Phase = "failed"
    /// Final: the work was given up.
    public static let abandoned: Phase = "abandoned"
}

/// One change of phase in a session's history.
public struct PhaseTransition: Hashable, Sendable {
    /// The phase left.
    public var from: Phase
    /// The phase entered.
    public var to: Phase
    /// When the change happened.
    public var at: Timestamp

    /// Creates a history entry.
    public init(from: Phase, to: Phase, at: Timestamp) {
        self.from = from
        self.to = to
        self.at = at
    }
}
