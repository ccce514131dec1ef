"""A call's request as the bytes ``FastTransport.call`` sends, without httpx's objects.

``AsyncClient`` sends its calls this way when it reaches its server through its own
``FastTransport``: building an ``httpx.Request`` and reading an ``httpx.Response`` cost more
than the HTTP exchange itself on a loopback connection. What goes on the wire is what httpx
would send for the same call, less the headers that ask for what this path does not do
(``Accept-Encoding``: the answer comes uncompressed).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx

from . import _http11 as http11
from ._calls import Call
from ._transport import Settings

_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class DirectRequests:
    """Turns ``Call``s into request bytes for one server (``settings.base_url``, ``http://``).

    Every request carries ``Host``, the settings' headers (``Accept``, ``User-Agent``,
    ``Authorization`` when there is an API key), the call's own headers (``Idempotency-Key``,
    ``If-Match``), ``?app=`` when the settings name an app, and a JSON body with its
    ``Content-Type`` and ``Content-Length``. A ``POST``, ``PUT`` or ``PATCH`` without a body
    says ``Content-Length: 0``.
    """

    __slots__ = ("key", "_prefix", "_common", "_app")

    def __init__(self, settings: Settings) -> None:
        url = httpx.URL(settings.base_url)
        self.key: http11.Origin = http11.origin(url)
        """The origin the requests go to, for ``FastTransport.call``."""
        self._prefix = url.raw_path.rstrip(b"/")
        lines = [b"Host: " + url.netloc + b"\r\n"]
        for name, value in settings.headers().items():
            lines.append(name.encode("ascii") + b": " + value.encode() + b"\r\n")
        self._common = b"".join(lines)
        self._app = settings.app

    def encode(self, call: Call[Any]) -> tuple[bytes, bytes | None]:
        """The request's head (through its blank line) and its body, if any."""
        target = self._prefix + call.path.encode("ascii")
        params = call.params
        if self._app is not None:
            params = {**params, "app": self._app}
        if params:
            target += b"?" + urlencode(params, doseq=True).encode("ascii")
        head = [call.method.encode("ascii"), b" ", target, b" HTTP/1.1\r\n", self._common]
        for name, value in call.headers.items():
            head += (name.encode("ascii"), b": ", value.encode(), b"\r\n")
        body: bytes | None = None
        if call.body is not None:
            body = json.dumps(call.body, ensure_ascii=False).encode()
            head.append(b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        elif call.method in _WITH_BODY:
            head.append(b"Content-Length: 0\r\n\r\n")
        else:
            head.append(b"\r\n")
        return b"".join(head), body
