"""The Python face of coopmap: ``build``, ``validate`` and ``export`` a file or a pandas DataFrame.

The command line is a thin layer over these functions: the same options, checked by the same
validators (``options.py``), failing with the same exceptions and messages.

>>> import coopmap
>>> page = coopmap.build("data/partners.csv", data_date="2019-02-14")   # doctest: +SKIP
>>> page.save("output/map.html")                                        # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import urllib.parse
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .config import find_config
from .errors import InputError, Problem
from .export import export_csv, export_geojson
from .headers import parse_columns, validate_columns
from .i18n import LANGUAGES, strings
from .limits import DEFAULT_LIMITS, Limits
from .options import (
    OptionError,
    ignored_option,
    validate_data_date,
    validate_embed_src,
    validate_language_tag,
    validate_link_id,
    validate_text,
    validate_tile_url,
)
from .output import write_together
from .pipeline import Build, Options, Report, build_map, check_partners, home_of
from .render import Tiles
from .snippet import partner_snippet, render_snippet
from .text import quoted

Data = str | Path | pd.DataFrame
DEFAULT_HOME = "FR-IDF"


class InvalidOption(OptionError):
    """One option's value is refused: ``option`` is its name (``data_date``), ``reason`` says why.

    The command line shows it as click does, ``Invalid value for '--data-date': …`` (exit 2).
    """

    def __init__(self, option: str, reason: str):
        super().__init__(f"{option}: {reason}")
        self.option = option
        self.reason = reason


@dataclass(frozen=True)
class Settings:
    """Checked options: what the pipeline needs, the snippet's address, and notices about ignored options."""

    options: Options
    embed_src: str | None = None
    notices: tuple[str, ...] = ()


def settings(
    *,
    lang: str = "fr",
    home: str | None = DEFAULT_HOME,
    title: str | None = None,
    data_date: str | None = None,
    data_lang: str = "fr",
    tiles: str | None = None,
    attribution: str | None = None,
    embed_src: str | None = None,
    keep_going: bool = False,
    boundaries: str | Path | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | str | None = None,
    max_rows: int = DEFAULT_LIMITS.rows,
    max_columns: int = DEFAULT_LIMITS.columns,
    max_cell_length: int = DEFAULT_LIMITS.cell_length,
    max_megabytes: int = DEFAULT_LIMITS.megabytes,
    today: dt.date | None = None,
    labels: bool = True,
) -> Settings:
    """Check every option as the command line does; raise InvalidOption naming the first one refused."""
    notices: list[str] = []
    if lang not in LANGUAGES:
        raise InvalidOption("lang", f"{quoted(lang)} is not one of {', '.join(LANGUAGES)}")
    if attribution is not None and not tiles:
        notices.append(ignored_option("--attribution", "it goes with --tiles"))
    for name, value in (("max_rows", max_rows), ("max_columns", max_columns),
                        ("max_cell_length", max_cell_length), ("max_megabytes", max_megabytes)):  # fmt: skip
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidOption(name, f"{value!r} is not a whole number of at least 1")
    options = Options(
        lang=lang,
        home=None if home is None or home.lower() == "none" else home,
        title=_checked("title", validate_text, title),
        data_date=_checked("data_date", lambda text: validate_data_date(text, today), data_date or None) or "",
        data_lang=_checked("data_lang", validate_language_tag, data_lang),
        tiles=_tiles(tiles, attribution, notices) if tiles else None,
        keep_going=keep_going,
        boundaries_dir=Path(boundaries) if boundaries is not None else None,
        sheet=str(sheet) if sheet is not None else None,
        columns=tuple(_columns(columns).items()),
        limits=Limits(rows=max_rows, columns=max_columns, cell_length=max_cell_length, megabytes=max_megabytes),
        today=today,
        labels=bool(labels),
    )
    return Settings(options, _checked("embed_src", validate_embed_src, embed_src), tuple(notices))


@dataclass(frozen=True)
class Map:
    """A built map: its page (``html``), ``report``, ``partners`` (a GeoDataFrame), ready to ``save``.

    In Jupyter it shows itself inline, in an iframe so that the page's scripts and CSP work as on a site.
    """

    html: str
    title: str
    report: Report
    partners: gpd.GeoDataFrame
    embed_src: str | None = None
    source: Path | None = field(default=None, repr=False)  # the input file, never to be overwritten
    notices: tuple[str, ...] = ()

    @property
    def snippet(self) -> str:
        """The <iframe> to paste into a web page, pointing at ``embed_src`` (default: ``map.html``)."""
        return render_snippet(self.embed_src or "map.html", self.title)

    def snippet_for(self, path: str | Path) -> str:
        """The snippet for the page saved as ``path``: ``embed_src`` when given, else the file's name."""
        return render_snippet(self.embed_src or Path(path).name, self.title)

    def link_snippet(self, ident: str, path: str | Path = "map.html") -> str:
        """The snippet that opens the map saved as ``path`` on one partner's popup (``map.html#ident``); an
        id that is no partner's (or agreement's) is refused as InvalidOption, with the closest ids."""
        _checked("link", validate_link_id, ident)
        src, ids = self.embed_src or Path(path).name, tuple(self.partners["id"])
        return _checked("link", lambda i: partner_snippet(src, self.title, i, ids), ident)

    def save(self, path: str | Path, snippet: bool = True, links: tuple[str, ...] = ()) -> Path:
        """Write the page, and with ``snippet`` ``NAME.embed.html`` beside it, and for each id of ``links``
        ``NAME.ID.embed.html`` (see ``link_snippet``): all or none, atomically. Returns ``path``."""
        path = Path(path)
        files = {path: self.html}
        if snippet:
            files[snippet_path(path)] = self.snippet_for(path)
        for ident in links:
            files[link_snippet_path(path, ident)] = self.link_snippet(ident, path)
        write_together(files, inputs=[self.source] if self.source else [])
        return path

    def _repr_html_(self) -> str:
        # srcdoc, escaped as an attribute: the page keeps its own CSP and scripts, apart from the notebook's.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" title="{html.escape(self.title)}" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'style="display:block;width:100%;height:600px;border:0"></iframe>'
        )


