"""Keeps Google ADK sessions in an AgentSessions server.

```python
from google.adk.runners import Runner
from agent_sessions.google_adk import AgentSessionsSessionService

runner = Runner(agent=agent, app_name="weather", session_service=AgentSessionsSessionService(base_url="http://127.0.0.1:8080"))
```

How ADK maps onto the server:

- An ADK session is a server session with the same id, its ``user_id`` the ADK user. The ADK
  ``app_name`` is recorded in the session's metadata (``adk_app_name``). On a server in open
  mode (no API keys) it is also the server's app (``?app=``), so each ADK app has its own
  sessions and its own ``app:`` state. With an API key the key's app holds the sessions: use
  one key per ADK app, since ``app:`` state is shared by the key's app; a session recorded for
  another ``app_name`` (or another user) reads as missing, as in ADK.
- Each ADK ``Event`` is one item, its JSON as ADK's own database services write it
  (``model_dump_json(exclude_none=True)``), with the event's id as the item id; reading it back
  gives an equal ``Event``. Partial (streamed) events are not stored, as in ADK.
- State: the server shares ``app:`` keys across the app's sessions and ``user:`` keys across
  the user's sessions, and never stores ``temp:`` keys, exactly ADK's scopes, so an event's
  ``state_delta`` is sent as it is and the server's merged state is the ADK session's state.
- Staleness: a session object carries the server version it was read at. ``append_event``
  first writes the event's state delta with ``If-Match`` on that version, so a session object
  older than the stored session raises ADK's ``StaleSessionError`` and stores nothing; then it
  appends the event.
- Event compaction (``EventsCompactionConfig``): ADK's compaction event is stored like any
  event, and also recorded as the server's own compaction: its summary (``compacted_content``)
  standing for the items of the events it compacted, so the server's model view
  (``GET …/context``), exports and the inspector show it. No item is removed; ADK goes on
  reading its events and applying its compactions itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

try:
    from google.adk.errors import StaleSessionError
    from google.adk.errors.already_exists_error import AlreadyExistsError
    from google.adk.errors.session_not_found_error import SessionNotFoundError
    from google.adk.events.event import Event
    from google.adk.events.event_actions import EventCompaction
    from google.adk.sessions import BaseSessionService, Session, State
    from google.adk.sessions.base_session_service import GetSessionConfig, ListSessionsResponse
    from pydantic_core import to_jsonable_python
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        'agent_sessions.google_adk needs Google ADK: pip install "agent-sessions[google-adk]"'
    ) from error

import httpx

from ._async_client import AsyncClient
from ._errors import Conflict, NotFound, VersionConflict
from ._models import JSON, Item, NewItem
from ._models import Session as StoredSession
from ._transport import Settings

__all__ = ["APP_NAME_KEY", "AgentSessionsSessionService"]

APP_NAME_KEY = "adk_app_name"
"""The metadata key that records a session's ADK ``app_name``."""

_STALE = (
    "The session object (read at version {seen}) is older than the stored session {id}: another "
    "writer changed it since. Reload it with get_session before appending more events."
)


