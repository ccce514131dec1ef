"""The asynchronous client: the same calls as ``Client``, awaited."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import TypeVar

import httpx

from . import _calls as calls
from ._calls import Call
from ._direct import DirectRequests
from ._errors import Unavailable, error_for
from ._fast_transport import default_transport
from ._models import (
    JSON,
    ChatReply,
    Compaction,
    Item,
    ModelContext,
    NewItem,
    ResumeDecision,
    Session,
    SessionEvent,
    SessionPage,
    SessionTokens,
    Statistics,
)
from ._sse import EventReader
from ._transport import Settings, read_answer

T = TypeVar("T")


class AsyncClient:
    """Calls an AgentSessions server over HTTP, from asyncio.

    ```python
    from agent_sessions import AsyncClient

    async with AsyncClient("http://127.0.0.1:8080") as client:
        session, _ = await client.get_or_create_session("chat-1", user_id="ana")
        await client.append_items(session.id, [{"role": "user", "content": "Hello"}])
        print([item.content for item in await client.get_items(session.id, limit=20)])
    ```

    ``base_url`` and ``api_key`` default to ``AGENT_SESSIONS_URL`` (else
    ``http://127.0.0.1:8080``) and ``AGENT_SESSIONS_API_KEY``. ``app`` picks the app on a
    server without API keys. Every call is bounded by ``timeout`` seconds. Reads, ``PUT``,
    creating calls (which carry an ``Idempotency-Key`` that a retry reuses, so nothing is
    stored twice) and appends whose every item has an id (which the server stores once) are
    retried ``retries`` times on a connection error or a 503, with exponential back-off from
    ``backoff`` seconds; nothing else is retried. Failures raise
    ``AgentSessionsError`` subclasses carrying the server's code, message, field and status.

    Without ``http_client``, an ``http://`` server is reached through ``FastTransport``, an
    HTTP/1.1 transport on asyncio streams several times cheaper per call than httpx's default
    (see its docstring); ``https://`` servers, and servers the environment's proxy settings
    route through a proxy, get httpx's default transport. A given ``http_client`` is used as is.
    """

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        app: str | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._settings = Settings.make(base_url, api_key, app, timeout, retries, backoff)
        self._owns_http = http_client is None
        transport = default_transport(self._settings.base_url) if http_client is None else None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, transport=transport)
        self._http.headers.update(self._settings.headers())
        # Calls to a server reached through this client's own transport skip httpx's objects.
        self._direct = transport
        self._requests = DirectRequests(self._settings) if transport is not None else None

    @property
    def base_url(self) -> str:
        """The server's address."""
        return self._settings.base_url

    async def close(self) -> None:
        """Closes the connections, unless the HTTP client was given to ``__init__``."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    async def _run(self, call: Call[T]) -> T:
        """The value of the answer to ``call``, after the retries its rules allow.

        The request is encoded once: every retry sends the same bytes (the same
        ``Idempotency-Key``, the same item ids and content).
        """
        settings = self._settings
        direct, requests = self._direct, self._requests
        if direct is not None and requests is not None:
            head, body = requests.encode(call)
        else:
            arguments = settings.request(call)
        attempt = 0
        while True:
            try:
                if direct is not None and requests is not None:
                    status, content = await direct.call(requests.key, call.method, head, body, settings.timeout)
                else:
                    response = await self._http.request(**arguments)
                    status, content = response.status_code, response.content
            except httpx.HTTPError as error:
                delay = settings.retry_delay(call, attempt, None)
                if delay is None:
                    raise settings.connection_failure(error) from None
            else:
                delay = settings.retry_delay(call, attempt, status)
                if delay is None:
                    return read_answer(call, status, content)
            await asyncio.sleep(delay)
            attempt += 1

    # Sessions

    async def create_session(
        self,
        session_id: str | None = None,
        *,
        user_id: str | None = None,
        agent: str | None = None,
        parent_id: str | None = None,
        phase: str | None = None,
        resume_ready: bool | None = None,
        state: Mapping[str, JSON] | None = None,
        metadata: Mapping[str, JSON] | None = None,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        expires_at: datetime | str | None = None,
    ) -> Session:
        """Creates a session; the server generates the id when none is given. ``title`` is one
        line for people; ``tags`` are labels under the id rules, kept sorted and each once.

        Raises ``Conflict`` when the id is taken.
        """
        fields = calls.new_session_fields(
            user_id=user_id, agent=agent, parent_id=parent_id, phase=phase, resume_ready=resume_ready,
            state=state, metadata=metadata, title=title, tags=tags, expires_at=expires_at,
        )  # fmt: skip
        return await self._run(calls.create_session(session_id, fields))

    async def get_or_create_session(
        self,
        session_id: str,
        *,
        user_id: str | None = None,
        agent: str | None = None,
        parent_id: str | None = None,
        state: Mapping[str, JSON] | None = None,
        metadata: Mapping[str, JSON] | None = None,
    ) -> tuple[Session, bool]:
        """The session, created with these fields when it does not exist; and whether this
        call created it. Atomic across clients: of callers racing on one id, one creates it."""
        fields = calls.new_session_fields(
            user_id=user_id, agent=agent, parent_id=parent_id, state=state, metadata=metadata
        )
        return await self._run(calls.get_or_create_session(session_id, fields))

    async def get_session(self, session_id: str) -> Session:
        """The session; raises ``NotFound`` when there is none."""
        return await self._run(calls.get_session(session_id))

    async def update_session(
        self,
        session_id: str,
        *,
        phase: str | None = None,
        metadata: Mapping[str, JSON] | None = None,
        state: Mapping[str, JSON] | None = None,
        resume_ready: bool | None = None,
        error: str | None = None,
        expires_at: datetime | str | None = None,
        title: str | None = None,
        tags: Sequence[str] | None = None,
        expected_version: int | None = None,
    ) -> Session:
        """Changes a session: ``metadata`` is merged and ``state`` is a delta (a key set to
        ``None`` is removed); ``title`` sets the title (``""`` removes it) and ``tags`` replaces
        the tags (``[]`` removes them). With ``expected_version``, raises ``VersionConflict``
        when the session changed since that version."""
        return await self._run(
            calls.update_session(
                session_id, phase=phase, metadata=metadata, state=state, resume_ready=resume_ready,
                error=error, expires_at=expires_at, title=title, tags=tags, expected_version=expected_version,
            )  # fmt: skip
        )

    async def delete_session(self, session_id: str) -> int:
        """Deletes a session with its items and children; returns how many sessions went."""
        return await self._run(calls.delete_session(session_id))

    async def list_sessions(
        self,
        *,
        user: str | None = None,
        agent: str | None = None,
        parent: str | None = None,
        phase: str | None = None,
        active: bool | None = None,
        tags: Sequence[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> SessionPage:
        """One page of sessions, most recently active first, or in the ``sort`` order
        (``"-updated_at"``, ``"updated_at"``, ``"-created_at"``, ``"created_at"``; a cursor
        continues only the order it came from). ``tags``: sessions carrying all of them;
        ``metadata``: sessions whose metadata has each key with exactly that string value."""
        return await self._run(
            calls.list_sessions(
                user=user, agent=agent, parent=parent, phase=phase, active=active, tags=tags, metadata=metadata,
                sort=sort, limit=limit, cursor=cursor,
            )  # fmt: skip
        )

    async def count_sessions(
        self,
        *,
        user: str | None = None,
        agent: str | None = None,
        parent: str | None = None,
        phase: str | None = None,
        active: bool | None = None,
        tags: Sequence[str] | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> int:
        """How many sessions ``list_sessions`` with the same filters lists."""
        return await self._run(
            calls.count_sessions(
                user=user, agent=agent, parent=parent, phase=phase, active=active, tags=tags, metadata=metadata
            )
        )

    # Items

    async def get_items(self, session_id: str, *, limit: int | None = None, after: int | None = None) -> list[Item]:
        """Items oldest first: all, the last ``limit``, or with ``after`` the next ones after
        that sequence number."""
        return await self._run(calls.get_items(session_id, limit=limit, after=after))

    async def _item_contents(self, session_id: str, *, limit: int | None = None) -> list[dict[str, JSON]]:
        """``get_items``' contents alone, without making ``Item``s: the OpenAI adapter's read."""
        return await self._run(calls.item_contents(session_id, limit=limit, after=None))

    async def append_items(self, session_id: str, items: Sequence[NewItem | Mapping[str, JSON]]) -> list[int]:
        """Appends items (their content, or ``NewItem``s with ids) atomically; returns their
        sequence numbers.

        A retry stores nothing twice: the call carries an ``Idempotency-Key``, or, when every
        item has an id, none (the server keeps an id's item once, and answers its sequence
        number again; a key would cost it two more writes). Without a key, an item popped or
        cleared between an attempt and its retry is stored again by the retry."""
        return await self._run(calls.append_items(session_id, items))

    async def pop_item(self, session_id: str) -> Item | None:
        """Removes and returns the last item, or ``None`` when there is none."""
        return await self._run(calls.pop_item(session_id))

    async def clear_items(self, session_id: str) -> int:
        """Removes every item; returns how many."""
        return await self._run(calls.clear_items(session_id))

    async def fork(self, session_id: str, *, through: int | None = None, new_id: str | None = None) -> Session:
        """A new session with the items up to and including ``through`` (all by default)."""
        return await self._run(calls.fork(session_id, through=through, new_id=new_id))

    # Context management

    async def compact(
        self,
        session_id: str,
        summary: Mapping[str, JSON],
        *,
        through: int,
        first: int | None = None,
        summary_tokens: int | None = None,
        author: Mapping[str, JSON] | None = None,
    ) -> Compaction:
        """Stores ``summary`` (a JSON object) in place of the items up to ``through`` in the
        model's view; the raw items stay. ``through`` is the last item the summary was made
        from: items appended since are never covered. Without ``first`` the summary replaces
        the latest compaction (or starts at item 1)."""
        return await self._run(
            calls.compact(
                session_id, summary, through=through, first=first, summary_tokens=summary_tokens, author=author
            )
        )

    async def compactions(self, session_id: str) -> list[Compaction]:
        """The session's compactions, oldest first."""
        return await self._run(calls.compactions(session_id))

    async def context(
        self, session_id: str, *, max_tokens: int | None = None, pinned: Sequence[int] = ()
    ) -> ModelContext:
        """What to send to a model: summaries in place of compacted items, then the rest; with
        ``max_tokens``, older tool results elided and then the oldest entries dropped (never a
        pinned one). ``.messages`` holds the JSON objects to send."""
        return await self._run(calls.context(session_id, max_tokens=max_tokens, pinned=pinned))

    async def tokens(self, session_id: str, *, context_window: int | None = None) -> SessionTokens:
        """What the session's items cost a model: every item's tokens and the model's view's;
        with ``context_window``, the share of that window the view takes."""
        return await self._run(calls.tokens(session_id, context_window=context_window))

    # Lifecycle

    async def record_error(self, session_id: str, message: str) -> Session:
        """Counts an error against the session."""
        return await self._run(calls.record_error(session_id, message))

    async def finalize(self, session_id: str, outcome: str = "completed", summary: str | None = None) -> Session:
        """Ends the session with an outcome: ``completed``, ``failed`` or ``abandoned``."""
        return await self._run(calls.finalize(session_id, outcome, summary))

    async def resume_decision(self, session_id: str) -> ResumeDecision:
        """Whether the session should be resumed, and why."""
        return await self._run(calls.resume_decision(session_id))

    async def create_child(
        self,
        session_id: str,
        *,
        name: str | None = None,
        agent: str | None = None,
        child_id: str | None = None,
        state: Mapping[str, JSON] | None = None,
        metadata: Mapping[str, JSON] | None = None,
    ) -> Session:
        """An ephemeral child session, deleted when finalized and swept when idle."""
        return await self._run(
            calls.create_child(session_id, name=name, agent=agent, child_id=child_id, state=state, metadata=metadata)
        )

    async def cleanup(self, hours: float) -> int:
        """Deletes the app's sessions idle for ``hours`` and its expired ones; returns how many."""
        return await self._run(calls.cleanup(hours))

    async def statistics(self) -> Statistics:
        """The app's statistics."""
        return await self._run(calls.statistics())

    async def chat(
        self, session_id: str, message: str, *, agent: str | None = None, user_id: str | None = None
    ) -> ChatReply:
        """One turn with one of the server's agents; the session is created when missing."""
        return await self._run(calls.chat(session_id, message, agent=agent, user_id=user_id))

    async def health(self) -> dict[str, JSON]:
        """The server's ``/healthz`` answer; raises ``Unavailable`` while its storage is down."""
        return await self._run(calls.health())

    # Events

    async def events(
        self, session_id: str, *, after: int | None = None, reconnect: bool = True
    ) -> AsyncIterator[SessionEvent]:
        """The session's changes as they happen (Server-Sent Events), starting with a
        ``session`` snapshot, then the items after ``after`` (without it, none of the items
        already stored), then every change, ending after ``deleted``.

        A dropped connection is opened again with ``Last-Event-ID``: the last item's sequence
        number or, before any item, the snapshot's ``last_sequence``. So no item is missed or
        repeated, even one appended while the connection was down. After ``retries`` failed
        attempts in a row it raises ``ConnectionFailed``. Closing the iterator closes the
        connection.
        """
        call = calls.session_events(session_id)
        last = str(after) if after is not None else None
        failures = 0
        while True:
            arguments = self._settings.request(call)
            arguments["headers"].update(calls.event_headers(last))
            try:
                async with self._http.stream(**arguments, timeout=calls.event_timeout(self._settings.timeout)) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        error = error_for(response.status_code, calls.json_or_none(response.content))
                        if not isinstance(error, Unavailable) or not reconnect or failures >= self._settings.retries:
                            raise error
                    else:
                        failures = 0
                        reader = EventReader()
                        async for line in response.aiter_lines():
                            event = reader.feed(line)
                            if event is None:
                                continue
                            last = calls.last_event_id(event, last)
                            yield event
                            if event.event == "deleted":
                                return
                        if not reconnect:
                            return
            except httpx.HTTPError as error:
                if not reconnect or failures >= self._settings.retries:
                    raise self._settings.connection_failure(error) from None
            failures += 1
            await asyncio.sleep(self._settings.backoff * failures)
