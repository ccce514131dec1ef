"""A large app opens as one list call, and a long session at its last page, loading earlier
items on scroll: the page never loads more than it shows."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any


def write_export(path: Path, sessions: list[dict[str, Any]], items: dict[str, list[dict[str, Any]]]) -> None:
    """Writes an ``agent-sessions export`` file of ``sessions`` (whole session objects) and the
    ``items`` of some, for ``agent-sessions import``: the fastest way to a large store."""
    with path.open("w") as file:
        file.write(json.dumps({"name": "agent-sessions", "type": "format", "version": 1}) + "\n")
        for session in sessions:
            file.write(json.dumps({**session, "type": "session"}, sort_keys=True) + "\n")
            for item in items.get(session["id"], []):
                file.write(json.dumps({**item, "type": "item"}, sort_keys=True) + "\n")


SESSIONS = 100_000
ITEMS = 10_000


def time_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def session(session_id: str, moment: datetime, last_sequence: int = 0) -> dict[str, Any]:
    text = time_text(moment)
    return {
        "agent": "planner", "app": "default", "created_at": text, "error_count": 0, "expires_at": None,
        "finalized_at": None, "history": [], "id": session_id, "kind": "persistent", "last_error": None,
        "last_sequence": last_sequence, "metadata": {}, "outcome": None, "parent_id": None, "phase": "planning",
        "resume_count": 0, "resume_ready": False, "state": {}, "summary": None, "updated_at": text,
        "user_id": "ana", "version": 1,
    }  # fmt: skip


def test_a_large_app_and_a_long_session_load_one_page(make_server: Any, make_browser: Any, tmp_path: Path) -> None:
    start = datetime(2026, 12, 1, tzinfo=timezone.utc)
    sessions = [session(f"bulk-{n:06d}", start + timedelta(milliseconds=n)) for n in range(SESSIONS)]
    sessions.append(session("long", start + timedelta(days=1), last_sequence=ITEMS))
    items = [
        {"seq": seq, "item_id": None, "created_at": time_text(start + timedelta(days=1)),
         "content": {"role": "user" if seq % 2 else "assistant", "content": f"message {seq}"}}
        for seq in range(1, ITEMS + 1)
    ]  # fmt: skip
    export = tmp_path / "large.jsonl"
    write_export(export, sessions, {"long": items})
    server = make_server()
    server.stop()
    subprocess.run(
        [str(server.executable), "import", str(export), "--db", str(server.folder / "sessions.sqlite")],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    server.start()

    browser = make_browser(server)
    browser.open("/#/sessions")
    browser.wait_loaded("#sessions-page")
    rows = browser.find_all("#sessions-table tbody tr[data-session-id]")
    assert [row.get_attribute("data-session-id") for row in rows[:2]] == ["long", f"bulk-{SESSIONS - 1:06d}"]
    lists = browser.api_requests("/v1/sessions?") + browser.api_requests("/v1/sessions&")
    assert len(lists) == 1 and len(rows) <= 50, lists
    assert browser.api_requests("/v1/stats") == []

    browser.open("/#/sessions/long")
    browser.wait_for("#session-page[data-session-id='long'][data-loaded='true']")
    shown = [int(str(seq)) for seq in browser.attributes("#conversation li.item", "data-seq")]
    assert shown[-1] == ITEMS and len(shown) <= 200, "the last page, at once"
    assert shown == list(range(shown[0], ITEMS + 1))
    assert len([name for name in browser.api_requests("/items") if "/v1/sessions/long/items" in name]) == 1

    browser.script(
        "window.scrollTo(0, 0); const list = document.querySelector('#conversation');"
        "list.scrollTop = 0; list.querySelector('li.item').scrollIntoView();"
    )
    browser.wait(lambda _: browser.find_all(f"#conversation li.item[data-seq='{shown[0] - 1}']"), "earlier items on scroll")
    more = [int(str(seq)) for seq in browser.attributes("#conversation li.item", "data-seq")]
    assert more == list(range(more[0], ITEMS + 1)), "earlier items come before, each once"
    assert len(more) < 1_000, "one more page, not the whole session"
    assert browser.console_errors() == []