class AgentSessionsSessionService(BaseSessionService):
    """A Google ADK ``BaseSessionService`` whose sessions live in an AgentSessions server.

    Give it a ``client`` (whose app or API key then holds every ADK app's sessions), or the
    server's ``base_url`` and ``api_key`` (defaulting to ``AGENT_SESSIONS_URL`` and
    ``AGENT_SESSIONS_API_KEY``); ``timeout``, ``retries`` and ``backoff`` are the client's.
    Without an API key each ADK ``app_name`` is the server's app.
    """

    def __init__(
        self,
        client: AsyncClient | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
    ) -> None:
        self._client = client
        self._settings = Settings.make(base_url, api_key, None, timeout, retries, backoff)
        self._http: httpx.AsyncClient | None = None
        self._clients: dict[str | None, AsyncClient] = {}

    def client(self, app_name: str) -> AsyncClient:
        """The client that reaches the sessions of an ADK app."""
        if self._client is not None:
            return self._client
        # With an API key the key decides the app; without, the ADK app is the server's app.
        app = None if self._settings.api_key else app_name
        existing = self._clients.get(app)
        if existing is not None:
            return existing
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self._settings.timeout)
        made = AsyncClient(
            self._settings.base_url,
            self._settings.api_key,
            app=app,
            timeout=self._settings.timeout,
            retries=self._settings.retries,
            backoff=self._settings.backoff,
            http_client=self._http,
        )
        self._clients[app] = made
        return made

    async def close(self) -> None:
        """Closes the connections this service opened (not those of a given ``client``)."""
        if self._http is not None:
            await self._http.aclose()
            self._http = None
            self._clients.clear()

    async def create_session(
        self,
        *,
        app_name: str,
        user_id: str,
        state: dict[str, Any] | None = None,
        session_id: str | None = None,
    ) -> Session:
        """Creates a session; ``AlreadyExistsError`` when its id is taken in the app."""
        session_id = session_id.strip() if session_id else None
        try:
            stored = await self.client(app_name).create_session(
                session_id or None,
                user_id=user_id,
                state=_json_state(state or {}),
                metadata={APP_NAME_KEY: app_name},
            )
        except Conflict as error:
            raise AlreadyExistsError(f"Session with id {session_id} already exists.") from error
        return _adk_session(stored, app_name, [])

    async def get_session(
        self,
        *,
        app_name: str,
        user_id: str,
        session_id: str,
        config: GetSessionConfig | None = None,
    ) -> Session | None:
        """The session with its events (all, or as ``config`` narrows them), or ``None``."""
        client = self.client(app_name)
        stored = await self._stored(client, app_name, user_id, session_id)
        if stored is None:
            return None
        recent = config.num_recent_events if config else None
        after = config.after_timestamp if config else None
        items: list[Item] = []
        if recent != 0:
            try:
                # A limit alone reads the last items; a time bound needs them all (the server
                # pages by sequence number, not by an event's timestamp).
                items = await client.get_items(stored.id, limit=recent if after is None else None)
            except NotFound:
                return None
        # Items appended after the session was read belong to a later version.
        events = [Event.model_validate(item.content) for item in items if item.seq <= stored.last_sequence]
        if after is not None:
            events = [event for event in events if event.timestamp >= after]
            if recent is not None:
                events = events[-recent:]
        return _adk_session(stored, app_name, events)

    async def list_sessions(self, *, app_name: str, user_id: str | None = None) -> ListSessionsResponse:
        """The app's sessions (of one user, or of all), least recently updated first, without events."""
        client = self.client(app_name)
        sessions: list[Session] = []
        cursor: str | None = None
        while True:
            page = await client.list_sessions(user=user_id, limit=1000, cursor=cursor)
            sessions += [
                _adk_session(stored, app_name, [])
                for stored in page.sessions
                if stored.metadata.get(APP_NAME_KEY) == app_name and stored.parent_id is None
            ]
            cursor = page.next_cursor
            if cursor is None:
                break
        sessions.sort(key=lambda session: (session.last_update_time, session.user_id, session.id))
        return ListSessionsResponse(sessions=sessions)

    async def delete_session(self, *, app_name: str, user_id: str, session_id: str) -> None:
        """Deletes the session with its events; nothing happens when there is none."""
        client = self.client(app_name)
        stored = await self._stored(client, app_name, user_id, session_id)
        if stored is None:
            return
        try:
            await client.delete_session(stored.id)
        except NotFound:
            return

    async def get_user_state(self, *, app_name: str, user_id: str) -> dict[str, Any]:
        """The user's ``user:`` state, without the prefix, as any of the user's sessions sees it."""
        page = await self.client(app_name).list_sessions(user=user_id, limit=1)
        if not page.sessions:
            return {}
        return {
            key.removeprefix(State.USER_PREFIX): value
            for key, value in page.sessions[0].state.items()
            if key.startswith(State.USER_PREFIX)
        }

    async def append_event(self, session: Session, event: Event) -> Event:
        """Stores the event and its state delta, then applies them to ``session``.

        Raises ADK's ``StaleSessionError`` when ``session`` is older than the stored session,
        and ``SessionNotFoundError`` when the session is gone.
        """
        if event.partial:
            return event
        self._apply_temp_state(session, event)
        event = self._trim_temp_delta_state(event)
        client = self.client(session.app_name)
        seen = await self._version_of(client, session)
        delta = _json_state(event.actions.state_delta) if event.actions and event.actions.state_delta else {}
        content: dict[str, JSON] = json.loads(event.model_dump_json(exclude_none=True))
        try:
            # The If-Match write is the check: it fails, storing nothing, when anyone wrote since.
            claimed = await client.update_session(session.id, state=delta, expected_version=seen)
        except VersionConflict as error:
            raise StaleSessionError(_STALE.format(seen=seen, id=session.id)) from error
        except NotFound as error:
            raise SessionNotFoundError(f"Session {session.id} not found.") from error
        try:
            item = NewItem(content, item_id=event.id or None, tokens=_event_tokens(event))
            await client.append_items(session.id, [item])
        except NotFound as error:
            raise SessionNotFoundError(f"Session {session.id} not found.") from error
        # The append is one more write (also when the event was stored already, by a retry):
        # if anyone else wrote in between, the next append's If-Match finds the session stale.
        _set_version(session, claimed.version + 1)
        session.last_update_time = claimed.updated_at.timestamp()
        if event.actions and event.actions.compaction:
            await self._record_compaction(client, session.id, event.actions.compaction)
        return self._commit_event_to_session(session, event)

    @staticmethod
    async def _record_compaction(client: AsyncClient, session_id: str, compaction: EventCompaction) -> None:
        """Records ADK's compaction as the server's: a summary standing for the items of the
        events from its start to its end timestamp (a compaction stores no item, so the
        session's version, which staleness checks read, does not move)."""
        covered = [
            item.seq
            for item in await client.get_items(session_id)
            if compaction.start_timestamp <= float(item.content.get("timestamp", -1)) <= compaction.end_timestamp
        ]
        if not covered:
            return
        summary = json.loads(compaction.compacted_content.model_dump_json(exclude_none=True))
        try:
            await client.compact(session_id, summary, first=covered[0], through=covered[-1])
        except Conflict:
            # The server holds a compaction reaching as far already (a retried event), or the
            # range would part a tool call from its result: ADK's own event still records the
            # compaction, and the server's view keeps those items raw.
            return

    async def _stored(self, client: AsyncClient, app_name: str, user_id: str, session_id: str) -> StoredSession | None:
        """The stored session, or ``None`` when there is none for this ADK app and user."""
        try:
            stored = await client.get_session(session_id.strip())
        except NotFound:
            return None
        if stored.metadata.get(APP_NAME_KEY) != app_name or (stored.user_id or "") != user_id:
            return None
        return stored

    async def _version_of(self, client: AsyncClient, session: Session) -> int:
        """The server version ``session`` reflects; ``StaleSessionError`` when that cannot be
        the stored one (a session object this service did not make, behind the stored one)."""
        marker = _version(session)
        if marker is not None:
            return marker
        try:
            stored = await client.get_session(session.id)
            last = await client.get_items(session.id, limit=1)
        except NotFound as error:
            raise SessionNotFoundError(f"Session {session.id} not found.") from error
        last_id = last[0].item_id if last else None
        expected_id = session.events[-1].id if session.events else None
        if last_id != expected_id:
            raise StaleSessionError(_STALE.format(seen="unknown", id=session.id))
        return stored.version


