/// The HTTP steps: the server under load from `wrk` over keep-alive connections (issue 3's
/// benchmark), run only when named in `--steps`.
enum HTTPStep: String, CaseIterable, Sendable {
    /// `POST /v1/sessions/{id}/items` with one workload item, round-robin over 1,000 sessions.
    case h1 = "H1"
    /// `GET /v1/sessions/{id}/items?limit=20` over 100 sessions of 200 items.
    case h2 = "H2"

    /// What the step does, in a few words.
    var title: String {
        switch self {
        case .h1: "HTTP append-one"
        case .h2: "HTTP read-recent"
        }
    }

    /// The sessions the step works on.
    var sessionCount: Int {
        switch self {
        case .h1: 1_000
        case .h2: 100
        }
    }

    /// The items each session holds before the load starts.
    var itemsPerSession: Int {
        switch self {
        case .h1: 0
        case .h2: 200
        }
    }
}
