#!/usr/bin/env python3
"""Benchmarks the Python adapters over HTTP against each agent SDK's own local store.

Runs steps W2 (append-one), W4 (read-recent) and W6 (sub-session cycle) of
``/work/shared/BENCH-WORKLOAD.md`` (the session workload, v1) in one run on one machine, for:

- OpenAI Agents SDK: ``agent_sessions.openai_agents.AgentSessionsSession`` against the SDK's
  ``agents.SQLiteSession`` on a file;
- Google ADK: ``agent_sessions.google_adk.AgentSessionsSessionService`` against ADK's
  ``SqliteSessionService`` on a file (``--adk-store memory``: ``InMemorySessionService``);
- Strands Agents: ``agent_sessions.strands.AgentSessionsRepository`` against Strands'
  ``FileSessionManager`` (used as the ``SessionRepository`` it is).

Each adapter talks over loopback HTTP to an ``agent-sessions serve`` that this script starts
on a free 127.0.0.1 port over a fresh SQLite file in a temporary directory (as
``tests/serve.py`` does; the binary comes from ``--binary`` or ``AGENT_SESSIONS_BINARY``).
Each SDK store works on a fresh file or directory in a temporary directory, with its defaults.

In every step 8 workers run at once, each doing 1/8 of the calls on its own sessions (W4: all
read the one session). The same mechanism serves both sides of a comparison: 8 asyncio tasks
on one event loop for the asynchronous SDKs (OpenAI Agents, ADK), 8 threads for the
synchronous one (Strands). Every step checks its own result (counts, order, content).

    python benchmarks/bench_adapters.py --binary .build/release/agent-sessions --json out.json

See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, cast

# The server is started as the tests start it (tests/serve.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from serve import REPOSITORY, Server  # noqa: E402

CONCURRENCY = 8
"""Workers running at once in every step."""

APPEND_SESSIONS = 100
"""W2's sessions (not scaled: the step's shape)."""

RECENT = 20
"""W4 reads the last this many items."""

SETUP_BATCH = 100
"""Items per call when W4's session is filled through a batch API (untimed)."""


class BenchmarkFailure(Exception):
    """A step's result is wrong: the measurement does not count."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise BenchmarkFailure(message)


# The workload's items


def _filler() -> str:
    """4,096 filler characters, the same as the Swift benchmark's ``ItemBody`` and the limit program."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_"
    state = 12345
    characters = []
    for _ in range(4096):
        state = (state * 1_103_515_245 + 12345) & 0x7FFF_FFFF
        characters.append(alphabet[(state >> 16) % len(alphabet)])
    return "".join(characters)


FILL = _filler()
CONTENT_LENGTH = 400


def role(sequence: int) -> str:
    """Even items are the user's, odd ones the assistant's."""
    return "user" if sequence % 2 == 0 else "assistant"


def text(tag: str, sequence: int) -> str:
    """The 400 ASCII characters of item ``sequence`` (0-based) of the session tagged ``tag``:
    ``tag#0000042|`` then filler, as the Swift benchmark builds them."""
    header = f"{tag}#{sequence:07d}|"
    offset = (sequence * 37) % 2048
    return (header + FILL[offset : offset + CONTENT_LENGTH])[:CONTENT_LENGTH]


def item(tag: str, sequence: int) -> dict[str, str]:
    """The workload's item: ``{"role": "user" | "assistant", "content": "<400 ASCII chars>"}``."""
    return {"role": role(sequence), "content": text(tag, sequence)}


def w2_tag(session: int) -> str:
    return f"w2-{session:03d}"


def w6_tag(cycle: int) -> str:
    return f"w6-{cycle:05d}"


W4_TAG = "w4"


