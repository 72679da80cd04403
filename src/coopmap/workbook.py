"""Read one sheet of an .xlsx, .xls or .ods workbook through python-calamine, bombs refused first.

A workbook is a zip of XML: a few kB can declare a million rows (calamine allocates rows x columns from
the cells' positions), expand to gigabytes, or repeat one long shared string in every cell. Before
calamine sees it, every zip entry is decompressed here in a stream, counted and checked against its
declared size, and the chosen sheet's extent (from its cells, never from <dimension>) and text volume
are measured; anything past the limits is refused with the option that raises them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass

from .errors import InputError
from .limits import Limits, over_limit
from .reading import OLE_MAGIC, check_record, column_letter
from .text import quoted

_CHUNK = 1 << 16


@dataclass
class SheetShape:
    """What a sheet holds, measured from its cells: rows, columns, characters."""

    name: str = ""
    rows: int = 0
    columns: int = 0
    characters: int = 0


def load_sheet(name: str, raw: bytes, limits: Limits, sheet: str | None = None) -> tuple[list[list[str]], list[int]]:
    """The cells of one sheet (``sheet``: a name or a 1-based number; the first by default), as text,
    and the sheet row number of each record."""
    if raw[:4] == b"PK\x03\x04":
        shapes = _measure_zip(name, raw, limits)
    elif raw[:8] == OLE_MAGIC:
        shapes = None  # .xls: bounded by the file size (at most 65,536 x 256 cells by the format)
    else:
        raise InputError(f"{name}:1:1: not a workbook (.xlsx, .xls or .ods) nor a text file")
    book = _open(name, raw)
    chosen = _choose_sheet(name, list(book.sheet_names), sheet)
    if shapes is not None:
        _check_shape(name, shapes.get(chosen) or shapes.get(list(book.sheet_names).index(chosen), SheetShape()), limits)
    try:
        data = book.get_sheet_by_name(chosen)
        records, lines = [], []
        # iter_rows starts at the sheet's first row (its line numbers are ours) and at its first used column.
        for line, row in enumerate(data.iter_rows(), start=1):
            record = [cell_text(value) for value in row]
            if records or any(record):  # rows above the header are skipped
                records.append(record)
                lines.append(line)
                check_record(name, record, line, len(records), limits, records[0])
    except InputError:
        raise
    except Exception as error:  # calamine raises its own kinds, and pyo3 panics, for a damaged sheet
        raise InputError(f"{name}: sheet {quoted(chosen)} cannot be read ({type(error).__name__}: {error})") from None
    if not records:
        raise InputError(f"{name}:1:1: the sheet {quoted(chosen)} is empty")
    return records, lines


def _open(name: str, raw: bytes):
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as error:
        raise InputError(f"{name}:1:1: not a readable workbook ({type(error).__name__}: {error})") from None


def _choose_sheet(name: str, names: list[str], wanted: str | None) -> str:
    if not names:
        raise InputError(f"{name}: the workbook has no sheet")
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    if re.fullmatch(r"\d+", wanted) and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    listed = ", ".join(quoted(n) for n in names)
    raise InputError(f"{name}: no sheet {quoted(wanted)}: it has {listed} (--sheet NAME or 1 to {len(names)})")


def _check_shape(name: str, shape: SheetShape, limits: Limits) -> None:
    if shape.rows > limits.rows + 1:
        raise over_limit(name, f"the sheet reaches row {shape.rows:,}", limits, "rows")
    if shape.columns > limits.columns:
        where = f"column {column_letter(shape.columns - 1)} ({shape.columns:,} columns)"
        raise over_limit(name, f"the sheet reaches {where}", limits, "columns")
    if shape.characters > limits.bytes:
        raise over_limit(name, "the sheet's cells hold more text than that", limits, "megabytes")


def cell_text(value) -> str:
    """A cell as text: dates ISO, whole numbers without '.0', booleans as the spreadsheet writes them."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- the zip, entry by entry ---------------------------------------------------------------------------


