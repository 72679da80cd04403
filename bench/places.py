"""Score the resolver on lists of real partnerships written as French spreadsheets write them.

    python bench/places.py [tests/places/partnerships.csv tests/places/held-out.csv]

Each row of a list: the partner as written, its country, the agreement's type, and the truth: ``city``
(the city's lat/lon: right when the marker is within ``km``, 10 by default), ``inside`` (a point the
territory must contain) or ``refuse``. Prints right / coarse (a territory around the city) / whole country /
refused / wrong for each list, and the rows that were not right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import shapely

from coopmap.boundaries import Boundaries, load_boundaries
from coopmap.geometry import build_partner_frame
from coopmap.partners import load_table, validate_partners
from coopmap.resolve import describe_placement, resolve_partners

ROOT = Path(__file__).resolve().parents[1]
LISTS = (ROOT / "tests" / "places" / "partnerships.csv", ROOT / "tests" / "places" / "held-out.csv")
OUTCOMES = ("right", "coarse", "whole country", "refused", "wrong")


@dataclass(frozen=True)
class Outcome:
    """What the resolver did with one row, against the truth."""

    row: dict
    outcome: str
    where: str
    message: str = ""


def score(path: Path, boundaries: Boundaries, tmp: Path) -> list[Outcome]:
    """Resolve every row of a list through the real reading and resolving steps, and judge each one."""
    truth = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    source = tmp / f"{path.stem}-partners.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "partner", "country", "type", "signed"])
    for number, row in enumerate(truth):
        writer.writerow([f"row-{number}", row["partner"], row["country"], row["type"], "2000"])
    source.write_text(out.getvalue(), encoding="utf-8")
    partners, problems = validate_partners(load_table(source), dt.date(2026, 1, 1))
    resolved, more = resolve_partners(partners, boundaries, source.name)
    messages = {p.line: p.message for p in problems + more if p.is_error}
    frame = build_partner_frame(resolved, boundaries).set_index("id")
    outcomes = []
    for number, row in enumerate(truth):
        line = number + 2
        if line in messages:
            outcome = "right" if row["expect"] == "refuse" else "refused"
            outcomes.append(Outcome(row, outcome, "refused", messages[line]))
            continue
        placed = frame.loc[f"row-{number}"]
        outcomes.append(Outcome(row, _judge(row, placed), describe_placement(_Row(placed), boundaries)))
    return outcomes


class _Row:
    """A frame row with attribute access, as describe_placement reads it."""

    def __init__(self, series):
        self.__dict__.update(series.to_dict())


def _judge(row: dict, placed) -> str:
    if row["expect"] == "refuse":
        return "wrong"
    truth = shapely.Point(float(row["lon"]), float(row["lat"]))
    if placed["located"] == "point":
        near = _km(placed["marker"], truth) <= float(row["km"] or 10)
        return "right" if near and row["expect"] == "city" else "wrong"
    if placed["placed_by"] == "whole country (fallback)":
        return "whole country"
    if placed.geometry is None or not placed.geometry.contains(truth):
        return "wrong"
    return "right" if row["expect"] == "inside" else "coarse"


def _km(a, b) -> float:
    """Great-circle distance between two lon/lat points."""
    lat1, lat2 = math.radians(a.y), math.radians(b.y)
    dlat, dlon = lat2 - lat1, math.radians(b.x - a.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def main(paths: list[str]) -> None:
    import tempfile

    boundaries = load_boundaries()
    with tempfile.TemporaryDirectory() as tmp:
        for path in [Path(p) for p in paths] or [p for p in LISTS if p.exists()]:
            outcomes = score(path, boundaries, Path(tmp))
            counts = {name: sum(o.outcome == name for o in outcomes) for name in OUTCOMES}
            print(f"{path.name}: {len(outcomes)} rows: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
            for o in outcomes:
                if o.outcome != "right":
                    print(f"  {o.outcome:<13} {o.row['partner']} ({o.row['country']}) -> {o.where} {o.message[:160]}")


if __name__ == "__main__":
    main(sys.argv[1:])
