"""Read a partners spreadsheet (CSV or .xlsx) and check every row, collecting all problems at once."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError, Problem
from .headers import known_header, name_columns
from .limits import DEFAULT_LIMITS, Limits
from .names import fold as fold_text
from .names import slug
from .reading import check_record, csv_field_limit, decode_text, is_workbook, read_input
from .workbook import cell_text, load_sheet

# The name a DataFrame's problems are reported under, as a file's are under its path.
FRAME_NAME = "<DataFrame>"

COLUMNS = (
    "id", "partner", "country", "areas", "type", "signed",
    "since", "sectors", "description", "url", "lat", "lon",
    "ended", "status", "group", "home",
)  # fmt: skip
REQUIRED_COLUMNS = ("partner", "country", "type", "signed")
REQUIRED_VALUES = ("partner", "type")
# The words a `status` cell may hold, folded (accents and case ignored), French or English.
STATUS_WORDS = {
    "active": ("active", "actif", "en cours", "en vigueur", "current", "ongoing", "in force"),
    "ended": ("ended", "terminé", "terminée", "échu", "échue", "fini", "finie", "expired", "expiré", "expirée",
              "clos", "close", "closed", "over", "inactive", "inactif"),
    "suspended": ("suspended", "suspendu", "suspendue", "paused", "en pause", "gelé", "gelée", "on hold"),
}  # fmt: skip
_DATE_FORMS = (
    (re.compile(r"(\d{4})"), ("y",)),
    (re.compile(r"(\d{4})-(\d{1,2})"), ("y", "m")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})/(\d{4})"), ("m", "y")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("d", "m", "y")),
)


@dataclass(frozen=True)
class Table:
    """The raw cells of a spreadsheet: header (the column each names), rows, and the line each row starts on."""

    path: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    notes: tuple[Problem, ...] = ()  # warnings about the file itself (its encoding)
    labels: tuple[str, ...] = ()  # the header as the file writes it, for messages ('Pays' for country)


def load_table(
    path: Path, limits: Limits = DEFAULT_LIMITS, sheet: str | None = None, columns: dict[str, str] | None = None
) -> Table:
    """Read CSV (UTF-8 with or without BOM, or Windows-1252; ',' ';' or tab) or a workbook sheet
    (.xlsx, .xls, .ods; ``sheet`` a name or 1-based number) into cells, refusing what passes ``limits``;
    ``columns`` names the header of any column the known headers (headers.py) do not."""
    name = str(path)
    raw = read_input(path, limits)
    if is_workbook(path, raw):
        records, lines = load_sheet(name, raw, limits, sheet)
        return _table(name, records, lines, columns)
    text, notes = decode_text(name, raw)
    if not text.strip():
        raise InputError(f"{name}:1:1: the file is empty: expected a header row such as 'id,partner,country,...'")
    table = _parse_csv(name, text, limits, columns)
    return dataclasses.replace(table, notes=tuple(notes))


def load_frame(frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS, columns: dict[str, str] | None = None) -> Table:
    """A pandas DataFrame's cells as a sheet: its column names the header (line 1), its rows lines 2, 3…"""
    name = FRAME_NAME
    header = [cell_text(column) for column in frame.columns]
    records, lines = [header], [1]
    check_record(name, header, 1, 1, limits, header)
    for line, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        record = [cell_text(None if _missing(value) else value) for value in row]
        records.append(record)
        lines.append(line)
        check_record(name, record, line, len(records), limits, header)
    return _table(name, records, lines, columns)


def _missing(value) -> bool:
    """NaN, None, NaT and pd.NA: an empty cell (pd.isna of a list is not one answer)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _parse_csv(name: str, text: str, limits: Limits = DEFAULT_LIMITS, columns: dict[str, str] | None = None) -> Table:
    delimiter = _detect_delimiter(text)
    previous = csv.field_size_limit(csv_field_limit(text))  # long cells are measured by check_record
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            records.append(record)
            lines.append(start)
            start = reader.line_num + 1
            check_record(name, record, lines[-1], len(records), limits, records[0])
    except csv.Error as error:
        reason = "a quote opened here is never closed" if "end of data" in str(error) else str(error)
        raise InputError(f"{name}:{start}:1: malformed CSV: {reason}") from None
    finally:
        csv.field_size_limit(previous)
    return _table(name, records, lines, columns)


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most known column names."""
    first = text.lstrip("\ufeff")[:100_000].splitlines()[0] if text.strip() else ""
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        score = sum(known_header(cell) is not None for cell in cells) * 100 + len(cells)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _table(name: str, records: list[list[str]], lines: list[int], columns: dict[str, str] | None = None) -> Table:
    labels = [cell.strip().lstrip("\ufeff") for cell in records[0]]
    while labels and not labels[-1]:
        labels.pop()
    header = name_columns(name, labels, columns)
    rows, row_lines = [], []
    for record, line in zip(records[1:], lines[1:]):
        cells = [cell.strip() for cell in record]
        if any(cells):
            rows.append(cells)
            row_lines.append(line)
    return Table(name, header, rows, row_lines, labels=tuple(labels))


