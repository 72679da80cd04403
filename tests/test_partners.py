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


END_HEADER = "id,partner,country,type,signed,ended,status"


def test_ended_and_status_are_read_in_french_or_english(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        END_HEADER + "\na,A,ARM,Accord,2011,2014-06-30,\nb,B,ARM,Accord,2012,,Terminée\n"
        "c,C,ARM,Accord,2013,,en cours\nd,D,ARM,Accord,2013,,SUSPENDU\ne,E,ARM,Accord,2013,2030,\n",
        encoding="utf-8",
    )
    frame, problems = read(path)
    assert problems == []
    assert list(frame["ended"]) == ["2014-06-30", "", "", "", "2030"]  # a planned end may be in the future
    assert list(frame["status"]) == ["", "ended", "active", "suspended", ""]


def test_an_end_before_the_signature_is_an_error_with_its_line_and_column(tmp_path):
    path = tmp_path / "p.csv"
    rows = "\na,A,ARM,Accord,2018-11-19,2018-03,\nb,B,ARM,Accord,2018-11,2018,\n"  # the same year is not before
    path.write_text(END_HEADER + rows, encoding="utf-8")
    _, problems = read(path)
    assert problems == [f"{path}:2:ended: ended 2018-03 is before the date signed (2018-11-19)"]


def test_an_unknown_status_lists_the_accepted_words(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(END_HEADER + "\na,A,ARM,Accord,2018,,peut-être\n", encoding="utf-8")
    _, problems = read(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:2:status: status 'peut-être' not understood: write one of (active: ")
    assert "ended: ended, terminé" in problems[0] and "suspended: suspended, suspendu" in problems[0]


def test_an_active_status_with_an_end_date_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(END_HEADER + "\na,A,ARM,Accord,2018,2019,actif\n", encoding="utf-8")
    _, problems = read(path)
    assert problems == [
        f"{path}:2:status: status 'actif' but the row has an end date: leave status empty or write 'ended'"
    ]