def _measure_zip(name: str, raw: bytes, limits: Limits) -> dict:
    """Check sizes (declared, then real) and measure the sheets: {sheet name or index: SheetShape}."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, struct.error, OSError) as error:
        raise InputError(f"{name}:1:1: not a readable workbook (damaged zip: {error})") from None
    declared = sum(entry.file_size for entry in entries)
    if declared > limits.bytes:
        raise over_limit(name, f"the workbook expands to {declared / 1e6:,.0f} MB", limits, "megabytes")
    names = {entry.filename for entry in entries}
    if "content.xml" in names:
        order = [e for e in entries if e.filename == "content.xml"]
        scanner = _OdsScanner(name, limits)
        for entry in order:
            _stream(name, raw, entry, limits, scanner.feed)
        scanner.close()
        return scanner.shapes
    shared = _SharedStrings(name)
    sheets: dict = {}
    for entry in sorted(entries, key=lambda e: e.filename != "xl/sharedStrings.xml"):
        if entry.filename == "xl/sharedStrings.xml":
            _stream(name, raw, entry, limits, shared.feed)
            shared.close()
        elif re.fullmatch(r"xl/worksheets/[^/]+\.xml", entry.filename):
            scanner = _XlsxSheetScanner(name, limits, shared.lengths)
            _stream(name, raw, entry, limits, scanner.feed)
            scanner.close()
            sheets[entry.filename] = scanner.shape
        else:
            _stream(name, raw, entry, limits, lambda chunk: None)
    return _xlsx_sheet_names(name, archive, sheets)


def _stream(name: str, raw: bytes, entry: zipfile.ZipInfo, limits: Limits, feed) -> None:
    """Decompress one entry ourselves, at most its declared size: a lying header is refused, not believed."""
    if entry.flag_bits & 0x1:
        raise InputError(f"{name}: the workbook is encrypted: save it without a password")
    offset = entry.header_offset
    header = raw[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise InputError(f"{name}:1:1: not a readable workbook (damaged zip entry {quoted(entry.filename)})")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    compressed = raw[start : start + entry.compress_size]
    if entry.compress_type == zipfile.ZIP_STORED:
        chunks = (compressed[i : i + _CHUNK] for i in range(0, len(compressed), _CHUNK))
        produced, crc, complete = _feed_all(chunks, feed)
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        produced, crc, complete = _inflate(compressed, entry.file_size, feed)
    else:
        raise InputError(f"{name}: zip entry {quoted(entry.filename)} uses an unsupported compression")
    if not complete or produced != entry.file_size or crc != entry.CRC:
        raise InputError(
            f"{name}: the workbook is damaged or lies about its size (entry {quoted(entry.filename)}: "
            f"declares {entry.file_size:,} bytes)"
        )


def _feed_all(chunks, feed) -> tuple[int, int, bool]:
    produced, crc = 0, 0
    for chunk in chunks:
        produced += len(chunk)
        crc = zlib.crc32(chunk, crc)
        feed(chunk)
    return produced, crc, True


def _inflate(compressed: bytes, declared: int, feed) -> tuple[int, int, bool]:
    inflater = zlib.decompressobj(-15)
    produced, crc = 0, 0
    try:
        for i in range(0, len(compressed), _CHUNK):
            data = compressed[i : i + _CHUNK]
            while data:
                chunk = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
                produced += len(chunk)
                if produced > declared:
                    return produced, crc, False
                crc = zlib.crc32(chunk, crc)
                feed(chunk)
                if inflater.eof:
                    break
        chunk = inflater.flush()
    except zlib.error:
        return produced, crc, False
    produced += len(chunk)
    crc = zlib.crc32(chunk, crc)
    if chunk:
        feed(chunk)
    return produced, crc, inflater.eof


def _xlsx_sheet_names(name: str, archive: zipfile.ZipFile, sheets: dict) -> dict:
    """Sheet name -> its measured shape, through xl/workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        ident, target = re.search(r'\bId="([^"]*)"', rel), re.search(r'\bTarget="([^"]*)"', rel)
        if ident and target:
            path = target.group(1).lstrip("/")
            targets[ident.group(1)] = path if path.startswith("xl/") else "xl/" + path
    shapes = {}
    for position, tag in enumerate(re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book)):
        sheet_name = re.search(r'\bname="([^"]*)"', tag)
        ident = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', tag)
        path = targets.get(next(g for g in ident.groups() if g)) if ident else None
        shape = sheets.get(path, SheetShape())
        if sheet_name:
            shapes[_unescape_xml(sheet_name.group(1))] = shape
        shapes[position] = shape
    return shapes


def _unescape_xml(text: str) -> str:
    import html

    return html.unescape(text)


# -- XML scanners: expat in a stream, no DTD, no entity ---------------------------------------------------


def _parser(name: str):
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True

    def refuse_doctype(*args):
        raise InputError(f"{name}: the workbook's XML declares a DTD: refused")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    return parser


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


class _Scanner:
    def __init__(self, name: str):
        self.name = name
        self.parser = _parser(name)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except xml.parsers.expat.ExpatError as error:
            raise InputError(f"{self.name}: not a readable workbook (broken XML: {error})") from None

    def close(self) -> None:
        self.feed(b"")
        try:
            self.parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as error:
            raise InputError(f"{self.name}: not a readable workbook (broken XML: {error})") from None

    def start(self, tag, attrs): ...

    def end(self, tag): ...

    def text(self, data): ...


