"""Resolve each partner's country, areas and name to boundary units; what cannot be found comes back as data."""

from __future__ import annotations

import re

import pandas as pd
import shapely

from .boundaries import Boundaries
from .errors import InputError, Problem
from .names import closest

# How far (degrees) a point may lie outside its country's simplified outline before we warn.
POINT_SLACK = 0.25


def resolve_partners(partners: pd.DataFrame, boundaries: Boundaries, path: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``country_ids``, ``unit_ids`` and ``located`` ('area', 'country', 'point' or '') to each row.

    A partner whose country or areas cannot be found keeps ``located == ''`` and gets an error.
    """
    problems: list[Problem] = []
    resolved = [_resolve_row(row, boundaries, path, problems) for row in partners.itertuples()]
    out = partners.copy()
    out["country_ids"] = [r[0] for r in resolved]
    out["unit_ids"] = [r[1] for r in resolved]
    out["located"] = [r[2] for r in resolved]
    out["unresolved"] = [r[3] for r in resolved]
    return out, problems


def _resolve_row(row, boundaries: Boundaries, path: str, problems: list[Problem]):
    def problem(column: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, row.line, column, message, severity))

    countries = _resolve_countries(row.country, boundaries, problem)
    failed = len(countries) < len(row.country)
    units: tuple[str, ...] = ()
    if row.areas and countries:
        units, missing = _resolve_areas(row.areas, countries, boundaries, problem)
        failed = failed or missing
    elif len(countries) == 1 and not failed:
        units = _units_from_name(row.partner, countries[0], boundaries, problem)
    if units and not failed:
        located = "area"
    elif countries and not failed:
        located = "country"
    else:
        located = "point" if row.lat is not None else ""
    if row.lat is not None and countries and not failed:
        _check_point(row, countries, boundaries, problem)
    return countries, units, located, failed


def _resolve_countries(terms, boundaries: Boundaries, problem) -> tuple[str, ...]:
    found: list[str] = []
    for term in terms:
        ident = boundaries.find_country(term)
        if ident is None:
            hints = closest(term, boundaries.country_labels())
            hint = f" — did you mean {' or '.join(hints)}?" if hints else " — use an ISO code such as FRA"
            problem("country", f"unknown country '{term}'{hint}")
        elif ident not in found:
            found.append(ident)
    return tuple(found)


def _resolve_areas(terms, countries, boundaries: Boundaries, problem) -> tuple[tuple[str, ...], bool]:
    units: list[str] = []
    missing = False
    for term in terms:
        matches: set[str] = set()
        ambiguous = False
        for country in countries:
            ids, is_ambiguous = boundaries.find_units(country, term)
            matches |= ids
            ambiguous = ambiguous or is_ambiguous
        if ambiguous:
            problem("areas", f"area '{term}' is ambiguous: write one of the ids {', '.join(sorted(matches))}")
            missing = True
        elif not matches:
            labels: dict[str, str] = {}
            for country in countries:
                labels.update(boundaries.unit_labels(country))
            hints = closest(term, labels)
            where = ", ".join(boundaries.country_names[c] for c in countries)
            hint = f" — did you mean {' or '.join(hints)}?" if hints else ""
            problem(
                "areas",
                f"unknown area '{term}' in {where}{hint} (list them: coopmap boundaries search '{term}')",
            )
            missing = True
        units.extend(sorted(matches - set(units)))
    return tuple(units), missing


def _units_from_name(name: str, country: str, boundaries: Boundaries, problem) -> tuple[str, ...]:
    """With no areas, a partner named like a unit ('Province du Zhejiang') is that unit."""
    if boundaries.find_country(name) == country:
        return ()
    ids, ambiguous = boundaries.find_units(country, name)
    if ids and not ambiguous:
        return tuple(sorted(ids))
    problem(
        "areas",
        f"'{name}' names no area of {boundaries.country_names[country]}: drawn as the whole country "
        "(fill 'areas' to be precise)",
        "warning",
    )
    return ()


def _check_point(row, countries, boundaries: Boundaries, problem) -> None:
    point = shapely.Point(row.lon, row.lat)
    shapes = [boundaries.country_shapes[c] for c in countries]
    if not any(shapely.dwithin(shape, point, POINT_SLACK) for shape in shapes):
        names = ", ".join(boundaries.country_names[c] for c in countries)
        problem("lat", f"point ({row.lat}, {row.lon}) lies outside {names}: lat and lon swapped?", "warning")


def resolve_home(text: str, boundaries: Boundaries) -> tuple[str, str, tuple[str, ...]]:
    """The home territory as (display name, country id, unit ids; empty for a whole country)."""
    country = boundaries.find_country(text)
    if country:
        return boundaries.country_names[country], country, ()
    iso = re.match(r"([A-Za-z]{2})-", text)
    hinted = boundaries.find_country(iso.group(1)) if iso else None
    found: dict[str, set[str]] = {}
    for country in [hinted] if hinted else boundaries.countries["id"]:
        ids, ambiguous = boundaries.find_units(country, text)
        if ids and not ambiguous:
            found[country] = ids
    if len(found) != 1:
        where = f"units in {', '.join(sorted(found))}" if found else "nothing"
        raise InputError(
            f"home territory '{text}' matches {where}: give a unit id or ISO code "
            f"(see coopmap boundaries search '{text}')"
        )
    ((country, ids),) = found.items()
    rows = boundaries.units.loc[sorted(ids)]
    if len(rows) == 1:
        name = rows["name"].iloc[0]
    elif rows["region_fr"].iloc[0] and rows["region_code"].nunique() == 1:
        name = rows["region_fr"].iloc[0]
    else:
        name = text
    return name, country, tuple(sorted(ids))
