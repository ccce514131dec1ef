"""An offline model for Strands Agents, written against its public ``Model`` interface.

It answers from what it is given, so a test can see which history the agent sent: the reply
names the number of user messages in the conversation and the first of them. A message
containing "weather" makes it call the ``get_weather`` tool first, then answer with the tool's
result; one containing "secret" is refused and redacted, as a provider's guardrail does. The
reply is streamed in chunks, as a provider streams it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncGenerator, AsyncIterable
from typing import Any

from strands.models.model import Model
from strands.types.content import Messages
from strands.types.streaming import StreamEvent


def _texts(message: Any) -> list[str]:
    return [block["text"] for block in message["content"] if "text" in block]


class OfflineStrandsModel(Model):
    def __init__(self) -> None:
        self.config: dict[str, Any] = {"model_id": "offline"}

    def update_config(self, **model_config: Any) -> None:
        self.config.update(model_config)

    def get_config(self) -> Any:
        return self.config

    def structured_output(
        self, output_model: Any, prompt: Messages, system_prompt: str | None = None, **kwargs: Any
    ) -> AsyncGenerator[Any, None]:
        raise NotImplementedError("the offline model has no structured output")

    async def stream(
        self, messages: Messages, tool_specs: Any = None, system_prompt: str | None = None, **kwargs: Any
    ) -> AsyncIterable[StreamEvent]:
        asked = [message for message in messages if message["role"] == "user" and _texts(message)]
        users = [" ".join(_texts(message)) for message in asked]
        last = messages[-1]
        results = [block["toolResult"] for block in last["content"] if "toolResult" in block]
        yield {"messageStart": {"role": "assistant"}}
        if "weather" in users[-1] and not results:
            tool = {"toolUseId": f"tooluse_{uuid.uuid4().hex}", "name": "get_weather"}
            yield {"contentBlockStart": {"start": {"toolUse": tool}}}
            yield {"contentBlockDelta": {"delta": {"toolUse": {"input": json.dumps({"city": "Paris"})}}}}
            yield {"contentBlockStop": {}}
            yield {"messageStop": {"stopReason": "tool_use"}}
            return
        reply = f"[offline] {len(users)} user messages; the first was {users[0]!r}"
        if "secret" in users[-1]:
            yield {"redactContent": {"redactUserContentMessage": "[User input redacted.]"}}
            reply = "[offline] I cannot help with that."
        if results:
            said = " ".join(item.get("text", "") for item in results[0]["content"])
            reply += f"; the tool said {said!r}"
        yield {"contentBlockStart": {"start": {}}}
        for start in range(0, len(reply), 16):
            yield {"contentBlockDelta": {"delta": {"text": reply[start : start + 16]}}}
        yield {"contentBlockStop": {}}
        yield {"messageStop": {"stopReason": "end_turn"}}
        usage = {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2}
        yield {"metadata": {"usage": usage, "metrics": {"latencyMs": 1}}}
