"""Resolve each partner's country, areas and name to boundary units or a city; what cannot be found, or could
be several places, comes back as data and problems — never as a silent guess.

How each partner was placed is its ``placed_by``: what the CSV gave (``areas``, ``lat/lon``, ``countries``,
``country name``) or what was read from its name (the guesses: ``city name``, ``unit name``, ``region name``,
``unit around the city``, ``whole country (fallback)``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import shapely

from .boundaries import Boundaries
from .errors import InputError, Problem
from .gazetteer import Place, load_gazetteer
from .names import CITY, COUNTRY, UNIT, closest, fold, parse_place

# How far (degrees) a point may lie outside its country's simplified outline before we warn.
POINT_SLACK = 0.25
# A place is taken among namesakes of its country only when it is this many times as populous as the next.
DOMINANT = 5
# How far (degrees) a city on a coast may lie outside the simplified unit it belongs to.
COAST_SLACK = 0.1
GUESSES = ("city name", "unit name", "region name", "unit around the city", "whole country (fallback)")


@dataclass(frozen=True)
class Placement:
    """Where a name puts a partner: units or a place, how, and what to tell the user."""

    units: tuple[str, ...] = ()
    place: Place | None = None
    placed_by: str = ""
    warning: str = ""
    refusal: str = ""
    candidates: tuple[Place, ...] = ()  # the namesakes a refusal is about, or the places found abroad


def resolve_partners(partners: pd.DataFrame, boundaries: Boundaries, path: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``country_ids``, ``unit_ids``, ``located`` ('area', 'country', 'point' or ''), ``placed_by`` and
    ``place`` (the city's name) to each row; a city found by name fills ``lat``/``lon``.

    A partner whose country or areas cannot be found, or whose name could be several places, keeps
    ``located == ''`` and gets an error.
    """
    problems: list[Problem] = []
    memo: dict[tuple, tuple] = {}
    resolved = [_resolve_cached(row, boundaries, path, problems, memo) for row in partners.itertuples()]
    out = partners.copy()
    for column, index in (("country_ids", 0), ("unit_ids", 1), ("located", 2), ("unresolved", 3)):
        out[column] = [r[index] for r in resolved]
    out["placed_by"] = [r[4].placed_by for r in resolved]
    out["place"] = [r[4].place.name if r[4].place else "" for r in resolved]
    for column in ("lat", "lon"):  # object columns: a missing point stays None, never NaN
        given = partners[column] if column in partners else [None] * len(partners)
        values = [getattr(r[4].place, column) if r[4].place else v for r, v in zip(resolved, given)]
        out[column] = pd.Series(values, index=partners.index, dtype=object)
    return out, problems


def _resolve_cached(row, boundaries: Boundaries, path: str, problems: list[Problem], memo: dict):
    """``_resolve_row``, computed once for rows that say the same thing (an atlas repeats its partners);
    the problems are replayed at each row's line."""
    key = (row.partner, row.country, row.areas, row.lat, row.lon, bool(row.has_error))
    if key not in memo:
        found: list[Problem] = []
        memo[key] = (_resolve_row(row, boundaries, path, found), found)
    result, found = memo[key]
    problems.extend(dataclasses.replace(p, line=row.line) for p in found)
    return result


def _resolve_row(row, boundaries: Boundaries, path: str, problems: list[Problem]):
    def problem(column: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, row.line, column, message, severity))

    countries = _resolve_countries(row.country, boundaries, problem)
    failed = len(countries) < len(row.country)
    placement = Placement(placed_by="lat/lon" if row.lat is not None else "countries")
    if row.areas and countries:
        units, missing = _resolve_areas(row.areas, countries, boundaries, problem)
        failed = failed or missing
        placement = Placement(units, placed_by="areas")
    elif len(countries) == 1 and not failed and not row.has_error:  # a row left out needs no guess
        placement = place_by_name(row.partner, countries[0], boundaries, has_point=row.lat is not None)
        if placement.refusal:
            problem("partner", placement.refusal)
            failed = True
        elif placement.warning:
            problem("partner", placement.warning, "warning")
    if failed:
        located, placement = ("point" if row.lat is not None else ""), Placement(
            placed_by="lat/lon" if row.lat is not None else ""
        )
    elif placement.units:
        located = "area"
    elif placement.place or (row.lat is not None and not countries):
        located = "point"
    else:
        located = "country" if countries else ""
    if not located:
        placement = Placement()
    if row.lat is not None and countries and not failed:
        _check_point(row, countries, boundaries, problem)
    return countries, placement.units, located, failed, placement


