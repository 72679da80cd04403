"""A commune as home: drawn as a dot, where the links start; city partners as markers at the city."""

from __future__ import annotations

import pytest

from coopmap.pipeline import Options, build_map

pytestmark = pytest.mark.browser

CSV = """id,partner,country,type,signed
sendai,Ville de Sendai,Japon,Jumelage,1996
kharkiv,Oblast de Kharkiv,Ukraine,Accord de coopération,2012
"""


def test_a_commune_home_renders_as_a_point_where_the_arcs_start(tmp_path, visit):
    source = tmp_path / "rennes.csv"
    source.write_text(CSV, encoding="utf-8")
    page_path = tmp_path / "rennes.html"
    page_path.write_text(build_map(source, Options(home="Rennes")).html, encoding="utf-8")
    v = visit(page_path)
    page = v.page
    home = page.evaluate(
        "(() => { var found = []; coopmap.app.map.eachLayer(function (l) {"
        " if (l instanceof L.CircleMarker && l.getTooltip() && /Rennes/.test(l.getTooltip().getContent().textContent))"
        " found.push(l.getLatLng()); }); return found; })()"
    )
    assert len(home) == 1 and home[0]["lat"] == pytest.approx(48.11, abs=0.02)
    assert home[0]["lng"] == pytest.approx(-1.67, abs=0.02)
    page.get_by_label("Liens depuis Rennes").check()
    starts = page.evaluate("coopmap.app.arcLayer.getLayers().map(function (l) { return l.getLatLngs()[0]; })")
    assert len(starts) == 2
    assert all(s["lat"] == pytest.approx(48.11, abs=0.02) for s in starts)
    assert all(s["lng"] == pytest.approx(-1.67, abs=0.02) for s in starts)
    assert v.errors == []
