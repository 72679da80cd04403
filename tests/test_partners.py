"""Reading spreadsheets as people export them: encodings, delimiters, quotes, stray blanks, .xlsx."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from coopmap.partners import load_table, validate_partners

HEADER = "id,partner,country,areas,type,signed,since,sectors,description,url,lat,lon"
TODAY = dt.date(2026, 1, 1)


def read(path):
    frame, problems = validate_partners(load_table(path), TODAY)
    return frame, [str(p) for p in problems]


def test_utf8_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\nerevan,Ville d'Erevan,Arménie,,Accord,2018,,,,,,\r\n").encode("utf-8"))
    frame, problems = read(path)
    assert problems == []
    assert list(frame["partner"]) == ["Ville d'Erevan"] and frame["country"][0] == ("Arménie",)


def test_windows_1252_with_semicolons_as_french_excel_writes_it(tmp_path):
    path = tmp_path / "p.csv"
    text = (
        HEADER.replace(",", ";")
        + "\r\nalger;Wilaya d’Alger;Algérie;;Accord;19/11/2017;;Santé;Café, thé;;36,75;3,06\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    frame, problems = read(path)
    assert problems == []
    row = frame.iloc[0]
    assert (row["partner"], row["signed"], row["description"]) == ("Wilaya d’Alger", "2017-11-19", "Café, thé")
    assert (row["lat"], row["lon"]) == (36.75, 3.06)


def test_quoted_fields_with_commas_and_line_breaks_keep_their_line_numbers(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + '\na,"A, with comma",FRA,,Accord,2018,,,"line one\nline two",,,\nb,B,FRA,,Accord,20188,,,,,,\n',
        encoding="utf-8",
    )
    frame, problems = read(path)
    assert frame["description"][0] == "line one\nline two"
    assert problems == [
        f"{path}:4:signed: date '20188' not understood: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-11-19)"
    ]


def test_trailing_empty_rows_and_columns_and_spaces_are_ignored(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + ",,\n  a , A ,  FRA ,, Accord , 2018 ,,,,,,,,\n,,,,,,,,,,,,,\n\n", encoding="utf-8")
    frame, problems = read(path)
    assert problems == []
    assert (frame["id"][0], frame["partner"][0], frame["country"][0]) == ("a", "A", ("FRA",))
    assert len(frame) == 1


def test_sectors_and_countries_split_on_semicolons(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + '\ncplp,CPLP,"AGO; BRA ;",,Déclaration,2017-07,,"Économie; Culture",,,,\n', encoding="utf-8"
    )
    frame, _ = read(path)
    assert frame["country"][0] == ("AGO", "BRA") and frame["sectors"][0] == ("Économie", "Culture")


def test_xlsx_is_read_directly(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["erevan", "Erevan", "ARM", "Erevan", "Accord", dt.datetime(2018, 11, 19), 2011, "", "", "", 40.18, 44.51]
    )
    path = tmp_path / "p.xlsx"
    book.save(path)
    frame, problems = read(path)
    assert problems == []
    row = frame.iloc[0]
    assert (row["signed"], row["since"], row["lat"]) == ("2018-11-19", 2011, 40.18)


@pytest.mark.parametrize(
    "written,normalised",
    [
        ("2018", "2018"),
        ("2018-6", "2018-06"),
        ("2018-06-01", "2018-06-01"),
        ("06/2018", "2018-06"),
        ("1/6/2018", "2018-06-01"),
    ],
)
def test_dates_are_normalised(tmp_path, written, normalised):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"\na,A,FRA,,Accord,{written},,,,,,\n", encoding="utf-8")
    frame, problems = read(path)
    assert problems == [] and frame["signed"][0] == normalised
