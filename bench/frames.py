"""Filter, timeline and search of one built page, to the next painted frame: python bench/frames.py PAGE.html QUERY

Opens the page in headless Chromium (Debian's /usr/bin/chromium), ticks and unticks the first sector twice
and moves the timeline back three years and forward twice, each timed from the change to the next
animation frame; types QUERY into the live search and clears it, twice, timed from the key to the frame
painted with the results (the page's 150 ms pause after the last key included); then runs
bench/browser.py's measures (its "filter" and a search for QUERY, Enter until the popup is painted).
Prints one JSON line (milliseconds; ready in seconds).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from browser import CHROMIUM_ARGS, MEASURE

CHANGES = """async (query) => {
  const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  async function time(action) {
    const t0 = performance.now();
    action();
    await painted();
    return Math.round(performance.now() - t0);
  }
  const out = {filter: [], timeline: []};
  const box = document.getElementById('cm-sector-0');
  for (let k = 0; k < 4; k++) out.filter.push(await time(() => box.click()));
  const range = document.getElementById('cm-year');
  if (range && !document.getElementById('cm-timeline').hidden) {
    const year = Number(range.value);
    for (let k = 0; k < 4; k++) {
      const set = () => { range.value = year - (k % 2 ? 0 : 3); range.dispatchEvent(new Event('input')); };
      out.timeline.push(await time(set));
    }
  }
  // Typing: the live search filters the list and the map once the reader pauses (the page waits 150 ms
  // after the last key): timed from the key to the frame painted after the counter changed.
  out.typing = [];
  const input = document.getElementById('cm-search-input');
  const counter = document.getElementById('cm-counter');
  for (const text of [query, '', query, '']) {
    const before = counter.textContent, t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    while (counter.textContent === before && performance.now() - t0 < 5000) await new Promise(r => setTimeout(r, 1));
    await painted();
    out.typing.push(Math.round(performance.now() - t0));
  }
  return out;
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    html, query = Path(sys.argv[1]).resolve(), sys.argv[2]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        start = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load", timeout=600_000)
        page.wait_for_selector("html[data-coopmap-ready]", timeout=600_000)
        ready = time.perf_counter() - start
        page.wait_for_timeout(1500)
        out = page.evaluate(CHANGES, query)
        measured = page.evaluate(MEASURE, query)
        browser.close()
    out["search"] = round(measured["search"])
    print(json.dumps({"ready_s": round(ready, 2), **out}))


if __name__ == "__main__":
    main()
