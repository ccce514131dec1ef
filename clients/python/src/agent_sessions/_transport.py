"""What the synchronous and asynchronous clients share: settings, requests, retries, answers."""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ._calls import Call, json_or_none
from ._errors import AgentSessionsError, ConnectionFailed, error_for

T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8080"


@dataclass(frozen=True)
class Settings:
    """Where the server is and how calls to it behave.

    ``base_url`` and ``api_key`` default to ``AGENT_SESSIONS_URL`` (else
    ``http://127.0.0.1:8080``) and ``AGENT_SESSIONS_API_KEY``. ``app`` picks the app in open
    mode (a server without API keys); with a key, the key decides. ``timeout`` (seconds)
    bounds every call, ``retries`` is how often a retryable call is tried again after a
    connection error or a 503, waiting ``backoff`` seconds doubled each time, with jitter.
    """

    base_url: str
    api_key: str | None
    app: str | None
    timeout: float
    retries: int
    backoff: float

    @classmethod
    def make(
        cls,
        base_url: str | None,
        api_key: str | None,
        app: str | None,
        timeout: float,
        retries: int,
        backoff: float,
    ) -> Settings:
        if timeout <= 0:
            raise ValueError(f"timeout must be above 0 seconds, not {timeout}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, not {retries}")
        url = base_url or os.environ.get("AGENT_SESSIONS_URL") or DEFAULT_URL
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, not {url!r}")
        return cls(
            base_url=url.rstrip("/"),
            api_key=api_key if api_key is not None else (os.environ.get("AGENT_SESSIONS_API_KEY") or None),
            app=app,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
        )

    def headers(self) -> dict[str, str]:
        """The headers of every request."""
        headers = {"Accept": "application/json", "User-Agent": "agent-sessions-python/0.1"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def request(self, call: Call[Any]) -> dict[str, Any]:
        """The keyword arguments of ``httpx.Client.request`` for a call."""
        params = dict(call.params)
        if self.app is not None:
            params["app"] = self.app
        arguments: dict[str, Any] = {
            "method": call.method,
            "url": self.base_url + call.path,
            "params": params,
            "headers": dict(call.headers),
        }
        if call.body is not None:
            arguments["content"] = json.dumps(call.body, ensure_ascii=False).encode()
            arguments["headers"]["Content-Type"] = "application/json"
        return arguments

    def retry_delay(self, call: Call[Any], attempt: int, status: int | None) -> float | None:
        """Seconds to wait before trying a call again, or ``None`` to give up.

        ``status`` is the answer's HTTP status, or ``None`` after a connection error.
        """
        if not call.retryable or attempt >= self.retries or status not in (None, 503):
            return None
        jitter = 0.5 + random.random()  # noqa: S311 - spreads retries, not a secret
        return float(self.backoff * 2**attempt * jitter)

    def connection_failure(self, error: httpx.HTTPError) -> ConnectionFailed:
        """The exception for a call that got no answer."""
        if isinstance(error, httpx.TimeoutException):
            return ConnectionFailed(
                f"{self.base_url} did not answer within {self.timeout} s ({type(error).__name__})",
                code="timeout",
            )
        return ConnectionFailed(
            f"cannot reach the AgentSessions server at {self.base_url}: {error or type(error).__name__}",
            code="connection_failed",
        )


def read_answer(call: Call[T], status: int, content: bytes) -> T:
    """The value of an answer, or the exception of an error answer."""
    body = json_or_none(content)
    if status >= 400:
        raise error_for(status, body)
    if body is None:
        raise AgentSessionsError(
            f"the server answered {call.method} {call.path} with HTTP {status} and no JSON body",
            code="invalid_answer",
            status=status,
        )
    return call.read(status, body)
