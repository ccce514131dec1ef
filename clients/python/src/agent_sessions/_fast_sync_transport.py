"""An HTTP/1.1 transport for httpx on blocking sockets, with keep-alive connection pooling.

The synchronous counterpart of ``FastTransport``: httpx's default transport (httpcore) costs
most of the time of a call to a loopback server; this one speaks plain HTTP/1.1 over
``socket`` directly. What the two share (request heads, answer parsing, body framing, the
mapping of failures, the idle connections' bookkeeping) is in ``_http11``.
"""

from __future__ import annotations

import asyncio
import select
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator

import httpx

from . import _http11 as http11


def default_sync_transport(base_url: str) -> FastSyncTransport | None:
    """The transport ``Client`` gives the httpx client it creates for ``base_url``:
    ``FastSyncTransport`` for an ``http://`` server that no proxy of the environment applies
    to, else ``None`` (httpx's default transport, with its proxy and TLS handling)."""
    return FastSyncTransport() if http11.fast_transport_applies(base_url) else None


class _Reader:
    """Buffered reads from a blocking socket, failing as asyncio's ``StreamReader`` does
    (``IncompleteReadError`` at an early end of the stream, ``LimitOverrunError`` past the
    limit), so that one mapping of failures serves both transports."""

    __slots__ = ("sock", "buffer")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(http11.READ_SIZE)
        self.buffer += data
        return bool(data)

    def _take(self, size: int) -> bytes:
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def read(self, kind: int, size: int) -> bytes:
        """What a ``BodyDecoder`` read asks for: ``LINE``, ``EXACTLY`` or ``SOME``."""
        if kind == http11.EXACTLY:
            while len(self.buffer) < size:
                if not self._fill():
                    raise asyncio.IncompleteReadError(self._take(len(self.buffer)), size)
            return self._take(size)
        if kind == http11.LINE:
            return self.read_until(b"\r\n")
        if not self.buffer:
            self._fill()
        return self._take(size)

    def read_until(self, separator: bytes) -> bytes:
        """Through ``separator``, which must come within ``HEAD_LIMIT`` bytes."""
        start = 0
        while True:
            index = self.buffer.find(separator, start)
            if index >= 0:
                return self._take(index + len(separator))
            if len(self.buffer) > http11.HEAD_LIMIT:
                raise asyncio.LimitOverrunError("the separator was not found within the limit", len(self.buffer))
            start = max(0, len(self.buffer) - len(separator) + 1)
            if not self._fill():
                raise asyncio.IncompleteReadError(self._take(len(self.buffer)), None)


if hasattr(select, "poll"):

    def _readable(sock: socket.socket) -> bool:
        poll = select.poll()
        poll.register(sock, select.POLLIN)
        return bool(poll.poll(0))

else:  # pragma: no cover - Windows

    def _readable(sock: socket.socket) -> bool:
        return bool(select.select([sock], [], [], 0)[0])


# Where struct timeval is two longs of 64 bits, the kernel bounds each blocking send and
# receive (SO_SNDTIMEO, SO_RCVTIMEO; EAGAIN when the time is up). Python's own timeouts poll
# before every send and receive, and each system call hands the GIL to another thread: with
# several threads calling, one call per operation is markedly faster. Elsewhere, Python's.
_KERNEL_TIMEOUTS = sys.platform in ("linux", "darwin") and struct.calcsize("l") == 8
_UNSET = -1.0

_CHECK_IDLE = 0.1
"""Seconds of idleness after which a connection is asked whether the server closed it."""


