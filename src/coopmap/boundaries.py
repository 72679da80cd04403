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
}  # fmt: skip
# Region names people write that ISO 3166-2 spells otherwise.
REGION_ALIASES = {
    "catalogne": "ES-CT", "catalonia": "ES-CT", "cataluna": "ES-CT", "andalousie": "ES-AN",
    "pays basque": "ES-PV", "basque country": "ES-PV", "valence": "ES-VC", "galice": "ES-GA",
    "aragon": "ES-AR", "castille et leon": "ES-CL", "ile de france": "FR-IDF",
}  # fmt: skip


@dataclass(frozen=True)
class Unit:
    """An admin-1 unit or a whole country, as the user would see it in a list."""

    id: str
    name: str
    country: str
    kind: str  # "unit", "region" or "country"
    detail: str = ""


@dataclass
class Boundaries:
    """Countries and admin-1 units with their geometries, and the name indexes to find them."""

    units: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    directory: Path
    _unit_keys: dict = field(default_factory=dict, repr=False)
    _region_keys: set = field(default_factory=set, repr=False)

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

    def find_country(self, text: str) -> str | None:
        """The country id for a code or name, or None."""
        found = self.country_index.get(fold(text))
        return found[0] if found else None

    def unit_keys(self, country: str) -> dict[str, set[str]]:
        """Folded id, code or name -> unit ids, within one country (regions map to all their units)."""
        if country not in self._unit_keys:
            rows = self.units[self.units["country"] == country]
            keys: dict[str, set[str]] = {}

            def add(name, ident):
                if isinstance(name, str) and name:
                    for key in {fold(name), strip_kind(fold(name))}:
                        keys.setdefault(key, set()).add(ident)

            for row in rows.itertuples():
                for name in (row.id, row.iso_code, row.name, row.name_fr, row.gn_name):
                    add(name, row.id)
            regions: dict[str, set[str]] = {}
            for row in rows.itertuples():
                if row.region_code:
                    for name in (row.region_code, row.region_name, row.region_fr):
                        for key in {fold(name), strip_kind(fold(name))}:
                            regions.setdefault(key, set()).add(row.id)
            for alias, code in REGION_ALIASES.items():
                if fold(code) in regions:
                    regions[alias] = regions[fold(code)]
            for key, ids in regions.items():
                if key not in keys:  # a unit's own name wins over a region's
                    keys[key] = ids
                    self._region_keys.add((country, key))
            self._unit_keys[country] = keys
        return self._unit_keys[country]

    def find_units(self, country: str, text: str) -> tuple[set[str], bool]:
        """Unit ids whose id, ISO code, name or region is ``text`` (prefixes like 'Province du' ignored),
        and whether the name is ambiguous (two units of that name, not one region)."""
        exact = self.unit_ids.get(text.strip().lower())
        if exact and self.units.at[exact, "country"] == country:
            return {exact}, False
        keys = self.unit_keys(country)
        for key in (fold(text), strip_kind(fold(text))):
            if key in keys:
                ids = keys[key]
                return ids, len(ids) > 1 and (country, key) not in self._region_keys
        return set(), False

    def unit_labels(self, country: str) -> dict[str, str]:
        """Folded key -> human label, for suggesting names close to a misspelling."""
        rows = self.units[self.units["country"] == country]
        labels = {fold(n): f"'{n}'" for n in rows["name"]}
        labels.update({fold(r): f"'{r}'" for r in rows["region_name"] if r})
        return labels

    def country_labels(self) -> dict[str, str]:
        return {key: f"'{name}' ({ident})" for key, (ident, name) in self.country_index.items()}

    def search(self, query: str, country: str | None = None, limit: int = 30) -> list[Unit]:
        """Countries, regions and units whose names contain ``query`` (accents and case ignored);
        exact names first, then names that start with it."""
        needle = strip_kind(fold(query))
        found: list[tuple[int, Unit]] = []

        def rank(*names) -> int | None:
            folded = [strip_kind(fold(str(n))) for n in names if n]
            if needle in folded:
                return 0
            if any(f.startswith(needle) for f in folded):
                return 1
            return 2 if any(needle in f for f in folded) else None

        for row in self.countries.itertuples():
            score = rank(row.name, row.name_fr, row.id)
            if (country is None or row.id == country) and score is not None:
                found.append((score, Unit(row.id, row.name_fr, row.id, "country")))
        units = self.units if country is None else self.units[self.units["country"] == country]
        regions: dict[tuple, list] = {}
        for row in units.itertuples():
            score = rank(row.id, row.name, row.name_fr, row.gn_name, row.iso_code)
            if score is not None:
                found.append((score, Unit(row.id, row.name, row.country, "unit", row.region_name)))
            if row.region_code:
                aliases = [a for a, code in REGION_ALIASES.items() if code == row.region_code]
                score = rank(row.region_name, row.region_fr, row.region_code, *aliases)
                if score is not None:
                    regions.setdefault((row.region_code, row.region_name, row.country), []).append(score)
        for (code, name, ctry), scores in sorted(regions.items()):
            found.append((scores[0], Unit(code, name, ctry, "region", f"{len(scores)} units")))
        found.sort(key=lambda item: item[0])
        return [unit for _, unit in found[:limit]]


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
    units = gpd.read_file(directory / "admin1.fgb", engine="pyogrio")
    countries = gpd.read_file(directory / "countries.fgb", engine="pyogrio")
    for frame in (units, countries):
        frame.fillna({c: "" for c in frame.columns if c != "geometry"}, inplace=True)
    return Boundaries(units.set_index("id", drop=False), countries.set_index("id", drop=False), directory)


def load_basemap(directory: Path) -> gpd.GeoDataFrame:
    """The coarse country shapes drawn under the partners when no tiles are used."""
    return gpd.read_file(Path(directory) / "basemap.fgb", engine="pyogrio")
