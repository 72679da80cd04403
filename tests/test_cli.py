"""The coopmap command as the README shows it: exit codes and exact messages."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from coopmap.cli import cli

from .conftest import DEFAULT_CSV, ROOT

SUMMARY = (
    "partners.csv: 10 partners (12 agreements): 9 mapped (7 as areas, 2 as whole countries, 0 as points), "
    "1 not located; 0 warning(s)"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working folder with the default data/partners.csv, as a newcomer has it."""
    (tmp_path / "data").mkdir()
    shutil.copy(DEFAULT_CSV, tmp_path / "data" / "partners.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_with_defaults_writes_map_and_snippet(project):
    result = CliRunner().invoke(cli, ["build", "--data-date", "2019-02-14"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "data/" + SUMMARY
    size = (project / "output" / "map.html").stat().st_size
    assert lines[1] == f"Wrote output/map.html ({size / 1e6:.2f} MB) and output/map.embed.html"
    snippet = (project / "output" / "map.embed.html").read_text(encoding="utf-8")
    assert snippet.startswith(
        '<iframe src="map.html" title="Île-de-France : partenariats internationaux" loading="lazy"'
    )
    assert lines[3:] == snippet.rstrip().splitlines()


def test_build_in_english_with_a_title_and_no_home(project):
    result = CliRunner().invoke(
        cli, ["build", "-o", "public/en.html", "--lang", "en", "--home", "none", "--title", "Our <partners>"]
    )
    assert result.exit_code == 0, result.output
    html = (project / "public" / "en.html").read_text(encoding="utf-8")
    assert "<title>Our &lt;partners&gt;</title>" in html and '<html lang="en">' in html
    assert '"home":null' in html


def test_validate_reports_success(project):
    result = CliRunner().invoke(cli, ["validate"])
    expected = "data/partners.csv: 10 partners (12 agreements), no errors, 0 warning(s)\n"
    assert (result.exit_code, result.stdout) == (0, expected)


def test_missing_csv_is_one_line_and_exit_1(project):
    result = CliRunner().invoke(cli, ["build", "nowhere.csv"])
    assert (result.exit_code, result.stderr) == (1, "Error: nowhere.csv: no such file\n")


def test_folder_instead_of_csv(project):
    result = CliRunner().invoke(cli, ["validate", "data"])
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_unwritable_output_is_a_clear_error(project):
    (project / "output").write_text("a file where a folder should be")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: output/map.html: cannot write here (")
    assert "Traceback" not in result.output


def test_keep_going_writes_without_rows_in_error_and_keeps_unknown_areas_unlocated(project):
    csv = project / "data" / "partners.csv"
    text = csv.read_text(encoding="utf-8")
    text = text.replace("alger,Wilaya d'Alger,Algérie,Alger,", "alger,Wilaya d'Alger,Algérie,Algerr,")
    text = text.replace(
        "gyeonggi,Province de Gyeonggi,Corée du Sud,Gyeonggi,Accord de coopération décentralisée,2016",
        "gyeonggi,Province de Gyeonggi,Corée du Sud,Gyeonggi,Accord de coopération décentralisée,20166",
    )
    csv.write_text(text, encoding="utf-8")
    refused = CliRunner().invoke(cli, ["build"])
    assert refused.exit_code == 1 and not (project / "output" / "map.html").exists()
    result = CliRunner().invoke(cli, ["build", "--keep-going"])
    assert result.exit_code == 0
    assert "Left out because of errors: gyeonggi" in result.stderr
    assert result.stdout.splitlines()[0] == (
        "data/partners.csv: 9 partners (11 agreements): 7 mapped (5 as areas, 2 as whole countries, 0 as points), "
        "2 not located; 0 warning(s)"
    )


def test_export_geojson_has_one_feature_per_agreement(project):
    result = CliRunner().invoke(cli, ["export", "-o", "output/partners.geojson"])
    assert result.exit_code == 0, result.output
    data = json.loads((project / "output" / "partners.geojson").read_text(encoding="utf-8"))
    features = {f["properties"]["id"]: f for f in data["features"] if f["properties"]["role"] == "partner"}
    assert len(features) == 12  # Erevan and Catalonia: two agreements each, one row each
    assert features["catalogne-2017"]["properties"]["partner"] == "Généralité de Catalogne"
    assert features["catalogne"]["properties"]["placed_by"] == "areas"
    (home,) = [f for f in data["features"] if f["properties"]["role"] == "home"]
    assert home["properties"]["partner"] == "Île-de-France" and home["geometry"]["type"] == "Polygon"
    assert features["catalogne"]["geometry"]["type"] == "MultiPolygon"
    assert features["catalogne"]["properties"]["unit_ids"] == "ESP-barcelona;ESP-gerona;ESP-lerida;ESP-tarragona"
    assert features["moyen-orient"]["geometry"] is None
    assert features["erevan"]["properties"]["sectors"].startswith("Innovation et nouvelles technologies;")


def test_export_csv_is_the_resolved_table(project):
    result = CliRunner().invoke(cli, ["export", "-o", "output/partners.csv"])
    assert result.exit_code == 0
    lines = (project / "output" / "partners.csv").read_text(encoding="utf-8").splitlines()
    assert (
        lines[0]
        == "id,partner,country,country_ids,areas,unit_ids,located,type,signed,since,sectors,description,url,lat,lon,"
        "place,placed_by,role,ended,status,group"
    )
    assert len(lines) == 14 and lines[-1].endswith(",home,,,")


def test_export_takes_a_commune_as_home(project):
    result = CliRunner().invoke(cli, ["export", "-o", "output/partners.geojson", "--home", "Ville de Brest"])
    assert result.exit_code == 0, result.output
    data = json.loads((project / "output" / "partners.geojson").read_text(encoding="utf-8"))
    (home,) = [f for f in data["features"] if f["properties"]["role"] == "home"]
    assert home["properties"]["partner"] == "Brest"
    lon, lat = home["geometry"]["coordinates"]
    assert abs(lat - 48.39) < 0.05 and abs(lon - -4.49) < 0.05  # Brest, France; not Brest, Belarus


def test_export_refuses_an_unknown_format(project):
    result = CliRunner().invoke(cli, ["export", "-o", "partners.shp"])
    assert result.exit_code == 2 and "must end in .geojson or .csv" in result.stderr


def test_boundaries_search(project):
    result = CliRunner().invoke(cli, ["boundaries", "search", "catalogne"])
    assert (result.exit_code, result.stdout) == (0, "ES-CT\tregion\tESP\tCatalunya  (4 units)\n")
    result = CliRunner().invoke(cli, ["boundaries", "search", "gondor"])
    assert (result.exit_code, result.stderr) == (1, "Error: nothing matches 'gondor'\n")


def test_tiles_help_warns_about_visitors_addresses():
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "IP address" in result.stdout and "GDPR" in result.stdout
    assert "Exit codes: 0" in result.stdout


def test_unknown_tile_provider(project):
    result = CliRunner().invoke(cli, ["build", "--tiles", "Nowhere Maps"])
    assert result.exit_code == 2 and "unknown tile provider 'Nowhere Maps'" in result.stderr


def test_bad_data_date(project):
    result = CliRunner().invoke(cli, ["build", "--data-date", "14/02/2019"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))
        else:
            yield " ".join(("coopmap", *prefix, name))


@pytest.mark.parametrize("command", list(commands(cli)))
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(re.escape(command) + r"\b", readme), command


class Terminal:
    """A stream that says it is a terminal, to see what a person sees."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return True


def test_large_builds_show_a_progress_bar_on_a_terminal_only(tmp_path):
    from coopmap.cli import PROGRESS_FROM_BYTES, progress

    big = tmp_path / "big.csv"
    big.write_text("x" * PROGRESS_FROM_BYTES)
    terminal = Terminal()
    with progress(big, terminal) as step:
        for stage in ("reading", "resolving", "joining", "rendering"):
            step(stage)
    assert "Building" in terminal.text and "rendering" in terminal.text and "100%" in terminal.text
    small = tmp_path / "small.csv"
    small.write_text("x")
    quiet = Terminal()
    with progress(small, quiet) as step:
        step("reading")
    assert quiet.text == ""


def test_boundaries_folder_can_be_chosen_and_a_missing_one_is_named(project):
    from coopmap.boundaries import DEFAULT_DIR

    shutil.copytree(DEFAULT_DIR, project / "mine")
    result = CliRunner().invoke(cli, ["validate", "--boundaries", "mine"])
    assert result.exit_code == 0
    result = CliRunner().invoke(cli, ["validate"], env={"COOPMAP_BOUNDARIES": "nowhere"})
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nowhere: boundary files missing (admin1.fgb, countries.fgb, basemap.fgb); "
        "point --boundaries (or COOPMAP_BOUNDARIES) at a folder holding them, "
        "or derive them with 'coopmap boundaries derive world_map.gpkg --out FOLDER'\n"
    )


@pytest.mark.parametrize("tag", ["fr", "pt-BR", "oc-aranes", "zh-Hant-TW"])
def test_data_lang_reaches_the_page_data(project, tag):
    result = CliRunner().invoke(cli, ["build", "--data-lang", tag], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (project / "output" / "map.html").read_text(encoding="utf-8")
    assert f'"dataLang":"{tag}"' in html


@pytest.mark.parametrize("tag", ["french", "f", "fr_FR", 'fr"><script>', "fr-", ""])
def test_data_lang_that_is_no_language_tag_is_a_usage_error(project, tag):
    result = CliRunner().invoke(cli, ["build", "--data-lang", tag])
    assert result.exit_code == 2
    assert f"Invalid value for '--data-lang': {tag!r} is not a language tag such as 'fr', 'en' or 'pt-BR'" in (
        result.stderr
    )
    assert not (project / "output" / "map.html").exists()


def test_the_build_summary_counts_the_partners_placed_from_their_names(tmp_path):
    source = tmp_path / "p.csv"
    source.write_text(
        "id,partner,country,type,signed\nsendai,Ville de Sendai,Japon,Jumelage,1996\n"
        "kent,Comté du Kent,Royaume-Uni,Coopération,2000\nfes,Fès,Maroc,Jumelage,2001\n"
        "cplp,CPLP,AGO;PRT,Déclaration,2017\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "m.html"), "--home", "Rennes"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "Placed from their names alone (check them: coopmap validate): 2 by city name, 1 by unit name"
    )


def test_link_writes_the_snippet_that_opens_one_partner(project):
    args = ["build", "--link", "erevan", "--embed-src", "https://example.org/carte/map.html?v=2"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    snippet = (project / "output" / "map.erevan.embed.html").read_text(encoding="utf-8")
    assert snippet.startswith('<iframe src="https://example.org/carte/map.html?v=2#erevan" title="Île-de-France')
    general = (project / "output" / "map.embed.html").read_text(encoding="utf-8")
    assert '<iframe src="https://example.org/carte/map.html?v=2" ' in general  # the map's own snippet stays
    at = result.stdout.splitlines().index(
        "Wrote output/map.erevan.embed.html: the map opened on erevan's popup (https://example.org/carte/map.html?v=2#erevan):"
    )
    assert result.stdout.splitlines()[at + 1 :] == snippet.rstrip().splitlines()


def test_link_to_an_unknown_id_is_a_usage_error_naming_close_ids(project):
    result = CliRunner().invoke(cli, ["build", "--link", "erevn"])
    assert result.exit_code == 2
    assert "Invalid value for '--link': no partner has the id 'erevn': did you mean 'erevan' or 'erevan-2011'?" in (
        result.stderr
    )
    assert not (project / "output").exists()
    refused = CliRunner().invoke(cli, ["build", "--link", '"><img src=x>'])
    assert refused.exit_code == 2 and "is not a partner id" in refused.stderr


def test_no_labels_builds_a_map_without_names_on_it(project):
    result = CliRunner().invoke(cli, ["build", "--no-labels"], catch_exceptions=False)
    assert result.exit_code == 0
    assert '"labels":false' in (project / "output" / "map.html").read_text(encoding="utf-8")
