"""Read an input file's bytes, decode a CSV, and split it into records, within the limits.

Nothing here trusts the file: devices and pipes are refused, sizes are checked before they are read,
decoding errors are located, and every record is counted and measured as it is parsed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import InputError, Problem
from .limits import Limits, over_limit

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls


def read_input(path: Path, limits: Limits) -> bytes:
    """The file's bytes, refused when it is not a regular file or larger than ``limits.megabytes``."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a CSV file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a folder, not a CSV file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file (a device, a pipe or a socket): give a CSV or workbook file")
        if info.st_size > limits.bytes:
            raise over_limit(name, f"the file is {info.st_size / 1e6:,.1f} MB", limits, "megabytes")
        try:
            raw = stream.read(limits.bytes + 1)
        except OSError as error:
            raise InputError(f"{name}: cannot be read ({error.strerror})") from None
    if len(raw) > limits.bytes:  # it grew while we read it
        raise over_limit(name, "the file is larger than the limit", limits, "megabytes")
    return raw


def is_workbook(path: Path, raw: bytes) -> bool:
    """A zip (.xlsx, .ods) or OLE (.xls) file, by its suffix or its first bytes."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES or raw.startswith((b"PK\x03\x04", OLE_MAGIC))


def decode_text(name: str, raw: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 (BOM or not); else Windows-1252 when the whole file plausibly is, with a warning saying so.

    A file that is UTF-8 but for a few bytes is refused at the first bad byte's line and column: reading
    it as Windows-1252 would turn every « é » of the file into « Ã© ».
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise InputError(f"{name}:1:1: this is not a text file (UTF-16 or binary?): save it as 'CSV UTF-8'")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        bad = error.start
    line, column = _position(raw, bad)
    if _has_utf8_sequences(raw):
        raise InputError(
            f"{name}:{line}:{column}: byte 0x{raw[bad]:02X} is not UTF-8, though the rest of the file is: "
            "correct that character, or save the file again as 'CSV UTF-8'"
        )
    try:
        text = raw.decode("cp1252")  # what French Excel writes for "CSV (separator: semicolon)"
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        raise InputError(
            f"{name}:{line}:{column}: the file is neither UTF-8 nor Windows-1252 (byte 0x{raw[error.start]:02X}): "
            "save it as 'CSV UTF-8'"
        ) from None
    warning = Problem(name, line, str(column), "not UTF-8: read as Windows-1252 (Excel's 'CSV'); "
                      "save it as 'CSV UTF-8' to be sure of every accent", "warning")  # fmt: skip
    return text, [warning]


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte ``offset``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _has_utf8_sequences(raw: bytes) -> bool:
    """True when the bytes hold multi-byte UTF-8 characters (« é » as C3 A9): the file was meant as UTF-8."""
    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", raw) is not None


def csv_field_limit(text: str) -> int:
    """A csv field size limit no cell of ``text`` can pass: long cells are measured by check_record."""
    return max(131_072, len(text) + 1)


def check_record(name: str, record: list, line: int, count: int, limits: Limits, header: list) -> None:
    """Refuse the file at the first record past a limit: rows, columns, or a cell's length."""
    if count > limits.rows + 1:  # the header is not a partner
        raise over_limit(name, f"more than {limits.rows:,} rows", limits, "rows")
    if len(record) > limits.columns:
        raise over_limit(f"{name}:{line}", f"{len(record):,} columns", limits, "columns")
    for index, cell in enumerate(record):
        if isinstance(cell, str) and len(cell) > limits.cell_length:
            column = str(header[index]).strip() if index < len(header) and count > 1 else column_letter(index)
            raise over_limit(f"{name}:{line}:{column or column_letter(index)}", f"a cell of {len(cell):,} characters",
                             limits, "cell_length")  # fmt: skip


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the spreadsheet's name of a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
