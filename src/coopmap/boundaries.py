"""Load the boundary files of ``coopmap/data/boundaries/`` and look countries and admin-1 units up by id or name."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pycountry

from .errors import InputError
from .names import fold, strip_kind
from .packaged import data_path

# Shipped inside the package (see pyproject.toml), so an installed coopmap works from any folder.
DEFAULT_DIR = data_path("boundaries")
FILES = ("admin1.fgb", "countries.fgb", "basemap.fgb")

# French and English usages that pycountry's names and translations do not carry.
COUNTRY_ALIASES = {
    "Corée du Sud": "KOR", "South Korea": "KOR", "Corée du Nord": "PRK", "North Korea": "PRK",
    "Russie": "RUS", "Russia": "RUS", "Iran": "IRN", "Syrie": "SYR", "Syria": "SYR",
    "Viêt Nam": "VNM", "Vietnam": "VNM", "Laos": "LAO", "Bolivie": "BOL", "Bolivia": "BOL",
    "Tanzanie": "TZA", "Tanzania": "TZA", "Moldavie": "MDA", "Moldova": "MDA", "Venezuela": "VEN",
    "Macédoine du Nord": "MKD", "République tchèque": "CZE", "Tchéquie": "CZE", "Czech Republic": "CZE",
    "Taïwan": "TWN", "Palestine": "PSE", "États-Unis": "USA", "États-Unis d'Amérique": "USA",
    "USA": "USA", "Royaume-Uni": "GBR", "UK": "GBR", "Great Britain": "GBR", "Cap-Vert": "CPV",
    "Cape Verde": "CPV", "République démocratique du Congo": "COD", "RDC": "COD",
    "Congo-Brazzaville": "COG", "Côte d'Ivoire": "CIV", "Ivory Coast": "CIV", "Kosovo": "XKX",
    "Timor oriental": "TLS", "East Timor": "TLS", "Birmanie": "MMR", "Burma": "MMR",
    "Saint-Martin": "MAF", "Saint-Barthélemy": "BLM", "Guinée équatoriale": "GNQ",
    "Biélorussie": "BLR", "Hollande": "NLD", "Macédoine": "MKD", "Île Maurice": "MUS", "Micronésie": "FSM",
    "Swaziland": "SWZ", "Cisjordanie": "PSE",
    "Territoires palestiniens": "PSE", "Bosnie": "BIH", "Burkina": "BFA", "Centrafrique": "CAF",
}  # fmt: skip
# Name index tiers, strongest first: a unit's exact name, id or code beats a unit's alternate name, which
# beats a region's name ('Saint Andrew' is one parish, though GeoNames names another so too).
EXACT, ALTERNATE, REGION = range(3)


@dataclass(frozen=True)
class Unit:
    """An admin-1 unit or a whole country, as the user would see it in a list."""

    id: str
    name: str
    country: str
    kind: str  # "unit", "region" or "country"
    detail: str = ""


@dataclass
class NameIndex:
    """One country's units by folded name, built once: ``tiers[EXACT|ALTERNATE|REGION]`` map a key to unit ids."""

    tiers: tuple[dict[str, set[str]], ...]
    unions: set[str]  # keys naming several units as one territory (a shared ISO code): never ambiguous
    regions: dict[str, set[str]]  # REGION key -> the region codes it names
    unsure: dict[str, set[str]]  # region code -> units with no region that border it: it may hold part of them
    labels: dict[str, str]  # folded name -> label, for suggestions
    entries: list[tuple[list[str], Unit]]  # what search ranks: folded names and the unit or region


