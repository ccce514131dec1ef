"""``AsyncClient``'s direct calls (``DirectRequests`` and ``FastTransport.call``): what they send,
how they fail and retry, and that a retried append stores nothing twice, against tiny servers
and against a real ``agent-sessions serve`` behind a proxy that loses an answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest
from serve import Server, free_port
from tiny_server import LosingProxy, Tiny, read_request

from agent_sessions import AsyncClient, ConnectionFailed, NewItem, NotFound, Unavailable
from agent_sessions._fast_transport import FastTransport


def answer(status: int, body: bytes) -> bytes:
    return b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (status, len(body), body)


NOT_FOUND = answer(404, b'{"error":{"code":"not_found","message":"no such session"}}')


def recorder(requests: list[tuple[bytes, bytes]], reply: bytes = NOT_FOUND) -> Callable[..., Awaitable[None]]:
    """A tiny server's handler that keeps every request and answers each with ``reply``."""

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            requests.append(request)
            writer.write(reply)
            await writer.drain()

    return handle


def request_line(head: bytes) -> bytes:
    return head.split(b"\r\n", 1)[0]


def headers(head: bytes, leaving_out: tuple[bytes, ...] = ()) -> dict[bytes, bytes]:
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        if line:
            name, _, value = line.partition(b":")
            if name.lower() not in leaving_out:
                fields[name.lower()] = value.strip()
    return fields


CALLS: dict[str, Callable[[AsyncClient], Awaitable[object]]] = {
    "get_items": lambda client: client.get_items("a/b c", limit=20, after=3),
    "append_items": lambda client: client.append_items("s", [{"role": "user", "content": "héllo"}]),
    "append_items_with_ids": lambda client: client.append_items("s", [NewItem({"n": 1}, item_id="i-1")]),
    "update_session": lambda client: client.update_session("s", metadata={"k": "v"}, expected_version=3),
    "list_sessions": lambda client: client.list_sessions(user="ana", active=True, cursor="x+y/z=="),
    "cleanup": lambda client: client.cleanup(1.5),
    "delete_session": lambda client: client.delete_session("s"),
    "get_or_create_session": lambda client: client.get_or_create_session("s", user_id="ana"),
}


@pytest.mark.parametrize("name", list(CALLS))
async def test_a_direct_call_sends_what_httpx_would(name: str) -> None:
    """The same call through httpx (a given ``http_client``) and directly: the same request
    line, body and headers, but for httpx's ``Accept-Encoding`` and ``Connection``, and an
    ``Idempotency-Key`` of each call's own."""
    direct: list[tuple[bytes, bytes]] = []
    through_httpx: list[tuple[bytes, bytes]] = []
    async with Tiny(recorder(direct)) as first, Tiny(recorder(through_httpx)) as second:
        async with AsyncClient(first.url, api_key="key-1", app="an app") as client:
            assert client._direct is not None
            with pytest.raises(NotFound):
                await CALLS[name](client)
        http = httpx.AsyncClient(transport=FastTransport())
        async with AsyncClient(second.url, api_key="key-1", app="an app", http_client=http) as client:
            assert client._direct is None
            with pytest.raises(NotFound):
                await CALLS[name](client)
        await http.aclose()
    [(head, body)] = direct
    [(expected_head, expected_body)] = through_httpx
    assert request_line(head) == request_line(expected_head)
    assert body == expected_body
    ignored = (b"accept-encoding", b"connection", b"idempotency-key", b"host")
    assert headers(head, ignored) == headers(expected_head, ignored)
    assert headers(head)[b"host"] == b"127.0.0.1:%d" % first.port
    assert (b"idempotency-key" in headers(head)) == (b"idempotency-key" in headers(expected_head))
    assert (b"idempotency-key" in headers(head)) == (name in ("append_items",))


