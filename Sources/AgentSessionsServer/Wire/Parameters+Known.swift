import Hummingbird

extension Parameters {
    /// Refuses query parameters the route does not know, so that a typo is not silently ignored.
    /// - Throws: ``APIError`` (422) naming the first unknown parameter.
    func requireOnly(_ names: Set<String>) throws(APIError) {
        for (name, _) in self where !names.contains(String(name)) {
            throw .invalid(String(name), "unknown query parameter '\(name)'")
        }
    }
}
