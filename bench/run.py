"""Benchmark coopmap against the plain-folium baseline: python bench/run.py [--sizes 10,1000,10000]

For each size: generate partners (bench/generate.py), build with each tool in a fresh process
(wall time, peak memory), then open the page in headless Chromium (time until the map is ready, and for
coopmap the time a filter change takes). Prints a Markdown table; results also go to bench/results/.

``python bench/run.py --growth [--sizes 1000,10000,50000,100000] [--repeat 3] [--baseline-max 10000]``
measures the builds alone, on both generators (generate.py, and atlas.py: many French homes, built with
--keep-going), each size ``--repeat`` times in fresh processes, and prints the medians (wall and CPU
seconds, peak memory, HTML size) with the growth fit: the slope of log(time) and log(memory) against
log(N) between the smallest and the largest size (1 is linear). The baseline is built only up to
``--baseline-max`` partners (it takes minutes beyond).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def measure(command: list[str]) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak resident memory in MB) of that process."""
    wall, _, memory = measure_cpu(command)
    return wall, memory


def measure_cpu(command: list[str]) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds, peak resident memory in MB) of that process.

    CPU time (user + system) is what the build costs; wall time also counts waiting for a busy machine."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def browser_times(page_path: Path, coopmap: bool) -> dict:
    """Seconds until the map is ready; for coopmap, milliseconds a filter change takes."""
    import xstatic.pkg.leaflet
    from playwright.sync_api import sync_playwright

    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})

        def route(request_route):  # the baseline's CDN Leaflet is served from the installed package
            url = request_route.request.url
            if url.endswith("leaflet.js") or url.endswith("leaflet.css"):
                request_route.fulfill(path=leaflet / url.rsplit("/", 1)[1])
            elif url.startswith("file:"):
                request_route.continue_()
            else:
                request_route.abort()

        page.route("**/*", route)
        start = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load", timeout=600_000)
        if coopmap:
            page.wait_for_selector("html[data-coopmap-ready]", timeout=600_000)
        ready = time.perf_counter() - start
        out = {"ready_s": round(ready, 2)}
        if coopmap:
            out["filter_ms"] = page.evaluate(FILTER_TIMING)
        browser.close()
    return out


# Tick the first sector, then untick it; time the handler, and until the next frame is painted.
FILTER_TIMING = """() => new Promise(resolve => {
  const box = document.getElementById('cm-sector-0');
  const timings = [];
  function step(n) {
    const t0 = performance.now();
    box.click();
    const handled = performance.now() - t0;
    requestAnimationFrame(() => setTimeout(() => {
      timings.push([Math.round(handled), Math.round(performance.now() - t0)]);
      if (n > 1) step(n - 1); else resolve(timings);
    }, 0));
  }
  step(4);
})"""


def run(sizes: list[int]) -> list[dict]:
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for n in sizes:
        csv_path = RESULTS / f"partners-{n}.csv"
        subprocess.run([sys.executable, HERE / "generate.py", str(n), csv_path], check=True)
        for tool in ("baseline", "coopmap"):
            html = RESULTS / f"{tool}-{n}.html"
            if tool == "coopmap":
                command = [sys.executable, "-m", "coopmap", "build", str(csv_path), "-o", str(html), "--home", "none"]
            else:
                command = [sys.executable, str(HERE / "baseline.py"), str(csv_path), str(html)]
            wall, memory = measure(command)
            row = {"partners": n, "tool": tool, "build_s": round(wall, 2), "peak_mb": round(memory),
                   "html_mb": round(html.stat().st_size / 1e6, 2)}  # fmt: skip
            row.update(browser_times(html, tool == "coopmap"))
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    return rows


