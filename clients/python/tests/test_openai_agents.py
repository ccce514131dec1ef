"""The OpenAI Agents SDK's own runner keeps its sessions in a real server."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import httpx
import pytest
from offline_openai_model import OfflineModel
from serve import Server
from tiny_server import LosingProxy

from agent_sessions import AsyncClient, ConnectionFailed, PayloadTooLarge, Unauthorized
from agent_sessions.openai_agents import AgentSessionsSession

agents = pytest.importorskip("agents")
from agents import Agent, Runner, function_tool  # noqa: E402


@function_tool
def get_weather(city: str) -> str:
    """The weather of a city."""
    return f"sunny in {city}"


def make_agent() -> Agent:
    return Agent(name="assistant", instructions="Be brief.", model=OfflineModel(), tools=[get_weather])


async def test_a_conversation_with_tool_calls_is_read_back_exactly(server: Server) -> None:
    session = AgentSessionsSession("user-42", base_url=server.url, user_id="u42", agent="assistant")
    first = await Runner.run(make_agent(), "My name is Ada", session=session)
    assert "1 user messages; the first was 'My name is Ada'" in first.final_output
    second = await Runner.run(make_agent(), "What is the weather?", session=session)
    assert "2 user messages" in second.final_output and "sunny in Paris" in second.final_output
    history = await session.get_items()
    kinds = [item.get("type", item.get("role")) for item in history]
    assert kinds == ["user", "message", "user", "function_call", "function_call_output", "message"], kinds
    assert history[3]["name"] == "get_weather"
    assert (await session.get_items(limit=2)) == history[-2:]
    async with AsyncClient(server.url) as client:
        stored = await client.get_session("user-42")
        assert stored.user_id == "u42" and stored.agent == "assistant"
        assert [item.content for item in await client.get_items("user-42")] == history
    await session.close()


async def test_a_streamed_run_is_kept_too(server: Server) -> None:
    session = AgentSessionsSession("streamed", base_url=server.url)
    result = Runner.run_streamed(make_agent(), "Hello there", session=session)
    async for _ in result.stream_events():
        pass
    assert "the first was 'Hello there'" in result.final_output
    assert [item.get("role") for item in await session.get_items()] == ["user", "assistant"]
    await session.close()


async def test_pop_and_clear(server: Server) -> None:
    session = AgentSessionsSession("edits", base_url=server.url)
    assert await session.get_items() == [] and await session.pop_item() is None, "an unknown session is empty"
    await session.clear_session()
    await session.add_items([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}])
    assert await session.pop_item() == {"role": "user", "content": "b"}
    await session.add_items([{"role": "user", "content": "c"}])
    assert [item["content"] for item in await session.get_items()] == ["a", "c"]
    await session.clear_session()
    assert await session.get_items() == []
    await session.close()


async def test_the_conversation_survives_a_crash_and_continues_in_another_process(server: Server) -> None:
    session = AgentSessionsSession("durable", base_url=server.url)
    await Runner.run(make_agent(), "First words", session=session)
    await session.close()
    server.kill()
    server.start()
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(__import__("pathlib").Path(__file__).parent)!r})
        from agents import Agent, Runner
        from offline_openai_model import OfflineModel
        from agent_sessions.openai_agents import AgentSessionsSession

        async def main():
            session = AgentSessionsSession("durable", base_url={server.url!r})
            result = await Runner.run(Agent(name="a", model=OfflineModel()), "Second words", session=session)
            print(result.final_output)
            await session.close()

        asyncio.run(main())
        """
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert "2 user messages; the first was 'First words'" in output.stdout, output.stderr


async def test_two_writers_on_one_new_session_lose_nothing(server: Server) -> None:
    async def writer(name: str) -> None:
        session = AgentSessionsSession("shared", base_url=server.url)
        for index in range(20):
            await session.add_items([{"role": "user", "content": f"{name}-{index}"}])
        await session.close()

    await asyncio.gather(writer("a"), writer("b"))
    reader = AgentSessionsSession("shared", base_url=server.url)
    contents = [item["content"] for item in await reader.get_items()]
    assert sorted(contents) == sorted([f"{name}-{index}" for name in "ab" for index in range(20)])
    assert [c for c in contents if c.startswith("a")] == [f"a-{index}" for index in range(20)]
    await reader.close()