def _resolve_countries(terms, boundaries: Boundaries, problem) -> tuple[str, ...]:
    found: list[str] = []
    for term in terms:
        ident, refusal = _country_of(term, boundaries)
        if ident is None:
            problem("country", refusal)
        elif ident not in found:
            found.append(ident)
    return tuple(found)


def _country_of(term: str, boundaries: Boundaries) -> tuple[str | None, str]:
    """(the country id, '') or (None, the refusal with its suggestions), worked out once per term."""
    key = ("country", term)
    if key not in boundaries.memo:
        ident = boundaries.find_country(term)
        refusal = ""
        if ident is None:
            hints = closest(term, boundaries.country_labels())
            hint = f" — did you mean {' or '.join(hints)}?" if hints else " — use an ISO code such as FRA"
            refusal = f"unknown country '{term}'{hint}"
        boundaries.memo[key] = (ident, refusal)
    return boundaries.memo[key]


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


def place_by_name(
    name: str,
    country: str,
    boundaries: Boundaries,
    has_point: bool = False,
    within: tuple[str, ...] = (),
) -> Placement:
    """Place a partner of one country by its name alone: a city, a unit or region, or the whole country.

    The kind words of the name decide first (« Ville de Kiev » is the city, « Oblast de Kiev » the unit).
    A bare name that is both a unit and a city is the city, with a warning: people write a unit with its
    kind word (« Province de Catane ») and a city bare, and the city lies in a unit named after it anyway.
    Namesakes of comparable size, or a name known only in another country, are
    refused with the candidates. ``has_point``: the CSV gives lat/lon, so only a territory is looked for;
    ``within``: only places inside these units count ("Saint-Denis, La Réunion").
    """
    if boundaries.find_country(name) == country:  # the country's own name, parentheses included
        return Placement(placed_by="country name")
    parsed = parse_place(name)
    country_name = boundaries.country_names[country]
    # « Ville de Luxembourg » is the city: only a name without kind, or with a country's, can be the country.
    if parsed.kind in (None, COUNTRY) and any(boundaries.find_country(n) == country for n in parsed.names):
        return Placement(placed_by="country name")
    units, unit_ambiguous = _units_named(parsed.names, country, boundaries)
    unit_placement = _unit_placement(units, boundaries) if units and not unit_ambiguous else None
    if has_point:  # the marker is given: only the territory is looked for
        return unit_placement or Placement(placed_by="lat/lon", warning=_fallback(name, country_name).warning)
    if parsed.kind == COUNTRY:
        return unit_placement or _fallback(name, country_name)
    places, by_own_name = _places_named(parsed.names, country, boundaries)
    if within:
        places = [p for p in places if _unit_at(p, country, boundaries) in within]
    if parsed.kind == UNIT and unit_placement:
        return unit_placement
    if parsed.kind == UNIT and unit_ambiguous:
        return Placement(refusal=f"'{name}' could be several units of {country_name}: write one of the ids "
                         f"{', '.join(units)} in areas")  # fmt: skip
    if parsed.kind == UNIT and places:
        return _unit_around(places, name, country, boundaries)
    if parsed.kind == CITY or not unit_placement:
        if places:
            return _choose_city(places, name, country_name, boundaries)
        if unit_placement and parsed.kind != CITY:
            return unit_placement
        return _nothing_found(parsed, name, country, boundaries)
    # A bare name that names a unit (or region) and a city: the city, a point inside the unit when the unit
    # is named after its capital. A city known here by an alternate name only must lie in the unit.
    city = _choose_city(places, name, country_name, boundaries) if places else None
    if city is None or city.refusal:
        return unit_placement
    inside = _unit_at(city.place, country, boundaries) in units
    if not by_own_name and not (inside and len(units) == 1):
        return unit_placement  # « Vénétie » is Veneto, not Venice (Venetië in Dutch)
    kind_word = "Région" if len(units) > 1 else "Province"
    also = f"'{name}' is both a city and a territory of {country_name}: placed at the city"
    of = "d'" if fold(name)[:1] in "aeiouy" else "de "
    also += f" (write « {kind_word} {of}{name} » for the territory)" if inside else ""
    return Placement(place=city.place, placed_by="city name", warning="; ".join(filter(None, (also, city.warning))))


