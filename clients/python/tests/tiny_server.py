"""Tiny asyncio HTTP servers on loopback ports, for the transports' edge cases: in the test's own
event loop (``async with Tiny(handle)``), or in a thread of their own for a blocking client
(``with serving(handle)``); and ``LosingProxy``, which loses an answer of a real server."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

Handler = Callable[[int, asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class Tiny:
    """An asyncio server on a loopback port whose handler gets each connection and its number (from 1)."""

    def __init__(self, handle: Handler) -> None:
        self.handle = handle
        self.connections = 0
        self.closed = 0
        self.bodies: list[bytes] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> Tiny:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self.handle(self.connections, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.closed += 1
            writer.close()


async def read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    """The next request's head and body (by Content-Length or chunked), or ``None`` at EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lowered = head.lower()
    body = b""
    if b"transfer-encoding: chunked" in lowered:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            data = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += data[:-2]
    else:
        for line in lowered.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                body = await reader.readexactly(int(line.split(b":")[1]))
    return head, body


def ok(body: bytes = b'{"ok":true}', extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


async def answer_all(index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers every request on the connection with a small JSON body, keeping it open."""
    while await read_request(reader) is not None:
        writer.write(ok())
        await writer.drain()


def until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Waits for ``condition`` (of another thread's making) to hold, failing after ``within`` s."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the condition did not hold within {within} s")
        time.sleep(0.005)


@contextmanager
def serving(handle: Handler) -> Iterator[Tiny]:
    """A ``Tiny`` server on an event loop in a thread of its own, for a blocking client. On the
    way out it waits for the connections' handlers to end (after the client closed its side)."""
    tiny = Tiny(handle)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    async def run() -> None:
        async with tiny:
            started.set()
            await stop.wait()
            deadline = loop.time() + 10
            while tiny.closed < tiny.connections and loop.time() < deadline:
                await asyncio.sleep(0.005)

    def main() -> None:
        try:
            loop.run_until_complete(run())
        except BaseException as error:  # noqa: BLE001 - raised in the test's thread
            failure.append(error)
            started.set()

    thread = threading.Thread(target=main, name="tiny-server", daemon=True)
    thread.start()
    assert started.wait(10), "the tiny server did not start"
    if failure:
        raise failure[0]
    try:
        yield tiny
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(20)
        loop.close()


class LosingProxy:
    """A loopback proxy in front of a real server that forwards each request and its answer,
    except that it swallows the answer to the next request whose line starts with
    ``lose_next`` and closes that connection: the server did the work, the client never hears."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.lose_next: bytes | None = None
        self.forwarded: list[tuple[bytes, bytes]] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> LosingProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            while (request := await read_request(reader)) is not None:
                self.forwarded.append(request)
                upstream_writer.write(request[0] + request[1])
                head = await upstream_reader.readuntil(b"\r\n\r\n")
                length = next(int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:"))
                body = await upstream_reader.readexactly(length)
                if self.lose_next is not None and request[0].startswith(self.lose_next):
                    self.lose_next = None
                    return
                writer.write(head + body)
                await writer.drain()
        finally:
            upstream_writer.close()
            writer.close()
