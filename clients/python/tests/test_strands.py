"""Strands Agents' own agent keeps its sessions in a real server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from serve import Server, SilentListener

from agent_sessions import Client, ConnectionFailed, PayloadTooLarge, Unauthorized

strands = pytest.importorskip("strands")
from offline_strands_model import OfflineStrandsModel  # noqa: E402
from strands import Agent, tool  # noqa: E402
from strands.agent.conversation_manager import SlidingWindowConversationManager  # noqa: E402
from strands.types.exceptions import SessionException  # noqa: E402
from strands.types.session import Session, SessionAgent, SessionMessage, SessionType  # noqa: E402

from agent_sessions.strands import AgentSessionsRepository, AgentSessionsSessionManager  # noqa: E402

TESTS = Path(__file__).parent


@tool
def get_weather(city: str) -> str:
    """The weather of a city."""
    return f"sunny in {city}"


def make_agent(manager: AgentSessionsSessionManager, agent_id: str = "default", **options: Any) -> Agent:
    return Agent(
        agent_id=agent_id,
        model=OfflineStrandsModel(),
        tools=[get_weather],
        session_manager=manager,
        callback_handler=None,
        **options,
    )


def kinds(messages: list[Any]) -> list[str]:
    def kind(message: Any) -> str:
        blocks = message["content"]
        if any("toolUse" in block for block in blocks):
            return "call"
        if any("toolResult" in block for block in blocks):
            return "result"
        return str(message["role"])

    return [kind(message) for message in messages]


def test_a_conversation_with_tool_calls_is_read_back_exactly(server: Server) -> None:
    manager = AgentSessionsSessionManager("chat-1", base_url=server.url, user_id="ada")
    agent = make_agent(manager)
    assert "1 user messages; the first was 'My name is Ada'" in str(agent("My name is Ada"))
    agent.state.set("favourite", {"colour": "green", "app:not-a-scope": True})
    second = str(agent("What is the weather?"))
    assert "2 user messages" in second and "the tool said 'sunny in Paris'" in second
    assert kinds(agent.messages) == ["user", "assistant", "user", "call", "result", "assistant"]
    manager.close()

    # Another agent on the same session, as after a restart, reads back exactly what was written.
    restored_manager = AgentSessionsSessionManager("chat-1", base_url=server.url)
    restored = make_agent(restored_manager)
    assert restored.messages == agent.messages
    assert restored.state.get("favourite") == {"colour": "green", "app:not-a-scope": True}
    assert "3 user messages; the first was 'My name is Ada'" in str(restored("And now?"))

    repository = restored_manager.repository
    messages = repository.list_messages("chat-1", "default")
    assert [message.message_id for message in messages] == list(range(8))
    assert [message.to_message() for message in messages] == restored.messages
    assert [m.message_id for m in repository.list_messages("chat-1", "default", limit=3, offset=2)] == [2, 3, 4]
    assert [m.message_id for m in repository.list_messages("chat-1", "default", offset=6)] == [6, 7]
    assert repository.list_messages("chat-1", "default", limit=0) == []
    assert repository.list_messages("chat-1", "default", offset=20) == []
    third = repository.read_message("chat-1", "default", 3)
    assert third is not None and third.to_message() == restored.messages[3]
    assert repository.read_message("chat-1", "default", 99) is None

    # On the server: the Strands session, a child session per agent, a message per item.
    with Client(server.url) as client:
        session = client.get_session("chat-1")
        assert session.user_id == "ada" and session.metadata["strands_session"]["session_type"] == "AGENT"
        child = client.get_session("chat-1:default")
        assert child.parent_id == "chat-1" and child.agent == "default" and child.kind == "persistent"
        assert child.state["strands_agent"]["state"]["favourite"] == {"colour": "green", "app:not-a-scope": True}
        items = client.get_items("chat-1:default")
        assert [item.content for item in items] == [message.to_dict() for message in messages]
        assert client.delete_session("chat-1") == 2, "the Strands session goes with its agents"
    restored_manager.close()


async def test_a_streamed_run_is_kept_too(server: Server) -> None:
    manager = AgentSessionsSessionManager("streamed", base_url=server.url)
    agent = make_agent(manager)
    chunks = []
    async for event in agent.stream_async("Hello there, what is the weather?"):
        if "data" in event:
            chunks.append(event["data"])
    assert len(chunks) > 2 and "the tool said 'sunny in Paris'" in "".join(chunks)
    restored = make_agent(AgentSessionsSessionManager("streamed", base_url=server.url))
    assert kinds(restored.messages) == ["user", "call", "result", "assistant"]
    assert restored.messages == agent.messages
    manager.close()


def test_windows_redactions_and_multi_agent_state(server: Server) -> None:
    # A sliding window drops old messages; restoring skips them with the offset it recorded.
    manager = AgentSessionsSessionManager("windowed", base_url=server.url)
    window = SlidingWindowConversationManager(window_size=4, should_truncate_results=False)
    agent = make_agent(manager, conversation_manager=window)
    for text in ["one", "two", "three", "four"]:
        agent(text)
    assert window.removed_message_count > 0 and len(agent.messages) <= 4
    restored = make_agent(
        AgentSessionsSessionManager("windowed", base_url=server.url),
        conversation_manager=SlidingWindowConversationManager(window_size=4, should_truncate_results=False),
    )
    assert restored.messages == agent.messages

    # A guardrail's redaction replaces the stored message when read.
    assert "cannot help" in str(agent("my secret is swordfish"))
    assert agent.messages[-2]["content"] == [{"text": "[User input redacted.]"}]
    again = make_agent(
        AgentSessionsSessionManager("windowed", base_url=server.url),
        conversation_manager=SlidingWindowConversationManager(window_size=4, should_truncate_results=False),
    )
    assert again.messages == agent.messages
    assert "swordfish" not in str(again.messages)
    repository = manager.repository
    redacted = repository.read_message("windowed", "default", 8)
    assert redacted is not None and redacted.to_message()["content"] == [{"text": "[User input redacted.]"}]
    # Items cannot be replaced: the original text stays in the item (see the README).
    with Client(server.url) as client:
        assert "swordfish" in str(client.get_items("windowed:default", after=8, limit=1)[0].content)
    with pytest.raises(SessionException):
        repository.update_message("windowed", "default", SessionMessage({"role": "user", "content": []}, 99))

    # A graph's or swarm's state is kept in the session.
    class Graph:
        id = "planner"

        def __init__(self, step: int) -> None:
            self.step = step

        def serialize_state(self) -> dict[str, Any]:
            return {"type": "graph", "id": self.id, "step": self.step}

    assert repository.read_multi_agent("windowed", "planner") is None
    with pytest.raises(SessionException):
        repository.update_multi_agent("windowed", Graph(0))  # type: ignore[arg-type]
    repository.create_multi_agent("windowed", Graph(1))  # type: ignore[arg-type]
    repository.update_multi_agent("windowed", Graph(2))  # type: ignore[arg-type]
    assert repository.read_multi_agent("windowed", "planner") == {"type": "graph", "id": "planner", "step": 2}
    manager.close()


def _script(body: str) -> str:
    return textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(TESTS)!r})
        from strands import Agent
        from offline_strands_model import OfflineStrandsModel
        from agent_sessions.strands import AgentSessionsSessionManager
        """
    ) + textwrap.dedent(body)


