"""The overview's statistics and chart, and the only writes the page makes: fork at an item,
finalize and delete, each behind a confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.support.ui import Select

from agent_sessions import Client, NotFound


def test_the_overview_shows_the_statistics_and_a_chart(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        for index in range(6):
            client.create_session(f"o{index}", phase="planning" if index < 3 else "approval")
        client.append_items("o0", [{"role": "user", "content": "hello"}])
        client.finalize("o5", "completed")
        stats = client.statistics()
    browser = make_browser(server)
    browser.open("/#/overview")
    browser.wait_loaded("#overview-page")
    assert browser.find("#stat-session-count").text.strip().startswith(str(stats.session_count))
    assert browser.find("#stat-active-count").text.strip().startswith("5")
    assert browser.find("#stat-item-count").text.strip().startswith("1")
    bars = {bar.get_attribute("data-phase") for bar in browser.find_all("svg#phase-chart rect.bar")}
    assert bars == {"planning", "approval", "completed"}
    widths = {bar.get_attribute("data-phase"): float(bar.get_attribute("width")) for bar in browser.find_all("svg#phase-chart rect.bar")}
    assert widths["planning"] > widths["approval"] > widths["completed"] > 0
    assert browser.console_errors() == []


def confirm(browser: Any) -> None:
    browser.wait(lambda _: browser.find("#confirm-dialog").get_attribute("open") is not None, "the confirmation")
    browser.find("#confirm-ok").click()


def test_fork_finalize_and_delete_ask_first(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("work", user_id="ana", agent="planner")
        client.append_items("work", [{"role": "user", "content": f"m{n}"} for n in range(1, 4)])
        browser = make_browser(server)
        browser.open("/#/sessions/work")
        browser.wait_for("#session-page[data-session-id='work'][data-loaded='true']")

        browser.find("#conversation li.item[data-seq='2'] button.fork-here").click()
        confirm(browser)
        browser.wait(lambda _: browser.find_all("#session-page[data-loaded='true']")
                     and browser.find("#session-page").get_attribute("data-session-id") != "work", "the fork's page")  # fmt: skip
        fork_id = browser.find("#session-page").get_attribute("data-session-id")
        fork = client.get_session(fork_id)
        assert fork.last_sequence == 2
        assert fork.metadata["forked_from"] == {"id": "work", "sequence": 2}

        browser.open("/#/sessions/work")
        browser.wait_for("#session-page[data-session-id='work'][data-loaded='true']")
        browser.find("#action-delete").click()
        browser.wait(lambda _: browser.find("#confirm-dialog").get_attribute("open") is not None, "the confirmation")
        browser.find("#confirm-cancel").click()
        assert client.get_session("work").id == "work", "cancelled: nothing written"

        browser.find("#action-finalize").click()
        browser.wait(lambda _: browser.find("#confirm-dialog").get_attribute("open") is not None, "the confirmation")
        Select(browser.find("#finalize-outcome")).select_by_value("failed")
        browser.find("#finalize-summary").send_keys("Gave up")
        browser.find("#confirm-ok").click()
        browser.wait(lambda _: browser.find_all("#outcome") and "failed" in browser.find("#outcome").text, "the outcome")
        finalized = client.get_session("work")
        assert (finalized.outcome, finalized.summary) == ("failed", "Gave up")

        browser.find("#action-delete").click()
        confirm(browser)
        browser.wait_loaded("#sessions-page")
        with pytest.raises(NotFound):
            client.get_session("work")
    assert browser.console_errors() == []
