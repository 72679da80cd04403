"""The region's logo, source link and colours from coopmap.toml, as the browser shows them under the CSP."""

from __future__ import annotations

import shutil

import coopmap

from ..conftest import DEFAULT_CSV, TODAY
from ..test_config import SETTINGS, png


def test_logo_source_and_colours_show_under_the_pages_policy(tmp_path, visit):
    shutil.copy(DEFAULT_CSV, tmp_path / "partners.csv")
    (tmp_path / "logo.png").write_bytes(png(40, 20))
    (tmp_path / "coopmap.toml").write_text(SETTINGS, encoding="utf-8")
    page_path = coopmap.build(tmp_path / "partners.csv", today=TODAY).save(tmp_path / "map.html")
    v = visit(page_path)
    page = v.page
    logo = page.locator("img.cm-logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 40  # allowed by img-src data:
    assert logo.get_attribute("alt") == "Région Bretagne"
    link = page.get_by_role("link", name="Data source (new tab)")
    assert link.get_attribute("href") == "https://www.bretagne.bzh/partenariats/"
    home_fill = page.evaluate(
        "(() => { let f; coopmap.app.map.eachLayer(l => { if (l.options && l.options.fillOpacity === 0.75) "
        "f = l.options.fillColor; }); return f; })()"
    )
    assert home_fill == "#1f4e79"
    colours = page.locator(".cm-legend .cm-swatch").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::after').backgroundColor)"
    )
    assert "rgb(136, 34, 85)" in colours  # Action humanitaire's #882255
    assert v.errors == [] and v.requests == []
