"""How reviewable is a change: edit one row of the default CSV, build before and after, diff the pages.

    python bench/diff.py [data/partners.csv]

Each edit (a partner's name, a description, a date, a sector) is built with coopmap's API into a
scratch git repository; prints ``git diff --stat``'s changed lines and the longest changed line, the
figure the website's reviewers see.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import coopmap

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 1)
# (row id, column, new value): the everyday edits of a partners list.
EDITS = (
    ("gyeonggi", "partner", "Province du Gyeonggi"),
    ("erevan", "description", "Accord renouvelé en 2018 autour de trois secteurs."),
    ("alger", "signed", "2017-05"),
    ("catalogne", "sectors", "Culture;Jeux vidéo"),
)


def edited(text: str, row_id: str, column: str, value: str) -> str:
    """The CSV with one cell changed."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    index = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == row_id:
            row[index] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def measure(source: Path) -> list[tuple[str, int, int, int]]:
    """(edit, lines added, lines removed, longest changed line) for each edit."""
    text = source.read_text(encoding="utf-8")
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        git(folder, "init", "-q")
        page = folder / "map.html"
        csv_path = folder / "partners.csv"
        csv_path.write_text(text, encoding="utf-8")
        coopmap.build(csv_path, today=TODAY, config=False).save(page, snippet=False)
        git(folder, "add", "map.html")
        git(folder, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "before")
        for row_id, column, value in EDITS:
            csv_path.write_text(edited(text, row_id, column, value), encoding="utf-8")
            coopmap.build(csv_path, today=TODAY, config=False).save(page, snippet=False)
            added, removed, _ = git(folder, "diff", "--numstat", "--", "map.html").split("\t")
            changed = [line[1:] for line in git(folder, "diff", "-U0", "--", "map.html").splitlines()
                       if line[:1] in "+-" and not line.startswith(("+++", "---"))]  # fmt: skip
            results.append((f"{row_id}.{column}", int(added), int(removed), max(map(len, changed), default=0)))
            git(folder, "checkout", "-q", "map.html")
    return results


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "partners.csv"
    print(f"{'edit':<24} {'+lines':>6} {'-lines':>6} {'longest changed line (chars)':>30}")
    for name, added, removed, longest in measure(source):
        print(f"{name:<24} {added:>6} {removed:>6} {longest:>30,}")


if __name__ == "__main__":
    main()