def default_map() -> dict:
    """The default map: build time (Python's start included), size, and what the size is made of."""
    html = RESULTS / "default-map.html"
    wall, memory = measure([sys.executable, "-m", "coopmap", "build", "data/partners.csv", "-o", str(html)])
    text = html.read_text(encoding="utf-8")
    data = json.loads(text.split('id="coopmap-data">', 1)[1].split("</script>", 1)[0])

    def kb(value) -> float:
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()) / 1e3

    total = len(text.encode()) / 1e3
    leaflet = (len(text.split("<script>", 2)[1].encode()) + len(text.split("<style>", 2)[1].encode())) / 1e3
    basemap = kb(data["basemap"])
    partners = kb(data["partners"]) + kb(data["territories"]) + kb(data["home"])
    return {
        "build_s": round(wall, 2), "peak_mb": round(memory), "total_kb": round(total),
        "leaflet_kb": round(leaflet), "basemap_kb": round(basemap), "partners_kb": round(partners),
        "ui_kb": round(total - leaflet - basemap - partners),
    }  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = [
        "| partners | tool | build (s) | peak memory (MB) | HTML (MB) | ready in Chromium (s) "
        "| filter change (ms: handler / painted) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        filters = " ".join(f"{a}/{b}" for a, b in r.get("filter_ms", [])) or "n/a (no filters)"
        lines.append(
            f"| {r['partners']:,} | {r['tool']} | {r['build_s']} | {r['peak_mb']} | {r['html_mb']} | "
            f"{r['ready_s']} | {filters} |"
        )
    return "\n".join(lines)


GENERATORS = {"generate": HERE / "generate.py", "atlas": HERE / "atlas.py"}


def growth(sizes: list[int], repeat: int, baseline_max: int) -> list[dict]:
    """Build time and memory on both generators at each size: medians of ``repeat`` fresh processes."""
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for generator, script in GENERATORS.items():
        for n in sizes:
            csv_path = RESULTS / f"{generator}-{n}.csv"
            subprocess.run([sys.executable, script, str(n), csv_path], check=True)
            for tool in ("baseline", "coopmap"):
                if tool == "baseline" and (n > baseline_max or generator == "atlas"):
                    continue  # the baseline draws no homes; beyond baseline_max it takes minutes
                html = RESULTS / f"{generator}-{tool}-{n}.html"
                if tool == "coopmap":
                    command = [sys.executable, "-m", "coopmap", "build", str(csv_path), "-o", str(html), "--keep-going"]
                    command += ["--home", "none"] if generator == "generate" else []
                else:
                    command = [sys.executable, str(HERE / "baseline.py"), str(csv_path), str(html)]
                runs = sorted(measure_cpu(command) for _ in range(repeat))
                row = {"generator": generator, "partners": n, "tool": tool, "runs": len(runs),
                       "wall_s": round(statistics.median(r[0] for r in runs), 2),
                       "cpu_s": round(statistics.median(r[1] for r in runs), 2),
                       "peak_mb": round(statistics.median(r[2] for r in runs)),
                       "html_mb": round(html.stat().st_size / 1e6, 2)}  # fmt: skip
                rows.append(row)
                print(json.dumps(row), file=sys.stderr)
    return rows


def slope(rows: list[dict], key: str) -> float | None:
    """The growth exponent between the smallest and the largest size: log(value) against log(N)."""
    if len(rows) < 2 or rows[0][key] <= 0:
        return None
    first, last = rows[0], rows[-1]
    return round(math.log(last[key] / first[key]) / math.log(last["partners"] / first["partners"]), 2)


def growth_table(rows: list[dict]) -> str:
    lines = [
        "| generator | tool | partners | build wall (s) | build CPU (s) | peak memory (MB) | HTML (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    fits = []
    rows = sorted(rows, key=lambda r: (r["generator"], r["tool"], r["partners"]))
    for (generator, tool), group in itertools.groupby(rows, key=lambda r: (r["generator"], r["tool"])):
        group = sorted(group, key=lambda r: r["partners"])
        for r in group:
            lines.append(f"| {generator} | {tool} | {r['partners']:,} | {r['wall_s']} | {r['cpu_s']} | "
                         f"{r['peak_mb']} | {r['html_mb']} |")  # fmt: skip
        fits.append(f"{generator}/{tool}: CPU time ~ N^{slope(group, 'cpu_s')}, wall ~ N^{slope(group, 'wall_s')}, "
                    f"memory ~ N^{slope(group, 'peak_mb')}")  # fmt: skip
    return "\n".join(lines) + "\n\nGrowth (log-log slope, smallest to largest size): " + "; ".join(fits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None)
    parser.add_argument("--growth", action="store_true", help="build time and memory only, both generators")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=10_000)
    args = parser.parse_args()
    os.chdir(HERE.parent)
    if args.growth:
        sizes = [int(s) for s in (args.sizes or "1000,10000,50000,100000").split(",")]
        report = growth_table(growth(sizes, args.repeat, args.baseline_max))
        (RESULTS / "growth.md").write_text(report + "\n", encoding="utf-8")
        print(report)
        return
    rows = run([int(s) for s in (args.sizes or "10,1000,10000").split(",")])
    summary = default_map()
    report = table(rows) + "\n\nDefault map: " + ", ".join(f"{k} {v}" for k, v in summary.items())
    (RESULTS / "report.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
