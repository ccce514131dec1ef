/// Whether a session lives until it is deleted or is a short-lived child.
public enum SessionKind: String, Hashable, Sendable, CaseIterable {
    /// A session kept until it is deleted or cleaned up.
    case persistent
    /// A child session for one task, deleted when the task ends (seed 000).
    case ephemeral
}
