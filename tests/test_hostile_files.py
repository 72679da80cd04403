"""Hostile input files: bombs, liars, devices, giant rows and bad bytes, each with its exact outcome.

Bombs run in a subprocess under a 1 GB address-space cap: a bomb that got through would die of
MemoryError there (or take the machine's memory), instead of being refused with a message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import coopmap
from coopmap.cli import cli
from coopmap.limits import Limits
from coopmap.partners import load_table

from .hostile_files import lie_about_size, ods, ods_rows, rows_xml, xlsx

# The folder holding the coopmap under test (src/, or site-packages for an installed one): for subprocesses.
SRC = Path(coopmap.__file__).resolve().parents[1]
HEADER = ["id", "partner", "country", "type", "signed"]
ROW = ["erevan", "Ville d'Erevan", "Arménie", "Accord de coopération", "2018"]
CAP_BYTES = 1 << 30


def validate(path: Path, *options: str):
    return CliRunner().invoke(cli, ["validate", str(path), *options])


def validate_capped(path: Path, *options: str) -> subprocess.CompletedProcess:
    """``coopmap validate`` in a fresh process whose address space is capped at 1 GB."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({CAP_BYTES}, {CAP_BYTES}))\n"
        "from coopmap.cli import cli\n"
        "cli(sys.argv[1:], prog_name='coopmap')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-c", code, "validate", path.name, *options],
        capture_output=True, text=True, env=env, timeout=120, cwd=path.parent,
    )  # fmt: skip


# -- workbook bombs, under the memory cap -----------------------------------------------------------------


def test_a_declared_dimension_of_the_whole_sheet_is_ignored(tmp_path):
    book = xlsx(tmp_path / "dim.xlsx", {"Feuil1": rows_xml([HEADER, ROW])}, dimension="A1:XFD1048576")
    result = validate_capped(book)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "dim.xlsx: 1 partners, no errors, 0 warning(s)")


def test_one_cell_at_the_far_corner_is_refused_before_anything_is_allocated(tmp_path):
    far = rows_xml([HEADER, ROW]) + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    result = validate_capped(xlsx(tmp_path / "far.xlsx", {"Feuil1": far}))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: far.xlsx: the sheet reaches row 1,048,576: the limit is 100,000 (raise it with --max-rows)\n"
    )


def test_a_far_column_is_refused(tmp_path):
    far = rows_xml([HEADER, ROW]) + '<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    result = validate_capped(xlsx(tmp_path / "wide.xlsx", {"Feuil1": far}))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: wide.xlsx: the sheet reaches column XFD (16,384 columns): the limit is 100 "
        "(raise it with --max-columns)\n"
    )


def test_one_long_shared_string_repeated_in_every_cell_is_refused(tmp_path):
    # 60,000 cells pointing at one 10,000-character string: 0.3 MB on disk, 600 million characters once read.
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 60_002))
    book = xlsx(tmp_path / "shared.xlsx", {"Feuil1": rows_xml([HEADER]) + cells}, shared=["y" * 10_000])
    assert book.stat().st_size < 400_000
    result = validate_capped(book)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: shared.xlsx: the sheet's cells hold more text than that: the limit is 50 MB "
        "(raise it with --max-megabytes)\n"
    )


def test_a_compression_bomb_is_refused_by_its_declared_size(tmp_path):
    filler = '<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
    big = "".join(filler.format(r=r) for r in range(3, 99_000))  # 4.6 MB of XML, 0.3 MB compressed
    book = xlsx(tmp_path / "bomb.xlsx", {"Feuil1": rows_xml([HEADER, ROW]) + big})
    result = validate_capped(book, "--max-megabytes", "1")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: bomb.xlsx: the workbook expands to 5 MB: the limit is 1 MB (raise it with --max-megabytes)\n"
    )


def test_a_zip_that_lies_about_its_sizes_is_refused(tmp_path):
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(3, 20_000))
    book = xlsx(tmp_path / "liar.xlsx", {"Feuil1": rows_xml([HEADER, ROW]) + filler})
    lie_about_size(book, "xl/worksheets/sheet1.xml", 1_000)
    result = validate_capped(book)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: liar.xlsx: the workbook is damaged or lies about its size "
        "(entry 'xl/worksheets/sheet1.xml': declares 1,000 bytes)\n"
    )


