"""Keeps Strands Agents sessions in an AgentSessions server.

```python
from strands import Agent
from agent_sessions.strands import AgentSessionsSessionManager

agent = Agent(model=model, session_manager=AgentSessionsSessionManager("chat-1", base_url="http://127.0.0.1:8080"))
```

How Strands maps onto the server:

- A Strands session is a server session with the same id; the Strands ``Session`` record is
  kept in its metadata (``strands_session``). It is created race-free (``PUT``), so processes
  starting on one new session id share it.
- Each agent of the session is a child session (``parent_id`` the Strands session, ``agent``
  the agent id), with the id ``<session id>:<agent id>`` (or a digest when that is not a valid
  id); the ``SessionAgent`` record (state, conversation manager state, internal state) is its
  state key ``strands_agent``. Deleting the Strands session deletes its agents.
- Each message is one item of its agent's session, the ``SessionMessage`` record (with its
  ``message_id``) as the item's content. ``list_messages`` reads them in the order they were
  stored, which is the order of their ids for one writer, paging on the server with
  ``offset`` and ``limit``.
- Items cannot be changed, so ``update_message`` (a guardrail's redaction) keeps the updated
  record in the agent session's state (``strands_message.<id>``), which replaces the item's
  content whenever it is read; the original item stays, as the original message stays in a
  redacted Strands record.
- Multi-agent state (a graph's or swarm's) is the Strands session's state key
  ``strands_multi_agent.<id>``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

try:
    from strands.session.repository_session_manager import RepositorySessionManager
    from strands.session.session_repository import SessionRepository
    from strands.types.exceptions import SessionException
    from strands.types.session import Session, SessionAgent, SessionMessage, SessionType
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError('agent_sessions.strands needs Strands Agents: pip install "agent-sessions[strands]"') from error

from ._client import Client
from ._errors import NotFound
from ._models import JSON, Item
from ._models import Session as StoredSession

if TYPE_CHECKING:
    from strands.multiagent.base import MultiAgentBase

__all__ = ["AgentSessionsRepository", "AgentSessionsSessionManager", "agent_session_id"]

SESSION_KEY = "strands_session"
AGENT_KEY = "strands_agent"
MESSAGE_PREFIX = "strands_message."
MULTI_AGENT_PREFIX = "strands_multi_agent."

_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")


def agent_session_id(session_id: str, agent_id: str) -> str:
    """The id of the server session that holds an agent of a Strands session."""
    readable = f"{session_id}:{agent_id}"
    if _ID.fullmatch(readable):
        return readable
    digest = hashlib.sha256(f"{session_id}\0{agent_id}".encode()).hexdigest()
    return f"strands-agent-{digest}"


class AgentSessionsRepository(SessionRepository):
    """A Strands ``SessionRepository`` whose sessions, agents and messages live in an
    AgentSessions server.

    Give it a ``client`` to share connections, or the server's ``base_url`` and ``api_key``
    (defaulting to ``AGENT_SESSIONS_URL`` and ``AGENT_SESSIONS_API_KEY``); ``app`` picks the
    app on a server without API keys; ``timeout``, ``retries`` and ``backoff`` are the
    client's. ``user_id`` and ``metadata`` are recorded on the sessions it creates.
    """

    def __init__(
        self,
        client: Client | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        app: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        user_id: str | None = None,
        metadata: Mapping[str, JSON] | None = None,
    ) -> None:
        self._owns_client = client is None
        self.client = client or Client(base_url, api_key, app=app, timeout=timeout, retries=retries, backoff=backoff)
        self._user_id = user_id
        self._metadata = dict(metadata or {})

    def close(self) -> None:
        """Closes the client, if this repository made it."""
        if self._owns_client:
            self.client.close()

    # Sessions

    def create_session(self, session: Session, **kwargs: Any) -> Session:
        """Creates the session, or answers the stored one when another process created it first."""
        stored, created = self.client.get_or_create_session(
            session.session_id,
            user_id=self._user_id,
            metadata={**self._metadata, SESSION_KEY: session.to_dict()},
        )
        return session if created else _strands_session(stored)

    def read_session(self, session_id: str, **kwargs: Any) -> Session | None:
        """The session, or ``None`` when there is none."""
        try:
            return _strands_session(self.client.get_session(session_id))
        except NotFound:
            return None

    def delete_session(self, session_id: str, **kwargs: Any) -> None:
        """Deletes the session with its agents and messages."""
        try:
            self.client.delete_session(session_id)
        except NotFound as error:
            raise SessionException(f"Session {session_id} does not exist") from error

    # Agents

    def create_agent(self, session_id: str, session_agent: SessionAgent, **kwargs: Any) -> None:
        """Creates the agent's session (or, when it exists, replaces its record)."""
        record = {AGENT_KEY: session_agent.to_dict()}
        child_id = agent_session_id(session_id, session_agent.agent_id)
        try:
            stored, created = self.client.get_or_create_session(
                child_id,
                user_id=self._user_id,
                agent=session_agent.agent_id,
                parent_id=session_id,
                state=record,
                metadata=self._metadata,
            )
        except NotFound as error:
            raise SessionException(f"Session {session_id} does not exist") from error
        _check_agent(stored, session_id, session_agent.agent_id)
        if not created:
            self.client.update_session(child_id, state=record)

    def read_agent(self, session_id: str, agent_id: str, **kwargs: Any) -> SessionAgent | None:
        """The agent's record, or ``None`` when it has none."""
        try:
            stored = self.client.get_session(agent_session_id(session_id, agent_id))
        except NotFound:
            return None
        _check_agent(stored, session_id, agent_id)
        record = stored.state.get(AGENT_KEY)
        return SessionAgent.from_dict(record) if isinstance(record, dict) else None

    def update_agent(self, session_id: str, session_agent: SessionAgent, **kwargs: Any) -> None:
        """Replaces the agent's record, keeping its creation time."""
        previous = self.read_agent(session_id, session_agent.agent_id)
        if previous is None:
            raise SessionException(f"Agent {session_agent.agent_id} in session {session_id} does not exist")
        session_agent.created_at = previous.created_at
        self.client.update_session(
            agent_session_id(session_id, session_agent.agent_id), state={AGENT_KEY: session_agent.to_dict()}
        )

    # Messages

    def create_message(self, session_id: str, agent_id: str, session_message: SessionMessage, **kwargs: Any) -> None:
        """Appends the message to its agent's session."""
        try:
            self.client.append_items(agent_session_id(session_id, agent_id), [session_message.to_dict()])
        except NotFound as error:
            raise SessionException(f"Agent {agent_id} in session {session_id} does not exist") from error

    def read_message(self, session_id: str, agent_id: str, message_id: int, **kwargs: Any) -> SessionMessage | None:
        """The message with this id (the last stored, if several), or ``None``."""
        child_id = agent_session_id(session_id, agent_id)
        try:
            stored = self.client.get_session(child_id)
            # For one writer, message k is the item after k; otherwise look through them all.
            items = self.client.get_items(child_id, after=message_id, limit=1)
            if not items or items[0].content.get("message_id") != message_id:
                items = self.client.get_items(child_id)
        except NotFound:
            return None
        matching = [item for item in items if item.content.get("message_id") == message_id]
        if not matching:
            return None
        return _message(matching[-1], stored.state)

    def update_message(self, session_id: str, agent_id: str, session_message: SessionMessage, **kwargs: Any) -> None:
        """Keeps the updated message (a redaction) beside the item it replaces when read."""
        previous = self.read_message(session_id, agent_id, session_message.message_id)
        if previous is None:
            raise SessionException(f"Message {session_message.message_id} does not exist")
        session_message.created_at = previous.created_at
        self.client.update_session(
            agent_session_id(session_id, agent_id),
            state={f"{MESSAGE_PREFIX}{session_message.message_id}": session_message.to_dict()},
        )

    def list_messages(
        self, session_id: str, agent_id: str, limit: int | None = None, offset: int = 0, **kwargs: Any
    ) -> list[SessionMessage]:
        """The agent's messages in the order they were stored, from ``offset``, at most ``limit``."""
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit must be 0 or more")
        child_id = agent_session_id(session_id, agent_id)
        try:
            stored = self.client.get_session(child_id)
            if limit == 0:
                return []
            # Items are numbered from 1 and this repository never removes one, so the message
            # at offset k is the item after k. When the numbers read have gaps (items removed
            # by another client), the offset is counted over all the items instead; a gap
            # before the offset alone goes unseen.
            items = self.client.get_items(child_id, after=offset, limit=limit)
            if [item.seq for item in items] != list(range(offset + 1, offset + 1 + len(items))):
                everything = self.client.get_items(child_id)
                items = everything[offset:] if limit is None else everything[offset : offset + limit]
        except NotFound as error:
            raise SessionException(f"Agent {agent_id} in session {session_id} does not exist") from error
        return [_message(item, stored.state) for item in items]

    # Multi-agent state

    def create_multi_agent(self, session_id: str, multi_agent: MultiAgentBase, **kwargs: Any) -> None:
        """Records a graph's or swarm's state in the session."""
        try:
            self.client.update_session(
                session_id, state={f"{MULTI_AGENT_PREFIX}{multi_agent.id}": multi_agent.serialize_state()}
            )
        except NotFound as error:
            raise SessionException(f"Session {session_id} does not exist") from error

    def read_multi_agent(self, session_id: str, multi_agent_id: str, **kwargs: Any) -> dict[str, Any] | None:
        """A graph's or swarm's state, or ``None``."""
        try:
            state = self.client.get_session(session_id).state
        except NotFound:
            return None
        value = state.get(f"{MULTI_AGENT_PREFIX}{multi_agent_id}")
        return cast(dict[str, Any], value) if isinstance(value, dict) else None

    def update_multi_agent(self, session_id: str, multi_agent: MultiAgentBase, **kwargs: Any) -> None:
        """Replaces a graph's or swarm's state."""
        if self.read_multi_agent(session_id, multi_agent.id) is None:
            raise SessionException(f"MultiAgent state {multi_agent.id} in session {session_id} does not exist")
        self.create_multi_agent(session_id, multi_agent)


