"""coopmap.toml beside the data: every build option and the region's branding; the command line wins."""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib

import pytest
from click.testing import CliRunner

import coopmap
from coopmap.cli import cli
from coopmap.config import LOGO_MAX_BYTES

from .conftest import DEFAULT_CSV, TODAY


def png(width: int = 4, height: int = 2) -> bytes:
    """A real PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x72\xb2" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


SETTINGS = """\
title = "Bretagne : coopération internationale"
home = "Bretagne"
data_date = 2019-02-14
lang = "en"

[branding]
home_color = "#1f4e79"
logo = "logo.png"
logo_alt = "Région Bretagne"
source = "https://www.bretagne.bzh/partenariats/"

[branding.colors]
"action humanitaire" = "#882255"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copy(DEFAULT_CSV, tmp_path / "partners.csv")
    (tmp_path / "logo.png").write_bytes(png())
    (tmp_path / "coopmap.toml").write_text(SETTINGS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def page_data(html: str) -> dict:
    return json.loads(re.search(r'id="coopmap-data">(.*?)</script>', html, re.S).group(1))


def test_the_settings_beside_the_data_make_the_map(project):
    result = CliRunner().invoke(cli, ["build", "partners.csv", "-o", "map.html"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "settings: coopmap.toml"
    html = (project / "map.html").read_text(encoding="utf-8")
    assert "<title>Bretagne : coopération internationale</title>" in html
    assert '<html lang="en"' in html
    data = page_data(html)
    assert data["home"]["name"] == "Bretagne" and data["dataDate"] == "14 February 2019"
    assert data["homeColor"] == "#1f4e79" and ".cm-home{--cm-color:#1f4e79}" in html
    types = {t["label"]: t["color"] for t in data["types"]}
    assert types["Action humanitaire"] == "#882255"
    assert '<img class="cm-logo" src="data:image/png;base64,' in html and 'alt="Région Bretagne"' in html
    assert '<a href="https://www.bretagne.bzh/partenariats/" target="_blank" rel="noopener noreferrer">' in html


def test_command_line_options_win_over_the_file(project):
    result = CliRunner().invoke(cli, ["build", "partners.csv", "-o", "map.html", "--title", "Carte", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    html = (project / "map.html").read_text(encoding="utf-8")
    assert "<title>Carte</title>" in html and '<html lang="fr"' in html
    assert page_data(html)["home"]["name"] == "Bretagne"  # from the file still


def test_the_api_reads_the_same_file_or_another_or_none(project):
    built = coopmap.build(project / "partners.csv", today=TODAY)
    assert built.title == "Bretagne : coopération internationale"
    assert coopmap.build(project / "partners.csv", config=False, today=TODAY).title.startswith("Île-de-France")
    other = project / "other.toml"
    other.write_text('title = "Autre"\n', encoding="utf-8")
    assert coopmap.build(DEFAULT_CSV, config=other, today=TODAY).title == "Autre"
    assert coopmap.build(project / "partners.csv", title="API", today=TODAY).title == "API"


@pytest.mark.parametrize(
    "text, message",
    [
        ('title = "x"\ntitel = "y"\n', "coopmap.toml:2: unknown setting 'titel': the settings are title, home,"),
        ('lang = "en"\ndata_date = "2999-01-01"\n',
         "coopmap.toml:2: data_date: 2999-01-01 is in the future: the data cannot be dated later than today"),
        ("max_rows = -1\n", "coopmap.toml:1: max_rows: -1 is not a whole number of at least 1"),
        ("keep_going = 1\n", "coopmap.toml:1: keep_going: true or false expected"),
        ('tiles = "http://t.example.org/{z}/{x}/{y}.png"\n', "coopmap.toml:1: tiles: 'http://t.example.org/"),
        ('title = "x"\n[branding]\nlogo = "logo.gif"\n', "coopmap.toml:3: branding.logo: 'logo.gif': a logo is"),
        ('[branding]\nsource = "javascript:alert(1)"\n',
         "coopmap.toml:2: branding.source: 'javascript:alert(1)' must start with http:// or https://"),
        ('[branding]\ncolour = "#000000"\n', "coopmap.toml:2: unknown setting 'branding.colour': [branding] holds"),
        ('[branding]\nhome_color = "#ccc"\n', "coopmap.toml:2: branding.home_color: '#ccc': write the colour as"),
        ('[branding]\nhome_color = "#c0c0c0"\n', "coopmap.toml:2: branding.home_color: #c0c0c0 is too light"),
        ('[branding.colors]\nCulture = "#3b3f47"\n',
         "coopmap.toml:2: branding.colors.Culture: #3b3f47 is too close to the home's colour #3b3f46"),
        ('[branding.colors]\n"Action humanitaire" = "#fafafa"\n',
         "coopmap.toml:2: branding.colors.Action humanitaire: #fafafa is too faint on the map's land"),
        ('[branding.colors]\nCulture = "red"\n', "coopmap.toml:2: branding.colors.Culture: 'red' is not a colour"),
        ('title = "x\n', "coopmap.toml:1:11: not valid TOML: Illegal character"),
    ],
)  # fmt: skip
def test_a_wrong_setting_is_refused_with_its_line(project, text, message):
    (project / "coopmap.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "partners.csv", "-o", "map.html"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: {message}"), result.stderr
    assert not (project / "map.html").exists()


def test_a_logo_is_a_small_real_image(project):
    (project / "logo.png").write_bytes(b"GIF89a" + b"\x00" * 20)
    with pytest.raises(coopmap.InputError, match=r"coopmap.toml:8: branding.logo: 'logo.png' is not a PNG image"):
        coopmap.build("partners.csv")
    (project / "logo.png").write_bytes(png(400, 400)[:8] + b"\x00" * LOGO_MAX_BYTES)
    with pytest.raises(coopmap.InputError, match=r"is 100,008 bytes: a logo may be 100,000 at most"):
        coopmap.build("partners.csv")


def test_an_svg_logo_is_inlined_too(project):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    (project / "logo.svg").write_text(svg, encoding="utf-8")
    (project / "coopmap.toml").write_text('[branding]\nlogo = "logo.svg"\n', encoding="utf-8")
    assert 'src="data:image/svg+xml;base64,' in coopmap.build("partners.csv", today=TODAY).html


def test_a_named_settings_file_must_exist(project):
    result = CliRunner().invoke(cli, ["validate", "partners.csv", "--config", "absent.toml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Error: absent.toml: no such settings file"


def test_a_settings_file_that_is_a_device_or_huge_is_refused_without_reading_it(project):
    refused = CliRunner().invoke(cli, ["validate", "partners.csv", "--config", "/dev/zero"])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == (
        "Error: /dev/zero: not a regular file (a folder, a device or a pipe): give a coopmap.toml file"
    )
    (project / "coopmap.toml").write_text(SETTINGS + "#" * 2_000_000, encoding="utf-8")
    with pytest.raises(coopmap.InputError, match=r"coopmap.toml: 2,000,\d+ bytes: a settings file is at most 1,0"):
        coopmap.build("partners.csv")


@pytest.mark.parametrize("logo", ["../outside.png", "/OUTSIDE/outside.png", "link.png"])
def test_a_logo_stays_in_the_settings_folder(tmp_path, monkeypatch, logo):
    """A shared coopmap.toml cannot publish an image from elsewhere on the machine (.., absolute, symlink)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(DEFAULT_CSV, project / "partners.csv")
    (tmp_path / "outside.png").write_bytes(png())
    (project / "link.png").symlink_to(tmp_path / "outside.png")
    logo = logo.replace("/OUTSIDE", str(tmp_path))
    (project / "coopmap.toml").write_text(f'[branding]\nlogo = "{logo}"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    with pytest.raises(coopmap.InputError, match=r"coopmap.toml:2: branding.logo: .*: a logo must be a file in "):
        coopmap.build("partners.csv")


def test_a_logo_that_never_ends_is_refused_without_reading_it(project):
    (project / "logo.png").unlink()
    (project / "logo.png").symlink_to("/dev/zero")
    with pytest.raises(coopmap.InputError, match=r"branding.logo: .*: a logo must be a file in "):
        coopmap.build("partners.csv")
    (project / "logo.png").unlink()
    (project / "logo.png").write_bytes(png()[:8] + b"\x00" * (50 * LOGO_MAX_BYTES))
    with pytest.raises(coopmap.InputError, match=r"a logo may be 100,000 at most"):
        coopmap.build("partners.csv")


def test_a_colour_for_a_type_the_data_lacks_is_said_not_dropped(project):
    """A misspelt type in [branding.colors] would otherwise leave the type its default colour silently."""
    (project / "coopmap.toml").write_text('[branding.colors]\n"Jumelages" = "#117733"\n', encoding="utf-8")
    warnings = [p.message for p in coopmap.build("partners.csv", today=TODAY).report.warnings]
    assert any("colour for 'Jumelages' matches no agreement type of the data" in w for w in warnings), warnings
    (project / "coopmap.toml").write_text('[branding.colors]\n"ACTION  humanitaire" = "#117733"\n', encoding="utf-8")
    warnings = [p.message for p in coopmap.build("partners.csv", today=TODAY).report.warnings]
    assert not any("matches no agreement type" in w for w in warnings), warnings