def _timeval(seconds: float | None) -> bytes:
    if seconds is None:
        return struct.pack("ll", 0, 0)  # no bound
    micro = max(1, round(seconds * 1_000_000))
    return struct.pack("ll", micro // 1_000_000, micro % 1_000_000)


class _Connection:
    """One TCP connection to one origin."""

    __slots__ = ("key", "sock", "reader", "requests", "idle_since", "read_bound", "write_bound")

    def __init__(self, key: http11.Origin, sock: socket.socket) -> None:
        self.key = key
        self.sock = sock
        self.reader = _Reader(sock)
        self.requests = 0  # how many requests were sent on it, this one included
        self.idle_since = 0.0
        self.read_bound: float | None = _UNSET  # the bounds now set on the socket
        self.write_bound: float | None = _UNSET
        if _KERNEL_TIMEOUTS:
            sock.settimeout(None)  # blocking; the kernel bounds each operation

    def bound_reads(self, seconds: float | None) -> None:
        """Bounds each of the next receives by ``seconds`` (``None``: no bound)."""
        if seconds != self.read_bound:
            if _KERNEL_TIMEOUTS:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, _timeval(seconds))
                self.read_bound = seconds
            else:
                self.sock.settimeout(seconds)
                self.read_bound = self.write_bound = seconds

    def bound_writes(self, seconds: float | None) -> None:
        """Bounds each of the next sends by ``seconds`` (``None``: no bound)."""
        if seconds != self.write_bound:
            if _KERNEL_TIMEOUTS:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, _timeval(seconds))
                self.write_bound = seconds
            else:
                self.sock.settimeout(seconds)
                self.read_bound = self.write_bound = seconds

    def usable(self) -> bool:
        """Whether an idle connection may serve another request: still open, nothing unread."""
        return not self.reader.buffer and self.sock.fileno() >= 0

    def closed_by_server(self, unreplayable: bool) -> bool:
        """Whether the server sent anything to this idle connection: its close, an answer no
        request asked for (a 408 before closing), or stray bytes. Either way it cannot serve
        another request.

        Asking the socket is a system call, which hands the GIL to another thread: with several
        threads calling, a call per request costs markedly. So it is asked only before a
        request that cannot be sent again (``unreplayable``), and of a connection idle for more
        than ``_CHECK_IDLE`` seconds (a server closes idle connections after seconds, not
        milliseconds). A request sent on a connection closed meanwhile is sent again, by the
        resend rule."""
        if not unreplayable and time.monotonic() - self.idle_since <= _CHECK_IDLE:
            return False
        return _readable(self.sock)

    def close(self) -> None:
        # Shut down first: a thread still reading the socket sees the end at once.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class FastSyncTransport(httpx.BaseTransport):
    """An ``httpx.BaseTransport`` speaking HTTP/1.1 over blocking sockets (``TCP_NODELAY``).

    ``Client`` uses it by default for ``http://`` servers (not for a ``http_client`` of the
    caller's own). It keeps idle connections per (scheme, host, port) for reuse, at most
    ``max_keepalive`` of them per origin, each for at most ``keepalive_expiry`` seconds, and
    runs at most ``max_connections`` requests at once (a request waiting longer than the
    ``pool`` timeout for its turn raises ``httpx.PoolTimeout``). It may be used from several
    threads at once: each request has a connection to itself, and the pool of idle ones is
    guarded by a lock.

    Only plain ``http://`` is spoken here: any other scheme (``https://``: TLS is out of
    scope) goes to httpx's default ``httpx.HTTPTransport``, created on first use. Proxies are
    not supported (``Client`` does not pick this transport when the environment configures a
    proxy for its server).

    Timeouts, failures and the retry rule are ``FastTransport``'s: ``connect`` bounds opening a
    connection, ``write`` each write of the request, ``read`` each read of the answer, ``pool``
    the wait for a free slot (``httpx.ConnectTimeout``, ``httpx.WriteTimeout``,
    ``httpx.ReadTimeout``, ``httpx.PoolTimeout``); ``httpx.ConnectError``, ``httpx.WriteError``,
    ``httpx.ReadError``, and ``httpx.RemoteProtocolError`` for an answer cut short or not
    HTTP/1.x. The transport sends a request again (once, on a newly opened connection) only
    when it went out on a *reused* keep-alive connection that failed (EOF, reset or broken
    pipe) before a single byte of the answer arrived, and only when its body is in memory.
    Any other failure is raised, for the caller to retry or not. An idle connection with
    bytes left unread is not reused, nor one idle longer than ``keepalive_expiry``; one idle
    for more than 0.1 s, or taken for a body that cannot be sent again, is first checked for
    anything the server sent meanwhile (its close, or a 408), and replaced if so.

    A response's body is read lazily from the connection, as its reader asks. The connection
    goes back to the pool when the body was read to its end, the response closed, and
    neither side asked for ``Connection: close``; a response closed before its end closes the
    connection.
    """

    def __init__(self, *, max_connections: int = 100, max_keepalive: int = 20, keepalive_expiry: float = 5.0) -> None:
        if max_connections < 1:
            raise ValueError(f"max_connections must be 1 or more, not {max_connections}")
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._pool: http11.Pool[_Connection] = http11.Pool(max_keepalive, keepalive_expiry)
        self._fallback: httpx.HTTPTransport | None = None
        self._closed = False

    def close(self) -> None:
        """Closes every connection, idle or in use, and the fallback transport."""
        with self._lock:
            self._closed = True
            connections = self._pool.clear()
        for connection in connections:
            connection.close()
        if self._fallback is not None:
            self._fallback.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme != "http":
            with self._lock:
                if self._fallback is None:
                    self._fallback = httpx.HTTPTransport()
            return self._fallback.handle_request(request)
        if self._closed:
            raise RuntimeError("the transport was closed")
        timeouts = request.extensions.get("timeout") or {}
        key = http11.origin(url)

        if not self._slots.acquire(timeout=timeouts.get("pool")):
            raise httpx.PoolTimeout("no connection became free within the pool timeout", request=request)
        try:
            head, body = http11.serialize(request)
            with self._lock:
                idle = self._pool.take(key)
            if idle is not None and idle.closed_by_server(unreplayable=body is None):
                self._discard(idle)
                idle = None
            try:
                return self._exchange(request, idle, key, head, body, timeouts)
            except http11.StaleConnection as stale:
                if body is None:  # a streamed body cannot be sent again
                    raise stale.error from None
            # A new connection is never stale: this attempt raises what it meets.
            return self._exchange(request, None, key, head, body, timeouts)
        except BaseException:
            self._slots.release()
            raise

    def _connect(self, request: httpx.Request, key: http11.Origin, seconds: float | None) -> _Connection:
        try:
            sock = socket.create_connection((key[1], key[2]), timeout=seconds)
        except http11.IO_FAILURES as error:
            raise http11.failure(http11.CONNECT, error, request, seconds) from None
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # pragma: no cover - a socket that is not TCP
            pass
        connection = _Connection(key, sock)
        with self._lock:
            if not self._closed:
                self._pool.open.add(connection)
                return connection
        connection.close()  # the transport was closed meanwhile, by another thread
        raise RuntimeError("the transport was closed")

    def _exchange(
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
            connection = self._connect(request, key, timeouts.get("connect"))
        connection.requests += 1
        reused = connection.requests > 1
        try:
            try:
                self._send(request, connection, head, body, timeouts.get("write"))
                response = self._read_head(request, connection, timeouts.get("read"))
            except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError) as error:
                if reused and http11.before_answer(error):
                    raise http11.StaleConnection(error) from None
                raise
        except BaseException:
            self._discard(connection)
            raise
        return response

    def _send(
        self, request: httpx.Request, connection: _Connection, head: bytes, body: bytes | None, seconds: float | None
    ) -> None:
        sock = connection.sock
        try:
            connection.bound_writes(seconds)
            if body is None:
                sock.sendall(head)
                self._send_stream(request, sock)
            elif len(body) < http11.READ_SIZE:
                sock.sendall(head + body)
            else:
                sock.sendall(head)
                sock.sendall(body)
        except http11.IO_FAILURES as error:
            raise http11.failure(http11.WRITE, error, request, seconds) from None

    def _send_stream(self, request: httpx.Request, sock: socket.socket) -> None:
        """Sends a body that is not in memory: as it is with a ``Content-Length``, else chunked."""
        stream = request.stream
        if not isinstance(stream, httpx.SyncByteStream):
            raise RuntimeError("a synchronous transport needs a synchronous request body")
        chunked = http11.sends_chunked(request)
        for part in stream:
            if part:
                sock.sendall(http11.frame(part, chunked))
        if chunked:
            sock.sendall(http11.LAST_CHUNK)

    def _read_head(self, request: httpx.Request, connection: _Connection, seconds: float | None) -> httpx.Response:
        reader = connection.reader
        while True:
            try:
                connection.bound_reads(seconds)
                raw = reader.read_until(b"\r\n\r\n")
            except http11.IO_FAILURES as error:
                raise http11.failure(http11.HEAD, error, request, seconds, buffered=bool(reader.buffer)) from None
            head = http11.parse_head(request, raw)
            if head is not None:
                return head.response(_ResponseStream(self, request, connection, head, seconds))

    def _release(self, connection: _Connection, reusable: bool) -> None:
        """Ends a request: its connection goes back to the pool or is closed, and its slot is freed."""
        with self._lock:
            self._pool.put(connection, reusable and not self._closed)
        self._slots.release()

    def _discard(self, connection: _Connection) -> None:
        with self._lock:
            self._pool.discard(connection)


class _ResponseStream(httpx.SyncByteStream):
    """A response's body, read from its connection as it is iterated."""

    def __init__(
        self, transport: FastSyncTransport, request: httpx.Request, connection: _Connection, head: http11.Head, seconds: float | None
    ) -> None:
        self._transport = transport
        self._request = request
        self._connection: _Connection | None = connection
        self._decoder = http11.BodyDecoder(request, head)
        self._keep_alive = head.keep_alive
        self._seconds = seconds

    def __iter__(self) -> Iterator[bytes]:
        decoder = self._decoder
        if decoder.complete:
            return
        connection = self._connection
        if connection is None:
            raise httpx.StreamClosed()
        reader = connection.reader
        try:
            while (read := decoder.next_read()) is not None:
                try:
                    connection.bound_reads(self._seconds)
                    data = reader.read(*read)
                except http11.IO_FAILURES as error:
                    raise http11.failure(http11.BODY, error, self._request, self._seconds) from None
                part = decoder.received(data)
                if part:
                    yield part
        except BaseException:
            self._keep_alive = False
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            self._transport._release(connection, self._decoder.complete and self._keep_alive)
