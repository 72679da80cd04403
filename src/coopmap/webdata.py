"""Turn the partner GeoDataFrame into the compact JSON the page reads.

Shapes are stored once each and referenced by index; coordinates are quantised and delta-encoded
(``[x0, y0, dx1, dy1, …]`` in 1/scale degrees), so the page size follows what is drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from . import i18n
from .looks import HOME_COLOR, Looks, assign_looks
from .names import fold

SHAPE_SCALE = 1000  # 0.001° ~ 100 m: the grid data/boundaries is snapped to
BASEMAP_SCALE = 100
# Above this many markers, nearby ones are clustered.
CLUSTER_FROM = 200


@dataclass(frozen=True)
class Home:
    """The territory the partnerships start from."""

    name: str
    shape: object  # shapely geometry


def build_page_data(
    frame: gpd.GeoDataFrame,
    lang: str,
    home: Home | None,
    basemap: gpd.GeoDataFrame | None,
    country_names: dict[str, str],
    data_date: str = "",
    data_lang: str = "fr",
    looks: Looks | None = None,
    home_color: str = HOME_COLOR,
) -> dict:
    """Everything the page's script needs, as plain JSON-able values in a stable order; ``looks`` the
    colour and shape of each type (default: looks.assign_looks of the frame's types)."""
    types = list(dict.fromkeys(frame["type"]))
    looks = looks or assign_looks(types, home=home_color)
    sectors = sorted({s for row in frame["sectors"] for s in row}, key=lambda s: (fold(s), s))
    territory_keys = list(dict.fromkeys(k for k in frame["territory"] if k))
    territory_shapes = dict(zip(frame["territory"], frame.geometry))
    located_shapes = [g for g in frame.geometry if g is not None]
    indexes = (
        {t: i for i, t in enumerate(types)},
        {s: i for i, s in enumerate(sectors)},
        {k: i for i, k in enumerate(territory_keys)},
    )
    partners = [_partner_entry(row, indexes, country_names, lang) for row in frame.itertuples()]
    markers = sum(p["marker"] is not None for p in partners)
    return {
        "lang": lang,
        "strings": i18n.strings(lang),
        "dataDate": i18n.format_date(data_date, lang),
        "types": [_type_entry(t, looks.by_type[t]) for t in types],
        "homeColor": home_color,
        "sectors": sectors,
        "scale": SHAPE_SCALE,
        "territories": [encode_shape(territory_shapes[k], SHAPE_SCALE) for k in territory_keys],
        "partners": partners,
        "home": _home_entry(home),
        "basemap": _basemap_entry(basemap),
        "bounds": _bounds(located_shapes + ([home.shape] if home else [])),
        "cluster": markers > CLUSTER_FROM,
        "dataLang": data_lang,  # the CSV's texts keep their language in the page (lang attributes)
        "countries": len({c for ids in frame["country_ids"] for c in ids}),  # for the summary before the map
    }


def _type_entry(label: str, look) -> dict:
    return {"label": label, "color": look.color, "shape": look.shape, "mark": look.mark}


def _partner_entry(row, indexes, country_names, lang) -> dict:
    types, sectors, territories = indexes
    marker = row.marker
    return {
        "id": row.id,
        "name": row.partner,
        "country": ", ".join(country_names.get(c, c) for c in row.country_ids) or ", ".join(row.country),
        "type": types[row.type],
        "year": int(row.signed[:4]) if row.signed else None,
        "signed": i18n.format_date(row.signed, lang),
        "since": row.since,
        "sectors": [sectors[s] for s in row.sectors],
        "description": row.description,
        "url": row.url,
        "territory": territories[row.territory] if row.territory else None,
        "marker": [round(marker.y, 4), round(marker.x, 4)] if marker is not None else None,
    }


def _home_entry(home: Home | None) -> dict | None:
    if home is None:
        return None
    point = home.shape.point_on_surface()
    return {
        "name": home.name,
        "shape": encode_shape(home.shape, SHAPE_SCALE),
        "point": [round(point.y, 4), round(point.x, 4)],
    }


def _basemap_entry(basemap: gpd.GeoDataFrame | None) -> dict | None:
    if basemap is None:
        return None
    return {"scale": BASEMAP_SCALE, "shapes": [encode_shape(g, BASEMAP_SCALE) for g in basemap.geometry]}


def _bounds(shapes: list) -> list[list[float]] | None:
    if not shapes:
        return None
    west, south, east, north = shapely.total_bounds(np.array(shapes, dtype=object))
    return [[round(float(south), 3), round(float(west), 3)], [round(float(north), 3), round(float(east), 3)]]


def encode_shape(shape, scale: int) -> list[list[list[int]]]:
    """A (multi)polygon or point as polygons -> rings -> delta-encoded integer coordinates."""
    if shape.geom_type == "Point":
        return []
    polygons = []
    # Exteriors counter-clockwise, holes clockwise: the page fills with the non-zero rule.
    for polygon in shapely.get_parts(shapely.orient_polygons(shape)):
        rings = [polygon.exterior, *polygon.interiors]
        polygons.append([_encode_ring(ring, scale) for ring in rings])
    return polygons


def _encode_ring(ring, scale: int) -> list[int]:
    coords = np.rint(shapely.get_coordinates(ring)[:-1] * scale).astype(np.int64)
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)  # points that rounding merged
    coords = coords[keep]
    deltas = np.vstack([coords[:1], np.diff(coords, axis=0)])
    return deltas.ravel().tolist()


def to_json(data: dict) -> str:
    """JSON that is safe inside a <script> element ('<', '>' and '&' escaped) and reviewable in a diff:
    each top-level key on its line, and each partner, territory or basemap shape on a line of its own,
    so one changed partner changes one short line of the page."""
    lines = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(f"{_compact(key)}:{_one_per_line(value)}{comma}")
    lines.append("}")
    text = "\n".join(lines)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _one_per_line(value) -> str:
    """A list of records or shapes one element a line; a dict whose lists are long (the basemap), likewise."""
    if isinstance(value, list) and value and all(isinstance(v, dict | list) for v in value):
        return "[\n" + ",\n".join(_compact(v) for v in value) + "\n]"
    if isinstance(value, dict) and any(isinstance(v, list) and len(v) > 1 for v in value.values()):
        parts = [f"{_compact(k)}:{_one_per_line(v) if isinstance(v, list) else _compact(v)}" for k, v in value.items()]
        return "{" + ",".join(parts) + "}"
    return _compact(value)


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
