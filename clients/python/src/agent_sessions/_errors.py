"""Exceptions raised by the clients: one base class, one subclass per kind of failure."""

from __future__ import annotations


class AgentSessionsError(Exception):
    """A call to the server failed.

    ``code`` is the server's error code (``not_found``, ``version_conflict``, …) or, for
    failures that never reached an answer, ``connection_failed`` or ``timeout``. ``status``
    is the HTTP status (``None`` when there was no answer) and ``field`` the request field
    the server blamed, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        status: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        status = f"HTTP {self.status} " if self.status is not None else ""
        return f"{status}{self.code}: {self.message}{where}"


class BadRequest(AgentSessionsError):
    """400: the request was not valid JSON or HTTP."""


class Unauthorized(AgentSessionsError):
    """401: the API key is missing or unknown."""


class NotFound(AgentSessionsError):
    """404: no such session (in the caller's app), or no such route."""


class Conflict(AgentSessionsError):
    """409: the id is taken, the session is finalized, or a retry is still running."""


class VersionConflict(AgentSessionsError):
    """412: the session changed since the version the caller read (``If-Match``)."""


class PayloadTooLarge(AgentSessionsError):
    """413: the request body is over the server's limit."""


class InvalidArgument(AgentSessionsError):
    """422: a value was refused; ``field`` names it."""


class Unavailable(AgentSessionsError):
    """503: the server's storage cannot be reached right now."""


class ServerError(AgentSessionsError):
    """Any other error status (5xx)."""


class ConnectionFailed(AgentSessionsError):
    """The server could not be reached, or did not answer within the timeout."""


_BY_STATUS: dict[int, type[AgentSessionsError]] = {
    400: BadRequest,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    412: VersionConflict,
    413: PayloadTooLarge,
    422: InvalidArgument,
    503: Unavailable,
}


def error_for(status: int, body: object) -> AgentSessionsError:
    """The exception for an error answer: its status and its ``{"error": {…}}`` body."""
    code = f"http_{status}"
    message = f"the server answered HTTP {status}"
    field: str | None = None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        code = str(error.get("code") or code)
        message = str(error.get("message") or message)
        field = error.get("field") if isinstance(error.get("field"), str) else None
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else AgentSessionsError)
    return kind(message, code=code, status=status, field=field)
