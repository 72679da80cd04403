"""Hostile option values in real Chromium: the page stays where it is and runs nothing but its own code."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from coopmap.cli import cli

from ..conftest import DEFAULT_CSV
from ..test_hostile_options import REDIRECT

pytestmark = pytest.mark.browser

REFRESH = '"><meta http-equiv=refresh content="0;url=https://evil.example/phish"><x y="'


@pytest.fixture
def folder(tmp_path, monkeypatch):
    shutil.copy(DEFAULT_CSV, tmp_path / "partners.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_tiles_redirect_payload_builds_nothing(folder):
    result = CliRunner().invoke(cli, ["build", "partners.csv", "-o", "map.html", "--tiles", REDIRECT])
    assert result.exit_code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["partners.csv"]


def test_redirect_payloads_in_every_accepted_option_leave_the_visitor_on_the_page(folder, visit):
    tiles = "https://a.example:8443/{z}/{x}/{y}.png;connect-src:*;default-src:*"  # valid: ';' is a path character
    result = CliRunner().invoke(
        cli,
        ["build", "partners.csv", "-o", "map.html", "--data-date", "2019-02-14", "--tiles", tiles,
         "--attribution", REFRESH, "--title", REFRESH],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = folder / "map.html"
    seen = visit(path)
    page = seen.page
    page.wait_for_timeout(1500)  # a refresh of 0 s, or 1 s, would have happened by now
    assert page.url == path.as_uri()
    assert page.evaluate("document.querySelectorAll('meta[http-equiv=refresh], x').length") == 0
    policy = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert [d.split()[0] for d in policy.split("; ")] == [
        "default-src", "script-src", "style-src", "img-src", "base-uri", "form-action",
    ]  # fmt: skip
    assert policy.split("; ")[3] == "img-src data: https://a.example:8443"
    assert page.title() == REFRESH
    assert page.evaluate("document.querySelector('.leaflet-control-attribution').textContent").find(REFRESH) >= 0
    assert not [url for url in seen.requests if "evil.example" in url]
    assert seen.requests and all(url.startswith("https://a.example:8443/") for url in seen.requests)
    assert seen.dialogs == []