@dataclass
class Boundaries:
    """Countries and admin-1 units with their geometries, and the name indexes to find them."""

    units: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    directory: Path
    _indexes: dict[str, NameIndex] = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)  # answers computed once per build (resolve's)

    @cached_property
    def country_index(self) -> dict[str, tuple[str, str]]:
        """Folded code or name -> (country id, the name as written), for every country with a boundary."""
        known = set(self.countries["id"])
        index: dict[str, tuple[str, str]] = {}
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        for row in self.countries.itertuples():
            names = [row.name_fr, row.name, row.id, row.iso2]
            iso = pycountry.countries.get(alpha_3=row.id)
            if iso:
                for attr in ("name", "common_name", "official_name"):
                    if getattr(iso, attr, None):
                        names += [french.gettext(getattr(iso, attr)), getattr(iso, attr)]
            for name in names:
                if isinstance(name, str) and name:
                    index.setdefault(fold(name), (row.id, name))
        for name, ident in COUNTRY_ALIASES.items():
            if ident in known:
                index[fold(name)] = (ident, name)
        return index

    @cached_property
    def unit_ids(self) -> dict[str, str]:
        """Lower-cased unit id -> unit id: ids are matched exactly, never folded ('PER-lima-province')."""
        return {ident.lower(): ident for ident in self.units["id"]}

    @cached_property
    def unit_shapes(self) -> dict[str, object]:
        """Unit id -> geometry, for fast lookups by id (pandas .loc is slow in a loop)."""
        return dict(zip(self.units["id"], self.units.geometry.values))

    @cached_property
    def unit_country(self) -> dict[str, str]:
        return dict(zip(self.units["id"], self.units["country"]))

    @cached_property
    def unit_facts(self) -> dict[str, tuple[str, str, str]]:
        """Unit id -> (name, region name, region code): what describing a placement needs, without .loc."""
        return {
            ident: (name, region, code)
            for ident, name, region, code in zip(
                self.units["id"], self.units["name"], self.units["region_name"], self.units["region_code"]
            )
        }

    @cached_property
    def unit_french(self) -> dict[str, tuple[str, str]]:
        """Unit id -> (French name, French name of its region), '' where there is none."""
        return dict(zip(self.units["id"], zip(self.units["name_fr"], self.units["region_fr"])))

    @cached_property
    def country_iso2(self) -> dict[str, str]:
        return dict(zip(self.countries["id"], self.countries["iso2"]))

    @cached_property
    def country_shapes(self) -> dict[str, object]:
        return dict(zip(self.countries["id"], self.countries.geometry.values))

    @cached_property
    def country_names(self) -> dict[str, str]:
        """Country id -> the short French name people use ('Corée du Sud', not 'Corée, République de')."""
        aliases: dict[str, str] = {}
        for name, ident in COUNTRY_ALIASES.items():
            aliases.setdefault(ident, name)
        names = {}
        for ident, name in zip(self.countries["id"], self.countries["name_fr"]):
            names[ident] = aliases.get(ident, name.split(", ")[0]) if ", " in name else name
        return names

    @cached_property
    def _rows_by_country(self) -> dict[str, list[dict]]:
        """Each country's units as plain dicts, split once (a boolean mask per country costs a full scan)."""
        columns = [c for c in self.units.columns if c != "geometry"]
        rows: dict[str, list[dict]] = {}
        for values in zip(*(self.units[c].tolist() for c in columns)):
            row = dict(zip(columns, values))
            rows.setdefault(row["country"], []).append(row)
        return rows

    def name_index(self, country: str) -> NameIndex:
        """The country's name index, built at its first use."""
        if country not in self._indexes:
            self._indexes[country] = build_name_index(country, self._rows_by_country.get(country, []))
        return self._indexes[country]

    def find_country(self, text: str) -> str | None:
        """The country id for a code or name, or None."""
        found = self.country_index.get(fold(text))
        return found[0] if found else None

    def find_units(self, country: str, text: str) -> tuple[set[str], bool]:
        """Unit ids whose id, ISO code, name or region is ``text`` (prefixes like 'Province du' ignored),
        and whether the name is ambiguous (two units, or two regions, of that name, or a region that may hold
        part of a bordering unit no region was found for: the ids then include those units).

        Exact names win over alternate names, which win over region names.
        """
        exact = self.unit_ids.get(text.strip().lower())
        if exact and self.unit_country[exact] == country:
            return {exact}, False
        index = self.name_index(country)
        folded = fold(text)
        keys = (folded, strip_kind(folded))
        for tier, table in enumerate(index.tiers):
            for key in keys:
                ids = table.get(key)
                if ids:
                    if tier == REGION:
                        unsure = set().union(*(index.unsure.get(r, set()) for r in index.regions[key]))
                        return set(ids) | unsure, len(index.regions[key]) > 1 or bool(unsure)
                    return set(ids), len(ids) > 1 and key not in index.unions
        return set(), False

    def unit_labels(self, country: str) -> dict[str, str]:
        """Folded key -> human label, for suggesting names close to a misspelling."""
        return self.name_index(country).labels

    def country_labels(self) -> dict[str, str]:
        return {key: f"'{name}' ({ident})" for key, (ident, name) in self.country_index.items()}

    def search(self, query: str, country: str | None = None, limit: int = 30) -> list[Unit]:
        """Countries, regions and units whose names contain ``query`` (accents and case ignored);
        exact names first, then names that start with it."""
        needle = strip_kind(fold(query))
        if not needle:
            return []
        found: list[tuple[int, Unit]] = []
        for row in self.countries.itertuples():
            if country is None or row.id == country:
                score = _rank(needle, [strip_kind(fold(str(n))) for n in (row.name, row.name_fr, row.id)])
                if score is not None:
                    found.append((score, Unit(row.id, row.name_fr, row.id, "country")))
        for code in [country] if country else sorted(self._rows_by_country):
            for names, unit in self.name_index(code).entries:
                score = _rank(needle, names)
                if score is not None:
                    found.append((score, unit))
        found.sort(key=lambda item: item[0])
        return [unit for _, unit in found[:limit]]


def _rank(needle: str, names: list[str]) -> int | None:
    """0: a name is the query; 1: a name starts with it; 2: a name contains it; None: no match."""
    if needle in names:
        return 0
    if any(name.startswith(needle) for name in names):
        return 1
    return 2 if any(needle in name for name in names) else None


