"""Keeps OpenAI Agents SDK sessions in an AgentSessions server.

```python
from agents import Agent, Runner
from agent_sessions.openai_agents import AgentSessionsSession

session = AgentSessionsSession("user-42", base_url="http://127.0.0.1:8080")
result = await Runner.run(agent, "Hello", session=session)
```

Each SDK item (a message, a tool call, a tool result, …) is one item of the server's session,
kept exactly as the SDK wrote it, under an item id of its own (a random one, made when it is
added), so that a retried ``add_items`` stores nothing twice. The session is created on its
first write (race-free across processes: the server's ``PUT /v1/sessions/{id}``), unless a read
of this session object already found it; reading, popping or clearing a session that does not
exist yet answers as an empty one would.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import cast

try:
    from agents.items import TResponseInputItem
    from agents.memory.session import SessionABC
    from agents.memory.session_settings import SessionSettings, resolve_session_limit
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        'agent_sessions.openai_agents needs the OpenAI Agents SDK: pip install "agent-sessions[openai-agents]"'
    ) from error

from ._async_client import AsyncClient
from ._errors import NotFound
from ._models import JSON, Compaction, NewItem

__all__ = ["AgentSessionsSession"]


class AgentSessionsSession(SessionABC):
    """An OpenAI Agents SDK ``Session`` whose history lives in an AgentSessions server.

    Give it a ``client`` to share connections between sessions, or the server's
    ``base_url`` and ``api_key`` (defaulting to ``AGENT_SESSIONS_URL`` and
    ``AGENT_SESSIONS_API_KEY``). ``user_id``, ``agent`` and ``metadata`` are recorded when the
    session is created. ``session_settings.limit`` bounds what ``get_items`` reads by default.

    With ``view=True``, ``get_items`` returns the model's view instead of the raw history: the
    summaries of the session's compactions in place of the items they stand for, then the items
    after them, fitted to ``max_tokens`` when given (older tool results elided, then the oldest
    items dropped). Store a summary with ``compact``; the raw items are never removed.
    """

    def __init__(
        self,
        session_id: str,
        client: AsyncClient | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        app: str | None = None,
        user_id: str | None = None,
        agent: str | None = None,
        metadata: Mapping[str, JSON] | None = None,
        session_settings: SessionSettings | None = None,
        view: bool = False,
        max_tokens: int | None = None,
    ) -> None:
        self.session_id = session_id
        self.session_settings = session_settings or SessionSettings()
        self._owns_client = client is None
        self._client = client or AsyncClient(base_url, api_key, app=app)
        self._user_id = user_id
        self._agent = agent
        self._metadata = metadata
        self._exists = False
        self._view = view
        self._max_tokens = max_tokens

    @property
    def client(self) -> AsyncClient:
        """The client this session calls the server through."""
        return self._client

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        """The history, oldest first: all of it, or the last ``limit`` items (the model's view
        of it with ``view=True``)."""
        effective = resolve_session_limit(limit, self.session_settings)
        if self._view:
            items, _ = await self.context_items()
            return items[-effective:] if effective is not None else items
        try:
            contents = await self._client._item_contents(self.session_id, limit=effective)
        except NotFound:
            self._exists = False
            return []
        self._exists = True
        return cast(list[TResponseInputItem], contents)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Appends items atomically, creating the session on its first write.

        Each item gets a new random item id, which a retry of the append sends again: the
        server stores an item once per id, so the append needs no ``Idempotency-Key``.
        """
        if not items:
            return
        batch = [NewItem(cast(dict[str, JSON], item), item_id=uuid.uuid4().hex) for item in items]
        if not self._exists:
            await self._create()
        try:
            await self._client.append_items(self.session_id, batch)
        except NotFound:
            # Deleted by someone else since it was created or read here: create it again.
            await self._create()
            await self._client.append_items(self.session_id, batch)

    async def context_items(self, max_tokens: int | None = None) -> tuple[list[TResponseInputItem], int]:
        """The model's view (``max_tokens`` defaults to the session's), and the sequence number
        of the last raw item it was read through: give it to ``compact`` as ``through``, so that
        a summary made from these items never covers one appended since."""
        try:
            view = await self._client.context(self.session_id, max_tokens=max_tokens or self._max_tokens)
        except NotFound:
            self._exists = False
            return [], 0
        self._exists = True
        last = max([entry.seq or entry.last_seq or 0 for entry in view.items], default=0)
        return cast(list[TResponseInputItem], view.messages), last

    async def compact(self, summary: Mapping[str, JSON], *, through: int) -> Compaction:
        """Stores ``summary`` (an input item, such as a system message) in place of the items up
        to ``through`` in the model's view; the raw items stay. Without an earlier compaction it
        stands for everything from the first item, else it replaces the latest one."""
        return await self._client.compact(self.session_id, summary, through=through)

    async def pop_item(self) -> TResponseInputItem | None:
        """Removes and returns the last item, or ``None`` when the history is empty."""
        try:
            item = await self._client.pop_item(self.session_id)
        except NotFound:
            self._exists = False
            return None
        self._exists = True
        return cast(TResponseInputItem, item.content) if item is not None else None

    async def clear_session(self) -> None:
        """Removes every item; the session itself stays."""
        try:
            await self._client.clear_items(self.session_id)
        except NotFound:
            self._exists = False
            return
        self._exists = True

    async def close(self) -> None:
        """Closes the client, if this session made it."""
        if self._owns_client:
            await self._client.close()

    async def _create(self) -> None:
        await self._client.get_or_create_session(
            self.session_id, user_id=self._user_id, agent=self._agent, metadata=self._metadata
        )
        self._exists = True