def w2_plan(sessions: int, items: int) -> list[list[tuple[int, int]]]:
    """Per worker, the ``(session, sequence)`` pairs it appends, in order.

    Item ``i`` goes to session ``i % sessions`` (round-robin); session ``s`` belongs to worker
    ``s % CONCURRENCY``, which appends its items in the global order.
    """
    plan: list[list[tuple[int, int]]] = [[] for _ in range(CONCURRENCY)]
    for index in range(items):
        session = index % sessions
        plan[session % CONCURRENCY].append((session, index // sessions))
    return plan


def w2_counts(sessions: int, items: int) -> list[int]:
    """How many items each W2 session holds afterwards."""
    return [len(range(session, items, sessions)) for session in range(sessions)]


def share(count: int, worker: int) -> range:
    """The indices of ``range(count)`` that ``worker`` takes."""
    return range(worker, count, CONCURRENCY)


# Running workers


async def timed_tasks(worker: Callable[[int], Awaitable[None]]) -> float:
    """Seconds for ``CONCURRENCY`` asyncio tasks, ``worker(0)`` … ``worker(7)``, to finish."""
    start = time.perf_counter()
    await asyncio.gather(*(worker(index) for index in range(CONCURRENCY)))
    return time.perf_counter() - start


def timed_threads(worker: Callable[[int], None]) -> float:
    """Seconds for ``CONCURRENCY`` threads, ``worker(0)`` … ``worker(7)``, to finish."""
    with ThreadPoolExecutor(max_workers=CONCURRENCY, thread_name_prefix="bench") as pool:
        # Start all the threads before the clock does: each waits until all have started.
        started = threading.Barrier(CONCURRENCY)
        list(pool.map(lambda _: started.wait(), range(CONCURRENCY)))
        start = time.perf_counter()
        futures = [pool.submit(worker, index) for index in range(CONCURRENCY)]
        for future in futures:
            future.result()
        return time.perf_counter() - start


# The server


def find_binary(given: str | None) -> Path:
    """The server to measure: ``given``, else ``AGENT_SESSIONS_BINARY``, else the checkout's release
    build, else its debug build."""
    configured = given or os.environ.get("AGENT_SESSIONS_BINARY")
    candidates = [Path(configured)] if configured else []
    candidates += [REPOSITORY / ".build" / "release" / "agent-sessions", REPOSITORY / ".build" / "debug" / "agent-sessions"]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise SystemExit(
        "no agent-sessions executable: pass --binary or set AGENT_SESSIONS_BINARY "
        f"(looked at {', '.join(str(path) for path in candidates)})"
    )


# One store's three steps


class Bench(Protocol):
    """The workload's steps W2, W4, W6 on one fresh store. Each returns operations per second
    and raises ``BenchmarkFailure`` when the result is wrong."""

    async def append_one(self, sessions: int, items: int) -> float: ...

    async def prepare_recent(self, items: int) -> None: ...

    async def read_recent(self, items: int, calls: int) -> float: ...

    async def sub_sessions(self, cycles: int) -> float: ...

    async def close(self) -> None: ...


# OpenAI Agents SDK: both stores are a SessionABC, so one code path measures both.


class OpenAIBench:
    """W2/W4/W6 through the OpenAI Agents SDK's ``Session`` interface, 8 asyncio tasks.

    W6: ``AgentSessionsSession`` has no parent/child sessions, so a cycle is what an SDK user
    does with either store: a session with a fresh id, ``add_items`` (2), ``get_items``,
    ``clear_session``, ``close``.
    """

    def __init__(self, make: Callable[[str], Any], release: Callable[[Any], Awaitable[None]],
                 closing: Callable[[], Awaitable[None]]) -> None:  # fmt: skip
        self.make = make
        self.release = release
        self.closing = closing
        self.recent: Any = None

    async def append_one(self, sessions: int, items: int) -> float:
        objects = [self.make(w2_tag(session)) for session in range(sessions)]
        plan = w2_plan(sessions, items)
        work = [[(objects[session], [item(w2_tag(session), sequence)]) for session, sequence in part] for part in plan]

        async def worker(index: int) -> None:
            for target, batch in work[index]:
                await target.add_items(batch)

        seconds = await timed_tasks(worker)
        for session, count in enumerate(w2_counts(sessions, items)):
            got = await objects[session].get_items()
            expected = [item(w2_tag(session), sequence) for sequence in range(count)]
            check(got == expected, f"W2: session {w2_tag(session)} holds {len(got)} items, not its {count} in order")
        for target in objects:
            await self.release(target)
        return items / seconds

    async def prepare_recent(self, items: int) -> None:
        self.recent = self.make("w4-session")
        for start in range(0, items, SETUP_BATCH):
            await self.recent.add_items([item(W4_TAG, sequence) for sequence in range(start, min(items, start + SETUP_BATCH))])
        got = await self.recent.get_items()
        check(got == [item(W4_TAG, sequence) for sequence in range(items)], f"W4: the session holds {len(got)} items, not {items}")

    async def read_recent(self, items: int, calls: int) -> float:
        expected = [item(W4_TAG, sequence) for sequence in range(items - RECENT, items)]
        session = self.recent

        async def worker(index: int) -> None:
            for call in share(calls, index):
                got = await session.get_items(limit=RECENT)
                check(got == expected, f"W4: call {call} read {len(got)} items, not the last {RECENT} in order")

        return calls / await timed_tasks(worker)

    async def sub_sessions(self, cycles: int) -> float:
        async def worker(index: int) -> None:
            for cycle in share(cycles, index):
                tag = w6_tag(cycle)
                pair = [item(tag, 0), item(tag, 1)]
                child = self.make(tag)
                await child.add_items(pair)
                got = await child.get_items()
                check(got == pair, f"W6: cycle {cycle} read back {got!r:.200}")
                await child.clear_session()
                await self.release(child)

        seconds = await timed_tasks(worker)
        for cycle in range(cycles):
            child = self.make(w6_tag(cycle))
            left = await child.get_items()
            check(left == [], f"W6: session {w6_tag(cycle)} still holds {len(left)} items")
            await self.release(child)
        return cycles / seconds

    async def close(self) -> None:
        if self.recent is not None:
            await self.release(self.recent)
        await self.closing()


def openai_adapter(url: str, folder: Path) -> Bench:
    from agent_sessions import AsyncClient
    from agent_sessions.openai_agents import AgentSessionsSession

    # One client, so the sessions share its connections (as the adapter's docs advise).
    client = AsyncClient(url)

    async def release(session: Any) -> None:
        await session.close()  # leaves the shared client open

    return OpenAIBench(lambda session_id: AgentSessionsSession(session_id, client=client), release, client.close)


def openai_local(folder: Path) -> Bench:
    from agents import SQLiteSession

    path = folder / "sessions.sqlite"

    async def release(session: Any) -> None:
        session.close()

    async def nothing() -> None:
        return None

    return OpenAIBench(lambda session_id: SQLiteSession(session_id, path), release, nothing)


# Google ADK: both stores are a BaseSessionService, so one code path measures both.

ADK_APP = "bench"
ADK_USER = "bench-user"


def adk_event(tag: str, sequence: int) -> Any:
    from google.adk.events.event import Event
    from google.genai import types

    speaker = role(sequence)
    return Event(
        invocation_id=f"{tag}-invocation",
        author=speaker,
        content=types.Content(role="user" if speaker == "user" else "model", parts=[types.Part(text=text(tag, sequence))]),
    )


def adk_texts(events: Sequence[Any]) -> list[tuple[str, str]]:
    """What a stored event must give back: its author and its text."""
    return [(event.author, event.content.parts[0].text if event.content and event.content.parts else "") for event in events]


def adk_expected(tag: str, sequences: range) -> list[tuple[str, str]]:
    return [(role(sequence), text(tag, sequence)) for sequence in sequences]


class ADKBench:
    """W2/W4/W6 through Google ADK's ``BaseSessionService`` interface, 8 asyncio tasks.

    W2 appends one event per ``append_event`` call to 100 sessions created beforehand; W4 is
    ``get_session`` with ``num_recent_events=20``; a W6 cycle is ``create_session``,
    ``append_event`` (2), ``get_session``, ``delete_session`` (ADK has no child sessions).
    """

    def __init__(self, service: Any) -> None:
        self.service = service
        self.recent: str | None = None

    async def _create(self, session_id: str) -> Any:
        return await self.service.create_session(app_name=ADK_APP, user_id=ADK_USER, session_id=session_id)

    async def _get(self, session_id: str, recent: int | None = None) -> Any:
        from google.adk.sessions.base_session_service import GetSessionConfig

        config = GetSessionConfig(num_recent_events=recent) if recent is not None else None
        return await self.service.get_session(app_name=ADK_APP, user_id=ADK_USER, session_id=session_id, config=config)

    async def append_one(self, sessions: int, items: int) -> float:
        objects = [await self._create(w2_tag(session)) for session in range(sessions)]
        plan = w2_plan(sessions, items)
        work = [[(objects[session], adk_event(w2_tag(session), sequence)) for session, sequence in part] for part in plan]

        async def worker(index: int) -> None:
            for target, event in work[index]:
                await self.service.append_event(target, event)

        seconds = await timed_tasks(worker)
        for session, count in enumerate(w2_counts(sessions, items)):
            stored = await self._get(w2_tag(session))
            got = adk_texts(stored.events) if stored else []
            check(got == adk_expected(w2_tag(session), range(count)),
                  f"W2: session {w2_tag(session)} holds {len(got)} events, not its {count} in order")  # fmt: skip
        return items / seconds

    async def prepare_recent(self, items: int) -> None:
        self.recent = "w4-session"
        session = await self._create(self.recent)
        for sequence in range(items):  # ADK appends one event per call
            await self.service.append_event(session, adk_event(W4_TAG, sequence))
        stored = await self._get(self.recent)
        got = adk_texts(stored.events) if stored else []
        check(got == adk_expected(W4_TAG, range(items)), f"W4: the session holds {len(got)} events, not {items}")

    async def read_recent(self, items: int, calls: int) -> float:
        expected = adk_expected(W4_TAG, range(items - RECENT, items))
        session_id = self.recent
        assert session_id is not None

        async def worker(index: int) -> None:
            for call in share(calls, index):
                stored = await self._get(session_id, RECENT)
                got = adk_texts(stored.events) if stored else []
                check(got == expected, f"W4: call {call} read {len(got)} events, not the last {RECENT} in order")

        return calls / await timed_tasks(worker)

    async def sub_sessions(self, cycles: int) -> float:
        events = [(adk_event(w6_tag(cycle), 0), adk_event(w6_tag(cycle), 1)) for cycle in range(cycles)]

        async def worker(index: int) -> None:
            for cycle in share(cycles, index):
                tag = w6_tag(cycle)
                child = await self._create(tag)
                for event in events[cycle]:
                    await self.service.append_event(child, event)
                stored = await self._get(tag)
                got = adk_texts(stored.events) if stored else []
                check(got == adk_expected(tag, range(2)), f"W6: cycle {cycle} read back {got!r:.200}")
                await self.service.delete_session(app_name=ADK_APP, user_id=ADK_USER, session_id=tag)

        seconds = await timed_tasks(worker)
        for cycle in range(cycles):
            check(await self._get(w6_tag(cycle)) is None, f"W6: session {w6_tag(cycle)} was not deleted")
        return cycles / seconds

    async def close(self) -> None:
        closing = getattr(self.service, "close", None)
        if closing is not None:
            await closing()


def adk_adapter(url: str, folder: Path) -> Bench:
    from agent_sessions.google_adk import AgentSessionsSessionService

    return ADKBench(AgentSessionsSessionService(base_url=url))


def adk_local(store: str) -> Callable[[Path], Bench]:
    def make(folder: Path) -> Bench:
        if store == "memory":
            from google.adk.sessions import InMemorySessionService

            return ADKBench(InMemorySessionService())
        from google.adk.sessions.sqlite_session_service import SqliteSessionService

        return ADKBench(SqliteSessionService(str(folder / "sessions.sqlite")))

    return make


# Strands Agents: both stores are a SessionRepository, so one code path measures both.

STRANDS_AGENT = "agent"


def strands_message(tag: str, sequence: int) -> Any:
    from strands.types.session import SessionMessage

    return SessionMessage.from_message(
        {"role": cast(Any, role(sequence)), "content": [{"text": text(tag, sequence)}]}, sequence
    )


def strands_texts(messages: Sequence[Any]) -> list[tuple[int, str, str]]:
    return [(message.message_id, message.message["role"], message.message["content"][0]["text"]) for message in messages]


def strands_expected(tag: str, sequences: range) -> list[tuple[int, str, str]]:
    return [(sequence, role(sequence), text(tag, sequence)) for sequence in sequences]


class StrandsBench:
    """W2/W4/W6 through Strands' ``SessionRepository`` interface, 8 threads (it is synchronous).

    A Strands session holds one agent, ``agent``, whose messages are the items. W2 appends one
    ``create_message`` per call to the agents of 100 sessions created beforehand; W4 is
    ``list_messages(offset=count - 20, limit=20)``; a W6 cycle is ``create_session``,
    ``create_agent``, ``create_message`` (2), ``list_messages``, ``delete_session`` (the
    repository interface cannot delete an agent alone). The adapter keeps each agent as a child
    session of its Strands session, so W6 does create and delete a child there.
    """

    def __init__(self, repository: Any, closing: Callable[[], None]) -> None:
        self.repository = repository
        self.closing = closing
        self.recent: str | None = None

    def _create(self, session_id: str) -> None:
        from strands.types.session import Session, SessionAgent, SessionType

        self.repository.create_session(Session(session_id=session_id, session_type=SessionType.AGENT))
        self.repository.create_agent(session_id, SessionAgent(agent_id=STRANDS_AGENT, state={}, conversation_manager_state={}))

    async def append_one(self, sessions: int, items: int) -> float:
        for session in range(sessions):
            self._create(w2_tag(session))
        plan = w2_plan(sessions, items)
        work = [[(w2_tag(session), strands_message(w2_tag(session), sequence)) for session, sequence in part] for part in plan]

        def worker(index: int) -> None:
            for session_id, message in work[index]:
                self.repository.create_message(session_id, STRANDS_AGENT, message)

        seconds = timed_threads(worker)
        for session, count in enumerate(w2_counts(sessions, items)):
            got = strands_texts(self.repository.list_messages(w2_tag(session), STRANDS_AGENT))
            check(got == strands_expected(w2_tag(session), range(count)),
                  f"W2: session {w2_tag(session)} holds {len(got)} messages, not its {count} in order")  # fmt: skip
        return items / seconds

    async def prepare_recent(self, items: int) -> None:
        self.recent = "w4-session"
        self._create(self.recent)
        for sequence in range(items):  # the repository appends one message per call
            self.repository.create_message(self.recent, STRANDS_AGENT, strands_message(W4_TAG, sequence))
        got = strands_texts(self.repository.list_messages(self.recent, STRANDS_AGENT))
        check(got == strands_expected(W4_TAG, range(items)), f"W4: the session holds {len(got)} messages, not {items}")

    async def read_recent(self, items: int, calls: int) -> float:
        expected = strands_expected(W4_TAG, range(items - RECENT, items))
        session_id = self.recent

        def worker(index: int) -> None:
            for call in share(calls, index):
                got = strands_texts(self.repository.list_messages(session_id, STRANDS_AGENT, limit=RECENT, offset=items - RECENT))
                check(got == expected, f"W4: call {call} read {len(got)} messages, not the last {RECENT} in order")

        return calls / timed_threads(worker)

    async def sub_sessions(self, cycles: int) -> float:
        messages = [(strands_message(w6_tag(cycle), 0), strands_message(w6_tag(cycle), 1)) for cycle in range(cycles)]

        def worker(index: int) -> None:
            for cycle in share(cycles, index):
                tag = w6_tag(cycle)
                self._create(tag)
                for message in messages[cycle]:
                    self.repository.create_message(tag, STRANDS_AGENT, message)
                got = strands_texts(self.repository.list_messages(tag, STRANDS_AGENT))
                check(got == strands_expected(tag, range(2)), f"W6: cycle {cycle} read back {got!r:.200}")
                self.repository.delete_session(tag)

        seconds = timed_threads(worker)
        for cycle in range(cycles):
            check(self.repository.read_session(w6_tag(cycle)) is None, f"W6: session {w6_tag(cycle)} was not deleted")
        return cycles / seconds

    async def close(self) -> None:
        self.closing()


def strands_adapter(url: str, folder: Path) -> Bench:
    from agent_sessions.strands import AgentSessionsRepository

    repository = AgentSessionsRepository(base_url=url)
    return StrandsBench(repository, repository.close)


def strands_local(folder: Path) -> Bench:
    from strands.session.file_session_manager import FileSessionManager

    # A FileSessionManager is its own repository; the session it opens is not used.
    manager = FileSessionManager(session_id="bench-root", storage_dir=str(folder / "strands"))
    return StrandsBench(manager, lambda: None)


# What is compared


@dataclass(frozen=True)
class Family:
    key: str
    title: str
    adapter: Callable[[str, Path], Bench]
    local: Callable[[Path], Bench]
    adapter_store: str
    local_store: str
    concurrency: str
    w6: str


SERVER_STORE = "agent-sessions serve, SQLite store defaults (WAL, synchronous=NORMAL), loopback HTTP/1.1"


def families(adk_store: str) -> list[Family]:
    adk_local_store = (
        "google.adk InMemorySessionService (no file)"
        if adk_store == "memory"
        else "google.adk SqliteSessionService on a file (defaults: rollback journal (DELETE), synchronous=FULL, "
        "a new aiosqlite connection per call)"
    )
    return [
        Family(
            "openai", "OpenAI Agents", openai_adapter, openai_local,
            f"AgentSessionsSession (one shared AsyncClient) -> {SERVER_STORE}",
            "agents.SQLiteSession on a file (defaults: WAL, synchronous=FULL (Python sqlite3's default), "
            "a connection per session object and thread, each call in asyncio.to_thread, one lock per file)",
            "8 asyncio tasks",
            "fresh session id, add_items(2), get_items, clear_session (neither has child sessions)",
        ),  # fmt: skip
        Family(
            "adk", "Google ADK", adk_adapter, adk_local(adk_store),
            f"AgentSessionsSessionService -> {SERVER_STORE}",
            adk_local_store,
            "8 asyncio tasks",
            "create_session, append_event x2, get_session, delete_session (ADK has no child sessions)",
        ),  # fmt: skip
        Family(
            "strands", "Strands", strands_adapter, strands_local,
            f"AgentSessionsRepository (one shared Client: httpx over FastSyncTransport) -> {SERVER_STORE}",
            "strands FileSessionManager (defaults: a JSON file per message, written to a temp file and renamed, no fsync)",
            "8 threads",
            "create_session + create_agent, create_message x2, list_messages, delete_session",
        ),  # fmt: skip
    ]


@dataclass(frozen=True)
class Counts:
    append_items: int
    recent_items: int
    recent_calls: int
    cycles: int

    @classmethod
    def scaled(cls, scale: float) -> Counts:
        def count(full: int, least: int) -> int:
            return max(least, round(full * scale))

        return cls(
            append_items=count(10_000, APPEND_SESSIONS),
            recent_items=count(10_000, RECENT * 2),
            recent_calls=count(2_000, CONCURRENCY),
            cycles=count(1_000, CONCURRENCY),
        )


STEPS = [
    ("W2", "append-one", "items/s"),
    ("W4", "read-recent", "calls/s"),
    ("W6", "sub-session cycle", "cycles/s"),
]


@asynccontextmanager
async def fresh(family: Family, side: str, binary: Path) -> AsyncIterator[Bench]:
    """One side's store, fresh: a server over a new SQLite file for the adapter, a new file or
    directory for the SDK's store; all in a temporary directory that is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{family.key}-{side}-"))
    server: Server | None = None
    try:
        if side == "adapter":
            server = Server(binary, folder)
            server.start()
            bench = family.adapter(server.url, folder)
        else:
            bench = family.local(folder)
        try:
            yield bench
        finally:
            await bench.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


SIDES = ("adapter", "sdk")


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def measure(family: Family, counts: Counts, runs: int, binary: Path) -> dict[str, dict[str, list[float]]]:
    """Per step and side, the figure of each run. W2 and W6 use fresh stores every run; W4's
    session is written once per side (untimed) and read in every run."""
    figures: dict[str, dict[str, list[float]]] = {step: {side: [] for side in SIDES} for step, _, _ in STEPS}
    for run in range(1, runs + 1):
        for side in SIDES:
            async with fresh(family, side, binary) as bench:
                figure = await bench.append_one(APPEND_SESSIONS, counts.append_items)
            figures["W2"][side].append(figure)
            note(f"{family.key} W2 {side} run {run}: {figure:,.1f} items/s")
    for side in SIDES:
        async with fresh(family, side, binary) as bench:
            await bench.prepare_recent(counts.recent_items)
            for run in range(1, runs + 1):
                figure = await bench.read_recent(counts.recent_items, counts.recent_calls)
                figures["W4"][side].append(figure)
                note(f"{family.key} W4 {side} run {run}: {figure:,.1f} calls/s")
    for run in range(1, runs + 1):
        for side in SIDES:
            async with fresh(family, side, binary) as bench:
                figure = await bench.sub_sessions(counts.cycles)
            figures["W6"][side].append(figure)
            note(f"{family.key} W6 {side} run {run}: {figure:,.1f} cycles/s")
    return figures


def versions() -> dict[str, str]:
    found: dict[str, str] = {"python": platform.python_version()}
    for package in ("agent-sessions", "httpx", "openai-agents", "google-adk", "google-genai", "strands-agents", "aiosqlite"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| step | adapter over HTTP | SDK's own store | ratio (adapter / SDK) |",
        "|---|---:|---:|---:|",
    ]
    for row in rows:
        name = f"{row['family']} {row['step']} {row['name']} ({row['unit']})"
        if "skipped" in row:
            lines.append(f"| {name} | skipped: {row['skipped']} | | |")
            continue
        adapter, sdk = row["adapter"]["median"], row["sdk"]["median"]
        lines.append(f"| {name} | {adapter:,.1f} | {sdk:,.1f} | {adapter / sdk:.2f}x |")
    return "\n".join(lines)


async def main(arguments: argparse.Namespace) -> int:
    binary = find_binary(arguments.binary)
    counts = Counts.scaled(arguments.scale)
    chosen = [family for family in families(arguments.adk_store) if family.key in arguments.only]
    rows: list[dict[str, Any]] = []
    stores: dict[str, dict[str, str]] = {}
    for family in chosen:
        stores[family.title] = {
            "adapter": family.adapter_store,
            "sdk": family.local_store,
            "concurrency": family.concurrency,
            "W6 cycle": family.w6,
        }
        try:
            figures = await measure(family, counts, arguments.runs, binary)
        except ImportError as error:
            note(f"{family.key}: skipped, {error}")
            rows += [{"family": family.title, "step": step, "name": name, "unit": unit, "skipped": str(error)}
                     for step, name, unit in STEPS]  # fmt: skip
            continue
        for step, name, unit in STEPS:
            row: dict[str, Any] = {"family": family.title, "step": step, "name": name, "unit": unit}
            for side in SIDES:
                row[side] = {"runs": figures[step][side], "median": statistics.median(figures[step][side])}
            row["ratio"] = row["adapter"]["median"] / row["sdk"]["median"]
            rows.append(row)

    print(f"Session workload v1, steps W2/W4/W6; scale {arguments.scale}, median of {arguments.runs} run(s), "
          f"{CONCURRENCY} workers at once; {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.")  # fmt: skip
    print(f"Counts: W2 {counts.append_items:,} items over {APPEND_SESSIONS} sessions; W4 {counts.recent_calls:,} calls "
          f"on a session of {counts.recent_items:,} items; W6 {counts.cycles:,} cycles.")  # fmt: skip
    print()
    print(table(rows))
    print()
    for title, described in stores.items():
        print(f"- {title}: adapter = {described['adapter']}; SDK = {described['sdk']}; "
              f"{described['concurrency']}; W6 cycle = {described['W6 cycle']}.")  # fmt: skip
    if arguments.json:
        report = {
            "workload": "session workload v1 (BENCH-WORKLOAD.md), steps W2, W4, W6",
            "scale": arguments.scale,
            "runs": arguments.runs,
            "concurrency": CONCURRENCY,
            "counts": {"W2 items": counts.append_items, "W2 sessions": APPEND_SESSIONS,
                       "W4 session items": counts.recent_items, "W4 calls": counts.recent_calls, "W6 cycles": counts.cycles},
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "load average": list(os.getloadavg())},
            "versions": versions(),
            "binary": str(binary),
            "stores": stores,
            "results": rows,
        }  # fmt: skip
        Path(arguments.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--binary", help="the agent-sessions executable (default: AGENT_SESSIONS_BINARY, else .build/release or .build/debug)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the workload's counts, e.g. 0.05 for a smoke run (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the median is reported (default 3)")
    parser.add_argument("--json", help="also write the results, every run's figure included, to this JSON file")
    parser.add_argument("--only", default="openai,adk,strands", help="comma-separated SDKs to measure: openai, adk, strands (default all)")
    parser.add_argument("--adk-store", choices=["sqlite", "memory"], default="sqlite",
                        help="ADK's own store: SqliteSessionService on a file (default) or InMemorySessionService")  # fmt: skip
    arguments = parser.parse_args(argv)
    if arguments.scale <= 0:
        parser.error("--scale must be above 0")
    if arguments.runs < 1:
        parser.error("--runs must be 1 or more")
    arguments.only = {name.strip() for name in arguments.only.split(",") if name.strip()}
    unknown = arguments.only - {"openai", "adk", "strands"}
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}")
    return arguments


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main(parse())))
    except BenchmarkFailure as failure:
        print(f"benchmark failure: {failure}", file=sys.stderr)
        sys.exit(1)
