"""The joined partner territories as GeoJSON or as a flat CSV, for open-data portals and GIS tools."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import shapely.geometry

FORMATS = (".geojson", ".csv")
PRECISION = 5  # decimal degrees: about a metre


def export_geojson(frame: gpd.GeoDataFrame, home=None) -> str:
    """One feature per partner: its CSV fields as properties, its territory (or point, or null) as geometry;
    then the home (``homes.Home``), if any, as a feature of its own with ``role: "home"``. ``home`` may be
    a list of the homes of the frame's ``home_index`` (the home column): each partner then names its own
    (``home``), and each home is a feature."""
    home, homes = _homes(home)
    features = [
        {
            "type": "Feature",
            "properties": _properties(row, homes),
            "geometry": _rounded(shapely.geometry.mapping(row.geometry)) if row.geometry is not None else None,
        }
        for row in frame.itertuples()
    ]
    for one in [home] if home is not None else homes:
        geometry = _rounded(shapely.geometry.mapping(one.shape))
        features.append({"type": "Feature", "properties": _home_properties(one, homes), "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_csv(frame: gpd.GeoDataFrame, home=None) -> str:
    """The resolved table, one row per partner, with the marker's position; the home last (``role`` home);
    ``home`` a list as for ``export_geojson``: each row names its home, and the homes come last."""
    out = io.StringIO()
    home, homes = _homes(home)
    rows = [_properties(row, homes) for row in frame.itertuples()]
    rows += [_home_properties(one, homes) for one in ([home] if home is not None else homes)]
    fields = list(rows[0]) if rows else list(_FIELDS)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: neutralise_formula(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


# What makes a spreadsheet evaluate a cell (OWASP's list, and the full-width forms LibreOffice accepts).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value):
    """A text cell a spreadsheet would run as a formula gets a leading ' (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_FIELDS = (
    "id", "partner", "country", "country_ids", "areas", "unit_ids", "located", "type", "signed",
    "since", "sectors", "description", "url", "lat", "lon", "place", "placed_by", "role",
    "ended", "status", "group",
)  # fmt: skip


def _homes(home) -> tuple:
    """(a single home or None, the homes of a home column: named on each row only when several)."""
    if isinstance(home, list | tuple):
        return (home[0], []) if len(home) == 1 else (None, list(home))
    return home, []


def _properties(row, homes=()) -> dict:
    marker = row.marker
    named = {"home": homes[row.home_index].name if row.home_index is not None else ""} if homes else {}
    return {
        "id": row.id,
        "partner": row.partner,
        "country": ";".join(row.country),
        "country_ids": ";".join(row.country_ids),
        "areas": ";".join(row.areas),
        "unit_ids": ";".join(row.unit_ids),
        "located": row.located or "not located",
        "type": row.type,
        "signed": row.signed,
        "since": row.since if row.since is not None else "",
        "sectors": ";".join(row.sectors),
        "description": row.description,
        "url": row.url,
        "lat": round(marker.y, PRECISION) if marker is not None else "",
        "lon": round(marker.x, PRECISION) if marker is not None else "",
        "place": row.place,
        "placed_by": row.placed_by,
        **named,
        "role": "partner",
        "ended": getattr(row, "ended", ""),
        "status": getattr(row, "status", ""),
        "group": getattr(row, "group", ""),
    }


def _home_properties(home, homes=()) -> dict:
    """The home as a row of the same fields: its name, where its links start, and its role."""
    point = home.shape if home.shape.geom_type == "Point" else home.shape.point_on_surface()
    fields = dict.fromkeys(_FIELDS[:-1] + (("home",) if homes else ()) + _FIELDS[-1:], "")
    fields.update(
        partner=home.name, located="point" if home.shape.geom_type == "Point" else "area",
        lat=round(point.y, PRECISION), lon=round(point.x, PRECISION), role="home",
    )  # fmt: skip
    return fields


def _rounded(value):
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value
