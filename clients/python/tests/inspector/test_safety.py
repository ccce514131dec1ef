"""Session content is untrusted: markup in it is shown as text, never run, and a 1 MB item
leaves the page responsive."""

from __future__ import annotations

from typing import Any

from agent_sessions import Client

HOSTILE = [
    {"role": "user", "content": "<script>window.__xss = 'script'</script>"},
    {"role": "assistant", "content": "<img src=x onerror=\"window.__xss = 'img'\">"},
    {"role": "user", "content": "<a href=\"javascript:window.__xss = 'link'\">click me</a>"},
    {"role": "user", "content": [{"type": "input_text", "text": "javascript:window.__xss = 'text'"}]},
    {"type": "function_call", "name": "<b onmouseover=\"window.__xss='tool'\">x</b>", "arguments": "<svg onload=\"window.__xss='svg'\">"},
]
LARGE = "A" * (1 << 20)


def assert_nothing_ran(browser: Any) -> None:
    assert browser.script("return window.__xss === undefined"), "a payload ran"
    assert browser.script("return document.querySelectorAll('img[src=\"x\"], svg[onload], b[onmouseover]').length") == 0
    sources = browser.script("return [...document.scripts].map(s => s.src)")
    assert all("/inspector/" in source for source in sources), sources
    assert browser.console_errors() == [], "a CSP violation means markup reached the page"


def test_markup_in_content_is_text_and_never_runs(make_server: Any, make_browser: Any) -> None:
    server = make_server("--body-limit", str(4 << 20))  # room for the 1 MB item
    with Client(server.url) as client:
        client.create_session(
            "hostile", state={"note": "<img src=x onerror=\"window.__xss='state'\">"},
            metadata={"<script>": "</dt><img src=x onerror=\"window.__xss='metadata'\">"},
        )  # fmt: skip
        client.append_items("hostile", HOSTILE + [{"role": "user", "content": LARGE}])
    browser = make_browser(server)
    browser.open("/#/sessions/hostile")
    browser.wait_for("#session-page[data-session-id='hostile'][data-loaded='true']")
    texts = [element.text for element in browser.find_all("#conversation li.item .item-text")]
    assert "<script>window.__xss = 'script'</script>" in texts[0]
    assert "<img src=x" in texts[1]
    assert "javascript:" in texts[2]
    assert not [link for link in browser.find_all("a") if (link.get_attribute("href") or "").startswith("javascript:")]
    assert "<img src=x" in browser.find("#session-state").text
    assert "<script>" in browser.find("#session-metadata").text
    large = browser.find("#conversation li.item[data-seq='6'] .item-text")
    assert len(large.text) < 100_000, "a 1 MB item is folded"

    for button in browser.find_all("#conversation button.show-json") + browser.find_all("#conversation button.unfold"):
        browser.script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
    assert_nothing_ran(browser)
    assert browser.script("return 1 + 1") == 2, "the page still answers"
    browser.find("#nav-sessions").click()
    browser.wait_loaded("#sessions-page")
    assert browser.find_all("#sessions-table tr[data-session-id='hostile']")
    assert_nothing_ran(browser)