class AgentSessionsSessionManager(RepositorySessionManager):
    """A Strands session manager over :class:`AgentSessionsRepository`: pass it as an
    ``Agent``'s ``session_manager``. The keyword arguments are the repository's."""

    def __init__(
        self,
        session_id: str,
        repository: AgentSessionsRepository | None = None,
        *,
        client: Client | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        app: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        user_id: str | None = None,
        metadata: Mapping[str, JSON] | None = None,
        **kwargs: Any,
    ) -> None:
        self.repository = repository or AgentSessionsRepository(
            client,
            base_url=base_url,
            api_key=api_key,
            app=app,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            user_id=user_id,
            metadata=metadata,
        )
        super().__init__(session_id=session_id, session_repository=self.repository, **kwargs)

    def close(self) -> None:
        """Closes the repository's client, if it made it."""
        self.repository.close()


def _strands_session(stored: StoredSession) -> Session:
    record = stored.metadata.get(SESSION_KEY)
    if isinstance(record, dict):
        return Session.from_dict(record)
    # A session made by other means: Strands continues it all the same.
    return Session(
        session_id=stored.id,
        session_type=SessionType.AGENT,
        created_at=stored.created_at.isoformat(),
        updated_at=stored.updated_at.isoformat(),
    )


def _check_agent(stored: StoredSession, session_id: str, agent_id: str) -> None:
    """Refuses a server session that is not this agent's (two readable ids that clash)."""
    if stored.agent != agent_id or stored.parent_id != session_id:
        raise SessionException(
            f"Server session {stored.id} belongs to agent {stored.agent!r} of session {stored.parent_id!r}, "
            f"not to agent {agent_id!r} of session {session_id!r}"
        )


def _message(item: Item, state: Mapping[str, JSON]) -> SessionMessage:
    updated = state.get(f"{MESSAGE_PREFIX}{item.content.get('message_id')}")
    return SessionMessage.from_dict(updated if isinstance(updated, dict) else item.content)
