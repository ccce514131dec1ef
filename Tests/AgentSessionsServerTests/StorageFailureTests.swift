import AgentSessions
import AgentSessionsServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Storage failures answer 503 (or 500) without the store's message, which may name a file.
@Suite struct StorageFailureTests {
    @Test func anUnavailableStoreIs503WithoutDetails() async throws {
        let error = SessionStoreError(.unavailable, "disk I/O error in /var/lib/agent/sessions.sqlite")
        try await TestAPI(store: FailingSessionStore(error: error)).test { api in
            let responses = [
                try await api.send(.get, "/v1/sessions/s1"),
                try await api.send(.post, "/v1/sessions", "{}"),
                try await api.send(.get, "/v1/stats"),
            ]
            for response in responses {
                #expect(response.status == .serviceUnavailable)
                #expect(response.errorCode == "unavailable")
                #expect(!response.text.contains("/var/lib"))
            }
        }
    }

    @Test func corruptedDataIs500WithoutDetails() async throws {
        let error = SessionStoreError(.corrupted, "row 12 of /var/lib/agent/sessions.sqlite is not JSON")
        try await TestAPI(store: FailingSessionStore(error: error)).test { api in
            let response = try await api.send(.get, "/v1/sessions/s1/items")
            #expect(response.status == .internalServerError)
            #expect(response.errorCode == "corrupted")
            #expect(!response.text.contains("/var/lib"))
        }
    }
}
