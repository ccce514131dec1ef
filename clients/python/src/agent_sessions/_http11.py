"""HTTP/1.1 as this package's two transports speak it, without the I/O.

``FastTransport`` (asyncio streams) and ``FastSyncTransport`` (blocking sockets) share
everything here: whether to use them at all, a request's head, the parsing of an answer's
head, the framing of its body (as a decoder that says what to read next), the mapping of I/O
failures onto httpx's exceptions (with the mark of the resend rule), and the bookkeeping of
idle connections. Each transport keeps only its I/O and the order of its steps.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

import httpx

READ_SIZE = 65_536
HEAD_LIMIT = 65_536
"""The longest head or chunk-size line read (asyncio's ``StreamReader`` limit, and the sync reader's)."""

# How a response's body ends (RFC 9112, section 6.3).
NO_BODY = 0
LENGTH = 1
CHUNKED = 2
CLOSE = 3

# What the body decoder asks to read next.
LINE = 0  # up to and including the next CRLF
EXACTLY = 1  # that many bytes, no fewer
SOME = 2  # whatever arrives, at most that many bytes; b"" at the end of the stream

# Where a failure happened, for ``failure``.
CONNECT = 0
WRITE = 1
HEAD = 2
BODY = 3

LAST_CHUNK = b"0\r\n\r\n"

Origin = tuple[str, str, int]


def fast_transport_applies(base_url: str) -> bool:
    """Whether a client for ``base_url`` should use this package's transport: an ``http://``
    server that no proxy of the environment applies to (else httpx's default transport, with
    its proxy and TLS handling)."""
    url = httpx.URL(base_url)
    if url.scheme != "http":
        return False
    proxies = urllib.request.getproxies_environment()
    bypass: Callable[[str, dict[str, str]], bool] = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009 - not in typeshed
    return not ((proxies.get("http") or proxies.get("all")) and not bypass(url.host, proxies))


def origin(url: httpx.URL) -> Origin:
    return ("http", url.host, url.port or 80)


# Requests


def serialize(request: httpx.Request) -> tuple[bytes, bytes | None]:
    """The request's head, and its body when it is in memory (``None`` for a stream: then the
    request cannot be sent again, and goes out through ``frame``)."""
    lines = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    head = b"".join(lines)
    try:
        return head, request.content
    except httpx.RequestNotRead:
        return head, None


def sends_chunked(request: httpx.Request) -> bool:
    """Whether a streamed request body goes out chunked (else as it is, with its ``Content-Length``);
    after its parts, a chunked body ends with ``LAST_CHUNK``."""
    return "content-length" not in request.headers and request.headers.get("transfer-encoding", "").lower() == "chunked"


def frame(part: bytes, chunked: bool) -> bytes:
    """A part of a streamed request body as it goes on the wire."""
    return b"%x\r\n%s\r\n" % (len(part), part) if chunked else part


# Answers


class Head:
    """An answer's head: its status line, headers, and how its body is framed."""

    __slots__ = ("status", "version", "reason", "headers", "framing", "length", "keep_alive")

    def __init__(
        self,
        status: int,
        version: bytes,
        reason: bytes,
        headers: list[tuple[bytes, bytes]],
        framing: int,
        length: int,
        keep_alive: bool,
    ) -> None:
        self.status = status
        self.version = version
        self.reason = reason
        self.headers = headers
        self.framing = framing
        self.length = length
        self.keep_alive = keep_alive

    def response(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> httpx.Response:
        return httpx.Response(
            self.status,
            headers=self.headers,
            stream=stream,
            extensions={"http_version": self.version, "reason_phrase": self.reason},
        )


def parse_head(request: httpx.Request, raw: bytes) -> Head | None:
    """The head ``raw`` (through its closing blank line) of the answer to ``request``, or
    ``None`` for an interim answer (100 Continue, 103 Early Hints: the real one follows).
    Raises ``httpx.RemoteProtocolError`` for one that is not HTTP/1.x."""
    asks_close = b"close" in request.headers.get("connection", "").lower().encode()
    return read_head(raw, request.method, asks_close, request)


def read_head(raw: bytes, method: str, asks_close: bool, request: httpx.Request | None = None) -> Head | None:
    """``parse_head`` for a request given as its method and whether it asked for
    ``Connection: close`` (``request``, when there is one, goes into the exceptions)."""
    lines = raw[:-4].split(b"\r\n")
    status_line = lines[0].split(b" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1.") or not status_line[1].isdigit():
        raise httpx.RemoteProtocolError(f"not an HTTP/1.x answer: {lines[0][:100]!r}", request=request)
    status = int(status_line[1])
    if 100 <= status < 200 and status != 101:
        return None
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
    if method == "HEAD" or status in (204, 304) or status < 200:
        framing = NO_BODY
        keep_alive = keep_alive and status >= 200  # after 101, the connection speaks something else
    elif chunked:
        framing = CHUNKED
    elif length is not None:
        framing = LENGTH if length else NO_BODY
    else:
        framing, keep_alive = CLOSE, False
    if asks_close:
        keep_alive = False
    return Head(status, version, reason, headers, framing, length or 0, keep_alive)


class BodyDecoder:
    """An answer's body as it is framed: ``next_read`` says what to read next (``None`` once
    the body is complete), ``received`` takes what was read and gives the body in it.

    The reads are ``(LINE, 0)``: through the next CRLF; ``(EXACTLY, n)``: n bytes, failing at
    an earlier end of the stream; ``(SOME, n)``: what arrives, up to n bytes, ``b""`` at the end.
    """

    __slots__ = ("request", "framing", "remaining", "trailer", "complete")

    def __init__(self, request: httpx.Request | None, head: Head) -> None:
        self.request = request
        self.framing = head.framing
        # LENGTH: the body's bytes still to read; CHUNKED: the current chunk's with its CRLF, 0 between chunks.
        self.remaining = head.length if head.framing == LENGTH else 0
        self.trailer = False  # CHUNKED: past the last chunk, in the trailer fields
        self.complete = head.framing == NO_BODY

    def next_read(self) -> tuple[int, int] | None:
        if self.complete:
            return None
        if self.framing == LENGTH:
            return EXACTLY, min(self.remaining, READ_SIZE)
        if self.framing == CHUNKED:
            return (EXACTLY, self.remaining) if self.remaining else (LINE, 0)
        return SOME, READ_SIZE

    def received(self, data: bytes) -> bytes:
        """The body in ``data``, what the last ``next_read`` asked for (possibly ``b""``)."""
        if self.framing == LENGTH:
            self.remaining -= len(data)
            self.complete = not self.remaining
            return data
        if self.framing == CLOSE:
            self.complete = not data
            return data
        if self.trailer:
            self.complete = data == b"\r\n"  # trailer fields are ignored
            return b""
        if self.remaining:
            self.remaining = 0
            if data[-2:] != b"\r\n":
                raise httpx.RemoteProtocolError("a chunk does not end with CRLF", request=self.request)
            return data[:-2]
        size_text = data.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise httpx.RemoteProtocolError(f"a malformed chunk size: {size_text[:40]!r}", request=self.request) from None
        if size == 0:
            self.trailer = True
        else:
            self.remaining = size + 2
        return b""


# Failures


class TimedOut(Exception):
    """A bounded asyncio operation ran out of time."""


IO_FAILURES = (TimedOut, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError)
"""What the I/O of either transport raises, for ``failure`` to map. Blocking sockets run out
of time with ``TimeoutError`` (Python's timeouts) or ``BlockingIOError`` (the kernel's,
``SO_RCVTIMEO``/``SO_SNDTIMEO``), both ``OSError``s; the sync reader raises asyncio's
``IncompleteReadError`` and ``LimitOverrunError`` as ``StreamReader`` does."""

_TIMEOUTS = (TimedOut, TimeoutError, BlockingIOError)


def failure(
    stage: int,
    error: BaseException,
    request: httpx.Request | None,
    seconds: float | None,
    *,
    buffered: bool = False,
    key: Origin | None = None,
) -> httpx.HTTPError:
    """httpx's exception for an I/O failure at ``stage`` (``CONNECT``, ``WRITE``, ``HEAD`` or
    ``BODY``), as httpx's transports raise them. ``buffered``: whether received bytes of the
    answer were waiting, unread, when a read failed. ``key``, the server's origin, is needed
    to connect without a ``request`` (a client's direct call).

    A failure that happened before any byte of the answer arrived (so the server never
    started to answer) is marked for ``before_answer``.
    """
    description = str(error) or type(error).__name__
    timed_out = isinstance(error, _TIMEOUTS)
    if stage == CONNECT:
        if timed_out:
            if key is None:
                assert request is not None, "a failure without a request names its server"
                key = origin(request.url)
            return httpx.ConnectTimeout(f"could not connect to {key[1]}:{key[2]} within {seconds} s", request=request)
        return httpx.ConnectError(description, request=request)
    if stage == WRITE:
        if timed_out:
            return httpx.WriteTimeout(f"could not send the request within {seconds} s", request=request)
        return _mark(httpx.WriteError(description, request=request), True)
    head = stage == HEAD
    if timed_out:
        return httpx.ReadTimeout(f"no answer within {seconds} s" if head else f"the answer stalled for {seconds} s", request=request)
    if isinstance(error, asyncio.IncompleteReadError):
        if head:
            closed = httpx.RemoteProtocolError("the server closed the connection without sending a complete answer", request=request)
            return _mark(closed, not error.partial)
        return httpx.RemoteProtocolError("the server closed the connection before the end of the answer", request=request)
    if isinstance(error, asyncio.LimitOverrunError):
        return httpx.RemoteProtocolError("the answer's head is too long" if head else "a chunk-size line is too long", request=request)
    # A reset may come after part of the answer, still unread in the buffer.
    return _mark(httpx.ReadError(description, request=request), head and not buffered)


def _mark(error: httpx.HTTPError, before: bool) -> httpx.HTTPError:
    error.before_answer = before  # type: ignore[attr-defined]
    return error


def before_answer(error: httpx.HTTPError) -> bool:
    """Whether ``error`` (from ``failure``) happened before any byte of the answer."""
    return bool(getattr(error, "before_answer", False))


class StaleConnection(Exception):
    """A reused connection failed before any byte of the answer: the server had closed it."""

    def __init__(self, error: httpx.HTTPError) -> None:
        super().__init__(str(error))
        self.error = error


# Idle connections


class Connection(Protocol):
    key: Origin
    idle_since: float

    def usable(self) -> bool:
        """Whether an idle connection still looks open (and may be used here)."""

    def close(self) -> None: ...


C = TypeVar("C", bound=Connection)


class Pool(Generic[C]):
    """A transport's open connections, and the idle ones among them per origin: at most
    ``max_keepalive`` per origin, each for at most ``keepalive_expiry`` seconds.

    Not thread-safe by itself: ``FastSyncTransport`` holds a lock around it.
    """

    __slots__ = ("max_keepalive", "keepalive_expiry", "idle", "open")

    def __init__(self, max_keepalive: int, keepalive_expiry: float) -> None:
        self.max_keepalive = max_keepalive
        self.keepalive_expiry = keepalive_expiry
        self.idle: dict[Origin, list[C]] = {}
        self.open: set[C] = set()

    def take(self, key: Origin) -> C | None:
        """The most recently used idle connection to ``key`` that is still usable, if any; the
        expired and closed ones met on the way are closed."""
        idle = self.idle.get(key)
        if not idle:
            return None
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if connection.usable() and now - connection.idle_since < self.keepalive_expiry:
                return connection
            self.discard(connection)
        return None

    def put(self, connection: C, reusable: bool) -> None:
        """A request on ``connection`` ended: it waits for the next one, or is closed."""
        if not reusable or not connection.usable():
            self.discard(connection)
            return
        idle = self.idle.setdefault(connection.key, [])
        if len(idle) >= self.max_keepalive:
            self.discard(idle.pop(0))
        connection.idle_since = time.monotonic()
        idle.append(connection)

    def discard(self, connection: C) -> None:
        self.open.discard(connection)
        connection.close()

    def clear(self) -> list[C]:
        """Forgets every connection, idle or in use, and gives them (for the caller to close)."""
        connections = list(self.open)
        self.open.clear()
        self.idle.clear()
        return connections
