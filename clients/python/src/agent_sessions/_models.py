"""The server's JSON shapes as typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JSON = Any
"""A JSON value as ``json.loads`` returns it."""


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _required_time(value: object) -> datetime:
    parsed = _time(value)
    if parsed is None:
        raise ValueError(f"expected an ISO 8601 time, got {value!r}")
    return parsed


@dataclass(frozen=True)
class PhaseTransition:
    """One move of a session from a phase to another."""

    from_phase: str
    to_phase: str
    at: datetime


@dataclass(frozen=True)
class Session:
    """A session as the server returns it. ``version`` increases on every write."""

    id: str
    app: str
    user_id: str | None
    agent: str | None
    parent_id: str | None
    kind: str
    phase: str
    resume_ready: bool
    state: dict[str, JSON]
    metadata: dict[str, JSON]
    created_at: datetime
    updated_at: datetime
    finalized_at: datetime | None
    outcome: str | None
    summary: str | None
    duration_seconds: float | None
    error_count: int
    last_error: str | None
    resume_count: int
    history: list[PhaseTransition]
    version: int
    expires_at: datetime | None
    last_sequence: int
    title: str | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def is_finalized(self) -> bool:
        """Whether the session reached an outcome."""
        return self.finalized_at is not None

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> Session:
        """Reads the server's JSON of a session."""
        return cls(
            id=data["id"],
            app=data["app"],
            user_id=data.get("user_id"),
            agent=data.get("agent"),
            parent_id=data.get("parent_id"),
            kind=data["kind"],
            phase=data["phase"],
            resume_ready=bool(data["resume_ready"]),
            state=dict(data.get("state") or {}),
            metadata=dict(data.get("metadata") or {}),
            created_at=_required_time(data["created_at"]),
            updated_at=_required_time(data["updated_at"]),
            finalized_at=_time(data.get("finalized_at")),
            outcome=data.get("outcome"),
            summary=data.get("summary"),
            duration_seconds=data.get("duration_seconds"),
            error_count=int(data.get("error_count", 0)),
            last_error=data.get("last_error"),
            resume_count=int(data.get("resume_count", 0)),
            history=[
                PhaseTransition(entry["from"], entry["to"], _required_time(entry["at"]))
                for entry in data.get("history") or []
            ],
            version=int(data["version"]),
            expires_at=_time(data.get("expires_at")),
            last_sequence=int(data.get("last_sequence", 0)),
            title=data.get("title"),
            tags=list(data.get("tags") or []),
        )


@dataclass(frozen=True)
class Item:
    """One item of a session's conversation: its content, exactly as it was written."""

    seq: int
    content: dict[str, JSON]
    item_id: str | None
    created_at: datetime
    tokens: int | None = None
    """The item's tokens as its caller counted them; ``None`` when it gave no count."""
    pinned: bool = False
    """Whether the model's view keeps the item whatever the budget."""

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> Item:
        """Reads the server's JSON of an item."""
        tokens = data.get("tokens")
        return cls(
            seq=int(data["seq"]),
            content=data["content"],
            item_id=data.get("item_id"),
            created_at=_required_time(data["created_at"]),
            tokens=int(tokens) if tokens is not None else None,
            pinned=bool(data.get("pinned", False)),
        )


@dataclass(frozen=True)
class NewItem:
    """An item to append: its content and, optionally, an id that makes a retry store nothing,
    its tokens as the model counted them (an SDK's reported usage; estimated when left out) and
    whether it is pinned (the model's view keeps it whatever the budget, even once summarized)."""

    content: dict[str, JSON]
    item_id: str | None = None
    tokens: int | None = None
    pinned: bool = False

    def to_json(self) -> dict[str, JSON]:
        """The item as the server takes it."""
        entry: dict[str, JSON] = {"content": self.content}
        if self.item_id is not None:
            entry["item_id"] = self.item_id
        if self.tokens is not None:
            entry["tokens"] = self.tokens
        if self.pinned:
            entry["pinned"] = True
        return entry


@dataclass(frozen=True)
class SessionTokens:
    """What a session's items cost a model: every item's tokens (callers' counts, otherwise
    estimates) and those of the model's view; with a context window, the share it takes."""

    item_count: int
    tokens: int
    counted_items: int
    context_tokens: int
    context_window: int | None = None
    context_share: float | None = None

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> SessionTokens:
        """Reads the server's JSON of a session's tokens."""
        window = data.get("context_window")
        share = data.get("context_share")
        return cls(
            item_count=int(data["item_count"]),
            tokens=int(data["tokens"]),
            counted_items=int(data["counted_items"]),
            context_tokens=int(data["context_tokens"]),
            context_window=int(window) if window is not None else None,
            context_share=float(share) if share is not None else None,
        )


@dataclass(frozen=True)
class SessionPage:
    """One page of a session listing; pass ``next_cursor`` to get the next."""

    sessions: list[Session]
    next_cursor: str | None


@dataclass(frozen=True)
class ResumeDecision:
    """Whether a session should be resumed, and why (``reason``)."""

    id: str
    should_resume: bool
    reason: str
    resume_metadata: dict[str, JSON] | None = None

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> ResumeDecision:
        """Reads the server's JSON of a resume decision."""
        return cls(
            id=data["id"],
            should_resume=bool(data["should_resume"]),
            reason=data["reason"],
            resume_metadata=data.get("resume_metadata"),
        )


