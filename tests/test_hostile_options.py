"""Hostile option values: each is refused with its message, or reaches the page and the snippet as inert text."""

from __future__ import annotations

import datetime as dt
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coopmap.cli import cli
from coopmap.i18n import strings
from coopmap.options import (
    OptionError,
    csp_source,
    validate_color,
    validate_data_date,
    validate_embed_src,
    validate_http_url,
    validate_text,
    validate_tile_url,
)
from coopmap.render import Tiles, render_page
from coopmap.snippet import render_snippet

from .conftest import DEFAULT_CSV

REDIRECT = (
    'https://a.example"><meta http-equiv=refresh content="1;url=https:&sol;&sol;evil.example&sol;phish">'
    '<x y="/{z}/{x}/{y}.png'
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    shutil.copy(DEFAULT_CSV, tmp_path / "data" / "partners.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args):
    return CliRunner().invoke(cli, ["build", "--data-date", "2019-02-14", *args])


@pytest.mark.parametrize(
    "tiles, message",
    [
        (REDIRECT, "'https://a.example\"><meta http-equiv=refresh content=\"1;url=…' holds spaces or invisible "
         "characters: write the URL without them"),
        ('https://a.example/"><b/{z}/{x}/{y}.png', "'https://a.example/\"><b/{z}/{x}/{y}.png' holds characters a URL "
         "cannot carry unescaped (quotes, <, >, \\, #)"),
        ("https://a.example/{z}/{x}/{y}.png;connect-src *", "'https://a.example/{z}/{x}/{y}.png;connect-src *' holds "
         "spaces or invisible characters: write the URL without them"),
        ("https://{z}/{z}/{x}/{y}.png", "host '{z}' must be a name of letters, digits, dots and hyphens "
         "(e.g. tile.example.org), optionally starting with {s}."),
        ("https://a.example/{apikey}/{z}/{x}/{y}.png", "unknown placeholder '{apikey}': a tile URL may use only "
         "{s} {z} {x} {y} {r}"),
        ("http://a.example/{z}/{x}/{y}.png", "'http://a.example/{z}/{x}/{y}.png' must start with https:// "
         "(a tile URL such as https://…/{z}/{x}/{y}.png)"),
        ("https://user@a.example/{z}/{x}/{y}.png", "host 'user@a.example' must be a name of letters, digits, dots "
         "and hyphens (e.g. tile.example.org), optionally starting with {s}."),
        ("https://a.example:99999/{z}/{x}/{y}.png", "port 99999 is not between 1 and 65535"),
        ("https://a.example/tiles.png", "a tile URL needs {z}, {x} and {y}"),
        ("javascript:alert(1)//{z}{x}{y}", "'javascript:alert(1)//{z}{x}{y}' must start with https:// "
         "(a tile URL such as https://…/{z}/{x}/{y}.png)"),
    ],
    ids=["redirect", "quote", "csp-directive", "wildcard-host", "unknown-placeholder", "http", "userinfo", "port",
         "no-placeholders", "javascript"],
)  # fmt: skip
def test_hostile_tile_urls_are_refused_with_a_usage_error(project, tiles, message):
    result = build("--tiles", tiles)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--tiles': {message}"
    assert not (project / "output").exists()


@pytest.mark.parametrize(
    "src, message",
    [
        ("javascript:alert(document.domain)", "'javascript:alert(document.domain)': only http://, https:// or a "
         "relative address such as 'map.html'"),
        ("data:text/html,<script>alert(1)</script>", "'data:text/html,<script>alert(1)</script>': only http://, "
         "https:// or a relative address such as 'map.html'"),
        (" java\tscript:alert(1)", "' java\\x09script:alert(1)' is empty or holds spaces or invisible characters: "
         "write a URL without them"),
        ("JaVaScRiPt:alert(1)", "'JaVaScRiPt:alert(1)': only http://, https:// or a relative address such as "
         "'map.html'"),
        ("//evil.example/map.html", "'//evil.example/map.html': write https://HOST/… in full, or a relative address "
         "such as 'map.html'"),
        ('map.html" onload="alert(1)', "'map.html\" onload=\"alert(1)' is empty or holds spaces or invisible "
         "characters: write a URL without them"),
        ('map.html"onload="alert(1)', "'map.html\"onload=\"alert(1)' holds quotes, <, > or \\: percent-encode them"),
    ],
    ids=["javascript", "data", "tab-in-scheme", "mixed-case", "scheme-relative", "attribute", "attribute-no-space"],
)  # fmt: skip
def test_hostile_embed_sources_are_refused(project, src, message):
    result = build("--embed-src", src)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--embed-src': {message}"


@pytest.mark.parametrize("src", ["https://example.org/carte/map.html?v=2#top", "map.html", "../carte/map%202.html"])
def test_safe_embed_sources_reach_the_snippet(project, src):
    result = build("--embed-src", src)
    assert result.exit_code == 0, result.output
    snippet = (project / "output" / "map.embed.html").read_text(encoding="utf-8")
    assert snippet.startswith(f'<iframe src="{src}" title=')


def test_a_future_data_date_is_refused(project):
    result = build("--data-date", "2999-01-01")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--data-date': 2999-01-01 is in the future: the data cannot be dated later than today"
    )


def test_attribution_with_a_named_provider_is_warned_as_ignored(project):
    result = build("--tiles", "OpenStreetMap", "--attribution", "Mine")
    assert result.exit_code == 0, result.output
    assert "warning: --attribution is ignored: OpenStreetMap.Mapnik comes with its own attribution" in result.stderr


def test_attribution_without_tiles_is_warned_as_ignored(project):
    result = build("--attribution", "Mine")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "warning: --attribution is ignored: it goes with --tiles"


def test_attribution_of_a_tile_url_is_text_in_the_page(project):
    payload = "<img src=x onerror=alert(1)>"
    result = build("--tiles", "https://tiles.example.org/{z}/{x}/{y}.png", "--attribution", payload)
    assert result.exit_code == 0, result.output
    html = (project / "output" / "map.html").read_text(encoding="utf-8")
    assert '"attribution":"\\u0026lt;img src=x onerror=alert(1)\\u0026gt;"' in html


def test_a_title_with_terminal_escapes_is_refused(project):
    result = build("--title", "Carte\x1b]0;owned\x07")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--title': 'Carte\\x1b]0;owned\\x07' holds control or invisible characters: "
        "remove them"
    )