async def test_failures_are_clear_exceptions(keyed_server: Server, make_server: type[Server]) -> None:
    wrong = AgentSessionsSession("x", base_url=keyed_server.url, api_key="wrong-key-0123456789")
    with pytest.raises(Unauthorized):
        await wrong.add_items([{"role": "user", "content": "hi"}])
    await wrong.close()
    small = make_server("--body-limit", "1024")
    session = AgentSessionsSession("big", base_url=small.url)
    with pytest.raises(PayloadTooLarge) as error:
        await session.add_items([{"role": "user", "content": "x" * 4096}])
    assert "1024" in str(error.value)
    await session.close()
    small.stop()
    down = AgentSessionsSession("x", AsyncClient(small.url, timeout=1.0, retries=1, backoff=0.05))
    with pytest.raises(ConnectionFailed):
        await down.get_items()
    await down.client.close()


def put_requests(server: Server) -> int:
    """How many ``PUT /v1/sessions/{id}`` the server answered, from its ``/metrics``."""
    text = httpx.get(server.url + "/metrics").text
    return sum(
        int(float(line.rsplit(" ", 1)[1]))
        for line in text.splitlines()
        if line.startswith('agent_sessions_http_requests_total{method="PUT",route="/v1/sessions/{id}"')
    )


async def test_items_get_ids_of_their_own_and_a_read_spares_the_first_write_its_put(server: Server) -> None:
    async with AsyncClient(server.url) as client:
        fresh = AgentSessionsSession("fresh", client=client)
        await fresh.add_items([{"role": "user", "content": "one"}, {"role": "user", "content": "two"}])
        assert put_requests(server) == 1, "the first write to an unknown session creates it"
        await fresh.add_items([{"role": "user", "content": "three"}])
        assert put_requests(server) == 1
        stored = await client.get_items("fresh")
        assert [item.content["content"] for item in stored] == ["one", "two", "three"]
        ids = [item.item_id for item in stored]
        assert all(ids) and len(set(ids)) == 3

        again = AgentSessionsSession("fresh", client=client)  # a new object, as a new run makes
        assert len(await again.get_items(limit=2)) == 2
        await again.add_items([{"role": "user", "content": "four"}])
        assert put_requests(server) == 1, "the read found the session: no PUT before the write"

        # Deleted behind its back: the write creates it again.
        await client.delete_session("fresh")
        await again.add_items([{"role": "user", "content": "five"}])
        assert await again.get_items() == [{"role": "user", "content": "five"}]
        assert put_requests(server) == 2


async def test_an_add_whose_answer_was_lost_is_stored_once(server: Server) -> None:
    async with LosingProxy(server.port) as proxy, AsyncClient(proxy.url, retries=3, backoff=0.01) as client:
        session = AgentSessionsSession("lossy", client=client)
        await session.add_items([{"role": "user", "content": "first"}])
        proxy.lose_next = b"POST /v1/sessions/lossy/items"
        await session.add_items([{"role": "assistant", "content": "second"}, {"role": "user", "content": "third"}])
        assert proxy.lose_next is None, "an answer was lost"
        assert [item["content"] for item in await session.get_items()] == ["first", "second", "third"]


async def test_a_compacted_session_gives_the_runner_the_models_view(server: Server) -> None:
    session = AgentSessionsSession("compacted", base_url=server.url, view=True)
    await Runner.run(make_agent(), "My name is Ada", session=session)
    await Runner.run(make_agent(), "What is the weather?", session=session)
    items, last = await session.context_items()
    assert last == 6 and len(items) == 6
    summary = {"role": "system", "content": "The user, Ada, asked about the weather in Paris: sunny."}
    made = await session.compact(summary, through=last)
    assert (made.first_seq, made.last_seq) == (1, 6)
    assert await session.get_items() == [summary], "the view holds the summary in place of the items"
    third = await Runner.run(make_agent(), "Thanks", session=session)
    assert "1 user messages; the first was 'Thanks'" in third.final_output, "the runner read the view"
    async with AsyncClient(server.url) as client:
        raw = await client.get_items("compacted")
        assert len(raw) == 8 and raw[0].content["content"] == "My name is Ada", "no raw item is lost"
    await session.close()
