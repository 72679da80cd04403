"""Many French collectivities on one map: filter and search by home, shared partners, links from each home."""

from __future__ import annotations

import math

import pytest

from coopmap.pipeline import Options, build_map

from ..conftest import ROOT, TODAY

pytestmark = pytest.mark.browser

CSV = ROOT / "tests" / "homes" / "partnerships.csv"
# Where the communes are (their town halls), independently of the gazetteer: the links must start there.
TRUTH = {"Lyon": (45.7676, 4.8344), "Grenoble": (45.1885, 5.7245)}


@pytest.fixture(scope="module")
def homes_map(tmp_path_factory):
    page = tmp_path_factory.mktemp("homes") / "map.html"
    page.write_text(build_map(CSV, Options(today=TODAY)).html, encoding="utf-8")
    return page


def shown_ids(page) -> list[str]:
    return page.eval_on_selector_all("#cm-list li", "items => items.map(i => i.dataset.partner)")


def test_the_filter_by_french_collectivity(homes_map, visit):
    page = visit(homes_map).page
    select = page.get_by_label("Collectivité française", exact=True)
    assert select.evaluate("s => s.tagName") == "SELECT"
    select.select_option(label="Lyon (2)")
    assert sorted(shown_ids(page)) == ["lyon-montreal", "lyon-turin"]
    assert "2 sur 6" in page.text_content("#cm-counter")  # Montréal's two agreements are one partner
    select.select_option(label="Toutes (6)")
    assert len(shown_ids(page)) == 6


def test_the_search_finds_partnerships_by_their_home(homes_map, visit):
    page = visit(homes_map).page
    page.fill("#cm-search-input", "Lyon")
    page.wait_for_function("() => document.querySelectorAll('#cm-list li').length === 2")
    assert sorted(shown_ids(page)) == ["lyon-montreal", "lyon-turin"]
    page.fill("#cm-search-input", "Département de l'Isère")
    page.wait_for_function("() => document.querySelectorAll('#cm-list li').length === 1")
    assert shown_ids(page) == ["isere-tombouctou"]
    entry = page.locator("#cm-list li").first
    assert "Avec Département de l'Isère" in entry.text_content()


def test_a_shared_partner_lists_each_french_collectivity(homes_map, visit):
    page = visit(homes_map).page
    page.evaluate("coopmap.app.openPartner(coopmap.app.partners.findIndex(p => p.id === 'lyon-montreal'))")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    blocks = popup.locator(".cm-agreements > li")
    assert blocks.count() == 2
    sides = [b.locator("dt:text-is('Collectivité française') + dd").text_content() for b in blocks.all()]
    assert sides == ["Lyon", "Grenoble"]
    entry = page.locator('#cm-list li[data-partner="lyon-montreal"]')
    assert "Avec Lyon, Grenoble" in entry.text_content()


def km(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_links_start_at_each_home(homes_map, visit):
    page = visit(homes_map).page
    page.get_by_label("Liens depuis chaque collectivité française").check()
    starts = page.evaluate("""() => {
      const out = [];
      coopmap.app.arcLayer.eachLayer(l => { const ll = l.getLatLngs()[0]; out.push([ll.lat, ll.lng]); });
      return out;
    }""")
    assert len(starts) == 7  # Montréal's link starts at Lyon and at Grenoble
    for name, truth in TRUTH.items():
        assert any(km(start, truth) < 3 for start in starts), name
    page.get_by_label("Collectivité française", exact=True).select_option(label="Grenoble (1)")
    [start] = page.evaluate("() => { const s = []; coopmap.app.arcLayer.eachLayer(l => s.push("
                            "[l.getLatLngs()[0].lat, l.getLatLngs()[0].lng])); return s; }")  # fmt: skip
    assert km(start, TRUTH["Grenoble"]) < 3


def test_axe_finds_nothing_serious_with_the_filter_and_a_shared_partners_popup(homes_map, visit):
    from axe_playwright_python.sync_playwright import Axe

    page = visit(homes_map).page
    page.locator('#cm-list li[data-partner="lyon-montreal"] button.cm-link').click()
    page.locator(".cm-agreements").wait_for()
    page.wait_for_timeout(400)  # the popup's fade
    rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    results = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": rules})
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
