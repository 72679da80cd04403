"""The rendered page, parsed: one offline document, reproducible to the byte, with a strict CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from coopmap.pipeline import Options, build_map
from coopmap.render import Tiles
from coopmap.webdata import to_json

from .conftest import DEFAULT_CSV, TODAY


class PageParser(HTMLParser):
    """Collects tags with their attributes, and the text of every <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data):
        if self._open:
            tag, attrs = self._open
            (self.scripts.append((attrs, data)) if tag == "script" else self.styles.append(data))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_default_page_is_one_document_with_nothing_remote(built_maps):
    page = parse(built_maps["fr"].read_text(encoding="utf-8"))
    assert ("html", {"lang": "fr"}) in page.tags
    for tag, attrs in page.tags:
        assert "src" not in attrs or tag == "iframe", (tag, attrs)
        assert not re.match(r"(https?:)?//", attrs.get("href", "")), (tag, attrs)
    assert not any(re.search(r"url\((?!data:|#)", css) for css in page.styles)
    titles = [attrs for tag, attrs in page.tags if tag == "title"]
    assert titles == [{}]


def test_every_inline_script_and_style_is_allowed_by_hash_and_nothing_else(built_maps):
    html = built_maps["fr"].read_text(encoding="utf-8")
    page = parse(html)
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    executable = [text for attrs, text in page.scripts if "type" not in attrs]
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].split() == [sha256(t) for t in executable]
    assert directives["style-src"].split() == [sha256(t) for t in page.styles]
    assert directives["img-src"] == "data:"


def test_page_data_is_a_json_block_the_page_parses(built_maps):
    page = parse(built_maps["fr"].read_text(encoding="utf-8"))
    (data_text,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    data = json.loads(data_text)
    assert [p["id"] for p in data["partners"]][:3] == ["erevan", "zhejiang", "alger"]
    assert [t["label"] for t in data["types"]] == [
        "Accord de coopération décentralisée", "Déclaration d'intention", "Action humanitaire",
    ]  # fmt: skip
    assert data["home"]["name"] == "Île-de-France" and data["dataDate"] == "14 février 2019"
    assert len(data["territories"]) == 9


def test_two_builds_give_the_same_bytes():
    options = Options(data_date="2019-02-14", today=TODAY)
    assert build_map(DEFAULT_CSV, options).html == build_map(DEFAULT_CSV, options).html


def test_a_changed_row_changes_only_its_own_lines(tmp_path):
    changed = tmp_path / "partners.csv"
    changed.write_text(
        DEFAULT_CSV.read_text(encoding="utf-8").replace("Province de Gyeonggi", "Province du Gyeonggi"),
        encoding="utf-8",
    )
    before = build_map(DEFAULT_CSV, Options(today=TODAY)).html.splitlines()
    after = build_map(changed, Options(today=TODAY)).html.splitlines()
    differing = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after)
    # the data block, the CSP hash of… nothing else: data is not a script, so only the partner's line changes
    assert len(differing) == 1 and after[differing[0]].startswith('{"id":"gyeonggi","name":"Province du Gyeonggi"')
    assert len(after[differing[0]]) < 300  # a line a reviewer reads


def test_the_data_block_is_json_with_one_partner_or_shape_a_line():
    data = {"lang": "fr", "partners": [{"id": "a", "name": "</script><b>&"}, {"id": "b"}], "basemap": {
        "scale": 100, "shapes": [[[[1, 2, 3]]], [[[4, 5, 6]]]]}, "bounds": [[1, 2], [3, 4]]}
    text = to_json(data)
    assert json.loads(text) == data
    assert "<" not in text and ">" not in text and "&" not in text
    assert text.splitlines() == [
        "{", '"lang":"fr",', '"partners":[',
        '{"id":"a","name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"},', '{"id":"b"}', "],",
        '"basemap":{"scale":100,"shapes":[', "[[[1,2,3]]],", "[[[4,5,6]]]", "]},",
        '"bounds":[', "[1,2],", "[3,4]", "]", "}",
    ]  # fmt: skip


def test_tiles_add_their_origin_to_the_policy_and_drop_the_vector_basemap():
    tiles = Tiles("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap", 19)
    html = build_map(DEFAULT_CSV, Options(tiles=tiles, today=TODAY)).html
    page = parse(html)
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "img-src data: https://*.tile.openstreetmap.org" in csp
    data = json.loads(next(t for a, t in page.scripts if a.get("type") == "application/json"))
    assert data["basemap"] is None and data["tiles"]["maxZoom"] == 19