@dataclass(frozen=True)
class Statistics:
    """An app's session statistics; rates are fractions from 0 to 1."""

    session_count: int
    active_count: int
    counts_by_phase: dict[str, int]
    counts_by_outcome: dict[str, int]
    resumed_count: int
    errored_count: int
    resume_rate: float
    error_rate: float
    median_duration_seconds: float | None
    p95_duration_seconds: float | None
    item_count: int
    item_bytes: int
    token_count: int = 0
    """The items' tokens: callers' counts, otherwise estimates."""
    tokens_by_agent: dict[str, int] = field(default_factory=dict)
    """``token_count`` by the sessions' agent (``""`` for sessions without one)."""
    extra: dict[str, JSON] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> Statistics:
        """Reads the server's JSON of statistics; fields this client does not know go to ``extra``."""
        known = {name for name in cls.__dataclass_fields__ if name != "extra"}
        return cls(
            session_count=int(data["session_count"]),
            active_count=int(data["active_count"]),
            counts_by_phase={key: int(value) for key, value in data["counts_by_phase"].items()},
            counts_by_outcome={key: int(value) for key, value in data["counts_by_outcome"].items()},
            resumed_count=int(data["resumed_count"]),
            errored_count=int(data["errored_count"]),
            resume_rate=float(data["resume_rate"]),
            error_rate=float(data["error_rate"]),
            median_duration_seconds=data.get("median_duration_seconds"),
            p95_duration_seconds=data.get("p95_duration_seconds"),
            item_count=int(data["item_count"]),
            item_bytes=int(data["item_bytes"]),
            token_count=int(data.get("token_count", 0)),
            tokens_by_agent={key: int(value) for key, value in (data.get("tokens_by_agent") or {}).items()},
            extra={key: value for key, value in data.items() if key not in known},
        )


@dataclass(frozen=True)
class SessionEvent:
    """One Server-Sent Event of a session: ``event`` is its name (``item``, ``phase``, …).

    ``id`` is the item's sequence number for ``item`` events, else ``None``.
    """

    event: str
    data: JSON
    id: str | None = None


@dataclass(frozen=True)
class ChatReply:
    """The answer of one chat turn: the agent's text and the conversation's status."""

    text: str
    status: dict[str, JSON]


@dataclass(frozen=True)
class Compaction:
    """A summary that stands for items ``first_seq`` to ``last_seq`` in the model's view.

    The raw items stay stored and readable; ``author`` is ``{"kind": "caller"}`` or
    ``{"kind": "summarizer", "agent": ..., "model": ...}``.
    """

    number: int
    first_seq: int
    last_seq: int
    summary: dict[str, JSON]
    author: dict[str, JSON]
    created_at: datetime
    tokens_before: int
    tokens_after: int

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> Compaction:
        """Reads the server's JSON of a compaction."""
        return cls(
            number=int(data["number"]),
            first_seq=int(data["first_seq"]),
            last_seq=int(data["last_seq"]),
            summary=data["summary"],
            author=dict(data["author"]),
            created_at=_required_time(data["created_at"]),
            tokens_before=int(data["tokens_before"]),
            tokens_after=int(data["tokens_after"]),
        )


@dataclass(frozen=True)
class ContextEntry:
    """One entry of the model's view: an item (``type == "item"``, with ``seq``) or a
    compaction's summary (``type == "summary"``, with ``compaction``, ``first_seq``,
    ``last_seq``)."""

    type: str
    content: dict[str, JSON]
    tokens: int
    pinned: bool
    elided: bool
    seq: int | None = None
    compaction: int | None = None
    first_seq: int | None = None
    last_seq: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> ContextEntry:
        """Reads the server's JSON of a context entry."""
        return cls(
            type=data["type"],
            content=data["content"],
            tokens=int(data["tokens"]),
            pinned=bool(data.get("pinned", False)),
            elided=bool(data.get("elided", False)),
            seq=data.get("seq"),
            compaction=data.get("compaction"),
            first_seq=data.get("first_seq"),
            last_seq=data.get("last_seq"),
        )


@dataclass(frozen=True)
class ModelContext:
    """What to send to a model for a session (``messages``), and what was done to fit
    ``max_tokens``: tool results ``elided``, items ``dropped`` (by sequence number) and
    summaries ``dropped_compactions``."""

    items: list[ContextEntry]
    max_tokens: int | None
    tokens_before: int
    tokens_after: int
    elided: list[int]
    dropped: list[int]
    dropped_compactions: list[int]
    fits: bool

    @property
    def messages(self) -> list[dict[str, JSON]]:
        """The entries' JSON objects, in order, ready to send to a model."""
        return [entry.content for entry in self.items]

    @classmethod
    def from_json(cls, data: dict[str, JSON]) -> ModelContext:
        """Reads the server's JSON of a model's view."""
        return cls(
            items=[ContextEntry.from_json(entry) for entry in data["items"]],
            max_tokens=data.get("max_tokens"),
            tokens_before=int(data["tokens_before"]),
            tokens_after=int(data["tokens_after"]),
            elided=[int(value) for value in data.get("elided") or []],
            dropped=[int(value) for value in data.get("dropped") or []],
            dropped_compactions=[int(value) for value in data.get("dropped_compactions") or []],
            fits=bool(data["fits"]),
        )