def _event_tokens(event: Event) -> int | None:
    """The tokens the model reported for the event's own content (``candidates_token_count``
    of its ``usage_metadata``), which the server stores as the item's count; ``None`` for events
    without usage (the user's, tools'), which the server estimates."""
    usage = event.usage_metadata
    count = usage.candidates_token_count if usage is not None else None
    return min(max(count, 0), 2_147_483_647) if count is not None else None


def _json_state(state: Mapping[str, Any]) -> dict[str, JSON]:
    """State as JSON values (ADK allows any value that pydantic can write as JSON)."""
    converted = to_jsonable_python(dict(state), fallback=str)
    assert isinstance(converted, dict)
    return converted


def _adk_session(stored: StoredSession, app_name: str, events: list[Event]) -> Session:
    session = Session(
        id=stored.id,
        app_name=app_name,
        user_id=stored.user_id or "",
        state=dict(stored.state),
        events=events,
        last_update_time=stored.updated_at.timestamp(),
    )
    _set_version(session, stored.version)
    return session


_MARKER = "agent-sessions:"


def _set_version(session: Session, version: int) -> None:
    # ADK's own storage revision marker, a private attribute meant for this check.
    session._storage_update_marker = f"{_MARKER}{version}"


def _version(session: Session) -> int | None:
    marker = session._storage_update_marker
    if marker is None or not marker.startswith(_MARKER):
        return None
    return int(marker.removeprefix(_MARKER))
