"""Workbooks written byte by byte for the hostile tests: well-formed ones, bombs, and liars."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_SHEET_CT = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(path: Path, sheets: dict[str, str], shared: list[str] = (), dimension: str = "A1") -> Path:
    """A workbook whose sheets hold the given <sheetData> XML, with ``shared`` as shared strings."""
    book = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(sheets="".join(_SHEET_CT.format(n=i)
                                                                          for i in range(1, len(sheets) + 1))))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {_NS} xmlns:r="{_R}"><sheets>{book}'
                                            "</sheets></workbook>")  # fmt: skip
        archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                         f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>')  # fmt: skip
        archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {_NS}>{strings}</sst>')
        for i, data in enumerate(sheets.values(), 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", f'<?xml version="1.0"?><worksheet {_NS}>'
                             f'<dimension ref="{dimension}"/><sheetData>{data}</sheetData></worksheet>')  # fmt: skip
    return path


def rows_xml(rows: list[list[str]], first_row: int = 1) -> str:
    """<row>s of inline-string cells, starting at ``first_row``."""
    out = []
    for r, row in enumerate(rows, first_row):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for c, v in enumerate(row) if v
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def lie_about_size(path: Path, entry: str, declared: int) -> Path:
    """Rewrite the zip's local and central headers of ``entry`` to declare ``declared`` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    name = entry.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", data, at + 24, declared)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
        at += 4
    path.write_bytes(bytes(data))
    return path


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(path: Path, tables: dict[str, str]) -> Path:
    """An OpenDocument spreadsheet whose tables hold the given <table:table-row> XML."""
    body = "".join(f'<table:table table:name="{escape(n)}">{rows}</table:table>' for n, rows in tables.items())
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def ods_rows(rows: list[list[str]]) -> str:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    empty = "<table:table-cell/>"
    return "".join(
        "<table:table-row>" + "".join(cell.format(escape(v)) if v else empty for v in row) + "</table:table-row>"
        for row in rows
    )
