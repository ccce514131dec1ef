"""``Client`` and ``AsyncClient`` against a real ``agent-sessions serve``."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from conftest import API_KEY
from serve import Server

from agent_sessions import (
    AsyncClient,
    Client,
    Conflict,
    ConnectionFailed,
    InvalidArgument,
    NewItem,
    NotFound,
    PayloadTooLarge,
    SessionEvent,
    Unauthorized,
    VersionConflict,
)


def test_a_session_lives_its_whole_life(server: Server) -> None:
    with Client(server.url) as client:
        session = client.create_session("s1", user_id="ana", agent="coder", state={"n": 1}, metadata={"task": "T1"})
        assert (session.id, session.user_id, session.agent, session.state, session.version) == (
            "s1", "ana", "coder", {"n": 1}, 1,
        )  # fmt: skip
        assert client.append_items("s1", [{"role": "user", "content": "hi"}, NewItem({"n": 2}, item_id="i2")]) == [1, 2]
        assert client.append_items("s1", [NewItem({"n": 2}, item_id="i2")]) == [2], "an item id is stored once"
        items = client.get_items("s1")
        assert [item.content for item in items] == [{"role": "user", "content": "hi"}, {"n": 2}]
        assert [item.seq for item in items] == [1, 2] and items[1].item_id == "i2"
        assert [item.seq for item in client.get_items("s1", limit=1)] == [2]
        assert [item.seq for item in client.get_items("s1", after=1)] == [2]
        updated = client.update_session("s1", phase="approval", resume_ready=True, state={"n": None, "m": True})
        assert updated.phase == "approval" and updated.state == {"m": True}
        with pytest.raises(VersionConflict) as stale:
            client.update_session("s1", metadata={"x": 1}, expected_version=1)
        assert stale.value.status == 412
        decision = client.resume_decision("s1")
        assert decision.should_resume and decision.reason
        fork = client.fork("s1", through=1, new_id="s1-fork")
        assert fork.last_sequence == 1
        popped = client.pop_item("s1")
        assert popped is not None and popped.seq == 2
        assert client.clear_items("s1") == 1
        child = client.create_child("s1", name="helper")
        assert child.parent_id == "s1" and child.kind == "ephemeral"
        client.record_error("s1", "tool failed")
        finalized = client.finalize("s1", "completed", summary="done")
        assert finalized.is_finalized and finalized.outcome == "completed" and finalized.error_count == 1
        with pytest.raises(Conflict):
            client.finalize("s1", "failed")
        page = client.list_sessions(limit=1)
        assert len(page.sessions) == 1 and page.next_cursor is not None
        stats = client.statistics()
        assert stats.session_count == 3 and stats.counts_by_outcome == {"completed": 1}
        assert client.delete_session("s1") >= 1
        with pytest.raises(NotFound) as missing:
            client.get_session("s1")
        assert missing.value.code == "not_found" and missing.value.status == 404


def test_get_or_create_creates_once_across_threads(server: Server) -> None:
    created: list[bool] = []
    lock = threading.Lock()

    def race() -> None:
        with Client(server.url) as client:
            _, was_created = client.get_or_create_session("raced", user_id="ana")
            with lock:
                created.append(was_created)

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False] * 7 + [True]


def test_errors_carry_the_servers_code_message_and_field(server: Server) -> None:
    with Client(server.url) as client:
        with pytest.raises(InvalidArgument) as invalid:
            client.create_session("bad id")
        assert invalid.value.field == "id" and invalid.value.status == 422
        assert "position" in invalid.value.message
        with pytest.raises(InvalidArgument) as date:
            client.create_session("x", expires_at="2026-02-30T00:00:00Z")
        assert date.value.field == "expires_at"
        with pytest.raises(ValueError, match="time zone"):
            client.create_session("x", expires_at=datetime(2030, 1, 1))
        expiring = client.create_session("x", expires_at=datetime(2030, 1, 1, tzinfo=timezone.utc))
        assert expiring.expires_at == datetime(2030, 1, 1, tzinfo=timezone.utc)
        client.create_session("taken")
        with pytest.raises(Conflict) as taken:
            client.create_session("taken")
        assert taken.value.code == "already_exists"


def test_an_oversized_item_names_the_limit(make_server: type[Server]) -> None:
    server = make_server("--body-limit", "2048")
    with Client(server.url) as client:
        client.create_session("big")
        with pytest.raises(PayloadTooLarge) as error:
            client.append_items("big", [{"text": "x" * 4096}])
        assert error.value.status == 413 and "2048" in str(error.value), str(error.value)
        assert client.get_items("big") == []


def test_a_wrong_api_key_is_a_clear_exception(keyed_server: Server) -> None:
    with Client(keyed_server.url, api_key="wrong-key-0123456789") as client:
        with pytest.raises(Unauthorized) as error:
            client.list_sessions()
        assert error.value.status == 401 and error.value.code == "unauthenticated"
    with Client(keyed_server.url, api_key=API_KEY) as client:
        assert client.create_session("k1").app == "tests"


def test_the_key_and_url_come_from_the_environment(keyed_server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_SESSIONS_URL", keyed_server.url)
    monkeypatch.setenv("AGENT_SESSIONS_API_KEY", API_KEY)
    with Client() as client:
        assert client.base_url == keyed_server.url
        assert client.create_session("from-env").app == "tests"


def test_a_server_that_is_down_fails_within_the_timeout(tmp_path: object) -> None:
    from serve import free_port

    started = time.monotonic()
    with Client(f"http://127.0.0.1:{free_port()}", timeout=1.0, retries=2, backoff=0.05) as client:
        with pytest.raises(ConnectionFailed) as error:
            client.get_session("x")
    assert error.value.code == "connection_failed" and error.value.status is None
    assert "cannot reach" in str(error.value)
    assert time.monotonic() - started < 10


def test_a_retried_append_after_a_crash_is_stored_once(server: Server) -> None:
    """A creating call carries one Idempotency-Key through its retries: the server restarted
    while the client waited sees the retry and stores nothing twice."""
    with Client(server.url, retries=20, backoff=0.1) as client:
        client.create_session("durable")
        assert client.append_items("durable", [{"n": 1}]) == [1]
        server.kill()
        restarter = threading.Timer(0.3, server.start)
        restarter.start()
        assert client.append_items("durable", [{"n": 2}]) == [2]
        restarter.join()
        assert [item.content for item in client.get_items("durable")] == [{"n": 1}, {"n": 2}]


@contextmanager
def deadline(seconds: float, waiting_for: Callable[[], str]) -> Iterator[None]:
    """Fails the test when the block runs longer than ``seconds`` (main thread only).

    An event stream that yields nothing does not end by itself (the server's heartbeats keep
    its read timeout from firing), so a stream that stops delivering fails here instead of
    hanging the run. ``pytest.fail`` is not an ``OSError``, so httpx does not take it for a
    dropped connection to retry, and it interrupts a blocked socket read.
    """

    def expire(signal_number: int, frame: object) -> None:
        pytest.fail(f"nothing more within {seconds} s: {waiting_for()}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def items_through(stream: Iterator[SessionEvent], last: int, within: float = 30.0) -> list[tuple[int, object]]:
    """The (sequence number, content) of each ``item`` event up to the first with a sequence
    number of ``last`` or more, or to the stream's end; fails after ``within`` seconds."""
    items: list[tuple[int, object]] = []
    with deadline(within, lambda: f"waiting for item {last}, the items so far are {items}"):
        for event in stream:
            if event.event == "item":
                items.append((int(event.id or 0), event.data["content"]))
                if items[-1][0] >= last:
                    break
    return items


