"""Every route of the server's ``/v1`` API as a description of one HTTP call.

The synchronous and the asynchronous client run the same descriptions, so what a call sends,
whether it may be retried and how its answer is read are written once, here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

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

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    """One HTTP call: what to send, whether it is safe to retry, and how to read the answer.

    ``retryable`` calls (reads, ``PUT``, creating ``POST``s, which carry an
    ``Idempotency-Key`` that the retry reuses, and appends whose every item has an id, which
    the server stores once) are retried on a connection error or a 503; nothing else is.
    """

    method: str
    path: str
    read: Callable[[int, JSON], T]
    params: Mapping[str, str | list[str]] = field(default_factory=dict)
    body: JSON | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    retryable: bool = False

    @classmethod
    def creating(cls, path: str, body: JSON, read: Callable[[int, JSON], T], **params: str) -> Call[T]:
        """A ``POST`` that creates something: it carries a new ``Idempotency-Key``, reused by
        every retry of this call, so a retry stores nothing twice."""
        return cls(
            "POST",
            path,
            read,
            params=params,
            body=body,
            headers={"Idempotency-Key": uuid.uuid4().hex},
            retryable=True,
        )


def _session_path(session_id: str, *rest: str) -> str:
    # `/v1/sessions/count` is the count of sessions: the session `count` is sent encoded.
    segment = "%63ount" if session_id == "count" else quote(session_id, safe="")
    return "/v1/sessions/" + "/".join([segment] + list(rest))


def _session(status: int, data: JSON) -> Session:
    return Session.from_json(data)


def _time_text(value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is None:
        raise ValueError("expires_at needs a time zone: pass an aware datetime, such as datetime.now(timezone.utc)")
    return value.isoformat()


def _fields(**values: Any) -> dict[str, JSON]:
    """The fields given a value; ``None`` means "not sent"."""
    return {key: value for key, value in values.items() if value is not None}


def new_session_fields(
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
) -> dict[str, JSON]:
    """The body of a create."""
    return _fields(
        user_id=user_id,
        agent=agent,
        parent_id=parent_id,
        phase=phase,
        resume_ready=resume_ready,
        state=dict(state) if state is not None else None,
        metadata=dict(metadata) if metadata is not None else None,
        title=title,
        tags=list(tags) if tags is not None else None,
        expires_at=_time_text(expires_at),
    )


def create_session(session_id: str | None, fields: dict[str, JSON]) -> Call[Session]:
    return Call.creating("/v1/sessions", _fields(id=session_id, **fields), _session)


def get_or_create_session(session_id: str, fields: dict[str, JSON]) -> Call[tuple[Session, bool]]:
    return Call(
        "PUT",
        _session_path(session_id),
        lambda status, data: (Session.from_json(data), status == 201),
        body=fields,
        retryable=True,
    )


def get_session(session_id: str) -> Call[Session]:
    return Call("GET", _session_path(session_id), _session, retryable=True)


def update_session(
    session_id: str,
    *,
    phase: str | None,
    metadata: Mapping[str, JSON] | None,
    state: Mapping[str, JSON] | None,
    resume_ready: bool | None,
    error: str | None,
    expires_at: datetime | str | None,
    title: str | None,
    tags: Sequence[str] | None,
    expected_version: int | None,
) -> Call[Session]:
    return Call(
        "PATCH",
        _session_path(session_id),
        _session,
        body=_fields(
            phase=phase,
            metadata=dict(metadata) if metadata is not None else None,
            state=dict(state) if state is not None else None,
            resume_ready=resume_ready,
            error=error,
            expires_at=_time_text(expires_at),
            title=title,
            tags=list(tags) if tags is not None else None,
        ),
        headers={"If-Match": f'"{expected_version}"'} if expected_version is not None else {},
    )


def delete_session(session_id: str) -> Call[int]:
    return Call("DELETE", _session_path(session_id), lambda status, data: int(data["deleted_sessions"]))


def _listing_params(
    *,
    user: str | None,
    agent: str | None,
    parent: str | None,
    phase: str | None,
    active: bool | None,
    tags: Sequence[str] | None,
    metadata: Mapping[str, str] | None,
    sort: str | None,
) -> dict[str, str | list[str]]:
    """The filters of a listing and of a count, as query parameters."""
    params: dict[str, str | list[str]] = {
        key: str(value) for key, value in _fields(user=user, agent=agent, parent=parent, phase=phase, sort=sort).items()
    }
    if active is not None:
        params["active"] = "true" if active else "false"
    if tags:
        params["tag"] = list(tags)
    for key, value in (metadata or {}).items():
        params["metadata." + key] = value
    return params


def list_sessions(
    *,
    user: str | None,
    agent: str | None,
    parent: str | None,
    phase: str | None,
    active: bool | None,
    tags: Sequence[str] | None = None,
    metadata: Mapping[str, str] | None = None,
    sort: str | None = None,
    limit: int | None,
    cursor: str | None,
) -> Call[SessionPage]:
    params = _listing_params(
        user=user, agent=agent, parent=parent, phase=phase, active=active, tags=tags, metadata=metadata, sort=sort
    )
    params.update({key: str(value) for key, value in _fields(limit=limit, cursor=cursor).items()})
    return Call(
        "GET",
        "/v1/sessions",
        lambda status, data: SessionPage(
            [Session.from_json(entry) for entry in data["sessions"]], data.get("next_cursor")
        ),
        params=params,
        retryable=True,
    )


def count_sessions(
    *,
    user: str | None,
    agent: str | None,
    parent: str | None,
    phase: str | None,
    active: bool | None,
    tags: Sequence[str] | None,
    metadata: Mapping[str, str] | None,
) -> Call[int]:
    params = _listing_params(
        user=user, agent=agent, parent=parent, phase=phase, active=active, tags=tags, metadata=metadata, sort=None
    )
    return Call("GET", "/v1/sessions/count", lambda status, data: int(data["count"]), params=params, retryable=True)


def get_items(session_id: str, *, limit: int | None, after: int | None) -> Call[list[Item]]:
    return Call(
        "GET",
        _session_path(session_id, "items"),
        lambda status, data: [Item.from_json(entry) for entry in data["items"]],
        params={key: str(value) for key, value in _fields(limit=limit, after=after).items()},
        retryable=True,
    )


def item_contents(session_id: str, *, limit: int | None, after: int | None) -> Call[list[dict[str, JSON]]]:
    """``get_items`` reading only each item's content, as the server wrote it (no ``Item``s)."""
    return Call(
        "GET",
        _session_path(session_id, "items"),
        lambda status, data: [entry["content"] for entry in data["items"]],
        params={key: str(value) for key, value in _fields(limit=limit, after=after).items()},
        retryable=True,
    )


