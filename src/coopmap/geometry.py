"""Turn resolved partners into a GeoDataFrame: one territory and one marker point per partner."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .boundaries import Boundaries


def build_partner_frame(resolved: pd.DataFrame, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """Add ``territory`` (a key shared by partners drawn on the same shape), ``geometry`` and ``marker``.

    The geometry is the dissolved union of the partner's units or countries, or its point;
    the marker is the partner's own point, else a point inside the largest part of its territory.
    """
    columns = (resolved["located"].tolist(), resolved["unit_ids"].tolist(), resolved["country_ids"].tolist())
    keys = [_territory_key(*values) for values in zip(*columns)]
    shapes = {key: _dissolve(key, boundaries) for key in dict.fromkeys(k for k in keys if k)}
    labels = {key: label_point(shape) for key, shape in shapes.items()}  # once per territory, not per partner
    lats, lons = resolved["lat"].tolist(), resolved["lon"].tolist()
    has_point = [lat is not None and lon is not None for lat, lon in zip(lats, lons)]
    points = shapely.points([lon if own else 0.0 for lon, own in zip(lons, has_point)],
                            [lat if own else 0.0 for lat, own in zip(lats, has_point)])  # fmt: skip
    geometry = []
    markers = []
    for key, own, point in zip(keys, has_point, points):
        own_point = point if own else None
        shape = shapes.get(key) if key else None
        geometry.append(shape if shape is not None else own_point)
        markers.append(own_point if own_point is not None else labels.get(key))
    frame = gpd.GeoDataFrame(resolved, geometry=geometry, crs=4326)  # the caller's frame is not used after
    frame["territory"] = [key or "" for key in keys]
    frame["marker"] = gpd.GeoSeries(markers, crs=4326)
    return frame


def _territory_key(located: str, unit_ids, country_ids) -> str:
    if located == "area":
        return "units:" + ";".join(unit_ids)
    if located == "country":
        return "countries:" + ";".join(sorted(country_ids))
    return ""


def _dissolve(key: str, boundaries: Boundaries):
    kind, _, ids = key.partition(":")
    table = boundaries.unit_shapes if kind == "units" else boundaries.country_shapes
    shapes = [table[ident] for ident in ids.split(";")]
    return shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)


def home_shape(country: str, unit_ids: tuple[str, ...], boundaries: Boundaries):
    """The home territory's geometry."""
    key = "units:" + ";".join(unit_ids) if unit_ids else f"countries:{country}"
    return _dissolve(key, boundaries)


def label_point(shape) -> shapely.Point:
    """A point surely inside the largest part of a shape, where its marker goes."""
    parts = shapely.get_parts(shape)
    largest = max(parts, key=lambda part: part.area) if len(parts) else shape
    return largest.point_on_surface()
