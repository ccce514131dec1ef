"""``FastSyncTransport``, the HTTP/1.1 transport ``Client`` uses by default: against the real
server, and against tiny asyncio servers (each on a thread of its own) for the edge cases. The
cases mirror ``test_fast_transport.py``'s, plus use from several threads at once."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from serve import Server, SilentListener, free_port
from tiny_server import answer_all, ok, read_request, serving, until

from agent_sessions import Client, ConnectionFailed
from agent_sessions import _fast_sync_transport as sync_transport
from agent_sessions._fast_sync_transport import FastSyncTransport, default_sync_transport


@pytest.fixture(params=["kernel", "python"])
def timeouts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test with each way of bounding socket operations: the kernel's (SO_RCVTIMEO,
    SO_SNDTIMEO, where struct timeval allows) and Python's (``socket.settimeout``)."""
    if request.param == "kernel" and not sync_transport._KERNEL_TIMEOUTS:
        pytest.skip("kernel timeouts are not used on this platform")
    monkeypatch.setattr(sync_transport, "_KERNEL_TIMEOUTS", request.param == "kernel")
    return str(request.param)


def until_idle_connections_hear_from_the_server(transport: FastSyncTransport) -> None:
    """Waits until the server's last words (its close, or a 408) reached every idle connection."""
    until(lambda: all(sync_transport._readable(c.sock) for idle in transport._pool.idle.values() for c in idle))


# Against the real server


def test_client_picks_the_fast_transport_for_http_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(default_sync_transport("http://127.0.0.1:8080"), FastSyncTransport)
    assert default_sync_transport("https://sessions.example") is None
    with Client("https://sessions.example") as client:
        assert isinstance(client._http._transport, httpx.HTTPTransport)
    given = httpx.Client()
    with Client("http://127.0.0.1:8080", http_client=given) as client:
        assert client._http is given and isinstance(given._transport, httpx.HTTPTransport)
    given.close()
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    assert default_sync_transport("http://sessions.example:8080") is None, "a proxied server keeps httpx's transport"
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert isinstance(default_sync_transport("http://127.0.0.1:8080"), FastSyncTransport)


def test_a_long_items_page_comes_chunked_and_whole(server: Server) -> None:
    with Client(server.url) as client:
        transport = client._http._transport
        assert isinstance(transport, FastSyncTransport)
        client.create_session("long")
        for start in range(0, 1_500, 500):
            client.append_items("long", [{"n": n, "text": "x" * 200} for n in range(start, start + 500)])
        items = client.get_items("long")
        assert [item.content["n"] for item in items] == list(range(1_500))  # type: ignore[index]
        answer = client._http.get(server.url + "/v1/sessions/long/items")
        assert answer.headers["transfer-encoding"] == "chunked"
        assert len(answer.json()["items"]) == 1_500
        # The connection went back to the pool after the chunked answer, and serves the next call.
        assert len(transport._pool.open) == 1
        assert client.get_session("long").id == "long"
        assert len(transport._pool.open) == 1


def test_calls_in_a_row_reuse_one_connection_and_threads_share_a_few(server: Server) -> None:
    with Client(server.url) as client:
        transport = client._http._transport
        assert isinstance(transport, FastSyncTransport)
        for index in range(20):
            client.create_session(f"s{index}")
        assert len(transport._pool.open) == 1
        with ThreadPoolExecutor(8) as threads:
            appended = list(threads.map(lambda n: client.append_items(f"s{n % 20}", [{"n": n}]), range(400)))
            sessions = list(threads.map(lambda n: client.get_session(f"s{n}"), range(20)))
        assert sorted(sequence for sequences in appended for sequence in sequences) == sorted(
            sequence for _ in range(20) for sequence in range(1, 21)
        )
        assert [session.id for session in sessions] == [f"s{index}" for index in range(20)]
        assert [session.last_sequence for session in sessions] == [20] * 20
        assert 1 <= len(transport._pool.open) <= 8
    assert not transport._pool.open, "closing the client closes every connection"


# Against tiny servers


def test_keep_alive_reuses_the_connection_and_honours_connection_close() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        count = 0
        while await read_request(reader) is not None:
            count += 1
            closing = count == 3
            writer.write(ok(extra=b"CONNECTION: Close\r\n" if closing else b""))
            await writer.drain()
            if closing:
                return

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport()) as http:
        for _ in range(5):
            assert http.get(tiny.url + "/").json() == {"ok": True}
        assert tiny.connections == 2, "the third answer closed the first connection"
        # A request asking for Connection: close is not kept either.
        http.get(tiny.url + "/", headers={"Connection": "close"})
        http.get(tiny.url + "/")
        assert tiny.connections == 3


