import Foundation

/// The HTTP steps over real `agent-sessions serve` processes that the benchmark spawns on one
/// PostgreSQL database (issue 5's scale-out figures), run only when named in `--steps`.
///
/// `--steps` takes them as `H1x1` and `H1x3` (or with `×`); the report names them `H1×1` and
/// `H1×3`.
enum ServedStep: String, CaseIterable, Sendable {
    /// H1's appends through one spawned server.
    case h1x1 = "H1×1"
    /// H1's appends through three spawned servers at once, on one database.
    case h1x3 = "H1×3"

    /// The step a name in `--steps` stands for (`H1x3`, `h1x3`, `H1×3`); `nil` for none.
    init?(name: String) {
        let normalized = name.uppercased().replacingOccurrences(of: "X", with: "×")
        guard let step = Self(rawValue: normalized) else { return nil }
        self = step
    }

    /// How the step is typed in `--steps`.
    var typedName: String { rawValue.replacingOccurrences(of: "×", with: "x") }

    /// The in-process step whose requests, sessions and checks it uses.
    var requests: HTTPStep { .h1 }

    /// How many servers share the database.
    var serverCount: Int {
        switch self {
        case .h1x1: 1
        case .h1x3: 3
        }
    }

    /// What the step does, in a few words.
    var title: String {
        "\(requests.title) through \(serverCount) spawned server\(serverCount == 1 ? "" : "s") on one database"
    }
}