def snippet_path(path: Path) -> Path:
    """Where the embedding snippet of the map ``path`` goes: ``NAME.embed.html`` beside it."""
    return path.with_name(path.stem + ".embed.html")


def link_snippet_path(path: Path, ident: str) -> Path:
    """Where the snippet opening the map ``path`` on partner ``ident`` goes: ``NAME.ID.embed.html``."""
    return path.with_name(f"{path.stem}.{ident}.embed.html")


def configured(data: Data, config: str | Path | bool | None, options: dict) -> Settings:
    """``settings`` of the options given, over those of the settings file (``config``: a path; None for
    coopmap.toml beside the data file; False for none), whose refusals name the file and line."""
    found = find_config(data, config)
    from_file = {key: value for key, value in found.options.items() if key not in options}
    try:
        settings(**from_file)
    except InvalidOption as error:
        raise InputError(f"{found.where(error.option)}: {error.option}: {error.reason}") from None
    chosen = settings(**from_file, **options)
    notices = chosen.notices + ((f"settings: {found.path}",) if found.path else ())
    return Settings(dataclasses.replace(chosen.options, branding=found.branding), chosen.embed_src, notices)


def build(
    data: Data, *, config: str | Path | bool | None = None, progress: Callable[[str], None] | None = None, **options
) -> Map:
    """Build the map of ``data``: a CSV, .xlsx, .xls or .ods path, or a pandas DataFrame.

    ``options`` are the command line's, as keywords: ``lang``, ``home``, ``title``, ``data_date``,
    ``data_lang``, ``tiles``, ``attribution``, ``embed_src``, ``keep_going``, ``boundaries``, ``sheet``,
    ``max_rows``, ``columns``, ``labels``… over those of ``config`` (coopmap.toml beside the file by default). Raises
    InvalidOption for a refused option, InputError (with ``problems``) for bad data or settings file.
    """
    return build_with(data, configured(data, config, options), progress)


def build_with(data: Data, chosen: Settings, progress: Callable[[str], None] | None = None) -> Map:
    """``build`` with options already checked by ``settings`` (the command line prints their notices first)."""
    source = _source(data)
    built: Build = build_map(source, chosen.options, step=progress or (lambda stage: None))
    return Map(
        built.html, built.title, built.report, built.partners, chosen.embed_src,
        source if isinstance(source, Path) else None, chosen.notices,
    )  # fmt: skip


def validate(data: Data, *, config: str | Path | bool | None = None, **options) -> Report:
    """Check ``data`` and return the report: every problem (``report.errors``, ``report.warnings``), the
    counts and how each partner was placed. Raises InputError only when the data cannot be read at all."""
    chosen = configured(data, config, {**options, "keep_going": True})
    _, report, _ = check_partners(_source(data), chosen.options)
    return report


IMAGE_SUFFIXES = (".png", ".svg", ".pdf")
IMAGE_OPTIONS = ("size", "extent", "arcs", "title", "data_date", "lang")


