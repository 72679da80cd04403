"""Turn the partner GeoDataFrame into the compact JSON the page reads.

Shapes are stored once each and referenced by index; coordinates are quantised and delta-encoded
(``[x0, y0, dx1, dy1, …]`` in 1/scale degrees), so the page size follows what is drawn.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import polylabel

from . import i18n
from .agreements import effective_status, partner_groups
from .homes import Home
from .looks import HOME_COLOR, Looks, assign_looks
from .names import fold

SHAPE_SCALE = 1000  # 0.001° ~ 100 m: the grid data/boundaries is snapped to
BASEMAP_SCALE = 100
# Above this many markers, nearby ones are clustered.
CLUSTER_FROM = 200


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
    labels: bool = True,
    homes: list[Home] | None = None,
) -> dict:
    """Everything the page's script needs, as plain JSON-able values in a stable order; ``looks`` the
    colour and shape of each type (default: looks.assign_looks of the frame's types)."""
    types = list(dict.fromkeys(frame["type"]))
    looks = looks or assign_looks(types, home=home_color)
    sectors = sorted({s for row in frame["sectors"] for s in row}, key=lambda s: (fold(s), s))
    rows = list(frame.itertuples())
    groups = partner_groups(frame)
    # A partner is drawn where its first row places it: only those territories are drawn (a later agreement
    # placed elsewhere would leave a territory no partner holds).
    firsts = [min((rows[i] for i in group), key=lambda r: r.line) for group in groups]
    territory_keys = list(dict.fromkeys(r.territory for r in firsts if r.territory))
    territory_shapes = dict(zip(frame["territory"], frame.geometry))
    located_shapes = [g for g in frame.geometry if g is not None]
    indexes = (
        {t: i for i, t in enumerate(types)},
        {s: i for i, s in enumerate(sectors)},
        {k: i for i, k in enumerate(territory_keys)},
    )
    partners = [_partner_entry([rows[i] for i in group], indexes, country_names, lang)
                for group in groups]  # fmt: skip
    markers = sum(p["marker"] is not None for p in partners)
    return {
        "lang": lang,
        "strings": i18n.strings(lang),
        "dataDate": i18n.format_date(data_date, lang),
        "types": [_type_entry(t, looks.by_type[t], slug) for t, slug in zip(types, slugs(types))],
        "homeColor": home_color,
        "sectors": sectors,
        "sectorSlugs": slugs(sectors, reserved={"none"}),  # sector=none: the partners with no sector
        "scale": SHAPE_SCALE,
        "territories": encode_shapes([territory_shapes[k] for k in territory_keys], SHAPE_SCALE),
        "partners": partners,
        "home": _home_entry(home),
        "homes": _homes_entry(homes or []) if len(homes or []) > 1 else [],
        "basemap": _basemap_entry(basemap, country_names if labels else None),
        "labels": labels,
        "bounds": _bounds(located_shapes + [h.shape for h in ([home] if home else homes or [])]),
        "cluster": markers > CLUSTER_FROM,
        "dataLang": data_lang,  # the CSV's texts keep their language in the page (lang attributes)
        "countries": len({c for ids in frame["country_ids"] for c in ids}),  # for the summary before the map
    }


def _type_entry(label: str, look, slug: str) -> dict:
    return {"label": label, "color": look.color, "shape": look.shape, "mark": look.mark, "slug": slug}


def _partner_entry(agreements, indexes, country_names, lang) -> dict:
    """One place on the map: the first row in the file names and places it; its agreements follow by date."""
    _, _, territories = indexes
    row = min(agreements, key=lambda r: r.line)
    marker = row.marker
    return {
        "id": row.id,
        "name": row.partner,
        "country": ", ".join(country_names.get(c, c) for c in row.country_ids) or ", ".join(row.country),
        "territory": territories[row.territory] if row.territory else None,
        "marker": [round(marker.y, 4), round(marker.x, 4)] if marker is not None else None,
        "agreements": [_agreement_entry(a, indexes, lang) for a in agreements],
    }


def _agreement_entry(row, indexes, lang) -> dict:
    types, sectors, _ = indexes
    ended = getattr(row, "ended", "")
    return {
        "id": row.id,
        "type": types[row.type],
        "year": int(row.signed[:4]) if row.signed else None,
        "signed": i18n.format_date(row.signed, lang),
        "since": row.since,
        "sectors": [sectors[s] for s in row.sectors],
        "description": row.description,
        "url": row.url,
        "status": effective_status(getattr(row, "status", "")),
        "ended": i18n.format_date(ended, lang),
        "endYear": int(ended[:4]) if ended else None,
        "home": getattr(row, "home_index", None),
    }


def slugs(labels: list[str], reserved: set[str] = frozenset()) -> list[str]:
    """A short, unique, URL-safe name for each label, for links: 'Culture, éducation' -> 'culture-education'."""
    out: list[str] = []
    taken = set(reserved)
    for label in labels:
        base = "-".join(fold(label).split()[:6]) or "x"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out.append(slug)
    return out


def _home_entry(home: Home | None) -> dict | None:
    if home is None:
        return None
    point = home.shape.point_on_surface()
    return {
        "name": home.name,
        "shape": encode_shape(home.shape, SHAPE_SCALE),
        "point": [round(point.y, 4), round(point.x, 4)],
    }


def _basemap_entry(basemap: gpd.GeoDataFrame | None, names: dict[str, str] | None) -> dict | None:
    if basemap is None:
        return None
    entry = {"scale": BASEMAP_SCALE, "shapes": encode_shapes(basemap.geometry.values, BASEMAP_SCALE)}
    if names is not None:
        entry["labels"] = country_labels(basemap, names)
    return entry


def country_labels(basemap: gpd.GeoDataFrame, names: dict[str, str]) -> list[list]:
    """[lat, lon, name, first zoom] per named country, largest first (the order labels are placed in):
    the pole of inaccessibility of its largest part, shown from a zoom where a country that size has room."""
    labels = []
    for ident, shape in zip(basemap["id"], basemap.geometry):
        if ident not in names or shape is None or shape.is_empty:
            continue
        largest = max(shapely.get_parts(shape), key=lambda part: part.area)
        point = polylabel(largest, tolerance=0.05)
        area = largest.area
        zoom = 2 if area > 300 else 3 if area > 40 else 4 if area > 8 else 5 if area > 1 else 6
        labels.append((-area, [round(point.y, 2), round(point.x, 2), names[ident], zoom]))
    return [label for _, label in sorted(labels, key=lambda item: (item[0], item[1][2]))]
def _homes_entry(homes: list[Home]) -> list[dict]:
    """Every home: its name, the other spellings the file used (for the search), its point and shape."""
    shapes = encode_shapes([h.shape for h in homes], SHAPE_SCALE)
    entries = []
    for home, shape in zip(homes, shapes):
        point = home.shape if home.shape.geom_type == "Point" else home.shape.point_on_surface()
        others = [s for s in home.spellings if s != home.name]
        entries.append({"name": home.name, "also": others, "kind": home.kind,
                        "point": [round(point.y, 4), round(point.x, 4)], "shape": shape})  # fmt: skip
    return entries


def _bounds(shapes: list) -> list[list[float]] | None:
    if not shapes:
        return None
    west, south, east, north = shapely.total_bounds(np.array(shapes, dtype=object))
    return [[round(float(south), 3), round(float(west), 3)], [round(float(north), 3), round(float(east), 3)]]


def encode_shape(shape, scale: int) -> list[list[list[int]]]:
    """A (multi)polygon or point as polygons -> rings -> delta-encoded integer coordinates."""
    return encode_shapes([shape], scale)[0]


def encode_shapes(shapes, scale: int) -> list[list[list[list[int]]]]:
    """Each shape as ``encode_shape`` does, computed for all of them at once (numpy, no loop per point)."""
    shapes = np.asarray(list(shapes), dtype=object)
    out: list[list] = [[] for _ in range(len(shapes))]
    if not len(shapes):
        return out
    # Exteriors counter-clockwise, holes clockwise: the page fills with the non-zero rule.
    # Points (and lines) have no rings to draw, nor have empty shapes.
    polygonal = (shapely.get_type_id(shapes) >= 3) & ~shapely.is_empty(shapes)
    parts, part_shape = shapely.get_parts(shapely.orient_polygons(shapes[polygonal]), return_index=True)
    part_shape = np.flatnonzero(polygonal)[part_shape]
    if not len(parts):
        return out
    # Coordinates and ring offsets straight from GEOS, without making a geometry per ring.
    _, coords, (ring_offsets, part_offsets) = shapely.to_ragged_array(parts)
    ring_part = np.repeat(np.arange(len(parts)), np.diff(part_offsets))
    coord_ring = np.repeat(np.arange(len(ring_part)), np.diff(ring_offsets))
    coords = np.rint(coords * scale).astype(np.int64)
    first = np.ones(len(coords), dtype=bool)
    first[1:] = coord_ring[1:] != coord_ring[:-1]
    last = np.ones(len(coords), dtype=bool)
    last[:-1] = first[1:]
    keep = ~last  # a ring's closing point repeats its first
    keep[1:] &= first[1:] | np.any(coords[1:] != coords[:-1], axis=1)  # points that rounding merged
    coords, coord_ring, first = coords[keep], coord_ring[keep], first[keep]
    deltas = coords.copy()
    deltas[1:] -= coords[:-1]
    deltas[first] = coords[first]
    bounds = np.searchsorted(coord_ring, np.arange(len(ring_part) + 1))
    flat = deltas.ravel().tolist()
    polygons: list[list[list[int]]] = [[] for _ in range(len(parts))]
    for ring, part in enumerate(ring_part.tolist()):
        polygons[part].append(flat[2 * bounds[ring] : 2 * bounds[ring + 1]])
    for part, shape in enumerate(part_shape.tolist()):
        out[shape].append(polygons[part])
    return out


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
