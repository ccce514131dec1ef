"""``FastTransport``, the HTTP/1.1 transport ``AsyncClient`` uses by default: against the real
server, and against tiny asyncio servers written here for the edge cases."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from serve import Server, free_port
from tiny_server import Tiny, answer_all, ok, read_request

from agent_sessions import AsyncClient, ConnectionFailed
from agent_sessions._fast_transport import FastTransport, default_transport

# Against the real server


def test_async_client_picks_the_fast_transport_for_http_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(default_transport("http://127.0.0.1:8080"), FastTransport)
    assert default_transport("https://sessions.example") is None
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    assert default_transport("http://sessions.example:8080") is None, "a proxied server keeps httpx's transport"
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert isinstance(default_transport("http://127.0.0.1:8080"), FastTransport)


async def test_a_long_items_page_comes_chunked_and_whole(server: Server) -> None:
    async with AsyncClient(server.url) as client:
        assert isinstance(client._http._transport, FastTransport)
        await client.create_session("long")
        for start in range(0, 1_500, 500):
            await client.append_items("long", [{"n": n, "text": "x" * 200} for n in range(start, start + 500)])
        items = await client.get_items("long")
        assert [item.content["n"] for item in items] == list(range(1_500))  # type: ignore[index]
        answer = await client._http.get(server.url + "/v1/sessions/long/items")
        assert answer.headers["transfer-encoding"] == "chunked"
        assert len(answer.json()["items"]) == 1_500
        # The connection went back to the pool after the chunked answer, and serves the next call.
        transport = client._http._transport
        assert len(transport._pool.open) == 1
        assert (await client.get_session("long")).id == "long"
        assert len(transport._pool.open) == 1


async def test_calls_in_a_row_reuse_one_connection_and_concurrent_calls_share_a_few(server: Server) -> None:
    async with AsyncClient(server.url) as client:
        transport = client._http._transport
        assert isinstance(transport, FastTransport)
        for index in range(20):
            await client.create_session(f"s{index}")
        assert len(transport._pool.open) == 1
        sessions = await asyncio.gather(*(client.get_session(f"s{index}") for index in range(20)))
        assert [session.id for session in sessions] == [f"s{index}" for index in range(20)]
        assert 1 <= len(transport._pool.open) <= 20
    assert not transport._pool.open, "closing the client closes every connection"


# Against tiny servers


async def test_keep_alive_reuses_the_connection_and_honours_connection_close() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        count = 0
        while await read_request(reader) is not None:
            count += 1
            closing = count == 3
            writer.write(ok(extra=b"CONNECTION: Close\r\n" if closing else b""))
            await writer.drain()
            if closing:
                return

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport()) as http:
        for _ in range(5):
            assert (await http.get(tiny.url + "/")).json() == {"ok": True}
        assert tiny.connections == 2, "the third answer closed the first connection"
        # A request asking for Connection: close is not kept either.
        await http.get(tiny.url + "/", headers={"Connection": "close"})
        await http.get(tiny.url + "/")
        assert tiny.connections == 3


async def test_a_connection_the_server_closed_while_idle_is_replaced() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(ok())
        await writer.drain()  # then closes: an idle timeout

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport()) as http:
        for _ in range(3):
            assert (await http.get(tiny.url + "/")).status_code == 200
            await asyncio.sleep(0.05)
        assert tiny.connections == 3


async def test_a_request_crossing_the_servers_close_is_sent_again_on_a_new_connection() -> None:
    """The server closes the kept-alive connection as the second request arrives, without
    answering it (its idle close crossed the request): the transport sends it again, once."""

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            tiny.bodies.append(request[1])
            if index == 1 and len(tiny.bodies) == 2:
                return  # close without a byte of answer
            writer.write(ok(request[1] or b"{}"))
            await writer.drain()

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport()) as http:
        assert (await http.post(tiny.url + "/", content=b'{"n":1}')).json() == {"n": 1}
        answer = await http.post(tiny.url + "/", content=b'{"n":2}')
        assert answer.json() == {"n": 2}
        assert tiny.connections == 2
        assert tiny.bodies == [b'{"n":1}', b'{"n":2}', b'{"n":2}']


async def test_a_streamed_body_is_not_sent_again_and_a_new_connection_is_not_retried() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if index == 1:
            await read_request(reader)
            writer.write(ok())
            await writer.drain()
        request = await read_request(reader)
        if request is not None:
            tiny.bodies.append(request[1])

    async def body() -> AsyncIterator[bytes]:
        yield b"part one, "
        yield b"part two"

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport()) as http:
        await http.get(tiny.url + "/")
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post(tiny.url + "/", content=body())
        assert tiny.bodies == [b"part one, part two"], "sent chunked, once"
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(tiny.url + "/")  # on a new connection: the failure is raised
        assert tiny.connections == 2


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10,
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Le",
    ],
    ids=["content-length", "chunked", "head"],
)
async def test_a_server_closing_mid_answer_raises_a_protocol_error_at_once(answer: bytes) -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(answer)
        await writer.drain()

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport(), timeout=30) as http:
        start = time.monotonic()
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(tiny.url + "/")
        assert time.monotonic() - start < 5
        async with AsyncClient(tiny.url, retries=1, backoff=0.01) as client:
            with pytest.raises(ConnectionFailed) as failure:
                await client.health()
            assert failure.value.code == "connection_failed"
        assert tiny.connections == 3, "the client retried the read once; the transport retried nothing"


async def test_a_server_that_never_answers_times_out() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await reader.read()  # until the client gives up and closes

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport(), timeout=0.3) as http:
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            await http.get(tiny.url + "/")
        assert 0.25 < time.monotonic() - start < 10, "the read timeout (0.3 s) ended the wait"
        async with AsyncClient(tiny.url, timeout=0.3, retries=0) as client:
            with pytest.raises(ConnectionFailed) as failure:
                await client.health()
            assert failure.value.code == "timeout"


async def test_a_refused_connection_raises_connect_error() -> None:
    async with httpx.AsyncClient(transport=FastTransport()) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{free_port()}/")
    async with AsyncClient(f"http://127.0.0.1:{free_port()}", retries=0) as client:
        with pytest.raises(ConnectionFailed) as failure:
            await client.health()
        assert failure.value.code == "connection_failed"


async def test_head_204_and_304_answers_have_no_body_and_keep_the_connection() -> None:
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

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport(), timeout=2) as http:
        head = await http.head(tiny.url + "/")
        assert (head.status_code, head.headers["content-length"], head.content) == (200, "1000", b"")
        empty = await http.delete(tiny.url + "/empty")
        assert (empty.status_code, empty.content) == (204, b"")
        same = await http.get(tiny.url + "/same")
        assert (same.status_code, same.content) == (304, b"")
        assert (await http.get(tiny.url + "/")).json() == {"ok": True}
        assert tiny.connections == 1


async def test_headers_are_read_case_insensitively_and_a_close_delimited_body_is_read_to_its_end() -> None:
    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        assert request is not None
        if b"/chunked" in request[0]:
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-ENCODING: Chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n")
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-LENGTH: 2\r\n\r\nfg")
            await writer.drain()
            await read_request(reader)  # the second request, answered already; then the connection closes
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
            for part in (b"until ", b"the ", b"end"):
                writer.write(part)
                await writer.drain()
                await asyncio.sleep(0.02)

    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=FastTransport(), timeout=2) as http:
        assert (await http.get(tiny.url + "/chunked")).content == b"abcde"
        assert (await http.get(tiny.url + "/")).content == b"fg", "the connection was kept after the chunked answer"
        assert (await http.get(tiny.url + "/close-delimited")).content == b"until the end"
        assert tiny.connections == 2


async def test_a_stream_is_read_lazily_and_a_stream_closed_early_closes_its_connection() -> None:
    release = asyncio.Event()

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n")
            await writer.drain()
            await release.wait()
            writer.write(b"7\r\nsecond\n\r\n0\r\n\r\n")
            await writer.drain()

    transport = FastTransport()
    async with Tiny(handle) as tiny, httpx.AsyncClient(transport=transport, timeout=5) as http:
        async with http.stream("GET", tiny.url + "/") as response:
            lines = response.aiter_lines()
            assert await asyncio.wait_for(lines.__anext__(), 2) == "first"
            release.set()
            assert await asyncio.wait_for(lines.__anext__(), 2) == "second"
            assert [line async for line in lines] == []
        assert len(transport._pool.idle[("http", "127.0.0.1", tiny.port)]) == 1, "read to its end: back in the pool"
        release.clear()
        async with http.stream("GET", tiny.url + "/") as response:
            async for _ in response.aiter_bytes():
                break
        assert not transport._pool.idle[("http", "127.0.0.1", tiny.port)], "closed early: the connection is closed"
        assert not transport._pool.open
        release.set()
        assert (await http.get(tiny.url + "/")).text == "first\nsecond\n"
        assert tiny.connections == 2


async def test_a_request_waiting_for_a_free_connection_times_out_and_aclose_closes_everything() -> None:
    transport = FastTransport(max_connections=1)
    async with Tiny(answer_all) as tiny, httpx.AsyncClient(transport=transport) as http:
        async with http.stream("GET", tiny.url + "/"):
            with pytest.raises(httpx.PoolTimeout):
                await http.get(tiny.url + "/", timeout=httpx.Timeout(5, pool=0.2))
        assert (await http.get(tiny.url + "/")).status_code == 200
        await transport.aclose()
        await asyncio.sleep(0.1)
        assert tiny.closed == tiny.connections == 2, "the server saw both connections close"


async def test_other_schemes_go_to_httpx_default_transport() -> None:
    transport = FastTransport()
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"tls": True})

    transport._fallback = httpx.MockTransport(answer)  # type: ignore[assignment]
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("https://sessions.example/healthz")).json() == {"tls": True}
    assert seen == ["https://sessions.example/healthz"]


def test_a_client_used_under_two_event_loops_opens_new_connections() -> None:
    async def serve_twice() -> None:
        async with Tiny(answer_all) as tiny:
            port.append(tiny.port)
            ready.set()
            await done.wait()
            while tiny.closed < tiny.connections:
                await asyncio.sleep(0.01)

    import threading

    port: list[int] = []
    ready = threading.Event()
    done_loop: list[asyncio.AbstractEventLoop] = []
    done = asyncio.Event()

    def run_server() -> None:
        loop = asyncio.new_event_loop()
        done_loop.append(loop)
        loop.run_until_complete(serve_twice())
        loop.close()

    thread = threading.Thread(target=run_server)
    thread.start()
    assert ready.wait(10)
    http = httpx.AsyncClient(transport=FastTransport(), timeout=5)

    async def get() -> int:
        return (await http.get(f"http://127.0.0.1:{port[0]}/")).status_code

    try:
        assert asyncio.run(get()) == 200
        assert asyncio.run(get()) == 200, "the first loop's idle connection was not reused"
        asyncio.run(http.aclose())
    finally:
        done_loop[0].call_soon_threadsafe(done.set)
        thread.join(10)
