"""The map as a static image (PNG, SVG or PDF), for print, slides and social media; no I/O.

Drawn with matplotlib on its Agg canvas (no display, no pyplot state), in the page's colours and marker
shapes: a light basemap of countries, the partners' territories, one marker per partner, the home,
optional great-circle links, partner names placed where they fit, a legend, the title, the data date
and the sources. The world is drawn in the Equal Earth projection centred on what is shown, so sets
that cross the antimeridian stay in one piece. Same inputs, same bytes: no dates in the metadata, fixed
SVG ids, one font file (DejaVu Sans, shipped with matplotlib).
"""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pyproj
import shapely
import shapely.affinity
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from . import i18n
from .looks import HOME_COLOR, assign_looks
from .options import OptionError
from .text import clean_cell
from .webdata import CLUSTER_FROM, Home

FORMATS = (".png", ".svg", ".pdf")
DPI = 150  # pixels per inch of a PNG; an SVG or PDF of WxH pixels is the same picture at that scale
A4 = (297 / 25.4, 210 / 25.4)  # inches
SIZES = {"a4": A4, "a4-portrait": A4[::-1], "social": (1200 / DPI, 675 / DPI)}
PIXELS = (200, 8000)  # bounds of a WxH size, each side
EXTENTS = ("partners", "world", "home")
A4_PNG_DPI = 200  # an A4 PNG: 2339×1654 pixels, print quality

# The page's colours (layers.js): land, sea, borders, the markers' and the home's dark rim.
LAND, SEA, BORDER, RIM = "#f4f1ea", "#d4e2ec", "#9c978c", "#1d232b"
INK, MUTED = "#1d232b", "#4a5059"
MIN_SPAN_M = 400_000  # the smallest map: 400 km across (a single city partner, a commune home)
MARGIN = 0.08  # of the extent, on each side
DETAIL_BELOW_M = 4_000_000  # a map narrower than this draws the finer country shapes (the basemap's are 0.05°)
LABEL_CHARS = 40  # longer names are cut with « … » on the map (the legend never shows names)
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = FontProperties(fname=_FONT_DIR / "DejaVuSans.ttf")
BOLD = FontProperties(fname=_FONT_DIR / "DejaVuSans-Bold.ttf")

_TEXTS = {
    "fr": {
        "sources": "Frontières : Natural Earth (domaine public)",
        "geonames": "villes : GeoNames (CC BY 4.0)",
        "dropped": "{n} noms non affichés faute de place",
        "dropped_one": "1 nom non affiché faute de place",
        "links": "Liens depuis {home}",
        "separator": " ; ",
    },
    "en": {
        "sources": "Boundaries: Natural Earth (public domain)",
        "geonames": "cities: GeoNames (CC BY 4.0)",
        "dropped": "{n} names not shown for lack of room",
        "dropped_one": "1 name not shown for lack of room",
        "links": "Links from {home}",
        "separator": "; ",
    },
}


class ImageOptionError(OptionError):
    """An image option is refused (size, extent, a title the font cannot draw): a usage error (exit 2)."""


@dataclass(frozen=True)
class ImageOptions:
    """What the image shows and how big it is; ``size`` is a name of SIZES or 'WxH' pixels."""

    format: str = "png"  # png, svg or pdf
    size: str | None = None  # default: 'social' for PNG, 'a4' for SVG and PDF
    extent: str = "partners"
    arcs: bool = False  # like the page, whose links are off until ticked
    title: str = ""
    data_date: str = ""  # YYYY-MM-DD, shown as « Données au … »
    lang: str = "fr"
    colors: tuple[tuple[str, str], ...] = ()  # a settings file's colours per type (config.Branding)
    home_color: str = HOME_COLOR


@dataclass
class MapImage:
    """The encoded image and what was left out of it; ``bytes(image)`` is the file's content."""

    data: bytes
    width: float  # in inches
    height: float
    labels: int = 0  # partner names drawn
    dropped: int = 0  # names that did not fit
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, warning): what the font lacks

    def __bytes__(self) -> bytes:
        return self.data


