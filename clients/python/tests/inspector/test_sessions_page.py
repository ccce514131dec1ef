"""The sessions page: the app's sessions newest activity first, filters kept in the address,
paging by cursor to the last one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from agent_sessions import Client


def row_ids(browser: Any) -> list[str]:
    return [str(value) for value in browser.attributes("#sessions-table tbody tr[data-session-id]", "data-session-id")]


def wait_rows(browser: Any, expected: list[str], what: str) -> None:
    browser.wait(lambda _: row_ids(browser) == expected, f"{what}: rows {expected[:5]}…, saw {row_ids(browser)[:5]}…")


def test_the_list_shows_the_sessions_and_filters_narrow_it(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        for index in range(30):
            client.create_session(
                f"s{index:03d}", user_id=f"u{index % 3}", agent="planner" if index % 2 else "coder",
                phase="approval" if index % 5 == 0 else "planning",
            )  # fmt: skip
        client.append_items("s029", [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}])
        client.update_session("s029", resume_ready=True, error="timeout")
        newest = client.get_session("s029")

    browser = make_browser(server)
    browser.open("/")
    browser.wait_loaded("#sessions-page")
    assert row_ids(browser) == [f"s{index:03d}" for index in reversed(range(30))]
    first = browser.find("#sessions-table tbody tr[data-session-id='s029']")
    assert first.find_element(By.CSS_SELECTOR, ".phase-badge").get_attribute("data-phase") == "planning"
    assert first.find_element(By.CSS_SELECTOR, "td.item-count").text.strip() == "2"
    assert first.find_element(By.CSS_SELECTOR, "td.error-count").text.strip() == "1"
    assert first.find_element(By.CSS_SELECTOR, "td.resume-ready").text.strip() != ""
    assert "planner" in first.text and "u2" in first.text
    activity = first.find_element(By.CSS_SELECTOR, "time.last-activity")
    shown = datetime.fromisoformat(activity.get_attribute("datetime"))
    assert abs((shown - newest.updated_at).total_seconds()) < 0.001, "the machine-readable time is the last activity"
    assert activity.get_attribute("title"), "the exact time is on hover"
    assert "ago" in activity.text or "now" in activity.text, activity.text

    browser.find("#filter-user").send_keys("u1")
    Select(browser.find("#filter-phase")).select_by_value("approval")
    browser.find("#apply-filters").click()
    expected = [f"s{index:03d}" for index in reversed(range(30)) if index % 3 == 1 and index % 5 == 0]
    wait_rows(browser, expected, "user u1 in approval")
    assert all(badge.get_attribute("data-phase") == "approval" for badge in browser.find_all("#sessions-table .phase-badge"))
    fragment = browser.fragment()
    assert "user=u1" in fragment and "phase=approval" in fragment

    browser.driver.refresh()
    browser.wait_loaded("#sessions-page")
    wait_rows(browser, expected, "the same rows after a reload")
    assert browser.find("#filter-user").get_attribute("value") == "u1"

    browser.open("/#/sessions?agent=coder&active=true")
    wait_rows(browser, [f"s{index:03d}" for index in reversed(range(30)) if index % 2 == 0], "agent coder")
    assert browser.console_errors() == []


def test_paging_reaches_the_last_session_and_comes_back(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        for index in range(120):
            client.create_session(f"p{index:03d}")
    everything = [f"p{index:03d}" for index in reversed(range(120))]

    browser = make_browser(server)
    browser.open("/#/sessions")
    browser.wait_loaded("#sessions-page")
    seen = row_ids(browser)
    assert len(seen) == 50, "one page, never more"
    assert browser.find("#previous-page").get_attribute("disabled") is not None
    while browser.find("#next-page").get_attribute("disabled") is None:
        before = row_ids(browser)
        browser.find("#next-page").click()
        browser.wait(lambda _: row_ids(browser) and row_ids(browser) != before, "the next page")
        seen += row_ids(browser)
    assert seen == everything
    assert "cursor=" in browser.fragment()

    browser.find("#previous-page").click()
    wait_rows(browser, everything[50:100], "the previous page")
    browser.find("#first-page").click()
    wait_rows(browser, everything[:50], "the first page")
    assert browser.console_errors() == []


def test_a_search_by_id_opens_the_session_or_says_there_is_none(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("needle")
        client.create_session("hay")
    browser = make_browser(server)
    browser.open("/")
    browser.wait_loaded("#sessions-page")
    browser.find("#search-id").send_keys("needle\n")
    browser.wait_for("#session-page[data-session-id='needle'][data-loaded='true']")

    browser.open("/#/sessions")
    browser.wait_loaded("#sessions-page")
    browser.find("#search-id").send_keys("missing\n")
    banner = browser.wait(
        lambda _: browser.find("#error-banner").is_displayed() and browser.find("#error-banner"), "the error banner"
    )
    assert "missing" in banner.text


def test_titles_and_tags_show_and_a_tag_narrows_the_list(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("plain")
        client.create_session("tagged", title="Plan the <b>VPC</b>", tags=["vip", "billing"])
        client.create_session("other", tags=["billing"])
        client.create_session("count", title="named count")

    browser = make_browser(server)
    browser.open("/")
    browser.wait_loaded("#sessions-page")
    tagged = browser.find("#sessions-table tbody tr[data-session-id='tagged']")
    assert tagged.find_element(By.CSS_SELECTOR, ".session-title").text == "Plan the <b>VPC</b>", "a title is text"
    assert [tag.text for tag in tagged.find_elements(By.CSS_SELECTOR, ".tag")] == ["billing", "vip"]
    plain = browser.find("#sessions-table tbody tr[data-session-id='plain']")
    assert plain.find_element(By.CSS_SELECTOR, ".session-title").text == "—"

    browser.find("#filter-tag").send_keys("billing")
    browser.find("#apply-filters").click()
    wait_rows(browser, ["other", "tagged"], "tag billing")
    assert "tag=billing" in browser.fragment()

    browser.open("/#/sessions/count")
    browser.wait_for("#session-page[data-session-id='count'][data-loaded='true']")
    assert browser.console_errors() == []
