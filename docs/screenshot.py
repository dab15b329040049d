"""Make docs/report-article.png: an article page of the sample corpus's report, one award row clicked.

    thidua run corpus/ -o outputs/ && thidua report outputs/ -o report/ && python docs/screenshot.py report/

Needs Debian's chromium (/usr/bin/chromium) and playwright (the test extras).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(report_dir: str, out: str = str(Path(__file__).with_name("report-article.png"))) -> None:
    # the article with the most award rows
    pages = sorted(Path(report_dir, "articles").glob("*.html"), key=lambda p: -p.read_text(encoding="utf-8").count('class="award-row"'))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 640})
        page.goto(pages[0].resolve().as_uri())
        page.locator("tr.award-row").nth(8).click()
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
