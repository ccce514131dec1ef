"""Google ADK's own runner keeps its sessions in a real server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from serve import Server, SilentListener

from agent_sessions import AsyncClient, ConnectionFailed, PayloadTooLarge, Unauthorized

adk = pytest.importorskip("google.adk")
from google.adk.agents import LlmAgent  # noqa: E402
from google.adk.agents.run_config import RunConfig, StreamingMode  # noqa: E402
from google.adk.errors import StaleSessionError  # noqa: E402
from google.adk.errors.already_exists_error import AlreadyExistsError  # noqa: E402
from google.adk.errors.session_not_found_error import SessionNotFoundError  # noqa: E402
from google.adk.events.event import Event  # noqa: E402
from google.adk.events.event_actions import EventActions  # noqa: E402
from google.adk.runners import Runner  # noqa: E402
from google.adk.sessions import Session  # noqa: E402
from google.adk.sessions.base_session_service import GetSessionConfig  # noqa: E402
from google.adk.tools.tool_context import ToolContext  # noqa: E402
from google.genai import types  # noqa: E402
from offline_adk_model import OfflineAdkModel  # noqa: E402

from agent_sessions.google_adk import AgentSessionsSessionService  # noqa: E402

TESTS = Path(__file__).parent


def get_weather(city: str, tool_context: ToolContext) -> str:
    """The weather of a city; remembers the city for the user and counts calls for the app."""
    tool_context.state["user:city"] = city
    tool_context.state["app:weather_calls"] = (tool_context.state.get("app:weather_calls") or 0) + 1
    tool_context.state["temp:scratch"] = "never stored"
    tool_context.state["last_answer"] = f"sunny in {city}"
    return f"sunny in {city}"


def make_runner(service: AgentSessionsSessionService, app_name: str = "weather") -> Runner:
    agent = LlmAgent(name="assistant", instruction="Be brief.", model=OfflineAdkModel(), tools=[get_weather])
    return Runner(agent=agent, app_name=app_name, session_service=service)


def message(text: str) -> types.Content:
    return types.Content(role="user", parts=[types.Part(text=text)])


async def run(runner: Runner, user_id: str, session_id: str, text: str, *, streamed: bool = False) -> list[Event]:
    config = RunConfig(streaming_mode=StreamingMode.SSE if streamed else StreamingMode.NONE)
    events: list[Event] = []
    async for event in runner.run_async(
        user_id=user_id, session_id=session_id, new_message=message(text), run_config=config
    ):
        events.append(event)
    return events


def kind(event: Event) -> str:
    parts = event.content.parts if event.content and event.content.parts else []
    if any(part.function_call for part in parts):
        return "call"
    if any(part.function_response for part in parts):
        return "result"
    return event.author


def final_text(events: list[Event]) -> str:
    last = events[-1]
    assert last.content and last.content.parts
    return "".join(part.text or "" for part in last.content.parts)


async def test_a_conversation_with_tool_calls_is_read_back_exactly(server: Server) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    runner = make_runner(service)
    created = await service.create_session(app_name="weather", user_id="ada", session_id="chat-1", state={"k": 1})
    assert created.id == "chat-1" and created.state == {"k": 1} and created.events == []
    first = await run(runner, "ada", "chat-1", "My name is Ada")
    assert "1 user messages; the first was 'My name is Ada'" in final_text(first)
    second = await run(runner, "ada", "chat-1", "What is the weather?")
    assert "2 user messages" in final_text(second) and "the tool said 'sunny in Paris'" in final_text(second)

    session = await service.get_session(app_name="weather", user_id="ada", session_id="chat-1")
    assert session is not None
    written = [event for event in first + second if not event.partial]
    assert [kind(event) for event in session.events] == ["user", "assistant", "user", "call", "result", "assistant"]
    # The runner yields the events it appended, except the user's; those it wrote are read back equal.
    stored_by_id = {event.id: event for event in session.events}
    assert all(stored_by_id[event.id] == event for event in written)
    assert session.state == {"k": 1, "user:city": "Paris", "app:weather_calls": 1, "last_answer": "sunny in Paris"}

    # Each event is one item: ADK's JSON of the event, the event id as the item id.
    async with AsyncClient(server.url, app="weather") as client:
        items = await client.get_items("chat-1")
        assert [item.item_id for item in items] == [event.id for event in session.events]
        assert [item.content for item in items] == [
            json.loads(event.model_dump_json(exclude_none=True)) for event in session.events
        ]
        # A reply's item counts the tokens the model reported for it; the others are estimated.
        assert [item.tokens for item in items] == [
            event.usage_metadata.candidates_token_count if event.usage_metadata else None for event in session.events
        ]
        assert [item.tokens is not None for item in items] == [False, True, False, False, False, True]
        stored = await client.get_session("chat-1")
        assert stored.user_id == "ada" and stored.metadata == {"adk_app_name": "weather"}

    recent = await service.get_session(
        app_name="weather", user_id="ada", session_id="chat-1", config=GetSessionConfig(num_recent_events=2)
    )
    assert recent is not None and recent.events == session.events[-2:]
    none = GetSessionConfig(num_recent_events=0)
    assert (await service.get_session(app_name="weather", user_id="ada", session_id="chat-1", config=none)).events == []  # type: ignore[union-attr]
    since = session.events[3].timestamp
    later = await service.get_session(
        app_name="weather", user_id="ada", session_id="chat-1", config=GetSessionConfig(after_timestamp=since)
    )
    assert later is not None and later.events == session.events[3:]
    both = GetSessionConfig(after_timestamp=since, num_recent_events=1)
    last = await service.get_session(app_name="weather", user_id="ada", session_id="chat-1", config=both)
    assert last is not None and last.events == session.events[-1:]
    await service.close()


@pytest.mark.filterwarnings("ignore:.*EventsCompactionConfig.*experimental")
async def test_adks_event_compaction_becomes_the_servers_compaction(server: Server) -> None:
    from google.adk.apps import App
    from google.adk.apps._configs import EventsCompactionConfig
    from google.adk.apps.llm_event_summarizer import LlmEventSummarizer

    service = AgentSessionsSessionService(base_url=server.url)
    agent = LlmAgent(name="assistant", instruction="Be brief.", model=OfflineAdkModel())
    app = App(
        name="notes",
        root_agent=agent,
        events_compaction_config=EventsCompactionConfig(
            summarizer=LlmEventSummarizer(llm=OfflineAdkModel()), compaction_interval=2, overlap_size=0
        ),
    )
    runner = Runner(app=app, session_service=service)
    await service.create_session(app_name="notes", user_id="ada", session_id="long")
    for text in ("My name is Ada", "I like tea", "What do I like?"):
        await run(runner, "ada", "long", text)

    session = await service.get_session(app_name="notes", user_id="ada", session_id="long")
    assert session is not None
    marks = [event.actions.compaction for event in session.events if event.actions and event.actions.compaction]
    assert len(marks) == 1, "ADK compacted the first two invocations"
    async with AsyncClient(server.url, app="notes") as client:
        items = await client.get_items("long")
        assert len(items) == len(session.events), "every event stays an item, the compaction's too"
        compactions = await client.compactions("long")
        assert len(compactions) == 1
        (made,) = compactions
        compacted = [
            item.seq for item in items if marks[0].start_timestamp <= item.content["timestamp"] <= marks[0].end_timestamp
        ]
        assert (made.first_seq, made.last_seq) == (compacted[0], compacted[-1]) == (1, 4)
        assert made.summary == json.loads(marks[0].compacted_content.model_dump_json(exclude_none=True))
        view = await client.context("long")
        assert view.items[0].type == "summary" and [entry.seq for entry in view.items[1:]] == [5, 6, 7]
        assert "compaction" in items[4].content["actions"], "item 5 is ADK's compaction event"
    await service.close()


async def test_state_scopes_map_onto_the_servers(server: Server) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    state = {"app:theme": "dark", "user:lang": "fr", "temp:draft": "x", "topic": "trains"}
    first = await service.create_session(app_name="weather", user_id="ada", state=state)
    assert first.state == {"app:theme": "dark", "user:lang": "fr", "topic": "trains"}, "temp: is never stored"
    await run(make_runner(service), "ada", first.id, "What is the weather?")

    same_user = await service.create_session(app_name="weather", user_id="ada", session_id="second")
    assert same_user.state == {"app:theme": "dark", "app:weather_calls": 1, "user:lang": "fr", "user:city": "Paris"}
    other_user = await service.create_session(app_name="weather", user_id="bob")
    assert other_user.state == {"app:theme": "dark", "app:weather_calls": 1}
    other_app = await service.create_session(app_name="travel", user_id="ada")
    assert other_app.state == {}, "without an API key each ADK app is an app of the server"
    assert await service.get_user_state(app_name="weather", user_id="ada") == {"lang": "fr", "city": "Paris"}
    assert await service.get_user_state(app_name="weather", user_id="nobody") == {}

    # An event's delta reaches every scope; temp: stays in the session object alone.
    session = await service.get_session(app_name="weather", user_id="bob", session_id=other_user.id)
    assert session is not None
    delta = {"app:theme": "light", "user:lang": "en", "temp:t": 1, "mood": "ok"}
    await service.append_event(session, Event(author="user", actions=EventActions(state_delta=delta)))
    assert session.state["temp:t"] == 1
    reread = await service.get_session(app_name="weather", user_id="bob", session_id=other_user.id)
    assert reread is not None and "temp:t" not in reread.state and "temp:t" not in reread.events[0].actions.state_delta
    assert reread.state == {"app:theme": "light", "app:weather_calls": 1, "user:lang": "en", "mood": "ok"}
    ada = await service.get_session(app_name="weather", user_id="ada", session_id="second")
    assert ada is not None and ada.state["app:theme"] == "light" and ada.state["user:lang"] == "fr"

    listed = await service.list_sessions(app_name="weather", user_id="ada")
    assert [entry.id for entry in listed.sessions] == [first.id, "second"], "least recently updated first"
    assert all(entry.events == [] for entry in listed.sessions)
    everyone = await service.list_sessions(app_name="weather")
    assert {entry.id for entry in everyone.sessions} == {first.id, "second", other_user.id}
    assert [entry.id for entry in (await service.list_sessions(app_name="travel")).sessions] == [other_app.id]

    # Sessions are keyed by app and user, as in ADK.
    assert await service.get_session(app_name="weather", user_id="bob", session_id="second") is None
    assert await service.get_session(app_name="travel", user_id="ada", session_id="second") is None
    with pytest.raises(AlreadyExistsError):
        await service.create_session(app_name="weather", user_id="ada", session_id="second")
    await service.delete_session(app_name="weather", user_id="bob", session_id="second")  # not bob's: kept
    assert await service.get_session(app_name="weather", user_id="ada", session_id="second") is not None
    await service.delete_session(app_name="weather", user_id="ada", session_id="second")
    assert await service.get_session(app_name="weather", user_id="ada", session_id="second") is None
    await service.delete_session(app_name="weather", user_id="ada", session_id="second")  # already gone
    await service.close()


async def test_a_streamed_run_is_kept_without_its_partial_events(server: Server) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    runner = make_runner(service)
    await service.create_session(app_name="weather", user_id="ada", session_id="streamed")
    events = await run(runner, "ada", "streamed", "Hello there, what is the weather?", streamed=True)
    assert any(event.partial for event in events), "the run was streamed"
    session = await service.get_session(app_name="weather", user_id="ada", session_id="streamed")
    assert session is not None
    assert [kind(event) for event in session.events] == ["user", "call", "result", "assistant"]
    assert session.events[1:] == [event for event in events if not event.partial]
    assert "the tool said 'sunny in Paris'" in final_text(session.events)
    await service.close()


async def test_a_stale_session_object_raises_adks_error_and_stores_nothing(server: Server) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    await service.create_session(app_name="weather", user_id="ada", session_id="contested")
    mine = await service.get_session(app_name="weather", user_id="ada", session_id="contested")
    theirs = await service.get_session(app_name="weather", user_id="ada", session_id="contested")
    assert mine is not None and theirs is not None
    await service.append_event(mine, Event(author="user", content=message("first")))
    await service.append_event(mine, Event(author="user", content=message("second")))
    stale = Event(author="user", content=message("lost?"), actions=EventActions(state_delta={"x": 1}))
    with pytest.raises(StaleSessionError):
        await service.append_event(theirs, stale)
    stored = await service.get_session(app_name="weather", user_id="ada", session_id="contested")
    assert stored is not None and stored.events == mine.events and "x" not in stored.state
    # Reloaded, it appends; so does a runner turn, which reads the session afresh.
    await service.append_event(stored, stale)
    await run(make_runner(service), "ada", "contested", "And now?")
    with pytest.raises(StaleSessionError):
        await service.append_event(mine, Event(author="user", content=message("too late")))
    final = await service.get_session(app_name="weather", user_id="ada", session_id="contested")
    assert final is not None and len(final.events) == 5 and final.state == {"x": 1}
    # A session object made elsewhere (no version) is current when it ends with the last event.
    current = Session(id="contested", app_name="weather", user_id="ada", events=list(final.events))
    await service.append_event(current, Event(author="user", content=message("made elsewhere")))
    behind = Session(id="contested", app_name="weather", user_id="ada", events=list(final.events))
    with pytest.raises(StaleSessionError):
        await service.append_event(behind, Event(author="user", content=message("behind")))
    await service.close()


def _script(body: str) -> str:
    return textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(TESTS)!r})
        from google.adk.agents import LlmAgent
        from google.adk.runners import Runner
        from google.genai import types
        from offline_adk_model import OfflineAdkModel
        from agent_sessions.google_adk import AgentSessionsSessionService
        """
    ) + textwrap.dedent(body)


