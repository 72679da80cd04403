"""Take docs/screenshot.png of a built map in headless Chromium: python scripts/screenshot.py output/map.html"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

source = Path(sys.argv[1] if len(sys.argv) > 1 else "output/map.html").resolve()
target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshot.png")
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(source.as_uri())
    page.wait_for_selector("html[data-coopmap-ready]")
    page.locator('.cm-marker[data-partner="catalogne"]').click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(target))
    browser.close()
print(target)
