"""Debian's Chromium through Playwright, for the report's browser tests.

The browser is the one `make test` installs (/usr/bin/chromium): a machine
without it fails these tests with that message, it does not skip them.
Every request that does not stay on file:// is refused and recorded, every
console error and uncaught exception recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def chromium() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs it (apt-get chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    page: Page
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watched_page(browser: Browser, width: int = 1400, height: int = 900) -> Watched:
    page = browser.new_page(viewport={"width": width, "height": height})
    watched = Watched(page)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(message.text)

    def refuse(route: Route) -> None:
        watched.outside.append(route.request.url)
        route.abort()

    page.on("console", console)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("requestfailed", lambda r: watched.errors.append(f"failed: {r.url}"))
    page.on("request", lambda r: watched.requests.append(r.url))
    page.route(lambda url: not url.startswith("file:"), refuse)
    return watched