def test_ods_rows_repeated_a_million_times_are_refused(tmp_path):
    repeated = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string">' \
               "<text:p>x</text:p></table:table-cell></table:table-row>"  # fmt: skip
    result = validate_capped(ods(tmp_path / "rows.ods", {"Feuille1": ods_rows([HEADER, ROW]) + repeated}))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: rows.ods: the sheet reaches row 1,000,002: the limit is 100,000 (raise it with --max-rows)\n"
    )


def test_ods_trailing_empty_rows_and_columns_as_libreoffice_writes_them_are_fine(tmp_path):
    trailing = '<table:table-row table:number-rows-repeated="1048574"><table:table-cell ' \
               'table:number-columns-repeated="16384"/></table:table-row>'  # fmt: skip
    result = validate_capped(ods(tmp_path / "trail.ods", {"Feuille1": ods_rows([HEADER, ROW]) + trailing}))
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "trail.ods: 1 partners, no errors, 0 warning(s)")


# -- damaged workbooks: user messages, never an internal error -----------------------------------------------


def test_a_broken_xml_string_is_a_user_message(tmp_path):
    book = xlsx(tmp_path / "broken.xlsx", {"Feuil1": rows_xml([HEADER, ROW]) + '<row r="3"><c r="A3" t="inlineStr">'
                                                      "<is><t>unclosed</is></c></row>"})  # fmt: skip
    result = validate(book)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "broken XML" in result.stderr
    assert "internal error" not in result.output


def test_a_workbook_with_a_dtd_is_refused(tmp_path):
    book = xlsx(tmp_path / "dtd.xlsx", {"Feuil1": rows_xml([HEADER, ROW])})
    with zipfile.ZipFile(book, "a") as archive:
        archive.writestr("xl/worksheets/sheet9.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    result = validate(book)
    assert (result.exit_code, result.stderr) == (1, f"Error: {book}: the workbook's XML declares a DTD: refused\n")


def test_a_truncated_workbook_is_a_user_message(tmp_path):
    book = xlsx(tmp_path / "cut.xlsx", {"Feuil1": rows_xml([HEADER, ROW])})
    book.write_bytes(book.read_bytes()[:600])
    result = validate(book)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {book}:1:1: not a readable workbook (damaged zip:")


# -- sheets and line numbers -----------------------------------------------------------------------------


@pytest.fixture
def two_sheets(tmp_path):
    """A workbook made by openpyxl: a notes sheet first, then the partners from B3 (a title above)."""
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "read me"
    sheet = book.create_sheet("Partenaires")
    sheet["B1"] = "Partenariats 2019"
    for r, row in enumerate([HEADER, ROW, ["x y", "Bad id", "Arménie", "Accord", "2018"]], start=3):
        for c, value in enumerate(row, start=2):
            sheet.cell(row=r, column=c, value=value)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_a_sheet_by_name_keeps_the_sheets_own_row_numbers(two_sheets):
    table = load_table(two_sheets, sheet="Partenaires")
    # The title row B1 is taken as the header; the rows below keep their numbers in the sheet.
    assert table.header == ["Partenariats 2019"]  # not a column coopmap knows: kept as written
    assert table.rows == [HEADER, ROW, ["x y", "Bad id", "Arménie", "Accord", "2018"]]
    assert table.lines == [3, 4, 5]
    assert load_table(two_sheets, sheet="2") == table
    assert load_table(two_sheets).rows == []  # the first sheet, 'Notes', holds a header only


def test_a_wrong_sheet_name_lists_the_sheets(two_sheets):
    result = validate(two_sheets, "--sheet", "Partners")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {two_sheets}: no sheet 'Partners': it has 'Notes', 'Partenaires' (--sheet NAME or 1 to 2)\n"
    )  # fmt: skip


def test_lines_of_a_sheet_starting_lower_are_the_sheets_rows(tmp_path):
    book = xlsx(tmp_path / "low.xlsx", {"Partenaires": rows_xml([HEADER, ROW, ["x y", *ROW[1:]]], first_row=5)})
    result = validate(book)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{book}:7:id: id 'x y' must be a slug: letters, digits, '-', '_' or '.' (e.g. 'erevan-2018')"
    )