async def test_a_retry_sends_the_same_bytes_and_an_append_with_ids_carries_no_key() -> None:
    """The first attempt's answer is lost (the connection closes after the request): the retry
    sends the very same request, item ids and all."""
    seen: list[tuple[bytes, bytes]] = []

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            seen.append(request)
            if index == 1:
                return  # closes without answering
            writer.write(answer(201, b'{"sequences":[7]}'))
            await writer.drain()

    async with Tiny(handle) as tiny, AsyncClient(tiny.url, retries=2, backoff=0.01) as client:
        assert await client.append_items("s", [NewItem({"n": 1}, item_id="one")]) == [7]
    assert len(seen) == 2 and seen[0] == seen[1]
    assert b"idempotency-key" not in headers(seen[0][0])
    assert seen[0][1] == b'{"items": [{"content": {"n": 1}, "item_id": "one"}]}'


async def test_a_request_crossing_the_servers_close_is_sent_again_on_a_new_connection() -> None:
    """As through httpx: a kept-alive connection the server closed before any byte of the
    answer carries the request again, once, on a new connection, even when it may not be
    retried (a pop)."""
    bodies: list[bytes] = []

    async def handle(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while (request := await read_request(reader)) is not None:
            bodies.append(request[0])
            if index == 1 and len(bodies) == 2:
                return
            writer.write(answer(200, b'{"item":null}'))
            await writer.drain()

    async with Tiny(handle) as tiny, AsyncClient(tiny.url, retries=0) as client:
        assert await client.pop_item("s") is None
        assert await client.pop_item("s") is None
        assert tiny.connections == 2 and len(bodies) == 3


async def test_failures_and_retries_follow_the_clients_rules() -> None:
    count = 0

    async def flaky(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        while await read_request(reader) is not None:
            count += 1
            if count % 2:
                writer.write(answer(503, b'{"error":{"code":"unavailable","message":"storage down"}}'))
            else:
                writer.write(answer(200, b'{"items":[]}'))
            await writer.drain()

    async with Tiny(flaky) as tiny, AsyncClient(tiny.url, retries=1, backoff=0.01) as client:
        assert await client.get_items("s") == []  # a read: retried after the 503
        assert count == 2
        with pytest.raises(Unavailable):
            await client.pop_item("s")  # not retried
        assert count == 3

    async def silent(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(30)

    async with Tiny(silent) as tiny, AsyncClient(tiny.url, timeout=0.3, retries=0) as client:
        started = asyncio.get_running_loop().time()
        with pytest.raises(ConnectionFailed) as error:
            await client.get_session("s")
        assert error.value.code == "timeout" and "0.3 s" in str(error.value)
        assert asyncio.get_running_loop().time() - started < 5

    async with AsyncClient(f"http://127.0.0.1:{free_port()}", retries=1, backoff=0.01) as client:
        with pytest.raises(ConnectionFailed) as error:
            await client.get_session("s")
        assert error.value.code == "connection_failed" and "cannot reach" in str(error.value)


@pytest.mark.parametrize("with_ids", [True, False], ids=["item-ids", "idempotency-key"])
async def test_an_append_whose_answer_was_lost_is_stored_once(server: Server, with_ids: bool) -> None:
    async with LosingProxy(server.port) as proxy, AsyncClient(proxy.url, retries=3, backoff=0.01) as client:
        await client.create_session("lost")
        items: list[NewItem | dict[str, object]] = [NewItem({"n": 1}, item_id="n-1")] if with_ids else [{"n": 1}]
        proxy.lose_next = b"POST /v1/sessions/lost/items"
        assert await client.append_items("lost", items) == [1]
        appends = [request for request in proxy.forwarded if request[0].startswith(b"POST /v1/sessions/lost/items")]
        assert len(appends) == 2 and appends[0] == appends[1], "the retry sent the same request"
        assert (b"idempotency-key" in headers(appends[0][0])) is not with_ids
    async with AsyncClient(server.url) as direct:
        assert [item.content for item in await direct.get_items("lost")] == [{"n": 1}]
