"""An HTTP/1.1 transport for httpx on asyncio streams, with keep-alive connection pooling.

httpx's default transport (httpcore) costs most of the time of a call to a loopback server;
this one speaks plain HTTP/1.1 directly over ``asyncio.open_connection``.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import httpx

T = TypeVar("T")

_READ_SIZE = 65_536
_HEAD_LIMIT = 65_536  # the StreamReader's buffer limit: the longest head or chunk-size line

# How a response's body ends (RFC 9112, section 6.3).
_NO_BODY = 0
_LENGTH = 1
_CHUNKED = 2
_CLOSE = 3


def default_transport(base_url: str) -> FastTransport | None:
    """The transport ``AsyncClient`` gives the httpx client it creates for ``base_url``:
    ``FastTransport`` for an ``http://`` server that no proxy of the environment applies to,
    else ``None`` (httpx's default transport, with its proxy and TLS handling)."""
    url = httpx.URL(base_url)
    if url.scheme != "http":
        return None
    proxies = urllib.request.getproxies_environment()
    bypass: Callable[[str, dict[str, str]], bool] = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009 - not in typeshed
    if (proxies.get("http") or proxies.get("all")) and not bypass(url.host, proxies):
        return None
    return FastTransport()


class _TimedOut(Exception):
    """A bounded operation ran out of time (mapped to httpx's own timeout exception)."""


if sys.version_info >= (3, 11):

    async def _bounded(operation: Awaitable[T], seconds: float | None) -> T:
        if seconds is None:
            return await operation
        try:
            async with asyncio.timeout(seconds):
                return await operation
        except TimeoutError:
            raise _TimedOut from None

else:  # pragma: no cover - Python 3.10

    async def _bounded(operation: Awaitable[T], seconds: float | None) -> T:
        if seconds is None:
            return await operation
        try:
            return await asyncio.wait_for(operation, seconds)
        except asyncio.TimeoutError:
            raise _TimedOut from None


class _Connection:
    """One TCP connection to one origin."""

    __slots__ = ("key", "reader", "writer", "requests", "idle_since", "loop")

    def __init__(self, key: tuple[str, str, int], reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.key = key
        self.reader = reader
        self.writer = writer
        self.requests = 0  # how many requests were sent on it, this one included
        self.idle_since = 0.0
        self.loop = asyncio.get_running_loop()

    def usable(self) -> bool:
        """Whether an idle connection still looks open: no EOF or error seen from the server."""
        return not (self.reader.at_eof() or self.reader.exception() is not None or self.writer.transport.is_closing())

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


class _StaleConnection(Exception):
    """A reused connection failed before any byte of the answer: the server had closed it."""

    def __init__(self, error: httpx.HTTPError) -> None:
        super().__init__(str(error))
        self.error = error


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
        self._max_keepalive = max_keepalive
        self._keepalive_expiry = keepalive_expiry
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._open: set[_Connection] = set()
        self._fallback: httpx.AsyncHTTPTransport | None = None
        self._closed = False

    async def aclose(self) -> None:
        """Closes every connection, idle or in use, and the fallback transport."""
        self._closed = True
        connections = list(self._open)
        self._open.clear()
        self._idle.clear()
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
        key = ("http", url.host, url.port or 80)

        if self._slots.locked():
            try:
                await _bounded(self._slots.acquire(), timeouts.get("pool"))
            except _TimedOut:
                raise httpx.PoolTimeout("no connection became free within the pool timeout", request=request) from None
        else:
            await self._slots.acquire()
        try:
            head, body, replayable = await self._prepare(request)
            connection = self._idle_connection(key)
            try:
                return await self._exchange(request, connection, key, head, body, timeouts)
            except _StaleConnection as stale:
                if not replayable:
                    raise stale.error from None
            # A new connection is never stale: this attempt raises what it meets.
            return await self._exchange(request, None, key, head, body, timeouts)
        except BaseException:
            self._slots.release()
            raise

    # Requests

    async def _prepare(self, request: httpx.Request) -> tuple[bytes, bytes | None, bool]:
        """The request's head, its body when it is in memory, and whether it can be sent again."""
        url = request.url
        lines = [request.method.encode("ascii"), b" ", url.raw_path, b" HTTP/1.1\r\n"]
        for name, value in request.headers.raw:
            lines += (name, b": ", value, b"\r\n")
        lines.append(b"\r\n")
        head = b"".join(lines)
        try:
            return head, request.content, True
        except httpx.RequestNotRead:
            return head, None, False

    def _idle_connection(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        if not idle:
            return None
        now = time.monotonic()
        loop = asyncio.get_running_loop()
        while idle:
            connection = idle.pop()
            # A connection of another event loop (a client used under two asyncio.run) is useless here.
            if connection.loop is loop and connection.usable() and now - connection.idle_since < self._keepalive_expiry:
                return connection
            self._discard(connection)
        return None

    async def _connect(self, request: httpx.Request, key: tuple[str, str, int], seconds: float | None) -> _Connection:
        try:
            reader, writer = await _bounded(asyncio.open_connection(key[1], key[2], limit=_HEAD_LIMIT), seconds)
        except _TimedOut:
            raise httpx.ConnectTimeout(f"could not connect to {key[1]}:{key[2]} within {seconds} s", request=request) from None
        except OSError as error:
            raise httpx.ConnectError(str(error) or type(error).__name__, request=request) from None
        connection = _Connection(key, reader, writer)
        self._open.add(connection)
        return connection

    async def _exchange(
        self,
        request: httpx.Request,
        connection: _Connection | None,
        key: tuple[str, str, int],
        head: bytes,
        body: bytes | None,
        timeouts: dict[str, float | None],
    ) -> httpx.Response:
        """Sends the request on ``connection`` (a new one when ``None``) and reads the answer's head.

        Raises ``_StaleConnection`` when a reused connection failed before any byte of the answer.
        """
        if connection is None:
            connection = await self._connect(request, key, timeouts.get("connect"))
        connection.requests += 1
        reused = connection.requests > 1
        try:
            try:
                await self._send(request, connection, head, body, timeouts.get("write"))
                response = await self._read_head(request, connection, timeouts.get("read"))
            except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError) as error:
                if reused and getattr(error, "before_answer", False):
                    raise _StaleConnection(error) from None
                raise
        except BaseException:
            self._discard(connection)
            raise
        return response

    async def _send(
        self, request: httpx.Request, connection: _Connection, head: bytes, body: bytes | None, seconds: float | None
    ) -> None:
        writer = connection.writer
        try:
            if body is None:
                writer.write(head)
                await _bounded(writer.drain(), seconds)
                await self._send_stream(request, writer, seconds)
            else:
                writer.write(head + body if len(body) < _READ_SIZE else head)
                if len(body) >= _READ_SIZE:
                    writer.write(body)
                if writer.transport.get_write_buffer_size():
                    await _bounded(writer.drain(), seconds)
        except _TimedOut:
            raise httpx.WriteTimeout(f"could not send the request within {seconds} s", request=request) from None
        except OSError as error:
            failure = httpx.WriteError(str(error) or type(error).__name__, request=request)
            failure.before_answer = True  # type: ignore[attr-defined]
            raise failure from None

    async def _send_stream(self, request: httpx.Request, writer: asyncio.StreamWriter, seconds: float | None) -> None:
        """Sends a body that is not in memory: as it is with a ``Content-Length``, else chunked."""
        stream = request.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise RuntimeError("an asynchronous transport needs an asynchronous request body")
        chunked = "content-length" not in request.headers and request.headers.get("transfer-encoding", "").lower() == "chunked"
        async for part in stream:
            if not part:
                continue
            writer.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
            await _bounded(writer.drain(), seconds)
        if chunked:
            writer.write(b"0\r\n\r\n")
            await _bounded(writer.drain(), seconds)

    async def _read_head(self, request: httpx.Request, connection: _Connection, seconds: float | None) -> httpx.Response:
        reader = connection.reader
        while True:
            try:
                raw = await _bounded(reader.readuntil(b"\r\n\r\n"), seconds)
            except _TimedOut:
                raise httpx.ReadTimeout(f"no answer within {seconds} s", request=request) from None
            except asyncio.IncompleteReadError as error:
                failure: httpx.HTTPError = httpx.RemoteProtocolError(
                    "the server closed the connection without sending a complete answer", request=request
                )
                failure.before_answer = not error.partial  # type: ignore[attr-defined]
                raise failure from None
            except asyncio.LimitOverrunError:
                raise httpx.RemoteProtocolError("the answer's head is too long", request=request) from None
            except OSError as error:
                failure = httpx.ReadError(str(error) or type(error).__name__, request=request)
                # A reset may come after part of the answer, still unread in the buffer.
                failure.before_answer = not getattr(reader, "_buffer", True)  # type: ignore[attr-defined]
                raise failure from None
            lines = raw[:-4].split(b"\r\n")
            status_line = lines[0].split(b" ", 2)
            if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1.") or not status_line[1].isdigit():
                raise httpx.RemoteProtocolError(f"not an HTTP/1.x answer: {lines[0][:100]!r}", request=request)
            status = int(status_line[1])
            if 100 <= status < 200 and status != 101:
                continue  # an interim answer (100 Continue, 103 Early Hints): the real one follows
            break
        version = status_line[0]
        reason = status_line[2] if len(status_line) > 2 else b""
        headers: list[tuple[bytes, bytes]] = []
        length: int | None = None
        chunked = False
        keep_alive = version == b"HTTP/1.1"
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon:
                raise httpx.RemoteProtocolError(f"a malformed header line: {line[:100]!r}", request=request)
            value = value.strip()
            headers.append((name, value))
            lowered = name.lower()
            if lowered == b"content-length":
                try:
                    found = int(value)
                except ValueError:
                    raise httpx.RemoteProtocolError(f"a malformed Content-Length: {value!r}", request=request) from None
                if found < 0 or (length is not None and length != found):
                    raise httpx.RemoteProtocolError("a malformed Content-Length", request=request)
                length = found
            elif lowered == b"transfer-encoding":
                chunked = value.lower().split(b",")[-1].strip() == b"chunked"
            elif lowered == b"connection":
                tokens = [token.strip() for token in value.lower().split(b",")]
                if b"close" in tokens:
                    keep_alive = False
                elif b"keep-alive" in tokens and version == b"HTTP/1.0":
                    keep_alive = True
        if request.method == "HEAD" or status in (204, 304) or status < 200:
            framing = _NO_BODY
            keep_alive = keep_alive and status >= 200  # after 101, the connection speaks something else
        elif chunked:
            framing = _CHUNKED
        elif length is not None:
            framing = _LENGTH if length else _NO_BODY
        else:
            framing, keep_alive = _CLOSE, False
        if keep_alive and b"close" in request.headers.get("connection", "").lower().encode():
            keep_alive = False
        stream = _ResponseStream(self, request, connection, framing, length or 0, keep_alive, seconds)
        return httpx.Response(
            status,
            headers=headers,
            stream=stream,
            extensions={"http_version": version, "reason_phrase": reason},
        )

    # The pool

    def _release(self, connection: _Connection, reusable: bool) -> None:
        """Ends a request: its connection goes back to the pool or is closed, and its slot is freed."""
        self._slots.release()
        if not reusable or self._closed or not connection.usable():
            self._discard(connection)
            return
        idle = self._idle.setdefault(connection.key, [])
        if len(idle) >= self._max_keepalive:
            self._discard(idle.pop(0))
        connection.idle_since = time.monotonic()
        idle.append(connection)

    def _discard(self, connection: _Connection) -> None:
        self._open.discard(connection)
        connection.close()


class _ResponseStream(httpx.AsyncByteStream):
    """A response's body, read from its connection as it is iterated."""

    def __init__(
        self,
        transport: FastTransport,
        request: httpx.Request,
        connection: _Connection,
        framing: int,
        length: int,
        keep_alive: bool,
        seconds: float | None,
    ) -> None:
        self._transport = transport
        self._request = request
        self._connection: _Connection | None = connection
        self._framing = framing
        self._length = length
        self._keep_alive = keep_alive
        self._seconds = seconds
        self._complete = framing == _NO_BODY

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._complete:
            return
        connection = self._connection
        if connection is None:
            raise httpx.StreamClosed()
        reader = connection.reader
        try:
            if self._framing == _LENGTH:
                remaining = self._length
                while remaining:
                    part = await self._read(reader.readexactly(min(remaining, _READ_SIZE)))
                    remaining -= len(part)
                    yield part
            elif self._framing == _CHUNKED:
                async for part in self._chunks(reader):
                    yield part
            else:
                while True:
                    part = await self._read(reader.read(_READ_SIZE))
                    if not part:
                        break
                    yield part
            self._complete = True
        except BaseException:
            self._keep_alive = False
            raise

    async def _chunks(self, reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
        while True:
            line = await self._read(reader.readuntil(b"\r\n"))
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise httpx.RemoteProtocolError(f"a malformed chunk size: {size_text[:40]!r}", request=self._request) from None
            if size == 0:
                while await self._read(reader.readuntil(b"\r\n")) != b"\r\n":
                    pass  # trailer fields, ignored
                return
            data = await self._read(reader.readexactly(size + 2))
            if data[-2:] != b"\r\n":
                raise httpx.RemoteProtocolError("a chunk does not end with CRLF", request=self._request)
            yield data[:-2]

    async def _read(self, operation: Awaitable[bytes]) -> bytes:
        try:
            return await _bounded(operation, self._seconds)
        except _TimedOut:
            raise httpx.ReadTimeout(f"the answer stalled for {self._seconds} s", request=self._request) from None
        except asyncio.IncompleteReadError:
            raise httpx.RemoteProtocolError(
                "the server closed the connection before the end of the answer", request=self._request
            ) from None
        except asyncio.LimitOverrunError:
            raise httpx.RemoteProtocolError("a chunk-size line is too long", request=self._request) from None
        except OSError as error:
            raise httpx.ReadError(str(error) or type(error).__name__, request=self._request) from None

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            self._transport._release(connection, self._complete and self._keep_alive)