def test_an_ods_sheet_by_number(tmp_path):
    book = ods(tmp_path / "p.ods", {"Notes": ods_rows([["x"]]), "Partenaires": ods_rows([HEADER, ROW])})
    result = validate(book, "--sheet", "2")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, f"{book}: 1 partners, no errors, 0 warning(s)")


# -- limits on CSV files ---------------------------------------------------------------------------------


def csv_file(tmp_path: Path, rows: list[list[str]], name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_a_header_of_100000_columns_is_refused(tmp_path):
    path = csv_file(tmp_path, [HEADER + [f"c{i}" for i in range(100_000)], ROW])
    result = validate(path)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}:1: 100,005 columns: the limit is 100 (raise it with --max-columns)\n"
    )  # fmt: skip


def test_too_many_rows_are_refused_and_the_limit_can_be_raised(tmp_path):
    path = csv_file(tmp_path, [HEADER] + [[f"p{i}", *ROW[1:]] for i in range(6)])
    result = validate(path, "--max-rows", "5")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}: more than 5 rows: the limit is 5 (raise it with --max-rows)\n"
    )  # fmt: skip
    assert validate(path, "--max-rows", "6").exit_code == 0


def test_a_cell_over_131072_characters_is_reported_at_its_column(tmp_path):
    path = csv_file(tmp_path, [HEADER + ["description"], ROW + ["d" * 131_073]])
    result = validate(path)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}:2:description: a cell of 131,073 characters: the limit is 10,000 "
        "(raise it with --max-cell-length)\n",
    )  # fmt: skip
    assert validate(path, "--max-cell-length", "200000").exit_code == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = csv_file(tmp_path, [HEADER, ROW + ["x" * 1_100_000]])
    result = validate(path, "--max-megabytes", "1")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}: the file is 1.1 MB: the limit is 1 MB (raise it with --max-megabytes)\n"
    )  # fmt: skip


def test_limits_are_usage_errors_when_not_positive(tmp_path):
    result = validate(csv_file(tmp_path, [HEADER, ROW]), "--max-rows", "0")
    assert result.exit_code == 2 and "--max-rows" in result.stderr


# -- files that are not files ----------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_at_once(device):
    result = validate(Path(device))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {device}: not a regular file (a device, a pipe or a socket): give a CSV or workbook file\n"
    )  # fmt: skip


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "partners.csv"
    os.mkfifo(fifo)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=validate(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "validate blocked on the FIFO"
    assert outcome["result"].stderr == (
        f"Error: {fifo}: not a regular file (a device, a pipe or a socket): give a CSV or workbook file\n"
    )


# -- encodings -------------------------------------------------------------------------------------------


def test_one_bad_byte_in_a_utf8_file_is_reported_at_its_line_and_column(tmp_path):
    path = tmp_path / "p.csv"
    text = "id,partner,country,type,signed\nbav,Bavière,Allemagne,Accord,2018\nx,Généralit\xe9,Espagne,Accord,2018\n"
    path.write_bytes(text.encode("utf-8").replace(b"\xc3\xa9,Espagne", b"\xe9,Espagne"))
    result = validate(path)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}:3:12: byte 0xE9 is not UTF-8, though the rest of the file is: correct that character, "
        "or save the file again as 'CSV UTF-8'\n",
    )  # fmt: skip


def test_a_whole_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("id;partner;country;type;signed\nbav;Land de Bavière;Allemagne;Accord;2018\n".encode("cp1252"))
    result = validate(path)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{path}:2:17: warning: not UTF-8: read as Windows-1252 (Excel's 'CSV'); "
        "save it as 'CSV UTF-8' to be sure of every accent"
    )
    assert load_table(path, Limits()).rows[0][1] == "Land de Bavière"


# -- damaged boundary files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("damaged", ["admin1.fgb", "countries.fgb"])
def test_truncated_boundary_files_are_a_user_message(tmp_path, damaged):
    from coopmap.boundaries import DEFAULT_DIR, FILES

    folder = tmp_path / "boundaries"
    folder.mkdir()
    for name in FILES:
        data = (DEFAULT_DIR / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 3] if name == damaged else data)
    path = csv_file(tmp_path, [HEADER, ROW])
    result = validate(path, "--boundaries", str(folder))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {folder / damaged}: damaged boundary file (")
    assert result.stderr.endswith("reinstall coopmap, or derive the files again with 'coopmap boundaries derive'\n")
