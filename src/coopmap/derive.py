"""Derive the compact boundary files of ``data/boundaries/`` from Natural Earth's ``world_map.gpkg``.

Run once by a maintainer (``coopmap boundaries derive GPKG``), not at build time: it gives every
admin-1 unit a stable id, an ISO 3166-2 code and French name where one matches, simplifies the
world as one coverage (neighbours keep touching), and writes three FlatGeobuf files.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely

from .isomatch import Match, alternate_names, clean_iso_name, french_name, load_places, match_report, match_units
from .names import fold, slug

# Tolerances are in degrees; 0.02° is about two pixels at zoom 7, the deepest the partner polygons need.
UNIT_TOLERANCE = 0.02
BASEMAP_TOLERANCE = 0.05
GRID = 0.001
BASEMAP_GRID = 0.01

# Spelling slips in Natural Earth 4.1.
NAME_FIXES = {"Seien-et-Marne": "Seine-et-Marne", "Haute-Rhin": "Haut-Rhin"}
# Countries Natural Earth codes outside ISO 3166-1 (Kosovo: -99).
ISO2_TO_ID = {"XK": "XKX"}
# Natural Earth columns the matching reads when present.
OPTIONAL_COLUMNS = ("gn_name", "woe_name", "woe_label", "fips")


@dataclass
class Derived:
    """What a derivation wrote (features per file) and how units matched ISO 3166-2, per country."""

    files: dict[str, int]
    matching: dict[str, dict[str, int]]


def derive_boundaries(gpkg: Path, out_dir: Path) -> Derived:
    """Write ``admin1.fgb``, ``countries.fgb`` and ``basemap.fgb`` into ``out_dir``; say what was matched."""
    countries = _load_countries(gpkg)
    units, matching = _load_units(gpkg, countries)
    units["geometry"] = _simplify(units.geometry.values, UNIT_TOLERANCE, GRID)
    dissolved = units.dissolve(by="country", as_index=False)[["country", "geometry"]]
    countries = countries.drop(columns="geometry").merge(dissolved, left_on="id", right_on="country")
    countries = gpd.GeoDataFrame(countries.drop(columns="country"), geometry="geometry", crs=4326)
    basemap = countries[["id", "geometry"]].copy()
    basemap["geometry"] = _simplify(basemap.geometry.values, BASEMAP_TOLERANCE, BASEMAP_GRID)
    basemap = basemap[~basemap.geometry.is_empty]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in (("admin1", units), ("countries", countries), ("basemap", basemap)):
        path = out_dir / f"{name}.fgb"
        path.unlink(missing_ok=True)
        frame.to_file(path, driver="FlatGeobuf", engine="pyogrio", SPATIAL_INDEX="NO")
    return Derived({"admin1": len(units), "countries": len(countries), "basemap": len(basemap)}, matching)


def _simplify(geoms: np.ndarray, tolerance: float, grid: float) -> np.ndarray:
    """Simplify as one coverage, snap to a grid, keep polygons valid."""
    simple = shapely.coverage_simplify(shapely.make_valid(geoms), tolerance)
    snapped = shapely.set_precision(simple, grid)
    return np.array([_polygonal(g) for g in snapped], dtype=object)


def _polygonal(geom):
    """Keep only the polygon parts a grid snap or make_valid may have mixed with lines."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return shapely.MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.MultiPolygon(shapely.get_parts(parts)) if parts else shapely.MultiPolygon()


def _load_countries(gpkg: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(gpkg, layer="countries", engine="pyogrio")
    raw = raw[raw["NAME"].notna()].copy()
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for iso2, name, iso3, geom in zip(raw["iso_a2"], raw["NAME"], raw["ISO_A3"], raw.geometry):
        country = pycountry.countries.get(alpha_2=iso2)
        ident = iso3 if re.fullmatch(r"[A-Z]{3}", str(iso3)) else ISO2_TO_ID.get(iso2, iso2)
        name_fr = french.gettext(country.name) if country else name
        rows.append({"id": ident, "iso2": iso2, "name": name, "name_fr": name_fr, "geometry": geom})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def _load_units(gpkg: Path, countries: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict]:
    raw = gpd.read_file(gpkg, layer="states_provinces", engine="pyogrio")
    for column in OPTIONAL_COLUMNS:
        if column not in raw:
            raw[column] = None
    by_iso2 = dict(zip(countries["iso2"], countries["id"]))
    raw["country"] = [by_iso2.get(iso2, a3) for iso2, a3 in zip(raw["iso_a2"], raw["adm0_a3"])]
    raw = raw[raw["country"].isin(set(countries["id"]))].copy()
    raw["name"] = [
        NAME_FIXES.get(n, n) if isinstance(n, str) else (g if isinstance(g, str) else w)
        for n, g, w in zip(raw["name"], raw["gn_name"], raw["woe_name"])
    ]
    raw["name"] = raw["name"].fillna(raw["admin"])
    point = raw.geometry.representative_point()
    raw["_x"], raw["_y"] = point.x.round(3), point.y.round(3)
    raw = raw.sort_values(["country", "name", "_x", "_y"], kind="stable").reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "id": _unit_ids(raw),
            "country": raw["country"],
            "name": raw["name"],
            "gn_name": raw["gn_name"].fillna(""),
            "woe_name": raw["woe_name"].fillna(""),
        }
    )
    alpha2 = {
        c: pycountry.countries.get(alpha_3=c).alpha_2 for c in countries["id"] if pycountry.countries.get(alpha_3=c)
    }
    matches = match_units(raw, alpha2, load_places())
    frame = pd.concat([frame, _iso_columns(matches, raw["name"])], axis=1)
    units = gpd.GeoDataFrame(frame, geometry=raw.geometry.values, crs=4326)
    return units, match_report(list(raw["country"]), matches)


def _iso_columns(matches: list[Match], names: pd.Series) -> pd.DataFrame:
    """ISO code, French and alternate names of each unit and of its region, and how they were found."""
    rows = []
    for match, name in zip(matches, names):
        sub = pycountry.subdivisions.get(code=match.code) if match.code else None
        region = pycountry.subdivisions.get(code=match.region) if match.region else None
        rows.append(
            {
                "iso_code": match.code,
                "name_fr": french_name(sub) if sub else name,
                "alt_names": _joined(alternate_names(sub), name) if sub else "",
                "region_code": match.region,
                "region_name": clean_iso_name(region.name) if region else "",
                "region_fr": french_name(region) if region else "",
                "region_alt": _joined(alternate_names(region)) if region else "",
                "matched_by": match.how,
            }
        )
    return pd.DataFrame(rows)


def _joined(names: list[str], *known: str) -> str:
    """Alternate names, ';'-separated, without the ones the unit's other columns already hold."""
    return ";".join(n for n in names if fold(n) not in {fold(k) for k in known})


def _unit_ids(raw: pd.DataFrame) -> list[str]:
    """``ESP-barcelona``; a name used twice in a country takes its GeoNames name, then a number."""
    ids: list[str] = []
    seen: set[str] = set()
    for country, name, gn_name in zip(raw["country"], raw["name"], raw["gn_name"]):
        ident = f"{country}-{slug(name)}"
        if ident in seen and isinstance(gn_name, str):
            ident = f"{country}-{slug(gn_name)}"
        base, number = ident, 2
        while ident in seen:
            ident, number = f"{base}-{number}", number + 1
        seen.add(ident)
        ids.append(ident)
    return ids