def parse_size(text: str | None, fmt: str) -> tuple[float, float, int]:
    """(width, height) in inches and the PNG's dots per inch, from 'a4', 'a4-portrait', 'social' or 'WxH'."""
    text = (text or ("social" if fmt == "png" else "a4")).strip().lower()
    if text in SIZES:
        width, height = SIZES[text]
        return width, height, A4_PNG_DPI if text.startswith("a4") else DPI
    match = re.fullmatch(r"(\d{1,5})\s*[x×]\s*(\d{1,5})", text)
    if not match:
        raise ImageOptionError(f"size {text!r} is not a4, a4-portrait, social or WxH in pixels (e.g. 1600x900)")
    width, height = (int(v) for v in match.groups())
    low, high = PIXELS
    if not (low <= width <= high and low <= height <= high):
        raise ImageOptionError(f"size {width}x{height}: each side must be {low} to {high} pixels")
    return width / DPI, height / DPI, DPI


def render_image(
    frame: gpd.GeoDataFrame, home: Home | None, options: ImageOptions = ImageOptions(), basemap=None, detail=None
) -> MapImage:
    """Draw the partners (``pipeline.check_partners``'s frame) and the home; return the encoded image.

    ``basemap``: the countries drawn under them (``boundaries.load_basemap``; default the packaged ones);
    ``detail``: finer country shapes (``Boundaries.countries``) drawn instead on maps under DETAIL_BELOW_M across.
    """
    drawing = draw_map(frame, home, options, basemap, detail)
    data = encode(drawing.figure, options.format, drawing.dpi, options.title)
    return MapImage(data, *drawing.size, drawing.labels_drawn, drawing.dropped, drawing.notes)


def encode(figure: Figure, fmt: str, dpi: int, title: str = "") -> bytes:
    """The figure as PNG, SVG or PDF bytes, with no date nor software version that would change them."""
    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "coopmap", "Producer": None},
    }[fmt]
    if title and fmt != "png":
        metadata["Title"] = title
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


_RC = {
    "svg.hashsalt": "coopmap",  # clip-path ids from a fixed salt, not a random one
    "svg.fonttype": "none",  # text stays text, searchable and readable by screen readers
    "pdf.fonttype": 42,  # TrueType, with the text extractable
    "text.parse_math": False,  # a '$' in a partner's name is a dollar sign
    "path.simplify": True,
}


# ---------------------------------------------------------------------------------------------- drawing


@dataclass
class Drawing:
    """A drawn figure and how its geography maps to it; the tests read it back."""

    figure: Figure
    axes: object
    project: pyproj.Transformer  # lon/lat -> the map's metres (Equal Earth)
    central: float  # the central meridian
    dpi: int
    size: tuple[float, float]
    markers: dict[str, tuple[float, float]] = field(default_factory=dict)  # partner id -> projected x, y
    labels: list = field(default_factory=list)  # the Text artists of the names placed
    labels_drawn: int = 0
    dropped: int = 0
    notes: list[tuple[int, str, str]] = field(default_factory=list)


def draw_map(frame: gpd.GeoDataFrame, home: Home | None, options: ImageOptions, basemap=None, detail=None) -> Drawing:
    """The figure, laid out and drawn: title, map, legend and sources (not yet encoded); ``basemap`` the
    countries drawn under the partners (default: the packaged basemap.fgb)."""
    if options.format not in ("png", "svg", "pdf"):
        raise ImageOptionError(f"unknown image format {options.format!r}: png, svg or pdf")
    if options.extent not in EXTENTS:
        raise ImageOptionError(f"extent {options.extent!r} is not one of {', '.join(EXTENTS)}")
    if options.extent == "home" and home is None:
        raise ImageOptionError("extent 'home' needs a home (--home)")
    reason = drawable(options.title)
    if reason:
        raise ImageOptionError(f"the title cannot be drawn: {reason}")
    width, height, dpi = parse_size(options.size, options.format)
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")  # told as notes instead
        return _draw(frame, home, options, width, height, dpi, basemap, detail)


