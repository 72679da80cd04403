"""The table of contents of a build: read, validate, resolve, join, render."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .agreements import group_agreements
from .boundaries import Boundaries, load_basemap, load_boundaries
from .cleaning import clean_table, merge_categories
from .config import Branding
from .errors import InputError, Problem
from .geometry import build_partner_frame
from .homes import Home, home_from_place, resolve_homes
from .i18n import strings
from .limits import DEFAULT_LIMITS, Limits
from .looks import assign_looks
from .options import validate_language_tag
from .partners import COLUMNS, load_frame, load_table, validate_partners, with_labels
from .render import Tiles, render_page
from .resolve import GUESSES, describe_placement, resolve_home, resolve_partners
from .snippet import render_snippet
from .text import fold_category, quoted
from .webdata import build_page_data

# The stages a build reports to a progress bar, in order.
STAGES = ("reading", "resolving", "joining", "rendering")


def _quiet(stage: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class Options:
    """What a user may choose for a map; the defaults make Île-de-France's map in French."""

    lang: str = "fr"
    home: str | None = "FR-IDF"
    title: str | None = None
    data_date: str = ""
    tiles: Tiles | None = None
    boundaries_dir: Path | None = None
    keep_going: bool = False
    today: dt.date | None = None
    limits: Limits = DEFAULT_LIMITS
    sheet: str | None = None  # a workbook's sheet, by name or 1-based number
    branding: Branding = Branding()  # the region's colours, logo and source link (coopmap.toml)
    data_lang: str = "fr"  # the language the CSV's texts are written in, whatever the interface's
    columns: tuple[tuple[str, str], ...] = ()  # (column, header) pairs for headers not recognised by headers.py
    labels: bool = True  # partner names and country names written on the map


@dataclass(frozen=True)
class Placed:
    """One line of the placement table: a partner, where it went, and how."""

    line: int
    id: str
    partner: str
    where: str
    placed_by: str


@dataclass
class Report:
    """What happened to the partners, for the summary the CLI prints."""

    partners: int = 0
    agreements: int = 0  # rows: a partner may have several
    as_area: int = 0
    as_country: int = 0
    as_point: int = 0
    not_located: int = 0
    left_out: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    placed_by: dict[str, int] = field(default_factory=dict)  # how many partners each way (resolve.GUESSES…)
    placements: list[Placed] = field(default_factory=list)
    homes: list[Home] = field(default_factory=list)  # the French collectivities the rows start from
    source: str = ""  # the file's name in messages, or <DataFrame>

    @property
    def counted(self) -> str:
        """« 10 partners », or « 10 partners (12 agreements) » when some have several."""
        text = f"{self.partners} partners"
        return text if self.agreements == self.partners else f"{text} ({self.agreements} agreements)"

    @property
    def guesses(self) -> dict[str, int]:
        """The partners placed from their names alone, by way: what a user should check."""
        return {how: n for how, n in self.placed_by.items() if how in GUESSES}

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass(frozen=True)
class Build:
    """A built map: the page, its embedding snippet, the report, and the partners as drawn."""

    html: str
    snippet: str
    title: str
    report: Report
    partners: gpd.GeoDataFrame | None = None


def load_partners_table(data: Path | pd.DataFrame, options: Options):
    """The cells of the input, a file (CSV or workbook) or a pandas DataFrame, within the limits."""
    if isinstance(data, pd.DataFrame):
        return load_frame(data, options.limits, dict(options.columns))
    return load_table(Path(data), options.limits, options.sheet, dict(options.columns))


def check_partners(
    data: Path | pd.DataFrame,
    options: Options,
    boundaries: Boundaries | None = None,
    step: Callable[[str], None] = _quiet,
):
    """Read, validate and resolve the partners of a file or a DataFrame. Returns (partners GeoDataFrame,
    report, boundaries).

    Raises InputError listing every problem when there are errors, unless ``keep_going``: then rows
    with errors are left out, except those whose territory alone was not found (kept as not located).
    """
    step("reading")
    table, cleaned = clean_table(load_partners_table(data, options))
    path = table.path
    partners, problems = validate_partners(table, options.today)
    partners, merged = merge_categories(partners, path)
    problems = [*table.notes, *cleaned, *problems, *merged]
    if any(p.is_error and p.line == 1 for p in problems) or partners.empty:
        raise InputError(f"{path}: cannot be read as a partners file", tuple(with_labels(problems, table)))
    step("resolving")
    boundaries = boundaries or load_boundaries(options.boundaries_dir)
    resolved, resolve_problems = resolve_partners(partners, boundaries, path)
    homes, home_rows, home_problems = resolve_homes(resolved, options.home, boundaries, path)
    resolved["home_index"] = pd.Series(home_rows, index=resolved.index, dtype=object)
    if home_problems:
        bad = {p.line for p in home_problems}
        resolved["has_error"] = [e or line in bad for e, line in zip(resolved["has_error"], resolved["line"])]
    resolved, grouped = group_agreements(resolved, path)
    problems = sorted(problems + resolve_problems + home_problems + grouped, key=lambda p: p.sort_key(COLUMNS))
    report = Report(problems=with_labels(problems, table), homes=homes, source=path)
    if report.errors and not options.keep_going:
        raise InputError(f"{path}: {len(report.errors)} error(s), nothing written", tuple(report.problems))
    has_error = resolved["has_error"].astype(bool)
    report.left_out = list(resolved.loc[has_error, "id"])
    kept = resolved[~has_error].reset_index(drop=True)
    step("joining")
    frame = build_partner_frame(kept, boundaries)
    _count(report, frame)
    report.placements = _placements(frame, boundaries)
    return frame, report, boundaries


