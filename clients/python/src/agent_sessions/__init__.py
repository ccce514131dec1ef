"""Python client and agent-SDK session backends for the AgentSessions server.

``Client`` and ``AsyncClient`` call every ``/v1`` route of ``agent-sessions serve``. The
adapters keep an SDK's sessions in the server:

- ``agent_sessions.openai_agents.AgentSessionsSession`` for the OpenAI Agents SDK
  (``pip install "agent-sessions[openai-agents]"``).
- ``agent_sessions.google_adk.AgentSessionsSessionService`` for Google ADK
  (``pip install "agent-sessions[google-adk]"``).
- ``agent_sessions.strands.AgentSessionsSessionManager`` (over ``AgentSessionsRepository``)
  for Strands Agents (``pip install "agent-sessions[strands]"``).

The adapters are imported only when used, so the base install needs only httpx.
"""

from ._async_client import AsyncClient
from ._client import Client
from ._errors import (
    AgentSessionsError,
    BadRequest,
    Conflict,
    ConnectionFailed,
    InvalidArgument,
    NotFound,
    PayloadTooLarge,
    ServerError,
    Unauthorized,
    Unavailable,
    VersionConflict,
)
from ._models import (
    ChatReply,
    Compaction,
    ContextEntry,
    Item,
    ModelContext,
    NewItem,
    PhaseTransition,
    ResumeDecision,
    Session,
    SessionEvent,
    SessionPage,
    SessionTokens,
    Statistics,
)

__all__ = [
    "AgentSessionsError",
    "AsyncClient",
    "BadRequest",
    "ChatReply",
    "Client",
    "Compaction",
    "Conflict",
    "ContextEntry",
    "ConnectionFailed",
    "InvalidArgument",
    "Item",
    "ModelContext",
    "NewItem",
    "NotFound",
    "PayloadTooLarge",
    "PhaseTransition",
    "ResumeDecision",
    "ServerError",
    "Session",
    "SessionEvent",
    "SessionPage",
    "SessionTokens",
    "Statistics",
    "Unauthorized",
    "Unavailable",
    "VersionConflict",
]
