"""Property-based tests: any text survives the reader, and the page's JSON, as the same text."""

from __future__ import annotations

import csv
import html
import io
import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coopmap.i18n import strings
from coopmap.partners import load_table
from coopmap.render import render_page
from coopmap.webdata import to_json

# Any text but NUL (a spreadsheet cannot hold it), lone surrogates (not encodable) and the BOM.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=40)
SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(SLUG, TEXT, TEXT), min_size=1, max_size=5), delimiter=st.sampled_from([",", ";"]))
def test_any_cell_text_is_read_back_as_written(tmp_path_factory, rows, delimiter):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "partner", "description"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "p.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    table = load_table(path)
    assert table.header == ["id", "partner", "description"]
    assert table.rows == [[c.strip() for c in row] for row in rows]


@settings(max_examples=300, deadline=None)
@given(value=TEXT)
def test_any_text_in_the_data_block_is_inert_and_round_trips(value):
    text = to_json({"name": value, "list": [value]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": value, "list": [value]}


@settings(max_examples=25, deadline=None)
@given(title=TEXT)
@example(title="{{ 7*7 }}{% if true %}template{% endif %}</title><script>alert(1)</script>")
def test_any_title_reaches_the_page_escaped_and_never_run_as_a_template(title):
    data = {
        "lang": "fr", "strings": strings("fr"), "dataDate": "", "types": [],
        "sectors": [], "scale": 1000, "territories": [], "partners": [], "home": None, "basemap": None,
        "bounds": None, "cluster": False,
    }  # fmt: skip
    page = render_page(data, title)
    (shown,) = re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    assert html.unescape(shown) == title
    assert "<" not in shown and ">" not in shown