def with_labels(problems: list[Problem], table: Table) -> list[Problem]:
    """The problems with each column named as the file's header writes it ('Pays', not 'country')."""
    labels = {name: label for name, label in zip(table.header, table.labels) if label and label != name}
    return [dataclasses.replace(p, column=labels[p.column]) if p.column in labels else p for p in problems]


def validate_partners(table: Table, today: dt.date | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every cell; return one row per partner (with its ``line``) and all problems found.

    Rows with errors stay in the frame, flagged ``has_error``, so a caller may leave them out.
    """
    today = today or dt.date.today()
    problems = _check_header(table)
    if any(p.is_error for p in problems):
        return pd.DataFrame(columns=[*COLUMNS, "line", "has_error"]), problems
    records = []
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple, int] = {}
    for cells, line, ident in zip(table.rows, table.lines, _ids(table)):
        row_problems: list[Problem] = []
        record = _check_row(table, cells, line, today, row_problems)
        record["id"] = record["id"] or ident
        _check_duplicates(table.path, record, line, seen_ids, seen_rows, row_problems)
        record["line"] = line
        record["has_error"] = any(p.is_error for p in row_problems)
        records.append(record)
        problems.extend(row_problems)
    if not records:
        problems.append(Problem(table.path, 2, "id", "no partner rows: add one row per partnership below the header"))
    # dtype=object keeps None as None (pandas would turn a column of ints and None into floats and NaN).
    return pd.DataFrame(records, columns=[*COLUMNS, "line", "has_error"], dtype=object), problems


def _ids(table: Table) -> list[str]:
    """Each row's id: its own, else a slug of its partner's name, unique in the file ('-2', '-3' after the
    first), the same whatever rows are added after it."""
    def cell(cells: list[str], column: str) -> str:
        index = table.header.index(column) if column in table.header else len(cells)
        return cells[index].strip() if index < len(cells) else ""

    given = [cell(cells, "id") for cells in table.rows]
    taken = set(given)
    ids = []
    for cells, ident in zip(table.rows, given):
        if not ident:
            base = slug(cell(cells, "partner"))[:60].strip("-") or "partner"
            ident, number = base, 1
            while ident in taken:
                number += 1
                ident = f"{base}-{number}"
            taken.add(ident)
        ids.append(ident)
    return ids


def _check_header(table: Table) -> list[Problem]:
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in table.header]
    if missing:
        found = ", ".join(repr(c) for c in (table.labels or table.header) if c) or "nothing"
        problems.append(
            Problem(
                table.path, 1, missing[0],
                f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(found {found}); the header must name at least: {', '.join(REQUIRED_COLUMNS)}",
            )
        )  # fmt: skip
    for column in table.header:
        if column and column not in COLUMNS:
            problems.append(Problem(table.path, 1, column, f"unknown column '{column}' is ignored", "warning"))
    duplicated = sorted({c for c in table.header if c and table.header.count(c) > 1})
    for column in duplicated:
        labels = [label for name, label in zip(table.header, table.labels) if name == column]
        if len(set(labels)) > 1:
            named = " and ".join(f"'{label}'" for label in labels)
            problems.append(Problem(table.path, 1, column, f"columns {named} both mean '{column}': keep one"))
        else:
            problems.append(Problem(table.path, 1, column, f"column '{column}' appears twice in the header"))
    return problems


def _check_row(table: Table, cells: list[str], line: int, today: dt.date, problems: list[Problem]) -> dict:
    values = {c: "" for c in COLUMNS}
    for column, cell in zip(table.header, cells):
        if column in values:
            values[column] = cell
    if any(cells[len(table.header) :]):
        problems.append(
            Problem(
                table.path,
                line,
                str(len(table.header) + 1),
                f"{len(cells)} cells but the header has {len(table.header)}",
            )
        )

    def problem(column: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(table.path, line, column, message, severity))

    for column in REQUIRED_VALUES:
        if not values[column]:
            problem(column, f"'{column}' is empty: every partner needs one")
    if values["id"] and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", values["id"]):
        problem("id", f"id '{values['id']}' must be a slug: letters, digits, '-', '_' or '.' (e.g. 'erevan-2018')")
    signed = _parse_date(values["signed"], "signed", today, problem)
    # An end may be planned: an agreement that runs until next year is in force today.
    ended = _parse_date(values["ended"], "ended", dt.date.max, problem)
    if ended and signed and _before(ended, signed):
        problem("ended", f"ended {values['ended']} is before the date signed ({values['signed']})")
    status = _parse_status(values["status"], ended, problem)
    if values["group"] and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", values["group"]):
        problem("group", f"group '{_short(values['group'])}' must be a slug: letters, digits, '-', '_' or '.'")
    since = _parse_since(values["since"], signed, problem)
    lat = _parse_coordinate(values["lat"], "lat", 90, problem)
    lon = _parse_coordinate(values["lon"], "lon", 180, problem)
    if bool(values["lat"]) != bool(values["lon"]):
        problem("lon" if values["lat"] else "lat", "give both lat and lon, or neither")
    if lat is None or lon is None:
        lat = lon = None
    if values["url"] and not re.match(r"https?://[^\s/]+", values["url"], re.IGNORECASE):
        problem("url", f"url '{_short(values['url'])}' must start with http:// or https://")
    if values["areas"] and not values["country"]:
        problem("areas", "areas are given without a country: fill 'country' too")
    return {
        **values,
        "country": _split(values["country"]),
        "areas": _split(values["areas"]),
        "sectors": _split(values["sectors"]),
        "signed": signed,
        "ended": ended,
        "status": status,
        "since": since,
        "lat": lat,
        "lon": lon,
    }


def _check_duplicates(path, record, line, seen_ids, seen_rows, problems) -> None:
    ident = record["id"]
    if ident and ident in seen_ids:
        problems.append(Problem(path, line, "id", f"duplicate id '{ident}' (first used on line {seen_ids[ident]})"))
    elif ident:
        seen_ids[ident] = line
    key = (record["partner"].casefold(), record["country"], record["signed"], record["type"].casefold())
    if record["partner"] and key in seen_rows:
        problems.append(Problem(path, line, "partner", f"looks like a duplicate of line {seen_rows[key]}", "warning"))
    else:
        seen_rows.setdefault(key, line)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _parse_date(text: str, column: str, today: dt.date, problem) -> str:
    """Normalise to YYYY, YYYY-MM or YYYY-MM-DD; '' when empty or wrong (the problem is recorded)."""
    if not text:
        return ""
    for pattern, parts in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            fields = dict(zip(parts, map(int, match.groups())))
            try:
                day = dt.date(fields["y"], fields.get("m", 1), fields.get("d", 1))
            except ValueError:
                problem(column, f"date '{text}' does not exist")
                return ""
            if day > today:
                problem(column, f"date '{text}' is in the future")
                return ""
            return "-".join([f"{fields['y']:04d}"] + [f"{fields[k]:02d}" for k in ("m", "d") if k in fields])
    problem(column, f"date '{_short(text)}' not understood: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-11-19)")
    return ""


def _before(first: str, second: str) -> bool:
    """Whether a normalised date is before another, compared at the precision both give."""
    common = min(len(first), len(second))
    return first[:common] < second[:common]


def _parse_status(text: str, ended: str, problem) -> str:
    """'active', 'ended', 'suspended' or '' (not given; an end date then says it)."""
    if not text:
        return ""
    word = " ".join(fold_text(text).replace("-", " ").split())
    status = next((key for key, words in STATUS_WORDS.items() if word in {fold_text(w) for w in words}), None)
    if status is None:
        accepted = "; ".join(f"{key}: {', '.join(words)}" for key, words in STATUS_WORDS.items())
        problem("status", f"status '{_short(text)}' not understood: write one of ({accepted})")
        return ""
    if status == "active" and ended:
        problem("status", f"status '{text}' but the row has an end date: leave status empty or write 'ended'")
    return status


def _parse_since(text: str, signed: str, problem) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        problem("since", f"since '{_short(text)}' must be a year such as 2011")
        return None
    year = int(text)
    if signed and year > int(signed[:4]):
        problem("since", f"since {year} is after the year signed ({signed[:4]})")
    return year


def _parse_coordinate(text: str, column: str, limit: int, problem) -> float | None:
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))  # French Excel writes 48,85
    except ValueError:
        problem(column, f"{column} '{_short(text)}' is not a number (decimal degrees, e.g. 48.8566)")
        return None
    if not math.isfinite(value) or abs(value) > limit:
        problem(column, f"{column} {text} is out of range (-{limit} to {limit})")
        return None
    return value


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
