"""Measure the image export: python bench/image.py [--sizes 1000]

For the default data and each synthetic size (bench/generate.py), runs ``coopmap export -o FILE`` for
PNG (social and A4), SVG and PDF, each in a fresh process: wall and CPU time (Python's start included),
the drawing alone (in one process, after the data is resolved), peak memory and file size. Prints a
Markdown table; results also go to bench/results/image.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
CASES = [("map.png", []), ("map-a4.png", ["--size", "a4"]), ("map.svg", []), ("map.pdf", [])]


def measure(command: list[str]) -> tuple[float, float, float]:
    """Run a command; return its wall seconds, CPU seconds (user + system: what a busy machine does not
    inflate) and peak resident memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def drawing_seconds(csv_path: Path, name: str, extra: list[str]) -> float:
    """CPU seconds to draw and encode the image alone, the data resolved beforehand (best of two)."""
    from coopmap.image import ImageOptions, render_image
    from coopmap.pipeline import Options, check_partners, home_of

    frame, _, boundaries = check_partners(csv_path, Options(keep_going=True))
    home = home_of("FR-IDF", boundaries)
    size = extra[1] if extra else None
    options = ImageOptions(format=name.rsplit(".", 1)[1], size=size, title="Benchmark", data_date="2019-02-14")
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        render_image(frame, home, options)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="synthetic partner counts, comma-separated")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    inputs = [("default", ROOT / "data" / "partners.csv")]
    for n in (int(v) for v in args.sizes.split(",") if v):
        path = RESULTS / f"image-{n}.csv"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(path)], check=True)
        inputs.append((f"{n:,}", path))
    rows = []
    for label, csv_path in inputs:
        for name, extra in CASES:
            out = RESULTS / f"{csv_path.stem}-{name}"
            command = [sys.executable, "-m", "coopmap", "export", str(csv_path), "-o", str(out), "--keep-going",
                       "--data-date", "2019-02-14", *extra]  # fmt: skip
            wall, cpu, memory = measure(command)
            rows.append({
                "partners": label, "file": name, "export_s": round(wall, 2), "export_cpu_s": round(cpu, 2),
                "drawing_s": round(drawing_seconds(csv_path, name, extra), 2),
                "peak_mb": round(memory), "size_kb": round(out.stat().st_size / 1e3),
            })  # fmt: skip
    (RESULTS / "image.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print("| partners | file | export, wall (s) | export, CPU (s) | drawing alone, CPU (s) | peak (MB) | size (kB) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        cells = (r["partners"], r["file"], r["export_s"], r["export_cpu_s"], r["drawing_s"], r["peak_mb"], r["size_kb"])
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