def _units_named(names, country, boundaries: Boundaries) -> tuple[tuple[str, ...], bool]:
    for text in names:
        ids, ambiguous = boundaries.find_units(country, text)
        if ids:
            return tuple(sorted(ids)), ambiguous
    return (), False


def _unit_placement(units: tuple[str, ...], boundaries: Boundaries) -> Placement:
    return Placement(units, placed_by="region name" if len(units) > 1 else "unit name")


def _places_named(names, country, boundaries: Boundaries) -> tuple[list[Place], bool]:
    """Every place known by one of ``names``, as its own name or an alternate one (« Saint-Louis » is also
    St. Louis), most populous first; and whether the most populous is known by its own name."""
    gazetteer = load_gazetteer()
    codes = (boundaries.country_iso2[country],)
    own = {p for text in names for p in gazetteer.find(text, codes)}
    others = {p for text in names for p in gazetteer.find(text, codes, alternates=True)}
    places = sorted(own | others, key=lambda p: (-p.population, p.id))
    return places, bool(places) and places[0] in own


def _choose_city(places: list[Place], name: str, country_name: str, boundaries: Boundaries) -> Placement:
    """The only place of that name, or the one far more populous than its namesakes; else a refusal."""
    top = places[0]
    if len(places) == 1:
        return Placement(place=top, placed_by="city name")
    if top.population >= DOMINANT * max(places[1].population, 1):
        others = len(places) - 1
        return Placement(
            place=top,
            placed_by="city name",
            warning=f"'{name}' placed at {_describe(top, boundaries)}, the largest of {others + 1} places of that "
            f"name in {country_name} (give lat and lon for another)",
        )
    listed = "; ".join(_describe(p, boundaries) for p in places[:5])
    return Placement(
        refusal=f"'{name}' could be several places of {country_name}: {listed} — give the one you mean "
        "with lat and lon, or its territory in areas",
        candidates=tuple(places[:5]),
    )


def _unit_around(places: list[Place], name: str, country: str, boundaries: Boundaries) -> Placement:
    """A unit named like its main city ('Province de Coni' is the province of Cuneo), found through the city."""
    city = _choose_city(places, name, boundaries.country_names[country], boundaries)
    unit = _unit_at(city.place, country, boundaries) if city.place else None
    if unit is None:
        return city if city.refusal else _fallback(name, boundaries.country_names[country])
    unit_name = boundaries.unit_facts[unit][0]
    return Placement(
        (unit,),
        placed_by="unit around the city",
        warning=f"'{name}' drawn as {unit_name}, the unit around the city of {city.place.name}",
    )


def _unit_at(place: Place, country: str, boundaries: Boundaries) -> str | None:
    """The unit of ``country`` where a place lies (the nearest within COAST_SLACK for a coastal city)."""
    key = ("unit_at", place.id, country)
    if key not in boundaries.memo:
        boundaries.memo[key] = _find_unit_at(place, country, boundaries)
    return boundaries.memo[key]


def _find_unit_at(place: Place, country: str, boundaries: Boundaries) -> str | None:
    point = shapely.Point(place.lon, place.lat)
    units = boundaries.units
    hits = units.sindex.query(point, predicate="dwithin", distance=COAST_SLACK)
    candidates = [(units.geometry.iloc[i].distance(point), units["id"].iloc[i]) for i in hits]
    candidates = [c for c in candidates if boundaries.unit_country[c[1]] == country]
    return min(candidates)[1] if candidates else None


def _describe(place: Place, boundaries: Boundaries) -> str:
    unit = _unit_at(place, boundaries_country(place, boundaries), boundaries)
    where = boundaries.unit_facts[unit][0] if unit else place.country
    return f"{place.name} ({where}, {place.population:,} inh., lat {place.lat}, lon {place.lon})"