def _draw(frame, home, options, width, height, dpi, basemap, detail) -> Drawing:
    nudge = 1e-6 if options.format == "png" else 0  # pixels are counted by truncation: 1599.9999 would be 1599
    figure = Figure(figsize=(width + nudge, height + nudge), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)  # the Agg backend, explicitly: no display needed
    renderer = canvas.get_renderer()
    base = _font_size(width, height)
    texts = {**i18n.strings(options.lang), **_TEXTS[options.lang]}
    # Each type's colour and shape as the page gives them (looks.py), in the page's order: first appearance.
    looks = assign_looks(frame["type"], dict(options.colors), options.home_color).by_type
    types = {kind: looks[kind] for kind in dict.fromkeys(frame["type"])}
    located = frame[frame["marker"].notna()]
    if "partner_key" in located:  # one marker per partner, as on the page: its first row in the file places it
        located = located.sort_values("line", kind="stable").drop_duplicates("partner_key").sort_index()

    central, view = _view(frame, home, options.extent)
    project = pyproj.Transformer.from_crs(4326, _crs(central), always_xy=True)
    pad = base / 72 * 0.9
    top = _draw_header(figure, renderer, options, texts, base, pad, height)
    notes: list[tuple[int, str, str]] = []
    bottom, footer = _draw_footer(figure, renderer, frame, home, types, texts, base, pad, width, options, notes)
    axes = figure.add_axes((pad / width, bottom / height, 1 - 2 * pad / width, (top - bottom) / height))
    axes.set_axis_off()
    box = axes.get_position()
    _set_limits(axes, _projected_bounds(view, project, central, options.extent), box.width * width,
                box.height * height)  # fmt: skip
    drawing = Drawing(figure, axes, project, central, dpi, (width, height), notes=notes)
    _draw_globe(axes, project, central)
    (x0, x1) = axes.get_xlim()
    _draw_basemap(axes, detail if detail is not None and x1 - x0 < DETAIL_BELOW_M else basemap, project, central, dpi)
    _draw_territories(axes, frame, types, project, central)
    if home is not None:
        _draw_home(axes, home, project, central, base, options.home_color)
    if options.arcs and home is not None:
        _draw_arcs(axes, located, home, types, project, central)
    # Beyond CLUSTER_FROM markers the page clusters them; the image draws them smaller instead.
    marker_size = base * (1.45 if len(located) <= CLUSTER_FROM else 0.95)
    boxes = _draw_markers(axes, located, types, project, central, marker_size, drawing)
    _place_labels(axes, renderer, located, drawing, boxes, base, marker_size)
    _write_footnote(footer, drawing, texts)
    return drawing


def _font_size(width: float, height: float) -> float:
    """Text size in points, growing with the page: 9 pt on A4, about 6.6 pt on a 1200×675 image."""
    return min(14.0, max(5.0, 9.0 * math.sqrt(min(width, height) / A4[1])))


# ---------------------------------------------------------------------------------------------- the view


def _crs(central: float) -> pyproj.CRS:
    return pyproj.CRS.from_proj4(f"+proj=eqearth +lon_0={central:.6f} +datum=WGS84 +units=m +no_defs")


def _view(frame, home, extent: str):
    """The central meridian and the shapes the map must show."""
    if extent == "world":
        return 0.0, None
    if extent == "home":
        shapes = [home.shape]
    else:
        shapes = [g for g in frame.geometry if g is not None] + [m for m in frame["marker"] if m is not None]
        if home is not None:
            shapes.append(home.shape)  # the page's view holds the home too: links start there
    if not shapes:
        return 0.0, None
    return _central_meridian(shapes), shapes


def _central_meridian(shapes) -> float:
    """The middle of the shortest stretch of longitudes covering every shape: across the antimeridian
    when that is shorter (Fiji and Samoa are one Pacific map, not two halves of the world)."""
    intervals = []
    for shape in shapes:
        for part in shapely.get_parts(shape):
            west, _, east, _ = part.bounds
            intervals.append((west, east))
    intervals.sort()
    merged = [list(intervals[0])]
    for west, east in intervals[1:]:
        if west <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], east)
        else:
            merged.append([west, east])
    # The largest gap between covered stretches (round the back too) is what the map leaves out.
    gaps = [(merged[i + 1][0] - merged[i][1], merged[i][1]) for i in range(len(merged) - 1)]
    gaps.append((merged[0][0] + 360 - merged[-1][1], merged[-1][1]))
    size, start = max(gaps)
    covered = 360 - size
    centre = start + size + covered / 2
    return ((centre + 180) % 360) - 180


def _wrap(shapes, central: float):
    """Shapes cut at the map's edge (central ± 180°) and their pieces moved inside it."""
    west, east = central - 180 + 1e-7, central + 180 - 1e-7
    out = []
    for shape in shapes:
        if shape is None or shape.is_empty:
            out.append(None)
            continue
        x0, _, x1, _ = shape.bounds
        if west <= x0 and x1 <= east:
            out.append(shape)
            continue
        pieces = [shapely.clip_by_rect(shapely.affinity.translate(shape, k * 360), west, -90, east, 90)
                  for k in (-1, 0, 1)]  # fmt: skip
        pieces = [p for p in pieces if not p.is_empty]
        out.append(shapely.union_all(pieces) if pieces else None)
    return out


