"""Screenshots of the review report: the first page of each document, with
the rows beside it, as a newcomer sees it (`make run` writes them).

    python tools/report_screenshots.py REPORT_DIR [--to FOLDER]

Debian's Chromium through Playwright, offline: a request that would leave
the machine is refused, and fails this script.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def screenshots(report: Path, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(lambda url: not url.startswith("file:"), refuse)
            for document in sorted((report / "documents").glob("*.html")):
                page.goto(document.resolve().as_uri())
                title = page.locator("h1").inner_text()
                name = re.sub(r"[^\w.-]+", "_", title) or document.stem
                # The first page drawn and its rows, or the top of a text layer.
                first = page.locator(".page").first
                if first.count():
                    first.scroll_into_view_if_needed()
                target = folder / f"{name}.png"
                page.screenshot(path=str(target))
                written.append(target)
        finally:
            browser.close()
    if refused:
        raise SystemExit(f"report_screenshots: the report asked the network for {refused[0]}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--to", type=Path, default=None, help="default: REPORT_DIR/screenshots")
    args = parser.parse_args()
    folder = args.to or args.report / "screenshots"
    for path in screenshots(args.report, folder):
        print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