def test_a_connection_the_server_closed_while_idle_is_replaced_and_the_request_sent_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server closes each connection after one answer (an idle timeout). The next request
    goes out on the closed connection (not checked first: idle for less than the check's
    threshold, 60 s here), meets its end before any answer, and is sent again on a new one: the
    server sees every request once."""

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        if request is not None:
            tiny.bodies.append(request[1])
            writer.write(ok(request[1]))
            await writer.drain()

    monkeypatch.setattr(sync_transport, "_CHECK_IDLE", 60.0)
    transport = FastSyncTransport()
    with serving(handle) as tiny, httpx.Client(transport=transport) as http:
        for n in range(3):
            assert http.post(tiny.url + "/", content=b'{"n":%d}' % n).json() == {"n": n}
            until_idle_connections_hear_from_the_server(transport)  # the server closed the idle connection
        assert tiny.connections == 3
        assert tiny.bodies == [b'{"n":0}', b'{"n":1}', b'{"n":2}']


def test_a_request_crossing_the_servers_close_is_sent_again_on_a_new_connection() -> None:
    """The server closes the kept-alive connection as the second request arrives, without
    answering it (its idle close crossed the request): the transport sends it again, once."""

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            tiny.bodies.append(request[1])
            if index == 1 and len(tiny.bodies) == 2:
                return  # close without a byte of answer
            writer.write(ok(request[1] or b"{}"))
            await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport()) as http:
        assert http.post(tiny.url + "/", content=b'{"n":1}').json() == {"n": 1}
        answer = http.post(tiny.url + "/", content=b'{"n":2}')
        assert answer.json() == {"n": 2}
        assert tiny.connections == 2
        assert tiny.bodies == [b'{"n":1}', b'{"n":2}', b'{"n":2}']


def test_a_streamed_body_is_not_sent_again_and_a_new_connection_is_not_retried() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if index == 1:
            await read_request(reader)
            writer.write(ok())
            await writer.drain()
        request = await read_request(reader)
        if request is not None:
            tiny.bodies.append(request[1])

    def body() -> Iterator[bytes]:
        yield b"part one, "
        yield b"part two"

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport()) as http:
        http.get(tiny.url + "/")
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(tiny.url + "/", content=body())
        assert tiny.bodies == [b"part one, part two"], "sent chunked, once"
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(tiny.url + "/")  # on a new connection: the failure is raised
        assert tiny.connections == 2


def test_a_streamed_body_is_not_sent_on_a_connection_the_server_closed_while_idle() -> None:
    """A body that cannot be sent again is not risked on an idle connection the server has
    closed: the transport sees the close before sending, and opens a new connection."""

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        if request is not None:
            tiny.bodies.append(request[1])
            writer.write(ok(request[1] or b"{}"))
            await writer.drain()

    transport = FastSyncTransport()
    with serving(handle) as tiny, httpx.Client(transport=transport) as http:
        http.get(tiny.url + "/")
        until_idle_connections_hear_from_the_server(transport)
        assert http.post(tiny.url + "/", content=iter([b'{"n":', b"1}"])).json() == {"n": 1}
        assert tiny.connections == 2
        assert tiny.bodies == [b"", b'{"n":1}']


def test_a_connection_idle_too_long_or_with_bytes_unread_is_not_reused() -> None:
    with serving(answer_all) as tiny, httpx.Client(transport=FastSyncTransport(keepalive_expiry=0)) as http:
        for _ in range(3):
            assert http.get(tiny.url + "/").status_code == 200
        assert tiny.connections == 3, "each idle connection had expired"

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            writer.write(ok() + b"stray bytes")
            await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport()) as http:
        for _ in range(3):
            assert http.get(tiny.url + "/").json() == {"ok": True}
        assert tiny.connections == 3, "bytes no request asked for came with each answer"


def test_an_answer_the_server_sent_to_an_idle_connection_is_not_taken_for_the_next_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server may answer 408 on an idle connection before closing it. A connection idle for
    longer than the check's threshold (0 s here) is asked first, and replaced."""

    answered = threading.Semaphore(0)

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(ok())
        await writer.drain()
        await asyncio.get_running_loop().run_in_executor(None, answered.acquire, True, 10)
        writer.write(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()

    monkeypatch.setattr(sync_transport, "_CHECK_IDLE", 0.0)
    transport = FastSyncTransport()
    with serving(handle) as tiny, httpx.Client(transport=transport) as http:
        for _ in range(3):
            assert http.get(tiny.url + "/").status_code == 200
            answered.release()  # the answer was read: now the server sends its 408, and closes
            until_idle_connections_hear_from_the_server(transport)
        assert tiny.connections == 3


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Le",
    ],
    ids=["content-length", "chunked", "head"],
)
def test_a_server_closing_mid_answer_raises_a_protocol_error_at_once(answer: bytes) -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(answer)
        await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport(), timeout=30) as http:
        start = time.monotonic()
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(tiny.url + "/")
        assert time.monotonic() - start < 5
        with Client(tiny.url, retries=1, backoff=0.01) as client:
            with pytest.raises(ConnectionFailed) as failure:
                client.health()
            assert failure.value.code == "connection_failed"
        assert tiny.connections == 3, "the client retried the read once; the transport retried nothing"


