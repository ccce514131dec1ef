"""Who may look and how: a key asked for, kept for the tab and sent as a header, showing only
its app; the page at 375 px wide and by keyboard alone."""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from agent_sessions import Client

KEY = "tests-key-0123456789abcdef"
OTHER_KEY = "other-key-0123456789abcdef"


def test_a_key_is_asked_for_sent_as_a_header_and_shows_only_its_app(make_server: Any, make_browser: Any) -> None:
    server = make_server(environment={"AGENT_SESSIONS_API_KEYS": f"tests={KEY}\nother={OTHER_KEY}"})
    with Client(server.url, KEY) as client:
        for name in ("t1", "t2", "t3"):
            client.create_session(name)
    with Client(server.url, OTHER_KEY) as client:
        client.create_session("o1")
        client.create_session("t9")

    browser = make_browser(server)
    browser.open("/")
    browser.wait_for("#key-form")
    browser.find("#api-key").send_keys("wrong-key-0123456789abcdef\n")
    message = browser.wait(
        lambda _: browser.find("#key-error").is_displayed() and browser.find("#key-error").text, "the key's error"
    )
    assert "key" in message.lower()

    field = browser.find("#api-key")
    field.clear()
    field.send_keys(KEY + "\n")
    browser.wait_loaded("#sessions-page")
    rows = set(browser.attributes("#sessions-table tr[data-session-id]", "data-session-id"))
    assert rows == {"t1", "t2", "t3"}
    assert KEY not in browser.script("return location.href")
    assert not [name for name in browser.api_requests("") if KEY in name], "never in an address"
    assert browser.script("return sessionStorage.length") == 1
    assert browser.script("return localStorage.length") == 0
    browser.open("/#/sessions/o1")
    banner = browser.wait(
        lambda _: browser.find("#error-banner").is_displayed() and browser.find("#error-banner"), "another app's session"
    )
    assert "o1" in banner.text

    browser.find("#forget-key").click()
    browser.wait_for("#key-form")
    assert browser.script("return sessionStorage.length") == 0


def test_the_pages_fit_375_pixels(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("narrow-session-with-a-long-identifier-0123456789", user_id="ana", agent="planner")
        client.append_items(
            "narrow-session-with-a-long-identifier-0123456789",
            [{"role": "user", "content": "word " * 400}, {"role": "assistant", "content": "x" * 3000}],
        )
    browser = make_browser(server, width=375, height=800)
    for path, section in (("/#/sessions", "#sessions-page"), ("/#/sessions/narrow-session-with-a-long-identifier-0123456789", "#session-page"), ("/#/overview", "#overview-page")):  # fmt: skip
        browser.open(path)
        browser.wait_loaded(section)
        assert browser.script("return window.innerWidth") == 375
        overflow = browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 375 px"
    assert browser.console_errors() == []


FOCUSABLE = """
return [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(e =>
    !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
    && !e.closest('dialog:not([open])'))
"""


def tab_through(browser: Any, count: int) -> list[str]:
    """Presses Tab ``count`` times from the top of the page; the elements focused on the way."""
    reached: list[str] = []
    browser.script("document.activeElement?.blur(); window.scrollTo(0, 0)")
    for _ in range(count):
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        reached.append(browser.driver.switch_to.active_element.id)
    return reached


def test_every_control_is_reached_by_keyboard(server: Any, make_browser: Any) -> None:
    with Client(server.url) as client:
        client.create_session("k1", user_id="ana")
        client.append_items("k1", [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}])
        client.create_session("k2")
    browser = make_browser(server)
    for path, section in (("/#/sessions", "#sessions-page"), ("/#/sessions/k1", "#session-page"), ("/#/overview", "#overview-page")):  # fmt: skip
        browser.open(path)
        browser.wait_loaded(section)
        controls = browser.script(FOCUSABLE)
        reached = set(tab_through(browser, len(controls) + 3))
        missed = [control.get_attribute("outerHTML")[:80] for control in controls if control.id not in reached]
        assert not missed, f"{path}: Tab never reaches {missed}"

    browser.open("/#/sessions")
    browser.wait_loaded("#sessions-page")
    link = browser.find("#sessions-table tr[data-session-id='k1'] a.session-link")
    browser.script("arguments[0].focus()", link)
    browser.driver.switch_to.active_element.send_keys(Keys.ENTER)
    browser.wait_for("#session-page[data-session-id='k1'][data-loaded='true']")
