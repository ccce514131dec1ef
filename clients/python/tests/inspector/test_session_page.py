"""A session's page: its conversation in order, told apart by kind; its phase, state,
metadata, resume decision and lineage; live changes without a reload, across a dropped
stream; a long session opening at its last page."""

from __future__ import annotations

import json
from typing import Any

from agent_sessions import Client, NewItem

CONVERSATION: list[tuple[str, dict[str, Any]]] = [
    ("system", {"role": "system", "content": "You plan networks."}),
    ("user", {"role": "user", "content": "Plan the VPC"}),
    ("assistant", {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Looking"}]}),
    ("tool-call", {"type": "function_call", "name": "list_subnets", "arguments": '{"region":"eu"}', "call_id": "c1"}),
    ("tool-result", {"type": "function_call_output", "call_id": "c1", "output": "[10.0.0.0/24]"}),
    ("tool-call", {"author": "planner", "content": {"role": "model", "parts": [{"function_call": {"name": "lookup", "args": {"q": 1}}}]}}),
    ("tool-result", {"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": [{"text": "ok"}], "status": "success"}}]}),
    ("assistant", {"role": "assistant", "content": "Here is the plan"}),
    ("item", {"note": "something else"}),
]


def items(browser: Any) -> list[tuple[int, str]]:
    return [
        (int(element.get_attribute("data-seq")), element.get_attribute("data-kind"))
        for element in browser.find_all("#conversation li.item")
    ]


def open_session(browser: Any, session_id: str) -> None:
    browser.open(f"/#/sessions/{session_id}")
    browser.wait_for(f"#session-page[data-session-id='{session_id}'][data-loaded='true']")
    browser.wait_for("#live-status[data-state='open']")


