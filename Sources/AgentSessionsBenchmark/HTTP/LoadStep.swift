/// A step that loads servers with `wrk`: its name in the report and what it does.
protocol LoadStep: Sendable {
    /// The step's name in the report (`H1`, `H1×3`).
    var rawValue: String { get }
    /// What the step does, in a few words, for the progress lines.
    var title: String { get }
}

extension HTTPStep: LoadStep {}
extension ServedStep: LoadStep {}