def test_a_server_that_never_answers_times_out(timeouts: str) -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await reader.read()  # until the client gives up and closes

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport(), timeout=0.3) as http:
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get(tiny.url + "/")
        assert 0.25 < time.monotonic() - start < 10, "the read timeout (0.3 s) ended the wait"
        with Client(tiny.url, timeout=0.3, retries=0) as client:
            with pytest.raises(ConnectionFailed) as failure:
                client.health()
            assert failure.value.code == "timeout"


def test_an_answer_that_stalls_midway_times_out_and_the_bound_follows_each_request(timeouts: str) -> None:
    release = threading.Event()

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            if b"/stall" in request[0]:
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
                await writer.drain()
                await reader.read()
                return
            if b"/slow" in request[0]:
                await asyncio.get_running_loop().run_in_executor(None, release.wait, 10)
            writer.write(ok())
            await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport(), timeout=0.3) as http:
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get(tiny.url + "/stall")
        assert 0.25 < time.monotonic() - start < 10
        # A longer bound for one request applies to that request's connection...
        timer = threading.Timer(0.5, release.set)
        timer.start()
        assert http.get(tiny.url + "/slow", timeout=10).json() == {"ok": True}
        timer.join()
        # ...and the shorter one again to the next request on it.
        release.clear()
        with pytest.raises(httpx.ReadTimeout):
            http.get(tiny.url + "/slow")
        release.set()
        assert tiny.connections == 2, "the second and third requests shared a connection"


def test_a_server_that_never_reads_makes_a_large_request_time_out(timeouts: str) -> None:
    with SilentListener() as silent, httpx.Client(transport=FastSyncTransport(), timeout=httpx.Timeout(10, write=0.3)) as http:
        start = time.monotonic()
        with pytest.raises(httpx.WriteTimeout):
            http.post(silent.url + "/", content=b"x" * 64_000_000)
        assert time.monotonic() - start < 10


def test_a_refused_connection_raises_connect_error() -> None:
    with httpx.Client(transport=FastSyncTransport()) as http:
        with pytest.raises(httpx.ConnectError):
            http.get(f"http://127.0.0.1:{free_port()}/")
    with Client(f"http://127.0.0.1:{free_port()}", retries=0) as client:
        with pytest.raises(ConnectionFailed) as failure:
            client.health()
        assert failure.value.code == "connection_failed"


def test_head_204_and_304_answers_have_no_body_and_keep_the_connection() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            if request[0].startswith(b"HEAD"):
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            elif b"/empty" in request[0]:
                writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
            elif b"/same" in request[0]:
                writer.write(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n")
            else:
                writer.write(ok())
            await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport(), timeout=2) as http:
        head = http.head(tiny.url + "/")
        assert (head.status_code, head.headers["content-length"], head.content) == (200, "1000", b"")
        empty = http.delete(tiny.url + "/empty")
        assert (empty.status_code, empty.content) == (204, b"")
        same = http.get(tiny.url + "/same")
        assert (same.status_code, same.content) == (304, b"")
        assert http.get(tiny.url + "/").json() == {"ok": True}
        assert tiny.connections == 1


