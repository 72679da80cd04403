"""Cells cleaned of what nobody can see, and categories that look alike merged, each with a warning."""

from __future__ import annotations

import dataclasses

import pandas as pd

from .errors import Problem
from .partners import Table
from .reading import column_letter
from .text import clean_cell, fold_category, has_hidden, quoted

# The columns whose values become filters on the map: one filter per spelling a reader can tell apart.
CATEGORY_COLUMNS = ("type",)
LIST_CATEGORY_COLUMNS = ("sectors",)


def clean_table(table: Table) -> tuple[Table, list[Problem]]:
    """The table with control, bidi-control and zero-width characters removed from every cell.

    « \\u202egnp.exe » would display as « exe.png »; a zero-width space makes two equal-looking words
    differ. Each cleaned cell gets a warning naming what was removed.
    """
    problems: list[Problem] = []
    header = []
    for index, cell in enumerate(table.header):
        cleaned, removed = clean_cell(cell)
        header.append(cleaned)
        if removed:
            problems.append(_removed(table.path, 1, cell or column_letter(index), removed))
    rows = []
    for cells, line in zip(table.rows, table.lines):
        if not has_hidden("\n".join(cells)):  # most rows: nothing to remove, one scan of the whole row
            rows.append(cells)
            continue
        row = []
        for index, cell in enumerate(cells):
            cleaned, removed = clean_cell(cell)
            row.append(cleaned)
            if removed:
                column = header[index] if index < len(header) and header[index] else column_letter(index)
                problems.append(_removed(table.path, line, column, removed))
        rows.append(row)
    return dataclasses.replace(table, header=header, rows=rows), problems


def _removed(path: str, line: int, column: str, names: list[str]) -> Problem:
    what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return Problem(path, line, column, f"removed invisible or control characters: {what}", "warning")


def merge_categories(frame: pd.DataFrame, path: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Types and sectors that differ only by case, accents, spaces or invisible characters take the
    first spelling met in the file; a sector given twice in one row is kept once. Warnings say so."""
    problems: list[Problem] = []
    frame = frame.copy()
    for column in CATEGORY_COLUMNS:
        first: dict[str, tuple[str, int]] = {}
        frame[column] = [
            _first_spelling(value, line, column, first, path, problems) if value else value
            for value, line in zip(frame[column], frame["line"])
        ]
    for column in LIST_CATEGORY_COLUMNS:
        first = {}
        merged = []
        for values, line in zip(frame[column], frame["line"]):
            kept: dict[str, str] = {}
            for value in values:
                if fold_category(value) in kept:
                    twice = f"{quoted(value)} is given twice: kept once"
                    problems.append(Problem(path, line, column, twice, "warning"))
                else:
                    kept[fold_category(value)] = _first_spelling(value, line, column, first, path, problems)
            merged.append(tuple(kept.values()))
        frame[column] = merged
    return frame, problems


def _first_spelling(value: str, line: int, column: str, first: dict, path: str, problems: list[Problem]) -> str:
    key = fold_category(value)
    spelling, first_line = first.setdefault(key, (value, line))
    if spelling != value:
        problems.append(
            Problem(path, line, column, f"{quoted(value)} is taken as {quoted(spelling)} (line {first_line}): "
                    "they differ only by case, accents or invisible characters", "warning")  # fmt: skip
        )
    return spelling