async def test_the_conversation_survives_a_crash_and_continues_in_another_process(server: Server) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    await service.create_session(app_name="weather", user_id="ada", session_id="durable")
    await run(make_runner(service), "ada", "durable", "First words")
    await service.close()
    server.kill()
    server.start()
    script = _script(
        f"""
        async def main():
            service = AgentSessionsSessionService(base_url={server.url!r})
            runner = Runner(agent=LlmAgent(name="assistant", model=OfflineAdkModel()), app_name="weather",
                            session_service=service)
            message = types.Content(role="user", parts=[types.Part(text="Second words")])
            async for event in runner.run_async(user_id="ada", session_id="durable", new_message=message):
                print("".join(part.text or "" for part in event.content.parts))
            await service.close()

        asyncio.run(main())
        """
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert "2 user messages; the first was 'First words'" in output.stdout, output.stderr
    service = AgentSessionsSessionService(base_url=server.url)
    session = await service.get_session(app_name="weather", user_id="ada", session_id="durable")
    assert session is not None and [kind(event) for event in session.events] == ["user", "assistant"] * 2
    await service.close()


async def test_two_processes_writing_to_one_session_lose_nothing(server: Server, tmp_path: Path) -> None:
    service = AgentSessionsSessionService(base_url=server.url)
    await service.create_session(app_name="weather", user_id="ada", session_id="shared")
    go = tmp_path / "go"
    writer = _script(
        f"""
        import os, time
        from google.adk.errors import StaleSessionError
        from google.adk.events.event import Event
        from google.adk.events.event_actions import EventActions

        async def main(name):
            service = AgentSessionsSessionService(base_url={server.url!r})
            print("ready", flush=True)
            while not os.path.exists({str(go)!r}):
                time.sleep(0.01)
            for index in range(15):
                while True:
                    session = await service.get_session(app_name="weather", user_id="ada", session_id="shared")
                    text = f"{{name}}-{{index}}"
                    content = types.Content(role="user", parts=[types.Part(text=text)])
                    event = Event(author=name, content=content, actions=EventActions(state_delta={{text: index}}))
                    try:
                        await service.append_event(session, event)
                        break
                    except StaleSessionError:
                        pass  # another writer was first: read the session again
            await service.close()

        asyncio.run(main(sys.argv[1]))
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
    session = await service.get_session(app_name="weather", user_id="ada", session_id="shared")
    assert session is not None
    texts = [event.content.parts[0].text for event in session.events if event.content and event.content.parts]
    assert sorted(texts) == sorted(f"{name}-{index}" for name in "ab" for index in range(15))  # type: ignore[type-var]
    assert [text for text in texts if text and text.startswith("a")] == [f"a-{index}" for index in range(15)]
    assert session.state == {f"{name}-{index}": index for name in "ab" for index in range(15)}
    await service.close()


async def test_failures_are_clear_exceptions(keyed_server: Server, make_server: type[Server]) -> None:
    from conftest import API_KEY

    keyed = AgentSessionsSessionService(base_url=keyed_server.url, api_key=API_KEY)
    assert await keyed.get_session(app_name="weather", user_id="ada", session_id="unknown") is None
    with pytest.raises(SessionNotFoundError):
        await run(make_runner(keyed), "ada", "unknown", "Hello")
    created = await keyed.create_session(app_name="weather", user_id="ada", session_id="known")
    with pytest.raises(SessionNotFoundError):
        await keyed.append_event(
            created.model_copy(update={"id": "gone"}), Event(author="user", content=message("hello"))
        )
    # With an API key the key's app holds every ADK app's sessions; app_name still tells them apart.
    assert await keyed.get_session(app_name="travel", user_id="ada", session_id="known") is None
    await keyed.close()

    wrong = AgentSessionsSessionService(base_url=keyed_server.url, api_key="wrong-key-0123456789")
    with pytest.raises(Unauthorized):
        await wrong.create_session(app_name="weather", user_id="ada")
    with pytest.raises(Unauthorized):
        await run(make_runner(wrong), "ada", "known", "Hello")
    await wrong.close()

    small = make_server("--body-limit", "2048")
    service = AgentSessionsSessionService(base_url=small.url)
    session = await service.create_session(app_name="weather", user_id="ada")
    with pytest.raises(PayloadTooLarge) as error:
        await service.append_event(session, Event(author="user", content=message("x" * 4096)))
    assert "2048" in str(error.value)
    await service.close()
    small.stop()

    down = AgentSessionsSessionService(base_url=small.url, timeout=1.0, retries=1, backoff=0.05)
    with pytest.raises(ConnectionFailed) as refused:
        await run(make_runner(down), "ada", "any", "Hello")
    assert refused.value.code == "connection_failed"
    await down.close()
    with SilentListener() as hanging:
        silent = AgentSessionsSessionService(base_url=hanging.url, timeout=0.5, retries=1, backoff=0.05)
        started = time.monotonic()
        with pytest.raises(ConnectionFailed) as timed_out:
            await run(make_runner(silent), "ada", "any", "Hello")
        assert timed_out.value.code == "timeout" and "0.5 s" in str(timed_out.value)
        assert time.monotonic() - started < 3, "two tries of 0.5 s"
        await silent.close()


def test_the_adapters_import_lazily_and_name_their_extra() -> None:
    code = "import sys, agent_sessions; assert 'google.adk' not in sys.modules and 'strands' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    for module, extra in [("google.adk", "google-adk"), ("strands", "strands"), ("agents", "openai-agents")]:
        adapter = {"google.adk": "google_adk", "strands": "strands", "agents": "openai_agents"}[module]
        code = f"import sys; sys.modules[{module!r}] = None; import agent_sessions.{adapter}"
        failed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert failed.returncode != 0 and f'pip install "agent-sessions[{extra}]"' in failed.stderr, failed.stderr


async def test_sessions_on_one_client_share_it(server: Server) -> None:
    async with AsyncClient(server.url, app="shared-app") as client:
        service = AgentSessionsSessionService(client)
        session = await service.create_session(app_name="weather", user_id="ada")
        assert (await client.get_session(session.id)).app == "shared-app"
        await run(make_runner(service), "ada", session.id, "Hello")
        await service.close()
        assert len(await client.get_items(session.id)) == 2, "closing the service leaves a given client open"