@pytest.mark.parametrize("an_item_first", [False, True], ids=["before-any-item", "after-an-item"])
def test_events_resume_after_the_server_restarts_without_missing_or_repeating(
    server: Server, an_item_first: bool
) -> None:
    """A stream opened without ``after`` starts after the session's items (here item 1). When
    the server is killed and started again (same port, same database), the stream reconnects
    with ``Last-Event-ID``: the last item it yielded or, before any, the opening snapshot's
    ``last_sequence``. It then yields exactly the items appended while it was away."""
    with Client(server.url, retries=50, backoff=0.1) as client:
        client.create_session("watched")
        client.append_items("watched", [{"n": 1}])
        stream = client.events("watched")
        try:
            with deadline(30, lambda: "waiting for the opening session event"):
                first = next(stream)
            assert first.event == "session" and first.data["id"] == "watched"
            assert first.data["last_sequence"] == 1
            last = 1
            if an_item_first:
                client.append_items("watched", [{"n": 2}])
                assert items_through(stream, 2) == [(2, {"n": 2})]
                last = 2
            server.kill()
            server.start()
            with Client(server.url) as writer:
                writer.append_items("watched", [{"n": last + 1}, {"n": last + 2}])
            assert items_through(stream, last + 2) == [(last + 1, {"n": last + 1}), (last + 2, {"n": last + 2})]
        finally:
            stream.close()


async def test_the_async_client_resumes_events_after_the_server_restarts(server: Server) -> None:
    """The same through ``AsyncClient``, before any item: nothing missed, nothing repeated."""
    async with AsyncClient(server.url, retries=50, backoff=0.1) as client:
        await client.create_session("watched")
        await client.append_items("watched", [{"n": 1}])
        stream = client.events("watched")
        items: list[tuple[int, object]] = []

        async def collect_through(last: int) -> None:
            async for event in stream:
                if event.event == "item":
                    items.append((int(event.id or 0), event.data["content"]))
                    if items[-1][0] >= last:
                        return

        try:
            first = await asyncio.wait_for(stream.__anext__(), 30)
            assert first.event == "session" and first.data["last_sequence"] == 1
            server.kill()
            server.start()
            await client.append_items("watched", [{"n": 2}, {"n": 3}])
            try:
                await asyncio.wait_for(collect_through(3), 30)
            except asyncio.TimeoutError:
                pytest.fail(f"nothing more within 30 s: waiting for item 3, the items so far are {items}")
            assert items == [(2, {"n": 2}), (3, {"n": 3})]
        finally:
            await stream.aclose()


async def test_the_async_client_does_the_same(server: Server) -> None:
    async with AsyncClient(server.url) as client:
        session, created = await client.get_or_create_session("async-1", user_id="bo")
        assert created and session.user_id == "bo"
        results = await asyncio.gather(*[client.append_items("async-1", [{"n": n}]) for n in range(20)])
        assert sorted(sequence for result in results for sequence in result) == list(range(1, 21))
        items = await client.get_items("async-1", limit=5)
        assert [item.seq for item in items] == [16, 17, 18, 19, 20]
        stream = client.events("async-1", after=20)
        opening = await stream.__anext__()
        assert opening.event == "session"
        await client.append_items("async-1", [{"n": "last"}])
        event = await stream.__anext__()
        assert event.event == "item" and event.id == "21"
        await stream.aclose()
        with pytest.raises(NotFound):
            await client.get_session("nope")