def export(data: Data, path: str | Path, *, config: str | Path | bool | None = None, **options) -> Report:
    """Write the partners joined with their territories to ``path`` (``.geojson``, ``.json`` or ``.csv``),
    the home as a feature of its own; or the map as an image (``.png``, ``.svg``, ``.pdf``), with the image
    options ``size`` ('a4', 'a4-portrait', 'social', 'WxH'), ``extent`` ('partners', 'world', 'home'),
    ``arcs``, ``title``, ``data_date`` and ``lang``. Returns the report."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".geojson", ".json", ".csv", *IMAGE_SUFFIXES):
        formats = "the output must end in .geojson or .csv (the data), or .png, .svg or .pdf (an image)"
        raise InvalidOption("output", formats)
    image = {name: options.pop(name) for name in IMAGE_OPTIONS[:3] if name in options}
    if suffix in IMAGE_SUFFIXES:
        return _export_image(data, path, image, configured(data, config, options))
    for name in IMAGE_OPTIONS:
        if name in image or name in options:
            raise InvalidOption(name, "is for images: write FILE.png, FILE.svg or FILE.pdf")
    chosen = configured(data, config, options)
    source = _source(data)
    frame, report, boundaries = check_partners(source, chosen.options)
    home = report.homes or home_of(chosen.options.home, boundaries)  # the home column's, or --home
    text = export_csv(frame, home) if suffix == ".csv" else export_geojson(frame, home)
    write_together({path: text}, inputs=[source] if isinstance(source, Path) else [])
    return report


def _export_image(data: Data, path: Path, image: dict, chosen: Settings) -> Report:
    """The map as a PNG, SVG or PDF (``image.py``; matplotlib is imported only here)."""
    from .boundaries import load_basemap
    from .image import EXTENTS, ImageOptionError, ImageOptions, drawable, parse_size, render_image

    fmt = path.suffix.lower()[1:]
    try:
        parse_size(image.get("size"), fmt)
    except ImageOptionError as error:
        raise InvalidOption("size", str(error)) from None
    extent = image.get("extent", "partners")
    if extent not in EXTENTS:
        raise InvalidOption("extent", f"{quoted(str(extent))} is not one of {', '.join(EXTENTS)}")
    if extent == "home" and chosen.options.home is None:
        raise InvalidOption("extent", "'home' needs a home (not --home none)")
    if chosen.options.title and drawable(chosen.options.title):
        raise InvalidOption("title", f"cannot be drawn in the image: {drawable(chosen.options.title)}")
    source = _source(data)
    frame, report, boundaries = check_partners(source, chosen.options)
    home = home_of(chosen.options.home, boundaries)
    lang, branding = chosen.options.lang, chosen.options.branding
    title = chosen.options.title or _default_title(lang, home)
    drawn = render_image(
        frame, home,
        ImageOptions(fmt, image.get("size"), extent, bool(image.get("arcs")), title, chosen.options.data_date, lang,
                     branding.colors, branding.home_color),
        load_basemap(boundaries.directory), boundaries.countries,
    )  # fmt: skip
    write_together({path: drawn.data}, inputs=[source] if isinstance(source, Path) else [])
    where = str(source) if isinstance(source, Path) else "data"
    report.problems.extend(Problem(where, line, column, message, "warning") for line, column, message in drawn.notes)
    return report


def _default_title(lang: str, home) -> str:
    texts = strings(lang)
    return texts["title_home"].format(home=home.name) if home else texts["title"]


def _source(data: Data) -> Path | pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, str | Path):
        return Path(data)
    raise TypeError(f"cannot read a {type(data).__name__}: give a file path or a pandas DataFrame")


def _checked(option: str, validate, value):
    """``validate(value)`` unless None, its refusal raised as InvalidOption naming the option."""
    if value is None:
        return None
    try:
        return validate(value)
    except OptionError as error:
        raise InvalidOption(option, str(error)) from None


def _columns(columns: Mapping[str, str] | str | None) -> dict[str, str]:
    """``{'partner': 'Nom'}`` or the command line's ``partner=Nom,signed=Année``, checked."""
    if not columns:
        return {}
    parse = parse_columns if isinstance(columns, str) else validate_columns
    return _checked("columns", parse, columns)


def _tiles(name: str, attribution: str | None, notices: list[str]) -> Tiles:
    if re.match(r"[a-z][a-z0-9+.-]*:", name, re.IGNORECASE):
        url = _checked("tiles", validate_tile_url, name)
        text = _checked("attribution", validate_text, attribution) or ""
        return Tiles(url.url, html.escape(text or url.origin.removeprefix("https://")))
    provider = _tile_provider(name)
    if provider is None:
        examples = "e.g. 'OpenStreetMap', 'CartoDB Positron', or an https:// URL"
        raise InvalidOption("tiles", f"unknown tile provider {quoted(name)} ({examples})")
    if provider.requires_token():
        raise InvalidOption("tiles", f"{quoted(name)} needs an API key: pass its full https:// URL")
    if attribution is not None:
        notices.append(ignored_option("--attribution", f"{provider.name} comes with its own attribution"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        url = provider.build_url()
    notices.extend(f"warning: {warning.message}" for warning in caught)
    # A few providers put spaces or accents in their query: encode them, as the browser would.
    checked = _checked("tiles", validate_tile_url, urllib.parse.quote(url, safe="/:?&=%{}@!$()*+,;~._-"))
    return Tiles(checked.url, provider.html_attribution, int(provider.get("max_zoom", 18)))


def _tile_provider(name: str):
    """An xyzservices provider by name, 'OpenStreetMap' meaning its first variant (Mapnik), as in folium."""
    import xyzservices

    def key(text: str) -> str:
        return re.sub(r"[\s._-]", "", text).lower()

    providers = xyzservices.providers.flatten()
    wanted = key(name)
    for full_name, provider in providers.items():
        if key(full_name) == wanted:
            return provider
    for full_name, provider in providers.items():
        if key(full_name.split(".")[0]) == wanted:
            return provider
    return None