class _SharedStrings(_Scanner):
    """The length of each shared string, so a sheet's cells can be weighed before calamine copies them."""

    def __init__(self, name: str):
        super().__init__(name)
        self.lengths: list[int] = []
        self.in_text = self.in_phonetic = False

    def start(self, tag, attrs):
        tag = _local(tag)
        if tag == "si":
            self.lengths.append(0)
        self.in_phonetic = self.in_phonetic or tag == "rPh"  # phonetic guides are not the cell's text
        self.in_text = self.in_text or tag == "t"

    def end(self, tag):
        tag = _local(tag)
        self.in_phonetic = self.in_phonetic and tag != "rPh"
        self.in_text = self.in_text and tag != "t"

    def text(self, data):
        if self.in_text and not self.in_phonetic and self.lengths:
            self.lengths[-1] += len(data)


class _XlsxSheetScanner(_Scanner):
    """A worksheet's extent from its cells' positions and its text volume, stopping at the first excess."""

    def __init__(self, name: str, limits: Limits, shared: list[int]):
        super().__init__(name)
        self.limits, self.shared = limits, shared
        self.shape = SheetShape()
        self.row = 0
        self.column = 0
        self.kind = ""
        self.value: list[str] = []
        self.in_value = False

    def start(self, tag, attrs):
        tag = _local(tag)
        if tag == "row":
            self.row = _int(attrs.get("r"), self.row + 1)
            self.column = 0
        elif tag == "c":
            ref = re.fullmatch(r"\$?([A-Za-z]{1,4})\$?(\d{1,9})", attrs.get("r", ""))
            self.column = _column_index(ref.group(1)) + 1 if ref else self.column + 1
            if ref:
                self.row = int(ref.group(2))
            self.kind = attrs.get("t", "n")
            self.value = []
        elif tag in ("v", "t"):
            self.in_value = True

    def end(self, tag):
        tag = _local(tag)
        if tag in ("v", "t"):
            self.in_value = False
        elif tag == "c":
            text = "".join(self.value)
            if text:
                self.shape.rows = max(self.shape.rows, self.row)
                self.shape.columns = max(self.shape.columns, self.column)
                if self.kind == "s" and text.isdigit() and int(text) < len(self.shared):
                    self.shape.characters += self.shared[int(text)]
                else:
                    self.shape.characters += len(text)
                _check_shape(self.name, self.shape, self.limits)

    def text(self, data):
        if self.in_value:
            self.value.append(data)


class _OdsScanner(_Scanner):
    """Each table of an .ods content.xml: extent with repeated rows and cells expanded, and text volume."""

    def __init__(self, name: str, limits: Limits):
        super().__init__(name)
        self.limits = limits
        self.shapes: dict = {}
        self.table: SheetShape | None = None
        self.row = 0
        self.row_repeat = 1
        self.column = 0
        self.cell_repeat = 1
        self.cell_text = 0
        self.cell_valued = False
        self.tables = 0

    def start(self, tag, attrs):
        tag = _local(tag)
        if tag == "table":
            self.table = SheetShape(attrs.get("table:name", ""))
            self.shapes[self.table.name] = self.shapes[self.tables] = self.table
            self.tables += 1
            self.row = 0
        elif self.table is None:
            return
        elif tag == "table-row":
            self.row_repeat = _int(attrs.get("table:number-rows-repeated"), 1)
            self.column = 0
        elif tag in ("table-cell", "covered-table-cell"):
            self.cell_repeat = _int(attrs.get("table:number-columns-repeated"), 1)
            self.cell_text = 0
            self.cell_valued = any(k in attrs for k in ("office:value", "office:date-value", "office:boolean-value"))

    def end(self, tag):
        tag = _local(tag)
        if self.table is None:
            return
        if tag in ("table-cell", "covered-table-cell"):
            self.column += self.cell_repeat
            if self.cell_text or self.cell_valued:
                shape = self.table
                shape.columns = max(shape.columns, self.column)
                shape.rows = max(shape.rows, self.row + self.row_repeat)
                shape.characters += max(self.cell_text, 1) * self.cell_repeat * self.row_repeat
                _check_shape(self.name, shape, self.limits)
        elif tag == "table-row":
            self.row += self.row_repeat
        elif tag == "table":
            self.table = None

    def text(self, data):
        if self.table is not None:
            self.cell_text += len(data)


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else default


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1