def _sequences(status: int, data: JSON) -> list[int]:
    return [int(sequence) for sequence in data["sequences"]]


def append_items(session_id: str, items: Sequence[NewItem | Mapping[str, JSON]]) -> Call[list[int]]:
    """An append: with an ``Idempotency-Key``, unless every item has an id.

    The server stores an item whose id it holds (with the same content) only once, answering
    its sequence number again, so a retry of an append whose every item has an id stores
    nothing twice without a key, and a key would cost the server two more writes (recording
    the request, then its answer).
    """
    entries = [item.to_json() if isinstance(item, NewItem) else {"content": dict(item)} for item in items]
    if not entries:
        raise ValueError("append_items needs at least one item")
    path = _session_path(session_id, "items")
    if all(entry.get("item_id") is not None for entry in entries):
        return Call("POST", path, _sequences, body={"items": entries}, retryable=True)
    return Call.creating(path, {"items": entries}, _sequences)


def pop_item(session_id: str) -> Call[Item | None]:
    return Call(
        "DELETE",
        _session_path(session_id, "items", "last"),
        lambda status, data: Item.from_json(data["item"]) if data.get("item") is not None else None,
    )


def clear_items(session_id: str) -> Call[int]:
    return Call("DELETE", _session_path(session_id, "items"), lambda status, data: int(data["removed"]))


def fork(session_id: str, *, through: int | None, new_id: str | None) -> Call[Session]:
    return Call.creating(_session_path(session_id, "fork"), _fields(through=through, id=new_id), _session)


def compact(
    session_id: str,
    summary: Mapping[str, JSON],
    *,
    through: int,
    first: int | None,
    summary_tokens: int | None,
    author: Mapping[str, JSON] | None,
) -> Call[Compaction]:
    return Call.creating(
        _session_path(session_id, "compactions"),
        _fields(
            summary=dict(summary),
            last_seq=through,
            first_seq=first,
            summary_tokens=summary_tokens,
            author=dict(author) if author is not None else None,
        ),
        lambda status, data: Compaction.from_json(data),
    )


