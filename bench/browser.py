"""Marker rendering in the browser: python bench/browser.py [--sizes 1000,10000,100000] [--before REV]

Builds each size's generated partners (bench/generate.py) three ways and opens each page in headless
Chromium (Debian's /usr/bin/chromium):

- ``markercluster-1.4.1``: coopmap at git revision REV (default: the last one with Leaflet.markercluster,
  from the xstatic package, which must be installed for it), as it was;
- ``markercluster-1.5.3``: the same page with Leaflet.markercluster 1.5.3 from npm in place of 1.4.1
  (fetched and checked by sha512 like coopmap's own front-end packages);
- ``supercluster``: coopmap as it is now (a supercluster index, only what is in view drawn).

Each page is opened --repeat times, the variants in turn. For each: seconds until ready, a filter change
to the next painted frame, a search (Enter: filter, zoom, popup) until its popup is painted, frame times
of pans and zooms (the territories' canvas is redrawn too), the JS heap and the DOM elements.
Prints a Markdown table; the pages and results go to bench/results/.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BEFORE = "d481c75"  # the last revision drawing markers with Leaflet.markercluster 1.4.1
MARKERCLUSTER_153 = {
    "tarball": "https://registry.npmjs.org/leaflet.markercluster/-/leaflet.markercluster-1.5.3.tgz",
    "integrity": "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
}

# Each measure resolves after the next animation frame: "painted" as in bench/run.py. Pans and zooms start
# from the whole view; the search comes last.
MEASURE = """async (query) => {
  const app = coopmap.app, map = app.map;
  const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  async function time(action) {
    const t0 = performance.now();
    action();
    await painted();
    return performance.now() - t0;
  }
  const out = {filter: [], pan: [], zoom: []};
  const box = document.getElementById('cm-sector-0');
  for (let k = 0; k < 4; k++) out.filter.push(await time(() => box.click()));
  app.resetView();
  await new Promise(r => setTimeout(r, 500));
  out.levels = [map.getZoom()];
  for (let k = 0; k < 8; k++) {
    out.pan.push(await time(() => map.panBy([k % 2 ? -300 : 300, 150], {animate: false})));
  }
  for (let k = 0; k < 6; k++) {
    out.zoom.push(await time(() => map.setZoom(map.getZoom() + (k < 3 ? 1 : -1), {animate: false})));
    out.levels.push(map.getZoom());
  }
  out.nodes = document.getElementsByTagName('*').length;
  // Last: a search zooms in (Leaflet.markercluster's zoomToShowLayer goes on animating after the popup opens).
  const input = document.getElementById('cm-search-input');
  input.value = query;
  const t0 = performance.now();  // until the popup is painted, however many frames it takes
  document.getElementById('cm-search').requestSubmit();
  while (!document.querySelector('.leaflet-popup-content h2') && performance.now() - t0 < 10000) await painted();
  out.search = performance.now() - t0;
  return out;
}"""


def sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def build(csv_path: Path, html: Path, src: Path, cache: bool = False) -> None:
    if cache and html.exists() and html.stat().st_mtime > csv_path.stat().st_mtime:
        return  # a page of a fixed past revision
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "coopmap", "build", str(csv_path), "-o", str(html), "--home", "none",
               "--max-megabytes", "200"]  # fmt: skip
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def old_source(revision: str) -> Path:
    """coopmap's src/ at a git revision, unpacked once."""
    folder = RESULTS / f"src-{revision}"
    if not folder.exists():
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
    return folder / "src"


def markercluster_153() -> tuple[str, str, str]:
    """Leaflet.markercluster 1.5.3 from npm, checked: (script, MarkerCluster.css, MarkerCluster.Default.css)."""
    sys.path.insert(0, str(ROOT / "src"))
    from coopmap import vendoring

    data = vendoring.fetch(MARKERCLUSTER_153["tarball"])
    vendoring.check_integrity(data, MARKERCLUSTER_153["integrity"], "leaflet.markercluster@1.5.3")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:

        def read(name):
            return tar.extractfile("package/dist/" + name).read().decode("utf-8")

        return read("leaflet.markercluster.js"), read("MarkerCluster.css"), read("MarkerCluster.Default.css")