def _keys(names) -> set[str]:
    """Folded and kind-stripped keys of names; ';'-separated lists are split."""
    keys = set()
    for name in names:
        for part in str(name or "").split(";"):
            folded = fold(part)
            if folded:
                keys |= {folded, strip_kind(folded)}
    return keys


def build_name_index(country: str, rows: list[dict]) -> NameIndex:
    """Index one country's units (rows of admin1.fgb as dicts) by every name, in tiers (see ``NameIndex``)."""
    tiers: tuple[dict[str, set[str]], ...] = ({}, {}, {})
    unions: set[str] = set()
    regions: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    entries: list[tuple[list[str], Unit]] = []
    members: dict[str, list[dict]] = {}
    unsure: dict[str, set[str]] = {}
    for row in rows:
        for region in filter(None, row.get("near_regions", "").split(";")):
            unsure.setdefault(region, set()).add(row["id"])
        ident, code = row["id"], row.get("iso_code", "")
        exact = {fold(n) for n in (ident, code, row["name"], row.get("name_fr", "")) if n}
        alternate = _keys([row.get("gn_name", ""), row.get("alt_names", "")]) | _keys(
            [row["name"], row.get("name_fr", "")]
        )
        for tier, keys in ((EXACT, exact), (ALTERNATE, alternate - exact)):
            for key in keys:
                tiers[tier].setdefault(key, set()).add(ident)
        if code:
            unions.add(fold(code))
        labels[fold(row["name"])] = f"'{row['name']}'"
        names = sorted(
            _keys([ident, code, row["name"], row.get("name_fr", ""), row.get("gn_name", ""), row.get("alt_names", "")])
        )
        entries.append((names, Unit(ident, row["name"], country, "unit", row.get("region_name", ""))))
        if row.get("region_code"):
            members.setdefault(row["region_code"], []).append(row)
    for region, units in sorted(members.items()):
        first = units[0]
        names = [region, first["region_name"], first.get("region_fr", ""), first.get("region_alt", "")]
        keys = _keys(names)
        for key in keys:
            tiers[REGION].setdefault(key, set()).update(u["id"] for u in units)
            regions.setdefault(key, set()).add(region)
        labels.setdefault(fold(first["region_name"]), f"'{first['region_name']}'")
        if first.get("region_fr"):
            labels.setdefault(fold(first["region_fr"]), f"'{first['region_fr']}'")
        entries.append((sorted(keys), Unit(region, first["region_name"], country, "region", f"{len(units)} units")))
    _widen_to_regions(tiers, unions)
    return NameIndex(tiers, unions, regions, unsure, labels, entries)


def _widen_to_regions(tiers: tuple[dict[str, set[str]], ...], unions: set[str]) -> None:
    """A name a unit shares with the region it lies in names the region: Latvia's 'Cēsu novads' was one
    of Natural Earth's units before 2021 and is now the subdivision several of them make."""
    for key, ids in tiers[REGION].items():
        for tier in (EXACT, ALTERNATE):
            if key in tiers[tier] and tiers[tier][key] < ids:
                tiers[tier][key] = set(ids)
                unions.add(key)


def load_boundaries(directory: Path | None = None) -> Boundaries:
    """Read the derived boundary files (see ``coopmap boundaries derive``)."""
    directory = Path(directory or DEFAULT_DIR)
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        raise InputError(
            f"{directory}: boundary files missing ({', '.join(missing)}); "
            "point --boundaries (or COOPMAP_BOUNDARIES) at a folder holding them, "
            "or derive them with 'coopmap boundaries derive world_map.gpkg --out FOLDER'"
        )
    units = _read_boundary_file(directory / "admin1.fgb")
    countries = _read_boundary_file(directory / "countries.fgb")
    for frame in (units, countries):
        frame.fillna({c: "" for c in frame.columns if c != "geometry"}, inplace=True)
    return Boundaries(units.set_index("id", drop=False), countries.set_index("id", drop=False), directory)


def load_basemap(directory: Path) -> gpd.GeoDataFrame:
    """The coarse country shapes drawn under the partners when no tiles are used."""
    return _read_boundary_file(Path(directory) / "basemap.fgb")


def _read_boundary_file(path: Path) -> gpd.GeoDataFrame:
    """One boundary file, or a user message when it is damaged (truncated, not FlatGeobuf, columns lost)."""
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as error:  # pyogrio and GDAL raise several kinds for a damaged file
        reason = f"{type(error).__name__}: {str(error)[:200]}"
        raise InputError(f"{path}: damaged boundary file ({reason}); {_REPAIR}") from None
    if "id" not in frame.columns or frame.empty:
        raise InputError(f"{path}: damaged boundary file (no 'id' column or no shape); {_REPAIR}")
    return frame


_REPAIR = "reinstall coopmap, or derive the files again with 'coopmap boundaries derive'"