def _project(shapes, project, central: float):
    wrapped = _wrap(shapes, central)
    array = np.array([s if s is not None else shapely.Point() for s in wrapped], dtype=object)
    projected = shapely.transform(array, lambda xy: np.column_stack(project.transform(xy[:, 0], xy[:, 1])))
    return [None if (s is None or s.is_empty) else p for s, p in zip(wrapped, projected)]


def _projected_bounds(view, project, central: float, extent: str):
    """The rectangle to show, in metres, with a margin; the whole world when there is nothing to frame."""
    world = _globe(project, central).bounds
    if view is None:
        return world
    projected = [s for s in _project(view, project, central) if s is not None]
    west, south, east, north = shapely.total_bounds(np.array(projected, dtype=object))
    margin = MARGIN * 3 if extent == "home" else MARGIN
    span_x, span_y = max(east - west, MIN_SPAN_M), max(north - south, MIN_SPAN_M)
    cx, cy = (west + east) / 2, (south + north) / 2
    span_x, span_y = span_x * (1 + 2 * margin), span_y * (1 + 2 * margin)
    return cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2


def _set_limits(axes, bounds, width_in: float, height_in: float) -> None:
    """Show ``bounds``, widened in one direction so that a metre is as long across as up."""
    west, south, east, north = bounds
    cx, cy = (west + east) / 2, (south + north) / 2
    span_x, span_y = east - west, north - south
    if span_x / span_y < width_in / height_in:
        span_x = span_y * width_in / height_in
    else:
        span_y = span_x * height_in / width_in
    axes.set_xlim(cx - span_x / 2, cx + span_x / 2)
    axes.set_ylim(cy - span_y / 2, cy + span_y / 2)
    axes.set_aspect("equal", adjustable="box")


def _globe(project, central: float):
    """The outline of the whole sphere in the projection (the sea)."""
    lats = np.linspace(-90, 90, 181)
    east = np.column_stack([np.full_like(lats, central + 180 - 1e-7), lats])
    west = np.column_stack([np.full_like(lats, central - 180 + 1e-7), lats[::-1]])
    ring = np.vstack([east, west])
    xs, ys = project.transform(ring[:, 0], ring[:, 1])
    return shapely.Polygon(np.column_stack([xs, ys]))


# ---------------------------------------------------------------------------------------------- layers


def _paths(shapes) -> list[MplPath]:
    """Shapely (multi)polygons as matplotlib paths, holes included (exteriors and holes wound apart)."""
    paths = []
    for shape in shapes:
        vertices, codes = [], []
        for polygon in shapely.get_parts(shapely.orient_polygons(shape)):
            for ring in (polygon.exterior, *polygon.interiors):
                coords = np.asarray(ring.coords)
                if len(coords) < 4:
                    continue
                vertices.append(coords)
                codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY])
        if vertices:
            paths.append(MplPath(np.vstack(vertices), np.concatenate(codes)))
    return paths


def _draw_globe(axes, project, central) -> None:
    axes.add_collection(PathCollection(_paths([_globe(project, central)]), facecolors=SEA, edgecolors="none",
                                       zorder=0))  # fmt: skip


def _view_box(axes):
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    return shapely.box(x0, y0, x1, y1)


def _fit(shapes, axes, dpi: int):
    """Shapes cut to the view and simplified to a pixel at 300 dpi (or the PNG's own, if finer): smaller files,
    no visible change in print."""
    box = _view_box(axes)
    width_px = axes.get_position().width * axes.figure.get_figwidth() * max(dpi, 300)
    tolerance = (box.bounds[2] - box.bounds[0]) / width_px
    grown = box.buffer((box.bounds[2] - box.bounds[0]) * 0.02)
    kept = [s for s in shapes if s is not None and s.intersects(grown)]
    clipped = [shapely.clip_by_rect(s, *grown.bounds) for s in kept]
    return [shapely.simplify(s, tolerance) for s in clipped if not s.is_empty]


def _draw_basemap(axes, basemap, project, central, dpi) -> None:
    if basemap is None:
        from .boundaries import DEFAULT_DIR, load_basemap

        basemap = load_basemap(DEFAULT_DIR)
    shapes = [s for s in _project(list(basemap.geometry), project, central) if s is not None]
    axes.add_collection(PathCollection(_paths(_fit(shapes, axes, dpi)), facecolors=LAND, edgecolors=BORDER,
                                       linewidths=0.3, zorder=1))  # fmt: skip


