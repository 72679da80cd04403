"""Peak memory on hostile workbooks, and the largest input accepted by default, built and opened.

    python bench/hostile.py bombs          # each bomb through `coopmap validate`: exit, message, peak memory
    python bench/hostile.py size [N]       # N partners (default: the --max-rows default): build, then Chromium

Each command runs in a fresh process; its peak resident memory comes from wait4(). Results go to
bench/results/hostile-*.json as well.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from coopmap.limits import DEFAULT_LIMITS  # noqa: E402
from tests.hostile_files import lie_about_size, ods, ods_rows, rows_xml, xlsx  # noqa: E402

RESULTS = HERE / "results"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HEADER = ["id", "partner", "country", "type", "signed"]
ROW = ["erevan", "Ville d'Erevan", "Arménie", "Accord", "2018"]


def run(command: list[str]) -> dict:
    """Run a command in a fresh process: exit code, last stderr line, wall seconds, peak memory (MB)."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        err.seek(0)
        lines = err.read().decode("utf-8", errors="replace").strip().splitlines()
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "message": lines[-1] if lines else "",
        "seconds": round(time.perf_counter() - start, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
    }


def make_bombs(folder: Path) -> dict[str, Path]:
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 200_002))
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(3, 1_200_000))
    repeated = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
    )
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bombs = {
        "declared dimension A1:XFD1048576": xlsx(folder / "dimension.xlsx", {"S": rows_xml([HEADER, ROW])},
                                                 dimension="A1:XFD1048576"),
        "one cell at XFD1048576": xlsx(folder / "far.xlsx", {"S": rows_xml([HEADER, ROW]) + far}),
        "10,000-char shared string x 200,000 cells": xlsx(folder / "shared.xlsx", {"S": rows_xml([HEADER]) + cells},
                                                          shared=["y" * 10_000]),
        "58 MB of sheet XML (compression bomb)": xlsx(folder / "bomb.xlsx", {"S": rows_xml([HEADER, ROW]) + filler}),
        "zip declaring 1 kB for 58 MB": lie_about_size(
            xlsx(folder / "liar.xlsx", {"S": rows_xml([HEADER, ROW]) + filler}), "xl/worksheets/sheet1.xml", 1_000
        ),
        "ods row repeated 1,000,000 times": ods(folder / "rows.ods", {"S": ods_rows([HEADER, ROW]) + repeated}),
    }  # fmt: skip
    return bombs


def bombs() -> list[dict]:
    results = []
    baseline = run([sys.executable, "-m", "coopmap", "validate", str(ROOT / "data" / "partners.csv")])
    print(f"| (baseline: the default CSV) | 2 | {baseline['exit']} | {baseline['peak_mb']} | {baseline['seconds']} | |")
    results.append({"bomb": "baseline: data/partners.csv", **baseline})
    with tempfile.TemporaryDirectory() as folder:
        for name, path in make_bombs(Path(folder)).items():
            outcome = run([sys.executable, "-m", "coopmap", "validate", str(path)])
            outcome["message"] = outcome["message"].replace(str(path), path.name)
            results.append({"bomb": name, "file_kb": round(path.stat().st_size / 1e3), **outcome})
            print(f"| {name} | {results[-1]['file_kb']} | {outcome['exit']} | {outcome['peak_mb']} | "
                  f"{outcome['seconds']} | {outcome['message']} |", flush=True)  # fmt: skip
    return results


def size(n: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        csv_path, page = Path(folder) / f"p{n}.csv", Path(folder) / f"m{n}.html"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(csv_path)], check=True)
        built = run([sys.executable, "-m", "coopmap", "build", str(csv_path), "-o", str(page), "--home", "none"])
        if built["exit"]:
            raise SystemExit(f"build failed: {built['message']}")
        result = {"partners": n, "csv_mb": round(csv_path.stat().st_size / 1e6, 1),
                  "html_mb": round(page.stat().st_size / 1e6, 1), "build_s": built["seconds"],
                  "build_peak_mb": built["peak_mb"], **open_in_chromium(page)}  # fmt: skip
    print(json.dumps(result))
    return result


def open_in_chromium(page_path: Path) -> dict:
    """Seconds until the page is ready, its errors, and how many markers (or clusters) are drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        start = time.perf_counter()
        page.goto(page_path.as_uri(), timeout=600_000)
        page.wait_for_selector("html[data-coopmap-ready]", timeout=600_000)
        ready = time.perf_counter() - start
        markers = page.evaluate("document.querySelectorAll('.leaflet-marker-icon').length")
        browser.close()
    return {"ready_s": round(ready, 2), "markers_drawn": markers, "page_errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["bombs", "size"])
    parser.add_argument("n", nargs="?", type=int, default=DEFAULT_LIMITS.rows)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    if args.what == "bombs":
        print("| bomb | file (kB) | exit | peak memory (MB) | seconds | message |\n|---|---|---|---|---|---|")
        result = bombs()
    else:
        result = size(args.n)
    (RESULTS / f"hostile-{args.what}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
