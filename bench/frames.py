"""Filter, timeline and search of one built page, to the next painted frame: python bench/frames.py PAGE.html QUERY

Opens the page in headless Chromium (Debian's /usr/bin/chromium), ticks and unticks the first sector twice
and moves the timeline back three years and forward twice, each timed from the change to the next
animation frame; types QUERY into the live search letter by letter and clears it, twice, each key timed
to the frame painted with its results, and Enter (once the results are shown) to the frame painted with
the first match's popup open; then runs
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
  // Typing: the live search filters the list and the map in the frame after each key. Timed from the key
  // to the frame painted with the results: our rAF callbacks run after the page's, so the first frame
  // whose callback sees the new count is the one that painted it. Letter by letter, then cleared; twice.
  out.typing = [];
  out.clearing = [];
  const input = document.getElementById('cm-search-input');
  const counter = document.getElementById('cm-counter');
  async function type(text) {
    const before = counter.textContent, t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    do { await painted(); } while (counter.textContent === before && performance.now() - t0 < 5000);
    return Math.round(performance.now() - t0);
  }
  for (let round = 0; round < 2; round++) {
    for (let k = 1; k <= query.length; k++) out.typing.push(await type(query.slice(0, k)));
    await new Promise(r => setTimeout(r, 700));  // the count is spoken after a pause
    out.clearing.push(await type(''));
    await new Promise(r => setTimeout(r, 700));
  }
  // Enter once the results are shown: from the key to the frame painted with the partner's popup open
  // (the map zoomed to it), from the whole view; three times.
  out.enter = [];
  for (let round = 0; round < 3; round++) {
    coopmap.app.map.closePopup();
    coopmap.app.resetView();
    await type(query);
    await new Promise(r => setTimeout(r, 700));
    const t0 = performance.now();
    document.getElementById('cm-search').requestSubmit();
    const open = () => document.querySelector('.leaflet-popup-content h2');
    do { await painted(); } while (!open() && performance.now() - t0 < 5000);
    out.enter.push(Math.round(performance.now() - t0));
    await type('');
    await new Promise(r => setTimeout(r, 700));
  }
  coopmap.app.map.closePopup();
  coopmap.app.resetView();
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