def test_the_conversation_survives_a_crash_and_continues_in_another_process(server: Server) -> None:
    manager = AgentSessionsSessionManager("durable", base_url=server.url)
    make_agent(manager)("First words")
    manager.close()
    server.kill()
    server.start()
    script = _script(
        f"""
        manager = AgentSessionsSessionManager("durable", base_url={server.url!r})
        agent = Agent(model=OfflineStrandsModel(), session_manager=manager, callback_handler=None)
        print(agent("Second words"))
        """
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert "2 user messages; the first was 'First words'" in output.stdout, output.stderr
    restored = make_agent(AgentSessionsSessionManager("durable", base_url=server.url))
    assert kinds(restored.messages) == ["user", "assistant"] * 2


def test_two_processes_writing_to_one_session_lose_nothing(server: Server, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writer = _script(
        f"""
        import os, time
        from strands.types.session import SessionAgent, SessionMessage
        name = sys.argv[1]
        print("ready", flush=True)
        while not os.path.exists({str(go)!r}):
            time.sleep(0.01)
        # Both create the session and their agents at once, then talk, each to its own agent.
        manager = AgentSessionsSessionManager("shared", base_url={server.url!r})
        agent = Agent(agent_id=name, model=OfflineStrandsModel(), session_manager=manager, callback_handler=None)
        for index in range(8):
            agent(f"{{name}}-{{index}}")
        # Both also write to one agent: Strands numbers messages per process, the server keeps all.
        manager.repository.create_agent("shared", SessionAgent("common", {{}}, {{}}))
        for index in range(10):
            message = {{"role": "user", "content": [{{"text": f"{{name}}-{{index}}"}}]}}
            manager.repository.create_message("shared", "common", SessionMessage(message, index))
        """
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", writer, name], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name in ("a", "b")
    ]
    for process in writers:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    go.touch()
    for process in writers:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    for name in ("a", "b"):
        restored = make_agent(AgentSessionsSessionManager("shared", base_url=server.url), agent_id=name)
        asked = [message["content"][0]["text"] for message in restored.messages if message["role"] == "user"]
        assert asked == [f"{name}-{index}" for index in range(8)]
        assert kinds(restored.messages) == ["user", "assistant"] * 8
        assert f"8 user messages; the first was '{name}-0'" in str(restored.messages[-1]["content"])
    repository = AgentSessionsRepository(base_url=server.url)
    common = repository.list_messages("shared", "common")
    repository.close()
    texts = [message.message["content"][0]["text"] for message in common]
    assert sorted(texts) == sorted(f"{name}-{index}" for name in "ab" for index in range(10))
    assert [text for text in texts if text.startswith("a")] == [f"a-{index}" for index in range(10)]


def test_failures_are_clear_exceptions(keyed_server: Server, make_server: type[Server]) -> None:
    from conftest import API_KEY

    repository = AgentSessionsRepository(base_url=keyed_server.url, api_key=API_KEY)
    assert repository.read_session("unknown") is None
    assert repository.read_agent("unknown", "default") is None
    assert repository.read_message("unknown", "default", 0) is None
    with pytest.raises(SessionException):
        repository.list_messages("unknown", "default")
    with pytest.raises(SessionException):
        repository.create_agent("unknown", SessionAgent("default", {}, {}))
    with pytest.raises(SessionException):
        repository.create_message("unknown", "default", SessionMessage({"role": "user", "content": []}, 0))
    with pytest.raises(SessionException):
        repository.delete_session("unknown")
    created = repository.create_session(Session("known", SessionType.AGENT))
    assert repository.create_session(Session("known", SessionType.AGENT)) == created, "a second create reads it"
    repository.close()

    with pytest.raises(Unauthorized):
        AgentSessionsSessionManager("known", base_url=keyed_server.url, api_key="wrong-key-0123456789")

    small = make_server("--body-limit", "2048")
    agent = make_agent(AgentSessionsSessionManager("big", base_url=small.url))
    with pytest.raises(PayloadTooLarge) as error:
        agent("x" * 4096)
    assert "2048" in str(error.value)
    small.stop()

    with pytest.raises(ConnectionFailed) as refused:
        AgentSessionsSessionManager("any", base_url=small.url, timeout=1.0, retries=1, backoff=0.05)
    assert refused.value.code == "connection_failed"
    with SilentListener() as hanging:
        started = time.monotonic()
        with pytest.raises(ConnectionFailed) as timed_out:
            AgentSessionsSessionManager("any", base_url=hanging.url, timeout=0.5, retries=1, backoff=0.05)
        assert timed_out.value.code == "timeout" and "0.5 s" in str(timed_out.value)
        assert time.monotonic() - started < 3, "two tries of 0.5 s"