def outline_color(color: str, backgrounds=(LAND, SEA)) -> str:
    """A type's colour darkened just enough to stand out 3:1 from land and sea (static/util.js's outline)."""
    rgb = [int(color[k : k + 2], 16) for k in (1, 3, 5)]
    for step in range(51):
        factor = 1 - step * 0.02
        out = "#" + "".join(f"{round(v * factor):02x}" for v in rgb)
        if all(_contrast(out, b) >= 3 for b in backgrounds):
            return out
    return "#000000"


def _contrast(a: str, b: str) -> float:
    def luminance(hex_color: str) -> float:
        c = [int(hex_color[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    la, lb = luminance(a.lower()), luminance(b.lower())
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _draw_territories(axes, frame, types, project, central) -> None:
    """Each territory once, in the colour of its first partner's type (as the page draws it)."""
    first = {}
    for row in frame.itertuples():
        if row.territory and row.territory not in first:
            first[row.territory] = (row.geometry, types[row.type].color)
    if not first:
        return
    shapes = _project([shape for shape, _ in first.values()], project, central)
    kept = [(s, t) for s, (_, t) in zip(shapes, first.values()) if s is not None]
    fitted = [(_fit([s], axes, 300), t) for s, t in kept]
    fitted = [(f[0], t) for f, t in fitted if f]
    if not fitted:
        return
    axes.add_collection(PathCollection(
        _paths([s for s, _ in fitted]), facecolors=[matplotlib.colors.to_rgba(c, 0.35) for _, c in fitted],
        edgecolors=[outline_color(c) for _, c in fitted], linewidths=0.8, zorder=2,
    ))  # fmt: skip


def _draw_home(axes, home: Home, project, central, base: float, color: str) -> None:
    (shape,) = _project([home.shape], project, central)
    if shape is None:
        return
    if shape.geom_type == "Point":
        axes.scatter([shape.x], [shape.y], s=(base * 1.2) ** 2, marker="o", facecolors=color,
                     edgecolors=RIM, linewidths=1.2, zorder=5)  # fmt: skip
        return
    axes.add_collection(PathCollection(_paths(_fit([shape], axes, 300)), facecolors=matplotlib.colors.to_rgba(
        color, 0.75), edgecolors=RIM, linewidths=1.0, zorder=3))  # fmt: skip


def _home_point(home: Home):
    """Where the links start: the commune, or a point inside the territory (as webdata's home entry)."""
    return home.shape if home.shape.geom_type == "Point" else home.shape.point_on_surface()


def great_circle(a, b, steps: int = 48) -> np.ndarray:
    """(lon, lat) points along the great circle from a to b, longitudes kept continuous (util.js geodesic)."""
    lon1, lat1, lon2, lat2 = np.radians([a[0], a[1], b[0], b[1]])
    d = 2 * np.arcsin(np.sqrt(np.sin((lat2 - lat1) / 2) ** 2
                              + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2))  # fmt: skip
    if d == 0:
        return np.array([a, b], dtype=float)
    f = np.linspace(0, 1, steps + 1)
    A, B = np.sin((1 - f) * d) / np.sin(d), np.sin(f * d) / np.sin(d)
    x = A * np.cos(lat1) * np.cos(lon1) + B * np.cos(lat2) * np.cos(lon2)
    y = A * np.cos(lat1) * np.sin(lon1) + B * np.cos(lat2) * np.sin(lon2)
    z = A * np.sin(lat1) + B * np.sin(lat2)
    lats = np.degrees(np.arctan2(z, np.sqrt(x * x + y * y)))
    lons = np.degrees(np.unwrap(np.arctan2(y, x)))
    return np.column_stack([lons, lats])


def _draw_arcs(axes, located, home: Home, types, project, central) -> None:
    start = _home_point(home)
    for row in located.itertuples():
        line = great_circle((start.x, start.y), (row.marker.x, row.marker.y))
        # Into the map's frame, split where it crosses the edge.
        lons = (line[:, 0] - central + 180) % 360 + central - 180
        breaks = np.where(np.abs(np.diff(lons)) > 180)[0] + 1
        for part_lons, part_lats in zip(np.split(lons, breaks), np.split(line[:, 1], breaks)):
            xs, ys = project.transform(part_lons, part_lats)
            axes.plot(xs, ys, color=types[row.type].color, linewidth=0.9, alpha=0.8,
                      linestyle=(0, (3, 3)), zorder=4, solid_capstyle="butt")  # fmt: skip


# ---------------------------------------------------------------------------------------------- markers


def _css_points(clip: str) -> np.ndarray | None:
    """A CSS clip-path of render.SHAPES as vertices in a unit box centred on 0 (y up); None for a circle."""
    if clip.startswith("circle"):
        return None
    if clip.startswith("inset"):
        inset = float(re.search(r"([\d.]+)%", clip).group(1)) / 100
        h = 0.5 - inset
        return np.array([(-h, -h), (h, -h), (h, h), (-h, h), (-h, -h)])
    pairs = re.findall(r"([\d.]+)%?\s+([\d.]+)%?", clip[clip.index("(") + 1 :])
    points = np.array([(float(x) / 100 - 0.5, 0.5 - float(y) / 100) for x, y in pairs])
    return np.vstack([points, points[:1]])


def marker_style(index: int) -> tuple[MarkerStyle, float]:
    """Marker shape number ``index`` (the page's, from render.SHAPES) and its size relative to a circle."""
    from .render import SHAPES

    points = _css_points(SHAPES[index % len(SHAPES)])
    if points is None:
        return MarkerStyle("o"), 1.0
    # matplotlib scales a marker to its largest coordinate: keep the page's proportions within the box.
    return MarkerStyle(MplPath(points, closed=True)), float(np.max(np.abs(points)) / 0.5)


def _offsets(located, scale: float) -> list[tuple[float, float]]:
    """Markers at one place fanned out on a small ring, as layers.js's markerOffsets (pixels -> metres)."""
    groups: dict[tuple, list[int]] = {}
    for i, marker in enumerate(located["marker"]):
        groups.setdefault((round(marker.y, 4), round(marker.x, 4)), []).append(i)
    offsets = [(0.0, 0.0)] * len(located)
    for members in groups.values():
        radius = 8 + 2 * len(members) if len(members) > 1 else 0
        for k, index in enumerate(members):
            angle = 2 * math.pi * k / len(members) - math.pi / 2
            offsets[index] = (radius * math.cos(angle) * scale, -radius * math.sin(angle) * scale)
    return offsets


def _draw_markers(axes, located, types, project, central, size_pt: float, drawing: Drawing) -> np.ndarray:
    """One marker per located partner, by type; returns their boxes in display pixels."""
    if located.empty:
        return np.zeros((0, 4))
    xs, ys = project.transform(
        [((m.x - central + 180) % 360) + central - 180 for m in located["marker"]], [m.y for m in located["marker"]]
    )
    (x0, x1) = axes.get_xlim()
    width_pt = axes.get_position().width * axes.figure.get_figwidth() * 72
    metres_per_px = (x1 - x0) / width_pt * size_pt / 18  # the page's ring is for 24-px markers (about 18 pt)
    shifts = _offsets(located, metres_per_px)
    xs = np.array(xs) + [s[0] for s in shifts]
    ys = np.array(ys) + [s[1] for s in shifts]
    order = list(types)
    kinds = np.array([order.index(t) for t in located["type"]])
    for ident, x, y in zip(located["id"], xs, ys):
        drawing.markers[ident] = (float(x), float(y))
    for index in sorted(set(kinds)):
        chosen = kinds == index
        look = types[order[index]]
        style, scale = marker_style(look.shape)
        axes.scatter(xs[chosen], ys[chosen], s=(size_pt * scale) ** 2, marker=style, facecolors=look.color,
                     edgecolors=RIM, linewidths=size_pt / 9, zorder=6)  # fmt: skip
        if look.mark:  # a white inner mark, as on the page
            axes.scatter(xs[chosen], ys[chosen], s=(size_pt * 0.4) ** 2, marker="o", facecolors="white",
                         edgecolors=RIM, linewidths=size_pt / 18, zorder=7)  # fmt: skip
    centres = axes.transData.transform(np.column_stack([xs, ys]))
    half = size_pt / 72 * drawing.dpi / 2
    return np.column_stack([centres[:, 0] - half, centres[:, 1] - half, centres[:, 0] + half, centres[:, 1] + half])


# ---------------------------------------------------------------------------------------------- labels


@functools.cache
def _font_chars() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(FONT.get_file())).get_charmap())


def drawable(text: str) -> str | None:
    """Why the font cannot draw ``text`` as it reads, or None: a missing glyph, or right-to-left script
    (matplotlib lays text out left to right, with no Arabic shaping)."""
    chars = _font_chars()
    for ch in text:
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            return "right-to-left script"
        if not ch.isspace() and ord(ch) not in chars and unicodedata.category(ch)[0] != "M":
            return f"no glyph for {ch!r} (U+{ord(ch):04X}) in DejaVu Sans"
    return None


def label_text(name: str) -> str:
    """A partner's name as the map shows it: on one line, invisible characters out, at most LABEL_CHARS."""
    text, _ = clean_cell(" ".join(str(name).split()))
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _place_labels(axes, renderer, located, drawing: Drawing, markers: np.ndarray, base: float, size_pt: float):
    """Names beside their markers, first come first placed (the CSV's order), each in the first of eight
    positions where it overlaps no other name, no marker and stays on the map; the others are left out."""
    box = axes.get_window_extent(renderer)
    px = drawing.dpi / 72
    gap = size_pt / 2 * px + 2 * px
    pad = 0.15 * base * px
    placed = np.zeros((0, 4))
    font = FONT.copy()
    font.set_size(base * 0.9)
    for i, row in enumerate(located.itertuples()):
        cx, cy = (markers[i, 0] + markers[i, 2]) / 2, (markers[i, 1] + markers[i, 3]) / 2
        if not box.contains(cx, cy):  # off the map (--extent home): no name to miss
            continue
        text = label_text(row.partner)
        reason = drawable(text)
        if reason:
            drawing.notes.append((row.line, "partner", f"the name is not drawn on the map ({reason})"))
            drawing.dropped += 1
            continue
        if not text:
            continue
        label = axes.text(0, 0, text, fontproperties=font, ha="center", va="center", color=INK, zorder=8,
                          bbox={"boxstyle": f"round,pad={pad / (base * 0.9 * px):.3f}", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.8})  # fmt: skip
        extent = label.get_window_extent(renderer)  # the text's box; the white box adds pad round it
        w, h = extent.width + 2 * pad + 2, extent.height + 2 * pad + 2
        spot = _free_spot(cx, cy, w, h, gap, placed, markers, i, box)
        if spot is None:
            label.remove()
            drawing.dropped += 1
            continue
        placed = np.vstack([placed, spot])
        label.set_position(axes.transData.inverted().transform(((spot[0] + spot[2]) / 2, (spot[1] + spot[3]) / 2)))
        label.set_gid(f"label-{i}")
        drawing.labels.append(label)
    drawing.labels_drawn = len(drawing.labels)


def _free_spot(cx, cy, w, h, gap, placed, markers, own: int, box):
    """The first of eight positions round a marker whose box is clear; None if none is."""
    candidates = [
        (cx + gap, cy - h / 2), (cx - gap - w, cy - h / 2), (cx - w / 2, cy + gap), (cx - w / 2, cy - gap - h),
        (cx + gap * 0.7, cy + gap * 0.7), (cx - gap * 0.7 - w, cy + gap * 0.7),
        (cx + gap * 0.7, cy - gap * 0.7 - h), (cx - gap * 0.7 - w, cy - gap * 0.7 - h),
    ]  # fmt: skip
    others = np.delete(markers, own, axis=0)
    for x0, y0 in candidates:
        spot = np.array([x0, y0, x0 + w, y0 + h])
        if x0 < box.x0 or y0 < box.y0 or x0 + w > box.x1 or y0 + h > box.y1:
            continue
        if _overlaps(spot, placed) or _overlaps(spot, others):
            continue
        return spot
    return None


def _overlaps(spot: np.ndarray, boxes: np.ndarray) -> bool:
    if not len(boxes):
        return False
    return bool(np.any((boxes[:, 0] < spot[2]) & (spot[0] < boxes[:, 2]) & (boxes[:, 1] < spot[3])
                       & (spot[1] < boxes[:, 3])))  # fmt: skip


# ---------------------------------------------------------------------------------------------- text


def _draw_header(figure, renderer, options, texts, base, pad, height) -> float:
    """Title and data date at the top; returns the height (inches) where the map's top goes."""
    y = height - pad
    title = figure.text(pad / figure.get_figwidth(), y / height, label_text_line(options.title, 300),
                        fontproperties=_sized(BOLD, base * 1.6), va="top", ha="left", color=INK)  # fmt: skip
    _shrink_to_width(title, renderer, figure.get_figwidth() - 2 * pad)
    y -= title.get_window_extent(renderer).height / figure.dpi
    if options.data_date:
        date = texts["data_date"].format(date=i18n.format_date(options.data_date, options.lang))
        line = figure.text(pad / figure.get_figwidth(), (y - base / 72 * 0.4) / height, date,
                           fontproperties=_sized(FONT, base), va="top", ha="left", color=MUTED)  # fmt: skip
        y -= line.get_window_extent(renderer).height / figure.dpi + base / 72 * 0.4
    return y - pad * 0.6


def label_text_line(text: str, limit: int) -> str:
    cleaned, _ = clean_cell(" ".join(str(text).split()))
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _shrink_to_width(text, renderer, width_in: float) -> None:
    """A title too long for the page is set smaller (down to 60%), then cut."""
    size = text.get_fontsize()
    while text.get_window_extent(renderer).width / text.figure.dpi > width_in and text.get_fontsize() > size * 0.6:
        text.set_fontsize(text.get_fontsize() * 0.92)
    full = text.get_text()
    while text.get_window_extent(renderer).width / text.figure.dpi > width_in and len(text.get_text()) > 10:
        full = full[: int(len(full) * 0.95)]
        text.set_text(full.rstrip() + "…")


def _sized(font: FontProperties, size: float) -> FontProperties:
    copy = font.copy()
    copy.set_size(size)
    return copy


def _draw_footer(figure, renderer, frame, home, types, texts, base, pad, width, options, notes):
    """The legend (types with their shape and colour, the home, the links) and the sources line at the
    bottom; returns the height (inches) where the map's bottom goes, and the sources text to complete."""
    handles, labels, home_color = [], [], options.home_color
    for label, look in types.items():
        reason = drawable(label)
        if reason:  # drawn all the same (its shape and colour say which it is): the user is told
            line = int(frame.loc[frame["type"] == label, "line"].iloc[0])
            notes.append((line, "type", f"the type is drawn with gaps in the legend ({reason})"))
        style, scale = marker_style(look.shape)
        handles.append(Line2D([], [], linestyle="none", marker=style, markersize=base * 1.2 * scale,
                              markerfacecolor=look.color, markeredgecolor=RIM, markeredgewidth=base / 9))
        labels.append(label_text_line(label, 60))
    if home is not None:
        handles.append(Patch(facecolor=matplotlib.colors.to_rgba(home_color, 0.75), edgecolor=RIM))
        labels.append(texts["home"].format(home=label_text_line(home.name, 60)))
        if options.arcs:
            handles.append(Line2D([], [], color=MUTED, linewidth=0.9, linestyle=(0, (3, 3))))
            labels.append(texts["links"].format(home=label_text_line(home.name, 60)))
    sources = figure.text(1 - pad / width, pad / figure.get_figheight(), _sources(frame, home, texts),
                          fontproperties=_sized(FONT, base * 0.8), ha="right", va="bottom", color=MUTED)  # fmt: skip
    line_h = sources.get_window_extent(renderer).height / figure.dpi
    bottom = pad + line_h * 1.6
    if handles:
        legend = None
        for ncols in range(min(len(handles), 4), 0, -1):
            if legend is not None:
                legend.remove()
            anchor = (pad / width, bottom / figure.get_figheight())
            legend = figure.legend(handles, labels, loc="lower left", ncols=ncols, frameon=False,
                                   prop=_sized(FONT, base), bbox_to_anchor=anchor, borderaxespad=0, borderpad=0,
                                   handletextpad=0.4, columnspacing=1.5)  # fmt: skip
            if legend.get_window_extent(renderer).width / figure.dpi <= width - 2 * pad:
                break
        bottom += legend.get_window_extent(renderer).height / figure.dpi + pad * 0.5
    return bottom, sources


def _sources(frame, home, texts) -> str:
    """Natural Earth always; GeoNames when a city or commune of the gazetteer is shown."""
    parts = [texts["sources"]]
    cities = any(how == "city name" for how in frame["placed_by"])
    if cities or (home is not None and home.shape.geom_type == "Point"):
        parts.append(texts["geonames"])
    return texts["separator"].join(parts)


def _write_footnote(sources, drawing: Drawing, texts) -> None:
    if drawing.dropped:
        note = texts["dropped_one"] if drawing.dropped == 1 else texts["dropped"].format(n=drawing.dropped)
        sources.set_text(note + " · " + sources.get_text())
