/// The steps of the session workload (`BENCH-WORKLOAD.md`, v1), in the order they run, and
/// I1, the import of W3's work (issue 17), which runs right after W3 so that the two are
/// measured moments apart.
enum Step: String, CaseIterable, Comparable, Sendable {
    case w1 = "W1"
    case w2 = "W2"
    case w3 = "W3"
    case i1 = "I1"
    case w4 = "W4"
    case w5 = "W5"
    case w6 = "W6"
    case w7 = "W7"
    case w8 = "W8"
    case w9 = "W9"
    case w10 = "W10"

    /// The steps a run takes unless `--steps` names others: all but W10, whose million
    /// sessions take minutes to write.
    static let defaults = allCases.filter { $0 != .w10 }

    /// What the step does, in a few words.
    var title: String {
        switch self {
        case .w1: "create"
        case .w2: "append-one"
        case .w3: "append-batch"
        case .i1: "import"
        case .w4: "read-recent"
        case .w5: "read-all"
        case .w6: "sub-session cycle"
        case .w7: "cleanup"
        case .w8: "list"
        case .w9: "resume-check"
        case .w10: "scale"
        }
    }

    static func < (lhs: Step, rhs: Step) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
