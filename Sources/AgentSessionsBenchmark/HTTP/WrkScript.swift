/// The Lua scripts that make `wrk` send the HTTP steps' requests: each thread walks the
/// sessions `bench-0` … `bench-(n-1)` round-robin from its own starting point.
enum WrkScript {
    /// The script of a step.
    /// - Parameters:
    ///   - step: The step.
    ///   - itemBody: The item that appends send.
    ///   - offset: Where the first thread starts (others 997 sessions further on each), so that
    ///     several `wrk` processes at once start apart. Defaults to 0.
    ///   - idempotencyKeys: Whether each append carries an `Idempotency-Key` of its own, as
    ///     `HTTPSessionStore`'s appends do (the server then records each). Defaults to `false`.
    static func text(for step: HTTPStep, itemBody: String, offset: Int = 0, idempotencyKeys: Bool = false) -> String {
        let request: String
        switch step {
        case .h1:
            let key = idempotencyKeys ? #"  headers["Idempotency-Key"] = "wrk-" .. first .. "-" .. sent"# : ""
            request = """
                local body = '{"content":' .. [==[\(itemBody)]==] .. '}'
                local headers = {["Content-Type"] = "application/json"}
                local sent = 0
                request = function()
                  counter = (counter + 1) % sessions
                  sent = sent + 1
                \(key)
                  return wrk.format("POST", "/v1/sessions/bench-" .. counter .. "/items", headers, body)
                end
                """
        case .h2:
            request = """
                request = function()
                  counter = (counter + 1) % sessions
                  return wrk.format("GET", "/v1/sessions/bench-" .. counter .. "/items?limit=20")
                end
                """
        }
        return """
            local threads = 0
            setup = function(thread)
              thread:set("first", \(offset) + threads * 997)
              threads = threads + 1
            end
            sessions = \(step.sessionCount)
            counter = 0
            init = function(args)
              counter = (first or 0) % sessions
            end
            \(request)

            """
    }
}