def compactions(session_id: str) -> Call[list[Compaction]]:
    return Call(
        "GET",
        _session_path(session_id, "compactions"),
        lambda status, data: [Compaction.from_json(entry) for entry in data["compactions"]],
        retryable=True,
    )


def context(session_id: str, *, max_tokens: int | None, pinned: Sequence[int]) -> Call[ModelContext]:
    params: dict[str, str | list[str]] = {"pin": [str(sequence) for sequence in pinned]} if pinned else {}
    if max_tokens is not None:
        params["max_tokens"] = str(max_tokens)
    return Call(
        "GET",
        _session_path(session_id, "context"),
        lambda status, data: ModelContext.from_json(data),
        params=params,
        retryable=True,
    )


def tokens(session_id: str, *, context_window: int | None) -> Call[SessionTokens]:
    return Call(
        "GET",
        _session_path(session_id, "tokens"),
        lambda status, data: SessionTokens.from_json(data),
        params={"context_window": str(context_window)} if context_window is not None else {},
        retryable=True,
    )


def record_error(session_id: str, message: str) -> Call[Session]:
    return Call("POST", _session_path(session_id, "errors"), _session, body={"message": message})


def finalize(session_id: str, outcome: str, summary: str | None) -> Call[Session]:
    return Call(
        "POST",
        _session_path(session_id, "finalize"),
        _session,
        body=_fields(outcome=outcome, summary=summary),
    )


def resume_decision(session_id: str) -> Call[ResumeDecision]:
    return Call(
        "GET",
        _session_path(session_id, "resume"),
        lambda status, data: ResumeDecision.from_json(data),
        retryable=True,
    )


def create_child(
    session_id: str,
    *,
    name: str | None,
    agent: str | None,
    child_id: str | None,
    state: Mapping[str, JSON] | None,
    metadata: Mapping[str, JSON] | None,
) -> Call[Session]:
    return Call.creating(
        _session_path(session_id, "children"),
        _fields(
            name=name,
            agent=agent,
            id=child_id,
            state=dict(state) if state is not None else None,
            metadata=dict(metadata) if metadata is not None else None,
        ),
        _session,
    )


def cleanup(hours: float) -> Call[int]:
    return Call(
        "POST",
        "/v1/cleanup",
        lambda status, data: int(data["deleted_sessions"]),
        params={"hours": repr(hours) if isinstance(hours, float) else str(hours)},
    )


def statistics() -> Call[Statistics]:
    return Call("GET", "/v1/stats", lambda status, data: Statistics.from_json(data), retryable=True)


def chat(session_id: str, message: str, *, agent: str | None, user_id: str | None) -> Call[ChatReply]:
    return Call.creating(
        "/v1/chat/" + quote(session_id, safe=""),
        _fields(message=message, agent=agent, user_id=user_id),
        lambda status, data: ChatReply(text=data["response"], status=data["status"]),
    )


def health() -> Call[dict[str, JSON]]:
    return Call("GET", "/healthz", lambda status, data: dict(data), retryable=True)


def session_events(session_id: str) -> Call[None]:
    """The event stream of a session; read by the clients' ``events``, not by ``read``."""
    return Call("GET", _session_path(session_id, "events"), lambda status, data: None, retryable=True)


def event_headers(last_event_id: str | None) -> dict[str, str]:
    """The headers that open (or resume, after ``last_event_id``) an event stream."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    return headers


def event_timeout(timeout: float) -> httpx.Timeout:
    """Connecting is bounded by the client's timeout; a stream may be silent between events
    for up to 60 seconds (the server sends a heartbeat every 15) before it counts as dropped."""
    return httpx.Timeout(timeout, read=max(60.0, timeout))


def last_event_id(event: SessionEvent, last: str | None) -> str | None:
    """The id to resume after: the sequence number of the last ``item`` event seen; before any,
    the ``last_sequence`` of the opening ``session`` snapshot.

    A stream opened without ``after`` starts after the items the session had then, so the
    snapshot's ``last_sequence`` is where it stands. Resuming without an id would start after
    the items the session has at the reconnect, missing any appended while it was away.
    """
    if event.event == "item" and event.id is not None:
        return event.id
    if last is None and event.event == "session" and isinstance(event.data, dict):
        sequence = event.data.get("last_sequence")
        if isinstance(sequence, int) and not isinstance(sequence, bool):
            return str(sequence)
    return last


def json_or_none(content: bytes) -> JSON | None:
    """The JSON of an answer's body, or ``None`` when it is not JSON."""
    try:
        return json.loads(content) if content else None
    except ValueError:
        return None