def swap_markercluster(html: str) -> str:
    """The 1.4.1 page with 1.5.3's script and styles, and its Content-Security-Policy recomputed."""
    sys.path.insert(0, str(ROOT / "src"))
    from coopmap.render import content_security_policy

    script, css, default_css = markercluster_153()
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script).replace("</script", "<\\/script")
    blocks = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    old = next(b for b in blocks if "MarkerClusterGroup" in b)
    html = html.replace(f"<script>{old}</script>", f"<script>{script}</script>", 1)
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    html = html.replace(next(s for s in styles if ".marker-cluster-small" in s), default_css, 1)
    html = html.replace(next(s for s in styles if ".leaflet-cluster-anim" in s), css, 1)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    fresh = content_security_policy(html.replace(policy, ""))
    return html.replace(policy, fresh)


def measure(html: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        start = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load", timeout=600_000)
        page.wait_for_selector("html[data-coopmap-ready]", timeout=600_000)
        ready = time.perf_counter() - start
        page.wait_for_timeout(1500)  # chunked loading (markercluster) finishes
        cdp = page.context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6
        out = page.evaluate(MEASURE, query)
        browser.close()
    if errors:
        raise SystemExit(f"{html}: {errors[:3]}")
    return {"ready_s": round(ready, 2), "heap_mb": round(heap), **out}


def combine(runs: list[dict]) -> dict:
    """Several openings of one page: the median of each single figure, every frame time pooled."""
    out = {key: statistics.median(r[key] for r in runs) for key in ("ready_s", "heap_mb", "search", "nodes")}
    out.update({key: [v for r in runs for v in r[key]] for key in ("filter", "pan", "zoom")})
    out["runs"] = len(runs)
    return out


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} / {max(values):.0f}"


def table(rows: list[dict]) -> str:
    lines = [
        "| partners | markers | ready (s) | filter change (ms, median / max) | search Enter (ms) "
        "| pan frame (ms, median / max) | zoom frame (ms, median / max) | JS heap (MB) | DOM elements |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['partners']:,} | {r['variant']} | {r['ready_s']:.2f} | {summary(r['filter'])} | {r['search']:.0f} | "
            f"{summary(r['pan'])} | {summary(r['zoom'])} | {r['heap_mb']:.0f} | {r['nodes']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--before", default=BEFORE, help="the revision drawing markers with Leaflet.markercluster")
    parser.add_argument("--repeat", type=int, default=3, help="openings of each page (medians are reported)")
    parser.add_argument("--variants", default="markercluster-1.4.1,markercluster-1.5.3,supercluster")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    variants = args.variants.split(",")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        csv_path = RESULTS / f"partners-{n}.csv"
        if not csv_path.exists():
            subprocess.run([sys.executable, HERE / "generate.py", str(n), csv_path], check=True)
        with csv_path.open(encoding="utf-8", newline="") as stream:
            query = list(itertools.islice(csv.reader(stream), 2))[1][1][:12]  # the start of the first name
        pages = {}
        if {"markercluster-1.4.1", "markercluster-1.5.3"} & set(variants):
            pages["markercluster-1.4.1"] = RESULTS / f"markercluster-1.4.1-{n}.html"
            build(csv_path, pages["markercluster-1.4.1"], old_source(args.before), cache=True)
            pages["markercluster-1.5.3"] = RESULTS / f"markercluster-1.5.3-{n}.html"
            pages["markercluster-1.5.3"].write_text(
                swap_markercluster(pages["markercluster-1.4.1"].read_text(encoding="utf-8")), encoding="utf-8"
            )
        pages["supercluster"] = RESULTS / f"supercluster-{n}.html"
        build(csv_path, pages["supercluster"], ROOT / "src")
        runs = {variant: [] for variant in variants}
        for _ in range(args.repeat):  # interleaved, so a busy moment of the machine falls on every variant alike
            for variant in variants:
                runs[variant].append(measure(pages[variant], query))
                print(json.dumps({"partners": n, "variant": variant, **runs[variant][-1]}), file=sys.stderr)
        rows += [{"partners": n, "variant": variant, **combine(runs[variant])} for variant in variants]
    report = table(rows)
    (RESULTS / "browser.md").write_text(report + "\n", encoding="utf-8")
    (RESULTS / "browser.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
