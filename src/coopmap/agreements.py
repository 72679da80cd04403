"""Agreements grouped into partners: the rows that name one partner become one place on the map.

A row is an agreement. Rows with the same ``group`` cell, or else the same partner name (accents, case and
punctuation ignored) in the same countries, are one partner: one territory, one marker, one list entry,
whose agreements are listed in date order. Exports keep one row per agreement.
"""

from __future__ import annotations

import pandas as pd

from .errors import Problem
from .names import fold


def group_agreements(frame: pd.DataFrame, path: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``partner_key`` (the same for the agreements of one partner) to validated, resolved rows.

    A member placed elsewhere than the partner's first row is drawn at the first row's place, with a warning.
    """
    frame = frame.copy()
    frame["partner_key"] = [_key(row) for row in frame.itertuples()]
    problems = []
    first: dict[str, tuple] = {}
    for row in frame.itertuples():
        place = (row.located, tuple(getattr(row, "unit_ids", ()) or ()), tuple(sorted(row.country_ids or ())),
                 row.lat, row.lon)  # fmt: skip
        if row.partner_key not in first:
            first[row.partner_key] = (row.line, place)
        elif place != first[row.partner_key][1]:
            line = first[row.partner_key][0]
            problems.append(
                Problem(path, row.line, "group" if row.group else "partner",
                        f"an agreement of the partner of line {line}, placed elsewhere: "
                        f"the map draws the partner where line {line} places it", "warning")
            )  # fmt: skip
    return frame, problems


def _key(row) -> str:
    if row.group:
        return "group:" + row.group
    countries = sorted(row.country_ids or (fold(c) for c in row.country))
    return "partner:" + fold(row.partner) + "|" + ";".join(countries)


def partner_groups(frame: pd.DataFrame) -> list[list[int]]:
    """Row positions of each partner's agreements, partners in the order they first appear, agreements by date
    (undated last, then in file order)."""
    keys = frame["partner_key"] if "partner_key" in frame else pd.Series([str(i) for i in range(len(frame))])
    groups: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    signed = list(frame["signed"])
    return [sorted(rows, key=lambda i: (not signed[i], signed[i], i)) for rows in groups.values()]


def effective_status(status: str) -> str:
    """The status written, else 'active': an end date alone says from when the agreement is over."""
    return status or "active"
