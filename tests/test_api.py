"""The Python API as a notebook uses it: a path or a DataFrame in, a Map out, the CLI's errors."""

from __future__ import annotations

import csv
import html.parser
import json

import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

import coopmap
from coopmap.cli import cli
from coopmap.errors import InputError, OutputError

from .conftest import DEFAULT_CSV, TODAY
from .hostile_files import ods, ods_rows

OPTIONS = {"data_date": "2019-02-14", "today": TODAY}


def _rows() -> list[list[str]]:
    with DEFAULT_CSV.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_xlsx(path, rows):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Partenaires"
    for row in rows:
        sheet.append([cell if cell else None for cell in row])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def default_map():
    return coopmap.build(DEFAULT_CSV, **OPTIONS)


def test_the_same_map_from_a_csv_an_xlsx_an_ods_and_a_dataframe(tmp_path, default_map):
    rows = _rows()
    xlsx = write_xlsx(tmp_path / "partners.xlsx", rows)
    spreadsheet = ods(tmp_path / "partners.ods", {"Partenaires": ods_rows(rows)})
    frame = pd.read_csv(DEFAULT_CSV)  # pandas' own guesses: NaN for empty cells, numbers for years
    assert frame["since"].dtype == float
    for data in (xlsx, spreadsheet, frame):
        assert coopmap.build(data, **OPTIONS).html == default_map.html


def test_a_map_gives_its_page_report_and_partners(default_map):
    assert default_map.html.startswith("<!DOCTYPE html>")
    assert default_map.title == "Île-de-France : partenariats internationaux"
    assert (default_map.report.partners, default_map.report.not_located) == (10, 1)
    assert default_map.report.warnings == []
    partners = default_map.partners
    assert partners.crs.to_epsg() == 4326
    assert list(partners["id"])[:3] == ["erevan", "erevan-2011", "zhejiang"]  # one row per agreement
    yerevan = shapely.Point(44.51, 40.18)
    assert partners.set_index("id").loc["erevan", "geometry"].contains(yerevan)


def test_save_writes_the_page_and_its_snippet_as_the_cli_does(tmp_path, default_map, monkeypatch):
    target = tmp_path / "site" / "carte.html"
    target.parent.mkdir()
    assert default_map.save(target) == target
    assert target.read_text(encoding="utf-8") == default_map.html
    snippet = (tmp_path / "site" / "carte.embed.html").read_text(encoding="utf-8")
    assert snippet.startswith('<iframe src="carte.html" title="Île-de-France : partenariats internationaux"')
    assert sorted(p.name for p in target.parent.iterdir()) == ["carte.embed.html", "carte.html"]

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(DEFAULT_CSV), "-o", "cli/carte.html", "--data-date", "2019-02-14"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli" / "carte.embed.html").read_text(encoding="utf-8") == snippet


def test_save_writes_link_snippets_with_the_map_all_or_none(tmp_path, default_map):
    target = tmp_path / "carte.html"
    default_map.save(target, links=("erevan", "catalogne"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "carte.catalogne.embed.html", "carte.embed.html", "carte.erevan.embed.html", "carte.html",
    ]  # fmt: skip
    snippet = (tmp_path / "carte.erevan.embed.html").read_text(encoding="utf-8")
    assert snippet.startswith('<iframe src="carte.html#erevan" ')
    assert snippet == default_map.link_snippet("erevan", target)
    with pytest.raises(coopmap.InvalidOption, match="no partner has the id 'erevn': did you mean 'erevan'"):
        default_map.save(tmp_path / "other.html", links=("erevan", "erevn"))
    with pytest.raises(coopmap.InvalidOption, match="is not a partner id"):
        default_map.link_snippet('"><img src=x>')
    assert not (tmp_path / "other.html").exists() and not (tmp_path / "other.erevan.embed.html").exists()


def test_save_without_snippet_and_never_over_the_input(tmp_path):
    source = tmp_path / "partners.csv"
    source.write_bytes(DEFAULT_CSV.read_bytes())
    built = coopmap.build(source, embed_src="https://example.org/carte/", **OPTIONS)
    built.save(tmp_path / "map.html", snippet=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "partners.csv"]
    assert built.snippet.startswith('<iframe src="https://example.org/carte/"')
    with pytest.raises(OutputError):
        built.save(source)
    assert source.read_bytes() == DEFAULT_CSV.read_bytes()


def test_a_failed_save_leaves_the_previous_map_whole(tmp_path, default_map, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")
    import coopmap.output

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(coopmap.output.os, "replace", fail)
    with pytest.raises(OutputError):
        default_map.save(target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


class _Iframes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.found.append(dict(attrs))


def test_repr_html_is_an_iframe_holding_the_whole_page(default_map):
    parser = _Iframes()
    parser.feed(default_map._repr_html_())
    (frame,) = parser.found
    assert frame["srcdoc"] == default_map.html  # escaped as an attribute, read back intact
    assert frame["title"] == default_map.title
    assert "allow-scripts" in frame["sandbox"] and "allow-same-origin" not in frame["sandbox"]


def test_a_dataframe_problem_names_its_row_and_column():
    frame = pd.read_csv(DEFAULT_CSV, dtype=str, keep_default_na=False)
    frame.loc[1, "country"] = "Atlantide"
    frame.loc[2, "signed"] = "hier"
    with pytest.raises(InputError) as caught:
        coopmap.build(frame, **OPTIONS)
    lines = [str(p) for p in caught.value.problems]
    assert lines[0].startswith("<DataFrame>:3:country: unknown country 'Atlantide'")
    assert lines[1].startswith("<DataFrame>:4:signed: date 'hier' not understood")
    assert str(caught.value) == "<DataFrame>: 2 error(s), nothing written"


def test_errors_are_the_cli_errors(tmp_path):
    with pytest.raises(coopmap.InvalidOption) as caught:
        coopmap.build(DEFAULT_CSV, tiles="http://tiles.example.org/{z}/{x}/{y}.png")
    assert caught.value.option == "tiles"
    cli_result = CliRunner().invoke(
        cli, ["build", str(DEFAULT_CSV), "--tiles", "http://tiles.example.org/{z}/{x}/{y}.png"]
    )
    assert cli_result.exit_code == 2
    assert cli_result.stderr.splitlines()[-1] == f"Error: Invalid value for '--tiles': {caught.value.reason}"

    bad = tmp_path / "partners.csv"
    bad.write_text(DEFAULT_CSV.read_text(encoding="utf-8").replace(",Arménie,", ",Atlantide,"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        coopmap.build(bad, **OPTIONS)
    cli_result = CliRunner().invoke(cli, ["build", str(bad), "-o", str(tmp_path / "map.html")])
    assert cli_result.exit_code == 1
    expected = [str(p) for p in caught.value.problems] + [f"Error: {caught.value}"]
    assert cli_result.stderr.splitlines() == expected


def test_validate_and_export(tmp_path):
    report = coopmap.validate(pd.read_csv(DEFAULT_CSV))
    assert (report.partners, report.errors) == (10, [])
    target = tmp_path / "partners.geojson"
    coopmap.export(DEFAULT_CSV, target, home="Bretagne", today=TODAY)
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    assert [f["properties"].get("role") for f in features][-1] == "home"
    assert len(features) == 13  # one per agreement (12), then the home
    with pytest.raises(coopmap.InvalidOption, match="output: the output must end in .geojson or .csv"):
        coopmap.export(DEFAULT_CSV, tmp_path / "partners.xlsx")