def test_the_conversation_is_shown_in_order_and_told_apart(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session(
            "vpc", user_id="ana", agent="planner", phase="planning",
            state={"step": 2, "app:theme": "dark", "user:lang": "fr"}, metadata={"task": "T1"},
        )  # fmt: skip
        client.append_items("vpc", [content for _, content in CONVERSATION])
        client.update_session("vpc", phase="approval", error="the subnet API timed out")
    browser = make_browser(server)
    open_session(browser, "vpc")
    assert items(browser) == [(index + 1, kind) for index, (kind, _) in enumerate(CONVERSATION)]
    texts = [element.text for element in browser.find_all("#conversation li.item")]
    assert "Plan the VPC" in texts[1] and "Looking" in texts[2]
    assert "list_subnets" in texts[3] and '"region": "eu"' in texts[3], "a tool call shows its name and arguments"
    assert "10.0.0.0/24" in texts[4]
    assert browser.find("#session-phase").get_attribute("data-phase") == "approval"
    timeline = browser.find_all("#phase-timeline li")  # created in planning, then one change
    assert len(timeline) == 1 and "planning" in timeline[0].text and "approval" in timeline[0].text
    assert "step" in browser.find("#session-state").text
    shared = [element.text for element in browser.find_all("#session-state .shared-key")]
    assert len(shared) == 2, shared
    assert any("app:theme" in text for text in shared) and any("user:lang" in text for text in shared)
    assert "task" in browser.find("#session-metadata").text
    assert browser.find("#error-count").text.strip().startswith("1")
    assert "timed out" in browser.find("#last-error").text
    assert browser.find("#resume-decision").get_attribute("data-should-resume") in {"true", "false"}

    first = browser.find("#conversation li.item[data-seq='4']")
    first.find_element("css selector", "button.show-json").click()
    shown = browser.wait_for("#conversation li.item[data-seq='4'] pre.item-json")
    browser.wait(lambda _: shown.is_displayed(), "the item's JSON")
    assert json.loads(shown.text) == CONVERSATION[3][1]
    assert browser.console_errors() == []


def test_changes_appear_live(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("live", phase="planning")
        client.append_items("live", [{"role": "user", "content": "first"}])
        browser = make_browser(server)
        open_session(browser, "live")
        assert items(browser) == [(1, "user")]

        client.append_items("live", [{"role": "assistant", "content": "second"}])
        browser.wait_for("#conversation li.item[data-seq='2']", timeout=1.0)
        client.update_session("live", phase="executing")
        browser.wait_for("#session-phase[data-phase='executing']", timeout=1.0)
        client.update_session("live", metadata={"ticket": "OPS-7"})
        browser.wait(lambda _: "OPS-7" in browser.find("#session-metadata").text, "the new metadata", timeout=1.0)
        client.finalize("live", "completed", "Applied")
        browser.wait(lambda _: browser.find_all("#outcome") and "completed" in browser.find("#outcome").text,
                     "the outcome", timeout=1.0)  # fmt: skip
        assert "Applied" in browser.find("#summary").text
        assert items(browser) == [(1, "user"), (2, "assistant")]
    assert browser.console_errors() == []


def test_a_dropped_stream_reconnects_and_misses_nothing(server: Any, make_browser: Any) -> None:
    with Client(server.url, retries=20) as client:
        client.create_session("steady")
        client.append_items("steady", [{"role": "user", "content": f"m{n}"} for n in range(1, 4)])
        browser = make_browser(server)
        open_session(browser, "steady")
        browser.console_errors()

        server.kill()
        browser.wait(
            lambda _: browser.find("#live-status").get_attribute("data-state") in {"reconnecting", "connecting"},
            "the page noticing the dropped stream",
        )
        server.start()
        client.append_items("steady", [{"role": "user", "content": f"m{n}"} for n in range(4, 8)])
        browser.wait_for("#live-status[data-state='open']", timeout=15.0)
        client.append_items("steady", [{"role": "user", "content": "m8"}])
        browser.wait_for("#conversation li.item[data-seq='8']", timeout=5.0)
        assert [seq for seq, _ in items(browser)] == list(range(1, 9)), "each item once, in order"


def test_lineage_links_both_ways(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("main", user_id="ana", agent="planner")
        client.append_items("main", [{"role": "user", "content": f"m{n}"} for n in range(1, 4)])
        client.create_session("child", user_id="ana", agent="helper", parent_id="main")
        client.fork("main", through=2, new_id="branch")
    browser = make_browser(server)
    open_session(browser, "main")
    browser.wait(lambda _: browser.find_all("#lineage a.lineage-fork"), "the fork link")
    assert "branch" in browser.find("#lineage a.lineage-fork").get_attribute("href")
    assert "child" in browser.find("#lineage a.lineage-child").get_attribute("href")

    open_session(browser, "branch")
    source = browser.find("#lineage a.lineage-fork-source")
    assert source.get_attribute("href").endswith("#/sessions/main")
    assert "2" in browser.find("#lineage").text
    open_session(browser, "child")
    assert browser.find("#lineage a.lineage-parent").get_attribute("href").endswith("#/sessions/main")
    assert browser.console_errors() == []


def test_compactions_are_listed_beside_the_whole_conversation(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("long")
        client.append_items("long", [{"role": "user", "content": f"m{n}"} for n in range(1, 5)])
        client.append_items("long", [NewItem({"role": "user", "content": "m5"}, tokens=1234)])
        client.compact(
            "long", {"role": "system", "content": "The user counted to four."}, through=4, summary_tokens=6
        )
        client.create_session("short")
    browser = make_browser(server)
    open_session(browser, "long")
    browser.wait(lambda _: browser.find_all("#compactions li.compaction"), "the compaction")
    listed = browser.find("#compactions li.compaction")
    assert listed.get_attribute("data-number") == "1"
    assert "items 1–4" in listed.text and "by a caller" in listed.text
    assert "The user counted to four." in browser.find("#compactions .compaction-summary").text
    assert [seq for seq, _ in items(browser)] == [1, 2, 3, 4, 5], "the conversation keeps every item"
    tokens = browser.find("#session-tokens").text
    assert "in 5 items (1 counted by their caller" in tokens and "the model sees 1,240." in tokens
    assert browser.find("#model-view").is_displayed() is False
    browser.find("#show-model-view").click()
    browser.wait(lambda _: browser.find_all("#model-view li.model-entry"), "the model's view")
    entries = [entry.text for entry in browser.find_all("#model-view li.model-entry")]
    assert entries == ["summary of items 1–4 · 6 tokens", "item 5 · user · 1,234 tokens"], entries
    assert "1,240 tokens in all." in browser.find("#model-view").text
    browser.find("#show-model-view").click()
    assert browser.find("#model-view").is_displayed() is False

    open_session(browser, "short")
    browser.wait(lambda _: "the model sees every item" in browser.find("#session-page").text, "no compactions")
    assert browser.find_all("#compactions li.compaction") == []
    assert browser.console_errors() == []
