"""An offline model for Google ADK, written against its public ``BaseLlm`` interface.

It answers from what it is given, so a test can see which history the runner sent: the reply
names the number of user messages in the request and the first of them. A message containing
"weather" makes it call the ``get_weather`` tool first, then answer with the tool's result.
Streamed (``stream=True``), it sends the reply in partial chunks, then whole. The whole reply
reports usage: its candidates' tokens are a quarter of its characters, plus one.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from google.adk.models.base_llm import BaseLlm
from google.adk.models.llm_request import LlmRequest
from google.adk.models.llm_response import LlmResponse
from google.genai import types


class OfflineAdkModel(BaseLlm):
    model: str = "offline"

    async def generate_content_async(
        self, llm_request: LlmRequest, stream: bool = False
    ) -> AsyncGenerator[LlmResponse, None]:
        contents = llm_request.contents
        users = [
            part.text for content in contents if content.role == "user" for part in content.parts or [] if part.text
        ]
        last = contents[-1].parts or []
        results = [part.function_response for part in last if part.function_response]
        if "weather" in users[-1] and not results:
            call = types.FunctionCall(name="get_weather", args={"city": "Paris"})
            yield LlmResponse(content=types.Content(role="model", parts=[types.Part(function_call=call)]))
            return
        reply = f"[offline] {len(users)} user messages; the first was {users[0]!r}"
        if results and results[0] is not None:
            reply += f"; the tool said {(results[0].response or {}).get('result')!r}"
        if stream:
            for start in range(0, len(reply), 16):
                chunk = types.Content(role="model", parts=[types.Part(text=reply[start : start + 16])])
                yield LlmResponse(content=chunk, partial=True)
        usage = types.GenerateContentResponseUsageMetadata(
            prompt_token_count=sum(len(text) for text in users), candidates_token_count=len(reply) // 4 + 1
        )
        yield LlmResponse(content=types.Content(role="model", parts=[types.Part(text=reply)]), usage_metadata=usage)