def test_headers_are_read_case_insensitively_and_a_close_delimited_body_is_read_to_its_end() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        assert request is not None
        if b"/chunked" in request[0]:
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-ENCODING: Chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n")
            await writer.drain()
            await read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-LENGTH: 2\r\n\r\nfg")
            await writer.drain()
            await read_request(reader)  # the third request, closed unanswered: it is sent again
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            for part in (b"until ", b"the ", b"end"):
                writer.write(part)
                await writer.drain()

    with serving(handle) as tiny, httpx.Client(transport=FastSyncTransport(), timeout=2) as http:
        assert http.get(tiny.url + "/chunked").content == b"abcde"
        assert http.get(tiny.url + "/").content == b"fg", "the connection was kept after the chunked answer"
        assert http.get(tiny.url + "/close-delimited").content == b"until the end"
        assert tiny.connections == 2


def test_a_stream_is_read_lazily_and_a_stream_closed_early_closes_its_connection() -> None:
    release = threading.Event()

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n")
            await writer.drain()
            await asyncio.get_running_loop().run_in_executor(None, release.wait, 10)
            writer.write(b"7\r\nsecond\n\r\n0\r\n\r\n")
            await writer.drain()

    transport = FastSyncTransport()
    origin = ("http", "127.0.0.1", 0)
    with serving(handle) as tiny, httpx.Client(transport=transport, timeout=5) as http:
        origin = ("http", "127.0.0.1", tiny.port)
        with http.stream("GET", tiny.url + "/") as response:
            lines = response.iter_lines()
            assert next(lines) == "first", "the first chunk is read before the rest is sent"
            release.set()
            assert next(lines) == "second"
            assert list(lines) == []
        assert len(transport._pool.idle[origin]) == 1, "read to its end: back in the pool"
        release.clear()
        with http.stream("GET", tiny.url + "/") as response:
            for _ in response.iter_bytes():
                break
        assert not transport._pool.idle[origin], "closed early: the connection is closed"
        assert not transport._pool.open
        release.set()
        assert http.get(tiny.url + "/").text == "first\nsecond\n"
        assert tiny.connections == 2


def test_a_request_waiting_for_a_free_connection_times_out_and_close_closes_everything() -> None:
    transport = FastSyncTransport(max_connections=1)
    with serving(answer_all) as tiny, httpx.Client(transport=transport) as http:
        with http.stream("GET", tiny.url + "/"):
            with pytest.raises(httpx.PoolTimeout):
                http.get(tiny.url + "/", timeout=httpx.Timeout(5, pool=0.2))
        assert http.get(tiny.url + "/").status_code == 200
        transport.close()
        until(lambda: tiny.closed == tiny.connections == 2)  # the server saw both connections close
        with pytest.raises(RuntimeError):
            http.get(tiny.url + "/")


def test_threads_share_the_transport_each_answer_reaching_its_own_request() -> None:
    """32 threads, 25 requests each, through one client whose transport opens at most 4
    connections: every answer is its request's, and the server sees at most 4 connections."""
    active = 0
    most = 0

    async def echo(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal active, most
        while (request := await read_request(reader)) is not None:
            active += 1
            most = max(most, active)
            await asyncio.sleep(0)  # let other connections' requests in meanwhile
            writer.write(ok(request[1]))
            await writer.drain()
            active -= 1

    transport = FastSyncTransport(max_connections=4)
    with serving(echo) as tiny, httpx.Client(transport=transport, timeout=10) as http:

        def worker(thread: int) -> list[bool]:
            results = []
            for n in range(25):
                body = b'{"thread":%d,"n":%d}' % (thread, n)
                results.append(http.post(tiny.url + "/", content=body).content == body)
            return results

        with ThreadPoolExecutor(32) as threads:
            results = [result for part in threads.map(worker, range(32)) for result in part]
        assert len(results) == 800 and all(results)
        assert 1 <= tiny.connections <= 4
        assert 1 <= most <= 4
        assert len(transport._pool.open) == tiny.connections, "every connection is kept for the next request"


def test_other_schemes_go_to_httpx_default_transport() -> None:
    transport = FastSyncTransport()
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"tls": True})

    transport._fallback = httpx.MockTransport(answer)  # type: ignore[assignment]
    with httpx.Client(transport=transport) as http:
        assert http.get("https://sessions.example/healthz").json() == {"tls": True}
    assert seen == ["https://sessions.example/healthz"]