def test_validators_accept_what_they_should():
    assert validate_tile_url("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}{r}.png").origin == (
        "https://*.tile.openstreetmap.org"
    )
    assert validate_tile_url("https://tiles.example.org:8443/a/{z}/{x}/{y}.png?key=1").origin == (
        "https://tiles.example.org:8443"
    )
    assert validate_embed_src("https://example.org/map.html") == "https://example.org/map.html"
    assert validate_http_url("http://example.org/") == "http://example.org/"
    assert validate_data_date("2019-02", today=dt.date(2020, 1, 1)) == "2019-02"
    assert validate_color("#0072B2") == "#0072b2"
    assert validate_text("Île-de-France : partenariats") == "Île-de-France : partenariats"
    assert csp_source("https://*.tile.example.org") == "https://*.tile.example.org"


@pytest.mark.parametrize(
    "validate, value",
    [
        (validate_color, "red;background:url(x)"),
        (validate_color, "#12345"),
        (validate_http_url, "map.html"),
        (validate_http_url, "ftp://example.org/"),
        (validate_text, "a\u202eb"),
        (validate_text, "x" * 301),
        (validate_data_date, "2019-02-30"),
        (validate_data_date, "14/02/2019"),
    ],
)
def test_validators_refuse_what_they_should(validate, value):
    with pytest.raises(OptionError):
        validate(value)


def test_csp_source_refuses_anything_but_a_checked_origin():
    for origin in ("https://*", "https://a.example; script-src *", "https://a.example 'unsafe-inline'", "*"):
        with pytest.raises(ValueError):
            csp_source(origin)


# -- property: no option value puts markup outside its attribute ------------------------------------------


class Structure(HTMLParser):
    """The page's elements and attribute names, in order: what an injection would change."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.attributes: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(name for name, _ in attrs)))
        self.attributes.append(dict(attrs))


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


def page_data() -> dict:
    return {
        "lang": "fr", "strings": strings("fr"), "dataDate": "", "types": [], "sectors": [], "scale": 1000,
        "territories": [], "partners": [], "home": None, "basemap": None, "bounds": None, "cluster": False,
    }  # fmt: skip


HOSTILE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ['"><script>alert(1)</script>', "'; script-src *", "</title><meta http-equiv=refresh content=0>", "{{7*7}}"]
)
URLISH = st.builds(lambda host, path: f"https://{host}/{path}/{{z}}/{{x}}/{{y}}.png", HOSTILE, HOSTILE)
# Near-valid URLs, so that many pass the validator and reach the page: any URL character in the path.
URL_CHARS = st.text(st.sampled_from("abcXYZ019._~!$&()*+,;=:@/%?-'\"<>{}#"), max_size=30)
NEAR_VALID = st.builds(
    lambda host, port, path: f"https://{host}{port}/{path}{{z}}/{{x}}/{{y}}",
    st.from_regex(r"(\{s\}\.)?[a-z0-9-]{1,8}(\.[a-z0-9-]{1,8}){1,2}", fullmatch=True),
    st.sampled_from(["", ":8443", ":1"]),
    URL_CHARS,
)


@settings(max_examples=60, deadline=None)
@given(url=NEAR_VALID | URLISH | HOSTILE, attribution=HOSTILE, title=HOSTILE)
@example(url=REDIRECT, attribution="x", title="t")
@example(url="https://a.example/{z}/{x}/{y}.png;connect-src:*", attribution='"><b>', title="</title><b>")
def test_any_tiles_attribution_and_title_leave_the_page_structure_unchanged(url, attribution, title):
    reference = structure(render_page(page_data(), "t", Tiles("https://a.example/{z}/{x}/{y}.png", "a")))
    try:
        checked = validate_tile_url(url)
    except OptionError:  # refused: the attribution and title still go to the page, with a plain URL
        checked = validate_tile_url("https://b.example/{z}/{x}/{y}.png")
    page = structure(render_page(page_data(), title, Tiles(checked.url, attribution)))
    assert page.elements == reference.elements
    csp = next(a["content"] for a in page.attributes if a.get("http-equiv") == "Content-Security-Policy")
    directives = [d.split()[0] for d in csp.split("; ")]
    assert directives == ["default-src", "script-src", "style-src", "img-src", "base-uri", "form-action"]
    assert csp.split("; ")[3] == f"img-src data: {checked.origin}"


@settings(max_examples=100, deadline=None)
@given(src=HOSTILE, title=HOSTILE)
@example(src='map.html" onload="alert(1)', title='"><script>alert(1)</script>')
def test_any_embed_source_and_title_stay_inside_the_iframe_attributes(src, title):
    try:
        src = validate_embed_src(src)
    except OptionError:
        return
    snippet = structure(render_snippet(src, title))
    # The iframe, then the optional resize script (our own fixed text, no attribute).
    assert snippet.elements == [("iframe", ("src", "title", "loading", "allowfullscreen", "style")), ("script", ())]
    assert snippet.attributes[0]["src"] == src and snippet.attributes[0]["title"] == title
