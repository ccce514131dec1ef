"""An offline model for the OpenAI Agents SDK, written against its public ``Model`` interface.

It answers from what it is given, so a test can see which history the runner sent: the reply
names the number of user messages in the input and the first of them. A message containing
"weather" makes it call the ``get_weather`` tool first, then answer with the tool's result.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from agents import Model, ModelResponse, Usage
from openai.types.responses import (
    Response,
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)


def _text(item: Any) -> str:
    content = item.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


class OfflineModel(Model):
    def _output(self, input: str | list[Any]) -> list[Any]:
        items = [{"role": "user", "content": input}] if isinstance(input, str) else list(input)
        users = [_text(item) for item in items if item.get("role") == "user"]
        last_user = max(index for index, item in enumerate(items) if item.get("role") == "user")
        tool_result = next(
            (item for item in items[last_user:] if item.get("type") == "function_call_output"), None
        )
        if "weather" in users[-1] and tool_result is None:
            return [
                ResponseFunctionToolCall(
                    type="function_call",
                    id=f"fc_{uuid.uuid4().hex}",
                    call_id=f"call_{uuid.uuid4().hex}",
                    name="get_weather",
                    arguments='{"city": "Paris"}',
                    status="completed",
                )
            ]
        reply = f"[offline] {len(users)} user messages; the first was {users[0]!r}"
        if tool_result is not None:
            reply += f"; the tool said {tool_result.get('output')!r}"
        return [
            ResponseOutputMessage(
                type="message",
                id=f"msg_{uuid.uuid4().hex}",
                role="assistant",
                status="completed",
                content=[ResponseOutputText(type="output_text", text=reply, annotations=[])],
            )
        ]

    async def get_response(self, system_instructions: Any, input: Any, *args: Any, **kwargs: Any) -> ModelResponse:
        return ModelResponse(output=self._output(input), usage=Usage(), response_id=None)

    async def stream_response(  # type: ignore[override]
        self, system_instructions: Any, input: Any, *args: Any, **kwargs: Any
    ) -> AsyncIterator[Any]:
        response = Response.model_construct(
            id=f"resp_{uuid.uuid4().hex}",
            object="response",
            created_at=0,
            model="offline",
            output=self._output(input),
            usage=None,
            status="completed",
            parallel_tool_calls=False,
            tool_choice="auto",
            tools=[],
        )
        yield ResponseCompletedEvent.model_construct(type="response.completed", sequence_number=0, response=response)
