"""Each partnership's French side: the optional ``home`` column, resolved like ``--home``.

A row without ``home`` takes the ``--home`` default. Each distinct value is resolved once (an atlas repeats
its communes thousands of times); values that name the same place (« Lyon », « Ville de Lyon ») make one home.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import pandas as pd
import shapely

from .boundaries import Boundaries
from .errors import InputError, Problem
from .geometry import home_shape
from .resolve import HOME_COUNTRY, HomePlace, resolve_home

# What is a code rather than a name: 'FR-38', '38', '2A', '69123' (never shown as the home's name).
_CODE = re.compile(r"(?:[A-Za-z]{2}-)?[0-9A-Za-z]{1,3}|\d[0-9ABab]\d{3}")


@dataclass(frozen=True)
class Home:
    """A home as the page and the exports draw it: its name, a territory or a commune's point, and the
    spellings the file used for it (what the search finds it by)."""

    name: str
    shape: object  # shapely geometry: the territory, or the commune's point
    spellings: tuple[str, ...] = ()
    kind: str = ""  # "commune", "departement", "region" or "" (elsewhere): a search for « Département de … »


def home_from_place(place: HomePlace, boundaries: Boundaries, spellings: tuple[str, ...] = ()) -> Home:
    """The drawable home of a resolved place."""
    if place.point:
        kind = "commune" if place.country == HOME_COUNTRY else ""
        return Home(place.name, shapely.Point(place.point[1], place.point[0]), spellings, kind)
    kind = ""
    if place.country == HOME_COUNTRY and place.units:
        kind = "departement" if len(place.units) == 1 else "region"
    return Home(place.name, home_shape(place.country, place.units, boundaries), spellings, kind)


def resolve_homes(
    partners: pd.DataFrame, default: str | None, boundaries: Boundaries, path: str
) -> tuple[list[Home], list[int | None], list[Problem]]:
    """The homes the rows use, in order of first use, each row's index into them (None: no home), and a
    problem at ``line:home`` for each value that names no French collectivity (its row is then in error).

    ``default`` (``--home``) is used for rows whose cell is empty; a bad default raises InputError.
    """
    cache: dict[str, HomePlace | str] = {}
    if default:
        cache[default] = resolve_home(default, boundaries)
    places: dict[tuple, int] = {}  # the resolved place -> its index in ``homes``
    spellings: list[dict[str, None]] = []  # every text naming each home, the default's included
    written: list[dict[str, None]] = []  # the texts the cells wrote: the name a home is shown by
    resolved: list[HomePlace] = []
    rows: list[int | None] = []
    problems: list[Problem] = []
    cells = partners["home"] if "home" in partners else [""] * len(partners)
    for cell, line in zip(cells, partners["line"]):
        text = cell or default
        if not text:
            rows.append(None)
            continue
        if text not in cache:
            try:
                cache[text] = resolve_home(text, boundaries)
            except InputError as error:
                cache[text] = str(error)
        found = cache[text]
        if isinstance(found, str):
            problems.append(Problem(path, line, "home", found))
            rows.append(None)
            continue
        key = (found.country, found.units, found.point)
        if key not in places:
            places[key] = len(resolved)
            resolved.append(found)
            spellings.append({})
            written.append({})
        spellings[places[key]][text] = None
        if cell:
            written[places[key]][text] = None
        rows.append(places[key])
    homes = [
        dataclasses.replace(home_from_place(place, boundaries, tuple(texts)), name=_label(place, tuple(by_cells)))
        for place, texts, by_cells in zip(resolved, spellings, written)
    ]
    return homes, rows, problems


def _label(place: HomePlace, written: tuple[str, ...]) -> str:
    """The name a home is shown by: the first name the file wrote for it, else (a code, or ``--home``) the
    resolved name."""
    names = [w for w in written if not _CODE.fullmatch(w.strip())]
    return names[0] if names else place.name
