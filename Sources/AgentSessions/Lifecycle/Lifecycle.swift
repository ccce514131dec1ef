/// The phases an app's sessions move through: which exist, where a session starts, which can
/// be resumed and which are final.
///
/// The ``standard`` lifecycle is seed 002's: `initializing`, `investigating`, `planning`,
/// `approval`, `executing`, `validating`, and the final `completed`, `failed`, `abandoned`.
/// An app can declare its own:
///
/// ```swift
/// let review = try Lifecycle(
///     phases: ["drafting", "waiting", "done", "dropped"],
///     initial: "drafting", resumable: ["waiting"], final: ["done", "dropped"])
/// let catalog = LifecycleCatalog(byApp: ["reviews": review])
/// ```
///
/// Finalizing moves a session to one of its final phases (its outcome). No phase can be left
/// once a final one is reached.
public struct Lifecycle: Hashable, Sendable {
    /// Every phase, in the order they are usually visited.
    public let phases: [Phase]
    /// The phase a new session starts in.
    public let initial: Phase
    /// The phases a session can be resumed from.
    public let resumable: Set<Phase>
    /// The final phases: the possible outcomes of ``SessionStore/update(_:_:expectedVersion:)``
    /// with a finalization.
    public let final: Set<Phase>

    /// Declares a lifecycle.
    /// - Throws: ``SessionStoreError`` (invalid argument) if a phase name is malformed, the
    ///   initial phase is unknown or final, a resumable or final phase is not in `phases`, or no
    ///   phase is final.
    public init(phases: [Phase], initial: Phase, resumable: Set<Phase>, final: Set<Phase>) throws(SessionStoreError) {
        for phase in phases {
            try Identifier.validate(phase.rawValue, field: "phase", what: "phase name", allowsEmpty: false)
        }
        let known = Set(phases)
        guard known.count == phases.count else { throw .invalid("phases", "a phase is listed twice") }
        guard known.contains(initial), !final.contains(initial) else {
            throw .invalid("initial", "the initial phase '\(initial)' must be listed and must not be final")
        }
        guard !final.isEmpty else { throw .invalid("final", "a lifecycle needs at least one final phase") }
        if let stray = resumable.union(final).subtracting(known).sorted().first {
            throw .invalid("phases", "phase '\(stray)' is resumable or final but not listed among the phases")
        }
        if let both = resumable.intersection(final).sorted().first {
            throw .invalid("resumable", "phase '\(both)' cannot be both resumable and final")
        }
        self.phases = phases
        self.initial = initial
        self.resumable = resumable
        self.final = final
    }

    /// Seed 002's lifecycle.
    public static let standard: Lifecycle = {
        do {
            return try Lifecycle(
                phases: [
                    .initializing, .investigating, .planning, .approval, .executing, .validating,
                    .completed, .failed, .abandoned,
                ],
                initial: .initializing,
                resumable: [.approval, .investigating, .planning],
                final: [.completed, .failed, .abandoned]
            )
        } catch {
            preconditionFailure("the standard lifecycle is valid: \(error)")
        }
    }()

    /// Whether the phase is part of this lifecycle.
    public func contains(_ phase: Phase) -> Bool { phases.contains(phase) }

    /// Whether the phase is final.
    public func isFinal(_ phase: Phase) -> Bool { final.contains(phase) }

    /// Throws unless the phase belongs to this lifecycle.
    /// - Throws: ``SessionStoreError`` (invalid argument, field `field`) listing the known phases.
    public func validate(_ phase: Phase, field: String = "phase") throws(SessionStoreError) {
        guard contains(phase) else {
            throw .invalid(
                field,
                "unknown phase '\(Identifier.printable(phase.rawValue))'; known phases are "
                    + phases.map(\.rawValue).joined(separator: ", ")
            )
        }
    }
}

/// The lifecycle of each app: a default and per-app overrides.
public struct LifecycleCatalog: Hashable, Sendable {
    /// The lifecycle of apps without their own. Defaults to ``Lifecycle/standard``.
    public var defaultLifecycle: Lifecycle
    /// Lifecycles declared by name of app.
    public var byApp: [String: Lifecycle]

    /// Creates a catalog.
    /// - Parameters:
    ///   - defaultLifecycle: The lifecycle of apps not listed. Defaults to ``Lifecycle/standard``.
    ///   - byApp: Per-app lifecycles. Defaults to none.
    public init(defaultLifecycle: Lifecycle = .standard, byApp: [String: Lifecycle] = [:]) {
        self.defaultLifecycle = defaultLifecycle
        self.byApp = byApp
    }

    /// The lifecycle of an app.
    public func lifecycle(for app: String) -> Lifecycle { byApp[app] ?? defaultLifecycle }
}
