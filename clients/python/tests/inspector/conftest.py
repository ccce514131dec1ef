"""Fixtures of the inspector's browser tests: headless Chromium driven by Selenium against a
real ``agent-sessions serve``, a screenshot of every test, and a client to seed sessions.

Chromium and its driver are Debian's (``chromium``, ``chromium-driver``; ``CHROMIUM`` and
``CHROMEDRIVER`` name others). Without them the tests are skipped, except under ``CI=true``,
where they fail. Screenshots go to ``INSPECTOR_SCREENSHOTS`` (default
``.build/inspector-screenshots`` in the checkout), one PNG per test, named after it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serve import REPOSITORY

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - reported by the fixture
    webdriver = None  # type: ignore[assignment]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = Path(os.environ.get("INSPECTOR_SCREENSHOTS", REPOSITORY / ".build" / "inspector-screenshots"))


def _unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class Browser:
    """A headless Chromium page with waits that name what they waited for."""

    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def open(self, path: str = "/") -> None:
        """Opens ``path`` of the server (``/#/sessions/s1``)."""
        self.driver.get(self.base_url + path)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def attributes(self, css: str, name: str) -> list[str | None]:
        """The attribute ``name`` of every element matching ``css``, read in one script, so that
        a page re-rendering meanwhile cannot leave a found element stale before it is read."""
        values: list[str | None] = self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), element => element.getAttribute(arguments[1]))",
            css,
            name,
        )
        return values

    def wait(self, condition: Any, what: str, timeout: float = 10.0) -> Any:
        """Waits until ``condition(driver)`` is truthy; fails naming ``what``."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.02).until(condition)
        except TimeoutException:
            pytest.fail(f"not within {timeout} s: {what}")

    def wait_for(self, css: str, timeout: float = 10.0) -> WebElement:
        """Waits until an element matching ``css`` exists, and returns it."""
        found: WebElement = self.wait(
            lambda driver: (driver.find_elements(By.CSS_SELECTOR, css) or [None])[0], css, timeout
        )
        return found

    def wait_loaded(self, section: str, timeout: float = 10.0) -> WebElement:
        """Waits until the page section (``#sessions-page``) has rendered its first data."""
        return self.wait_for(f"{section}[data-loaded='true']", timeout)

    def script(self, source: str, *arguments: Any) -> Any:
        return self.driver.execute_script(source, *arguments)

    def fragment(self) -> str:
        """The part of the address after ``#``."""
        return str(self.script("return location.hash"))

    def console_errors(self) -> list[str]:
        """The browser's console messages of level SEVERE since the last call (CSP violations
        and uncaught errors among them)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def api_requests(self, path_part: str) -> list[str]:
        """The addresses of the page's requests whose address contains ``path_part``."""
        entries = self.script("return performance.getEntriesByType('resource').map(e => e.name)")
        return [name for name in entries if path_part in name]


@pytest.fixture
def make_browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Opens browsers on a server (``make_browser(server, width=375)``); each is closed at the
    end, after its screenshot is saved."""
    if webdriver is None:
        _unavailable("selenium is not installed: pip install selenium")
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        _unavailable(f"no Chromium at {CHROMIUM} with its driver at {CHROMEDRIVER}: apt-get install chromium chromium-driver")
    opened: list[Browser] = []

    def make(server: Any, width: int = 1280, height: int = 900) -> Browser:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):  # fmt: skip
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        # A window is at least 500 px wide; the viewport is set exactly, as a phone's would be.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        browser = Browser(driver, server.url)
        opened.append(browser)
        return browser

    yield make
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index, browser in enumerate(opened):
        suffix = f"-{index + 1}" if index else ""
        try:
            browser.driver.save_screenshot(str(SCREENSHOTS / f"{request.node.name}{suffix}.png"))
        finally:
            browser.driver.quit()