def boundaries_country(place: Place, boundaries: Boundaries) -> str:
    """The boundary country id of a gazetteer place."""
    from .gazetteer import PART_OF

    return boundaries.find_country(PART_OF.get(place.country, place.country)) or ""


def _nothing_found(parsed, name: str, country: str, boundaries: Boundaries) -> Placement:
    """No unit nor city of that name in the country: refused if it is a city elsewhere, else the country."""
    country_name = boundaries.country_names[country]
    elsewhere = []
    for text in parsed.names:
        elsewhere = [p for p in load_gazetteer().find_anywhere(text) if boundaries_country(p, boundaries) != country]
        if elsewhere:
            break
    if elsewhere:
        listed = "; ".join(
            f"{_describe(p, boundaries)} in {boundaries.country_names.get(boundaries_country(p, boundaries), '?')}"
            for p in elsewhere[:3]
        )
        return Placement(
            refusal=f"'{name}' names no place of {country_name}, but is {listed} — check the country, "
            "or give lat and lon",
            candidates=tuple(elsewhere[:3]),
        )
    return _fallback(name, country_name)


def _fallback(name: str, country_name: str) -> Placement:
    return Placement(
        placed_by="whole country (fallback)",
        warning=f"'{name}' names no city or area of {country_name}: drawn as the whole country "
        "(fill 'areas', or lat and lon, to be precise)",
    )


def _check_point(row, countries, boundaries: Boundaries, problem) -> None:
    point = shapely.Point(row.lon, row.lat)
    shapes = [boundaries.country_shapes[c] for c in countries]
    if not any(shapely.dwithin(shape, point, POINT_SLACK) for shape in shapes):
        names = ", ".join(boundaries.country_names[c] for c in countries)
        problem("lat", f"point ({row.lat}, {row.lon}) lies outside {names}: lat and lon swapped?", "warning")


class HomePlace(NamedTuple):
    """The home: a territory (its units, or the whole country when there are none) or a commune's point."""

    name: str
    country: str
    units: tuple[str, ...]
    point: tuple[float, float] | None = None  # (lat, lon) of a commune home
    placed_by: str = ""


HOME_COUNTRY = "FRA"


def resolve_home(text: str, boundaries: Boundaries) -> HomePlace:
    """The home from what a user writes: a country, a région, a département or a commune — a name, an ISO
    3166-2 code, a unit id or a département number — looked up in France unless a country follows a comma
    (« Bavière, Allemagne »); a unit may follow a comma too (« Saint-Denis, La Réunion »)."""
    text = text.strip()
    country = boundaries.find_country(text)
    if country:
        return HomePlace(boundaries.country_names[country], country, (), placed_by="country")
    name, country, within = _home_parts(text, boundaries)
    commune = _home_commune(name, country)
    if commune:
        return HomePlace(commune.name, country, (), (commune.lat, commune.lon), "INSEE code")
    code = _home_code(name, country, boundaries)
    if code:
        name, country = code
    if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", name):  # an ISO 3166-2 code names no city: no gazetteer
        units, ambiguous = boundaries.find_units(country, name)
        if units and not ambiguous:
            placement = _unit_placement(tuple(sorted(units)), boundaries)
            return HomePlace(_territory_name(placement.units, name, boundaries), country, placement.units,
                             placed_by=placement.placed_by)  # fmt: skip
    placement = place_by_name(name, country, boundaries, within=within)
    if placement.place:
        place = placement.place
        return HomePlace(place.name, country, (), (place.lat, place.lon), placement.placed_by)
    if placement.units:
        return HomePlace(_territory_name(placement.units, name, boundaries), country, placement.units,
                         placed_by=placement.placed_by)  # fmt: skip
    if placement.placed_by == "country name":
        return HomePlace(boundaries.country_names[country], country, (), placed_by="country")
    raise InputError(_home_refusal(text, name, country, placement, boundaries))