def _count(report: Report, frame: gpd.GeoDataFrame) -> None:
    """Partners as the map shows them (several agreements with one partner count once), placed as their first row."""
    report.agreements = len(frame)
    if "partner_key" in frame:
        frame = frame.sort_values("line", kind="stable").drop_duplicates("partner_key")
    located = frame["located"]
    report.partners = len(frame)
    report.as_area = int((located == "area").sum())
    report.as_country = int((located == "country").sum())
    report.as_point = int((located == "point").sum())
    report.not_located = int((located == "").sum())
    report.placed_by = dict(Counter(how for how in frame["placed_by"] if how))


def _placements(frame: gpd.GeoDataFrame, boundaries: Boundaries) -> list[Placed]:
    return [
        Placed(row.line, row.id, row.partner, describe_placement(row, boundaries), row.placed_by or "not located")
        for row in frame.itertuples()
    ]


def build_map(
    data: Path | pd.DataFrame,
    options: Options = Options(),
    snippet_src: str = "map.html",
    step: Callable[[str], None] = _quiet,
) -> Build:
    """Build the offline HTML map of the partners in ``data`` (a file or a DataFrame); ``step`` is told
    each stage as it starts."""
    data_lang = validate_language_tag(options.data_lang)
    with fewer_collections():
        return _build_map(data, options, snippet_src, step, data_lang)


def _build_map(data, options: Options, snippet_src: str, step: Callable[[str], None], data_lang: str) -> Build:
    frame, report, boundaries = check_partners(data, options, step=step)
    step("rendering")
    homes = _used_homes(frame, report.homes)
    home = homes[0] if len(homes) == 1 else None
    title = options.title or _default_title(options.lang, home)
    basemap = None if options.tiles else load_basemap(boundaries.directory)
    names = boundaries.country_names if options.lang == "fr" else dict(boundaries.countries["name"])
    branding = options.branding
    looks = assign_looks(frame["type"], dict(branding.colors), branding.home_color)
    if looks.note:
        report.problems.append(Problem(report.source, 1, "type", looks.note, "warning"))
    report.problems.extend(_unused_colors(branding, frame["type"], report.source))
    data = build_page_data(
        frame, options.lang, home, basemap, names, options.data_date, data_lang, looks, branding.home_color,
        options.labels, homes,
    )
    html = render_page(data, title, options.tiles, branding)
    return Build(html, render_snippet(snippet_src, title), title, report, frame)


@contextlib.contextmanager
def fewer_collections():
    """Python's cycle collector, run less often meanwhile: a build makes millions of small objects that live
    until its end (the gazetteer's rows, the table's cells), which each full collection would scan again."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _used_homes(frame: gpd.GeoDataFrame, homes: list[Home]) -> list[Home]:
    """The homes of the rows kept (a row left out may have been a home's only one), renumbered in the frame."""
    used = sorted({i for i in frame["home_index"] if i is not None})
    if len(used) == len(homes):
        return homes
    renumber = {old: new for new, old in enumerate(used)}
    frame["home_index"] = pd.Series([renumber.get(i) for i in frame["home_index"]], index=frame.index, dtype=object)
    return [homes[i] for i in used]


def home_of(text: str | None, boundaries: Boundaries) -> Home | None:
    """The home as the page and the exports draw it: a territory, or a commune's point."""
    return _home(text, boundaries)


def _home(text: str | None, boundaries: Boundaries) -> Home | None:
    if not text:
        return None
    return home_from_place(resolve_home(text, boundaries), boundaries)


def _default_title(lang: str, home: Home | None) -> str:
    texts = strings(lang)
    return texts["title_home"].format(home=home.name) if home else texts["title"]


def _unused_colors(branding: Branding, types: pd.Series, source: str) -> list[Problem]:
    """A warning for each coopmap.toml colour whose type the data lacks (a misspelt type keeps its own colour)."""
    present = {fold_category(t) for t in types.dropna().unique()}
    return [
        Problem(source, 1, "type", f"the settings' colour for {quoted(kind)} matches no agreement type of the data "
                f"(case and accents ignored): the types are {', '.join(map(quoted, sorted(set(types.dropna()))[:12]))}",
                "warning")
        for kind, _ in branding.colors
        if fold_category(kind) not in present
    ]  # fmt: skip
