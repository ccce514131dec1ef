/// A session as a SQL store reads it from its row: its own state, with the texts of its JSON columns (so an
/// update can write back what it did not change without encoding it again) and the shared
/// state of its app and user.
package struct StoredSession: Sendable {
    /// The session, with its own state only.
    package var session: Session
    package var stateText: String
    package var metadataText: String
    package var historyText: String
    /// The app's `app:` keys, if the app has any.
    package var appState: JSONObject?
    /// The user's `user:` keys, if the user has any.
    package var userState: JSONObject?

    /// Creates a stored session from its parts.
    package init(
        session: Session,
        stateText: String,
        metadataText: String,
        historyText: String,
        appState: JSONObject?,
        userState: JSONObject?
    ) {
        self.session = session
        self.stateText = stateText
        self.metadataText = metadataText
        self.historyText = historyText
        self.appState = appState
        self.userState = userState
    }

    /// A new session's stored form, with the texts of its JSON columns and no shared state yet.
    package init(new session: Session) {
        self.init(
            session: session,
            stateText: StoredJSON.text(session.state),
            metadataText: StoredJSON.text(session.metadata),
            historyText: StoredJSON.text(session.phaseHistory),
            appState: nil,
            userState: nil
        )
    }

    /// The session as callers see it: own state with the shared keys merged in.
    package var merged: Session {
        var merged = session
        merged.state = StateScope.merged(session: session.state, app: appState, user: userState)
        return merged
    }

    /// Merges the shared part of a state delta into ``appState`` and ``userState`` (which must
    /// be current).
    /// - Returns: The texts to store for the app's and the user's state; `nil` for a scope the
    ///   delta leaves alone.
    package mutating func mergeShared(_ delta: SharedStateDelta) -> (app: String?, user: String?) {
        var texts: (app: String?, user: String?) = (nil, nil)
        if !delta.app.isEmpty {
            var state = appState ?? [:]
            state.merge(patch: delta.app)
            texts.app = StoredJSON.text(state)
            appState = state
        }
        if !delta.user.isEmpty {
            var state = userState ?? [:]
            state.merge(patch: delta.user)
            texts.user = StoredJSON.text(state)
            userState = state
        }
        return texts
    }

    /// Records the texts of the JSON columns an update changed, comparing with the stored
    /// session, then takes the updated session.
    package mutating func take(_ updated: Session, changing update: SessionUpdate) {
        if update.state != nil { stateText = StoredJSON.text(updated.state) }
        if update.metadata != nil { metadataText = StoredJSON.text(updated.metadata) }
        if updated.phaseHistory.count != session.phaseHistory.count {
            historyText = StoredJSON.text(updated.phaseHistory)
        }
        session = updated
    }
}