def _home_parts(text: str, boundaries: Boundaries) -> tuple[str, str, tuple[str, ...]]:
    """(the place, its country, units it must lie in) from 'PLACE[, COUNTRY or UNIT]'."""
    name, comma, where = text.rpartition(",")
    if comma and name.strip():
        named = boundaries.find_country(where)
        if named:
            return name.strip(), named, ()
        units, ambiguous = boundaries.find_units(HOME_COUNTRY, where.strip())
        if units and not ambiguous:
            return name.strip(), HOME_COUNTRY, tuple(sorted(units))
        hints = closest(where, boundaries.country_labels())
        hint = f" — did you mean {' or '.join(hints)}?" if hints else ""
        raise InputError(f"home '{text}': '{where.strip()}' is neither a country nor a unit of France{hint}")
    exact = boundaries.unit_ids.get(text.lower())
    if exact:
        return text, boundaries.unit_country[exact], ()
    iso = re.fullmatch(r"([A-Za-z]{2})-[A-Za-z0-9]{1,3}", text)
    hinted = boundaries.find_country(iso.group(1)) if iso else None
    return text, hinted or HOME_COUNTRY, ()


def _home_commune(name: str, country: str):
    """The commune of an INSEE code ('35238', '2A004'), or None when ``name`` is not such a code."""
    if country != HOME_COUNTRY or not re.fullmatch(r"\d{5}|\d[ABab]\d{3}", name):
        return None
    commune = load_gazetteer().by_code(name)
    if commune is None:
        raise InputError(
            f"home '{name}': no commune of coopmap's gazetteer has this INSEE code (it holds the communes "
            "GeoNames lists, 500 inhabitants or more): check the code, or write the commune's name"
        )
    return commune


def _home_code(name: str, country: str, boundaries: Boundaries) -> tuple[str, str] | None:
    """A French département number ('35', '2A', '974') as its ISO 3166-2 code."""
    if country != HOME_COUNTRY:
        return None
    if re.fullmatch(r"\d{2,3}|2[ABab]", name):
        return f"FR-{name.upper()}", country
    return None


def _territory_name(units: tuple[str, ...], text: str, boundaries: Boundaries) -> str:
    facts, french = boundaries.unit_facts, boundaries.unit_french
    if len(units) == 1:
        return french[units[0]][0] or facts[units[0]][0]
    region_fr = french[units[0]][1]
    if region_fr and len({facts[u][2] for u in units}) == 1:
        return region_fr
    return text


def _home_refusal(text: str, name: str, country: str, placement: Placement, boundaries: Boundaries) -> str:
    where = boundaries.country_names[country]
    if placement.candidates and placement.refusal.startswith(f"'{name}' could be"):
        listed = "; ".join(_describe(p, boundaries) for p in placement.candidates)
        return f"home '{text}' could be several places of {where}: {listed} — add its département or région " \
            f"after a comma, e.g. --home \"{name}, {_unit_name_of(placement.candidates[0], boundaries)}\""
    abroad = [f"\"{name}, {boundaries.country_names.get(boundaries_country(p, boundaries), p.country)}\""
              for p in placement.candidates]  # fmt: skip
    abroad += [f"\"{u.name}, {boundaries.country_names.get(u.country, u.country)}\""
               for u in boundaries.search(name, limit=5) if u.kind != "country" and u.country != country]  # fmt: skip
    hint = f"; found abroad: --home {' or '.join(dict.fromkeys(abroad[:4]))}" if abroad else ""
    return (
        f"home '{text}' names no commune, département or région of {where}{hint} "
        f"(see coopmap boundaries search '{name}')"
    )


def _unit_name_of(place: Place, boundaries: Boundaries) -> str:
    unit = _unit_at(place, boundaries_country(place, boundaries), boundaries)
    return boundaries.unit_facts[unit][0] if unit else place.name


def describe_placement(row, boundaries: Boundaries) -> str:
    """Where a resolved partner went, in words: 'Sendai (38.2667, 140.8667)', 'Toscana (10 units)', 'Japon'."""
    if row.located == "point":
        where = f"{row.place} " if row.place else ""
        return f"{where}({row.lat:.4f}, {row.lon:.4f})"
    if row.located == "area":
        facts = boundaries.unit_facts
        rows = [facts[u] for u in row.unit_ids]
        if len(rows) == 1:
            return rows[0][0]
        region = rows[0][1] if len({r[2] for r in rows}) == 1 else ""
        return f"{region or ', '.join(r[0] for r in rows[:3])} ({len(rows)} units)"
    if row.located == "country":
        return ", ".join(boundaries.country_names.get(c, c) for c in row.country_ids)
    return "not located"
