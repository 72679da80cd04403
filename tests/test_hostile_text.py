"""Text that is what it says: invisible characters removed, look-alike categories merged, terminals left alone."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coopmap.cli import cli
from coopmap.export import neutralise_formula
from coopmap.pipeline import Options, build_map
from coopmap.text import clean_cell, fold_category, terminal_safe

from .conftest import TODAY

HEADER = "id,partner,country,type,signed,sectors\n"


def write(tmp_path, body: str, name: str = "p.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def validate(path):
    return CliRunner().invoke(cli, ["validate", str(path)])


def test_bidi_override_and_zero_width_characters_are_removed_with_a_warning(tmp_path):
    path = write(tmp_path, "a,Ville \u202egnp.exe,France,Accord,2018,\nb,Zero\u200bwidth,France,Accord,2018,\n")
    result = validate(path)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "removed" in line]
    assert warnings == [
        f"{path}:2:partner: warning: removed invisible or control characters: U+202E RIGHT-TO-LEFT OVERRIDE",
        f"{path}:3:partner: warning: removed invisible or control characters: U+200B ZERO WIDTH SPACE",
    ]


def test_look_alike_types_and_sectors_become_one_filter_under_the_first_spelling(tmp_path):
    path = write(
        tmp_path,
        "a,A,France,Culture,2018,Culture;culture;Sport\n"
        "b,B,France,culture,2018,Culturé\n"
        "c,C,France,Cul\u200dture,2018,SPORT ; Sport\n",
    )
    result = validate(path)
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if ":type:" in line or ":sectors:" in line] == [
        f"{path}:2:sectors: warning: 'culture' is given twice: kept once",
        f"{path}:3:type: warning: 'culture' is taken as 'Culture' (line 2): they differ only by case, accents or "
        "invisible characters",
        f"{path}:3:sectors: warning: 'Culturé' is taken as 'Culture' (line 2): they differ only by case, accents or "
        "invisible characters",
        f"{path}:4:type: warning: removed invisible or control characters: U+200D ZERO WIDTH JOINER",
        f"{path}:4:sectors: warning: 'SPORT' is taken as 'Sport' (line 2): they differ only by case, accents or "
        "invisible characters",
        f"{path}:4:sectors: warning: 'Sport' is given twice: kept once",
    ]
    page = build_map(path, Options(today=TODAY)).html
    data = json.loads(re.search(r'id="coopmap-data">(.*?)</script>', page, re.S).group(1))
    assert [t["label"] for t in data["types"]] == ["Culture"]
    assert data["sectors"] == ["Culture", "Sport"]


def test_joiners_stay_where_a_script_needs_them():
    assert clean_cell("می\u200cخواهم") == ("می\u200cخواهم", [])  # Persian: the ZWNJ is spelling
    assert clean_cell("Cul\u200dture") == ("Culture", ["U+200D ZERO WIDTH JOINER"])
    assert clean_cell("ligne 1\nligne 2\ttab") == ("ligne 1\nligne 2\ttab", [])


def test_folding_ignores_case_accents_spaces_and_invisibles_only():
    assert fold_category("  Éducation\u200b  supérieure ") == fold_category("education superieure")
    assert fold_category("Culture") != fold_category("Cultures")


def test_terminal_output_escapes_what_a_terminal_would_act_on(tmp_path):
    path = write(tmp_path, "a,A,France,Accord,2018,\n", name="p\x1b]52;c;aGk=\x07\x1b[2J.csv")
    result = validate(path)
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    summary = result.stdout.splitlines()[-1]
    assert summary == f"{tmp_path}/p\\x1b]52;c;aGk=\\x07\\x1b[2J.csv: 1 partners, no errors, 1 warning(s)"
    result = CliRunner().invoke(cli, ["boundaries", "search", "\x1b]0;title\x07"])
    assert (result.exit_code, result.stderr) == (1, "Error: nothing matches '\\x1b]0;title\\x07'\n")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_terminal_safe_text_holds_no_control_character(text):
    shown = terminal_safe(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)


# -- the CSV export opens safely in a spreadsheet ------------------------------------------------------------


FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_neutralised_in_the_csv_export(tmp_path, formula):
    rows = [["id", "partner", "country", "type", "signed", "description", "lat", "lon"],
            ["a", formula, "Chili", formula, "2018", formula, "-33.45", "-70.66"]]  # fmt: skip
    source = tmp_path / "p.csv"
    with source.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    result = CliRunner().invoke(cli, ["export", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8")))
    (exported,) = [row for row in rows if row["id"] == "a"]  # the home is exported as a row of its own
    kept = formula.strip()  # the reader strips cells
    assert exported["partner"] == exported["type"] == exported["description"] == (
        "'" + kept if kept[:1] in "=+-@" else kept
    )
    assert (exported["lat"], exported["lon"]) == ("-33.45", "-70.66")  # numbers stay numbers


def test_neutralise_formula_leaves_plain_text_and_numbers():
    assert neutralise_formula("Culture") == "Culture"
    assert neutralise_formula(-33.45) == -33.45
    assert neutralise_formula("=1+1") == "'=1+1"
    assert neutralise_formula("\uff1d1+1") == "'\uff1d1+1"
