"""An HTTP/1.1 transport for httpx on asyncio streams, with keep-alive connection pooling.

httpx's default transport (httpcore) costs most of the time of a call to a loopback server;
this one speaks plain HTTP/1.1 directly over ``asyncio.open_connection``. What it shares with
``FastSyncTransport`` (blocking sockets) is in ``_http11``.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

import httpx

from . import _http11 as http11
from ._http11 import TimedOut

T = TypeVar("T")


def default_transport(base_url: str) -> FastTransport | None:
    """The transport ``AsyncClient`` gives the httpx client it creates for ``base_url``:
    ``FastTransport`` for an ``http://`` server that no proxy of the environment applies to,
    else ``None`` (httpx's default transport, with its proxy and TLS handling)."""
    return FastTransport() if http11.fast_transport_applies(base_url) else None


if sys.version_info >= (3, 11):

    async def _bounded(operation: Awaitable[T], seconds: float | None) -> T:
        if seconds is None:
            return await operation
        try:
            async with asyncio.timeout(seconds):
                return await operation
        except TimeoutError:
            raise TimedOut from None

else:  # pragma: no cover - Python 3.10

    async def _bounded(operation: Awaitable[T], seconds: float | None) -> T:
        if seconds is None:
            return await operation
        try:
            return await asyncio.wait_for(operation, seconds)
        except asyncio.TimeoutError:
            raise TimedOut from None


async def _read(reader: asyncio.StreamReader, kind: int, size: int, seconds: float | None, request: httpx.Request | None) -> bytes:
    """One read of an answer's body, as a ``BodyDecoder`` asked for it."""
    try:
        if kind == http11.EXACTLY:
            if len(getattr(reader, "_buffer", b"")) >= size:
                return await reader.readexactly(size)  # already here: no need to bound the wait
            return await _bounded(reader.readexactly(size), seconds)
        if kind == http11.LINE:
            return await _bounded(reader.readuntil(b"\r\n"), seconds)
        return await _bounded(reader.read(size), seconds)
    except http11.IO_FAILURES as error:
        raise http11.failure(http11.BODY, error, request, seconds) from None


class _Connection:
    """One TCP connection to one origin."""

    __slots__ = ("key", "reader", "writer", "requests", "idle_since", "loop")

    def __init__(self, key: http11.Origin, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.key = key
        self.reader = reader
        self.writer = writer
        self.requests = 0  # how many requests were sent on it, this one included
        self.idle_since = 0.0
        self.loop = asyncio.get_running_loop()

    def usable(self) -> bool:
        """Whether an idle connection still looks open (no EOF or error seen from the server),
        and belongs to the running event loop (a client used under two ``asyncio.run`` cannot
        use the first loop's connections)."""
        return not (
            self.reader.at_eof() or self.reader.exception() is not None or self.writer.transport.is_closing()
        ) and self.loop is asyncio.get_running_loop()

    def close(self) -> None:
        if self.loop.is_closed():
            # Its event loop is gone (a client used under two asyncio.run), and closing goes
            # through the loop: the socket is shut down, so the server sees the end at once,
            # and its descriptor is closed when the transport object is collected.
            sock = self.writer.get_extra_info("socket")
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            return
        self.writer.close()


class FastTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` speaking HTTP/1.1 over asyncio streams.

    ``AsyncClient`` uses it by default for ``http://`` servers (not for a ``http_client`` of
    the caller's own). It keeps idle connections per (scheme, host, port) for reuse, at most
    ``max_keepalive`` of them per origin, each for at most ``keepalive_expiry`` seconds, and
    runs at most ``max_connections`` requests at once (a request waiting longer than the
    ``pool`` timeout for its turn raises ``httpx.PoolTimeout``).

    Only plain ``http://`` is spoken here: any other scheme (``https://``: TLS is out of
    scope) goes to httpx's default ``httpx.AsyncHTTPTransport``, created on first use.
    Proxies are not supported (``AsyncClient`` does not pick this transport when the
    environment configures a proxy for its server).

    Timeouts come from ``request.extensions["timeout"]`` as httpx sets them: ``connect``
    bounds opening a connection, ``write`` each write of the request, ``read`` each read of
    the answer (its head, and each piece of its body, so a stream may run long as long as
    it keeps sending), ``pool`` the wait for a free slot. They raise ``httpx.ConnectTimeout``,
    ``httpx.WriteTimeout``, ``httpx.ReadTimeout`` and ``httpx.PoolTimeout``. A connection that
    cannot be opened raises ``httpx.ConnectError``; one that fails while writing raises
    ``httpx.WriteError``, while reading ``httpx.ReadError``; one that the server closes
    before the answer is complete raises ``httpx.RemoteProtocolError``, as does an answer
    that is not HTTP/1.x.

    Retry rule: the transport itself sends a request again (once, on a newly opened
    connection) only when it went out on a *reused* keep-alive connection and that
    connection failed (EOF, reset or broken pipe) before a single byte of the answer
    arrived, and only when the request's body is in memory (so it can be sent again). That
    is the case of a server closing an idle connection while the request was on its way: it
    never started to process it. Any other failure (on a new connection, after part of the
    answer, a timeout) is raised, and whether the call is retried is the caller's choice.
    Before reusing an idle connection it is also checked for an EOF already received, and
    idle connections older than ``keepalive_expiry`` are closed instead of reused.

    A response's body is read lazily from the connection, as its reader asks. The connection
    goes back to the pool when the body was read to its end, the response closed, and
    neither side asked for ``Connection: close``; a response closed before its end closes the
    connection.
    """

    def __init__(self, *, max_connections: int = 100, max_keepalive: int = 20, keepalive_expiry: float = 5.0) -> None:
        if max_connections < 1:
            raise ValueError(f"max_connections must be 1 or more, not {max_connections}")
        self._slots = asyncio.Semaphore(max_connections)
        self._pool: http11.Pool[_Connection] = http11.Pool(max_keepalive, keepalive_expiry)
        self._fallback: httpx.AsyncHTTPTransport | None = None
        self._closed = False

    async def aclose(self) -> None:
        """Closes every connection, idle or in use, and the fallback transport."""
        self._closed = True
        connections = self._pool.clear()
        for connection in connections:
            connection.close()
        loop = asyncio.get_running_loop()
        for connection in connections:
            if connection.loop is not loop:
                continue
            try:
                await connection.writer.wait_closed()
            except Exception:  # noqa: BLE001, S110 - closing anyway: errors of a dying socket do not matter
                pass
        if self._fallback is not None:
            await self._fallback.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "http":
            if self._fallback is None:
                self._fallback = httpx.AsyncHTTPTransport()
            return await self._fallback.handle_async_request(request)
        if self._closed:
            raise RuntimeError("the transport was closed")
        timeouts = request.extensions.get("timeout") or {}
        key = http11.origin(url)

        if self._slots.locked():
            try:
                await _bounded(self._slots.acquire(), timeouts.get("pool"))
            except TimedOut:
                raise httpx.PoolTimeout("no connection became free within the pool timeout", request=request) from None
        else:
            await self._slots.acquire()
        try:
            head, body = http11.serialize(request)
            try:
                return await self._exchange(request, self._pool.take(key), key, head, body, timeouts)
            except http11.StaleConnection as stale:
                if body is None:  # a streamed body cannot be sent again
                    raise stale.error from None
            # A new connection is never stale: this attempt raises what it meets.
            return await self._exchange(request, None, key, head, body, timeouts)
        except BaseException:
            self._slots.release()
            raise

    async def call(self, key: http11.Origin, method: str, head: bytes, body: bytes | None, seconds: float) -> tuple[int, bytes]:
        """One request given as its bytes, answered as its status and whole body: the path
        ``AsyncClient`` takes for its own calls, without httpx's request and response objects.

        ``head`` is the request's head through its blank line (with its ``Host`` and, for a
        ``body``, its ``Content-Length``); ``key`` the origin it goes to. It shares this
        transport's connections and limit on concurrent requests, its resend rule, and its
        failures (httpx's exceptions, without a request): ``seconds`` bounds each step as an
        ``httpx.Timeout(seconds)`` does (the wait for a free slot, connecting, each write, the
        answer's head, each read of its body).
        """
        if self._closed:
            raise RuntimeError("the transport was closed")
        if self._slots.locked():
            try:
                await _bounded(self._slots.acquire(), seconds)
            except TimedOut:
                raise httpx.PoolTimeout("no connection became free within the pool timeout") from None
        else:
            await self._slots.acquire()
        try:
            try:
                return await self._call_on(self._pool.take(key), key, method, head, body, seconds)
            except http11.StaleConnection:
                pass  # the whole request is in memory: it can go again
            # A new connection is never stale: this attempt raises what it meets.
            return await self._call_on(None, key, method, head, body, seconds)
        finally:
            self._slots.release()

    async def _call_on(
        self, connection: _Connection | None, key: http11.Origin, method: str, head: bytes, body: bytes | None, seconds: float
    ) -> tuple[int, bytes]:
        """``call`` on ``connection`` (a new one when ``None``); raises ``StaleConnection`` when a
        reused connection failed before any byte of the answer."""
        if connection is None:
            connection = await self._connect(None, key, seconds)
        connection.requests += 1
        reused = connection.requests > 1
        try:
            try:
                await self._send(None, connection, head, body, seconds)
                answer = await self._receive_head(None, connection, method, False, seconds)
            except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError) as error:
                if reused and http11.before_answer(error):
                    raise http11.StaleConnection(error) from None
                raise
            if answer.framing == http11.LENGTH and answer.length <= http11.READ_SIZE:
                content = await _read(connection.reader, http11.EXACTLY, answer.length, seconds, None)
            else:
                decoder = http11.BodyDecoder(None, answer)
                parts = []
                while (read := decoder.next_read()) is not None:
                    parts.append(decoder.received(await _read(connection.reader, read[0], read[1], seconds, None)))
                content = b"".join(parts)
        except BaseException:
            self._pool.discard(connection)
            raise
        self._pool.put(connection, answer.keep_alive and not self._closed)
        return answer.status, content

    async def _connect(self, request: httpx.Request | None, key: http11.Origin, seconds: float | None) -> _Connection:
        try:
            reader, writer = await _bounded(asyncio.open_connection(key[1], key[2], limit=http11.HEAD_LIMIT), seconds)
        except http11.IO_FAILURES as error:
            raise http11.failure(http11.CONNECT, error, request, seconds, key=key) from None
        connection = _Connection(key, reader, writer)
        self._pool.open.add(connection)
        return connection

    async def _exchange(
        self,
        request: httpx.Request,
        connection: _Connection | None,
        key: http11.Origin,
        head: bytes,
        body: bytes | None,
        timeouts: dict[str, float | None],
    ) -> httpx.Response:
        """Sends the request on ``connection`` (a new one when ``None``) and reads the answer's head.

        Raises ``StaleConnection`` when a reused connection failed before any byte of the answer.
        """
        if connection is None:
            connection = await self._connect(request, key, timeouts.get("connect"))
        connection.requests += 1
        reused = connection.requests > 1
        seconds = timeouts.get("read")
        try:
            try:
                await self._send(request, connection, head, body, timeouts.get("write"))
                asks_close = b"close" in request.headers.get("connection", "").lower().encode()
                answer = await self._receive_head(request, connection, request.method, asks_close, seconds)
            except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError) as error:
                if reused and http11.before_answer(error):
                    raise http11.StaleConnection(error) from None
                raise
        except BaseException:
            self._pool.discard(connection)
            raise
        return answer.response(_ResponseStream(self, request, connection, answer, seconds))

    async def _send(
        self, request: httpx.Request | None, connection: _Connection, head: bytes, body: bytes | None, seconds: float | None
    ) -> None:
        writer = connection.writer
        try:
            if body is None:
                writer.write(head)
                if request is not None:
                    await _bounded(writer.drain(), seconds)
                    await self._send_stream(request, writer, seconds)
            else:
                writer.write(head + body if len(body) < http11.READ_SIZE else head)
                if len(body) >= http11.READ_SIZE:
                    writer.write(body)
            if writer.transport.get_write_buffer_size():
                await _bounded(writer.drain(), seconds)
        except http11.IO_FAILURES as error:
            raise http11.failure(http11.WRITE, error, request, seconds) from None

    async def _send_stream(self, request: httpx.Request, writer: asyncio.StreamWriter, seconds: float | None) -> None:
        """Sends a body that is not in memory: as it is with a ``Content-Length``, else chunked."""
        stream = request.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise RuntimeError("an asynchronous transport needs an asynchronous request body")
        chunked = http11.sends_chunked(request)
        async for part in stream:
            if part:
                writer.write(http11.frame(part, chunked))
                await _bounded(writer.drain(), seconds)
        if chunked:
            writer.write(http11.LAST_CHUNK)
            await _bounded(writer.drain(), seconds)

    async def _receive_head(
        self, request: httpx.Request | None, connection: _Connection, method: str, asks_close: bool, seconds: float | None
    ) -> http11.Head:
        reader = connection.reader
        while True:
            try:
                raw = await _bounded(reader.readuntil(b"\r\n\r\n"), seconds)
            except http11.IO_FAILURES as error:
                buffered = bool(getattr(reader, "_buffer", True))
                raise http11.failure(http11.HEAD, error, request, seconds, buffered=buffered) from None
            head = http11.read_head(raw, method, asks_close, request)
            if head is not None:
                return head

    def _release(self, connection: _Connection, reusable: bool) -> None:
        """Ends a request: its connection goes back to the pool or is closed, and its slot is freed."""
        self._slots.release()
        self._pool.put(connection, reusable and not self._closed)


class _ResponseStream(httpx.AsyncByteStream):
    """A response's body, read from its connection as it is iterated."""

    def __init__(
        self, transport: FastTransport, request: httpx.Request, connection: _Connection, head: http11.Head, seconds: float | None
    ) -> None:
        self._transport = transport
        self._request = request
        self._connection: _Connection | None = connection
        self._decoder = http11.BodyDecoder(request, head)
        self._keep_alive = head.keep_alive
        self._seconds = seconds

    async def __aiter__(self) -> AsyncIterator[bytes]:
        decoder = self._decoder
        if decoder.complete:
            return
        connection = self._connection
        if connection is None:
            raise httpx.StreamClosed()
        reader = connection.reader
        try:
            while (read := decoder.next_read()) is not None:
                kind, size = read
                part = decoder.received(await _read(reader, kind, size, self._seconds, self._request))
                if part:
                    yield part
        except BaseException:
            self._keep_alive = False
            raise

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            self._transport._release(connection, self._decoder.complete and self._keep_alive)
