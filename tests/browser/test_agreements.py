"""Partnerships over time and partners with several agreements, as a reader meets them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coopmap.pipeline import Options, build_map
from tests.conftest import TODAY

pytestmark = pytest.mark.browser

HEADER = "id,partner,country,areas,type,signed,ended,status,sectors,group\n"
# Five agreements, four partners: Bavaria twice (by name), Kyoto and its prefecture joined by `group`.
ROWS = """\
bav-2005,Land de Bavière,Allemagne,Bavière,Accord,2005,2012,,Culture,
bav-2015,Land de Bavière,Allemagne,Bavière,Déclaration,2015,,,Économie,
tokyo,Ville de Tokyo,Japon,,Accord,2008,2014-06,,Culture,
quebec,Province de Québec,Canada,Québec,Accord,2010,,suspendu,Économie,
kyoto,Préfecture de Kyoto,Japon,Kyoto,Accord,2016,,,Culture,kyoto
"""


@pytest.fixture(scope="module")
def over_time(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreements")
    csv = folder / "partners.csv"
    csv.write_text(HEADER + ROWS, encoding="utf-8")
    path = folder / "map.html"
    path.write_text(build_map(csv, Options(today=TODAY, home=None)).html, encoding="utf-8")
    return path


def entry_text(page, partner: str) -> str:
    """A list entry's text as the reader sees it, scrolled into view; an empty entry fails the test."""
    row = page.locator(f'#cm-list li[data-partner="{partner}"]')
    row.scroll_into_view_if_needed()
    text = row.inner_text()
    assert partner and text.strip(), f"the entry of {partner} shows no text"
    return text


def shown(page) -> list[str]:
    return page.locator("#cm-list li").evaluate_all("rows => rows.map(r => r.dataset.partner)")


def set_year(page, year: int) -> None:
    page.locator("#cm-year").evaluate("(r, y) => { r.value = y; r.dispatchEvent(new Event('input')); }", year)


def test_the_timeline_shows_partnerships_in_force_or_all_signed(over_time, visit):
    page = visit(over_time).page
    assert page.get_by_role("radio", name="en cours").is_checked()
    assert page.locator("#cm-year-text").inner_text() == "Partenariats en cours en"
    set_year(page, 2013)  # Bavaria's first agreement ended in 2012, its second is not signed yet
    assert sorted(shown(page)) == ["quebec", "tokyo"]
    assert page.locator("#cm-year").get_attribute("aria-valuetext") == "en 2013 — 2 partenaires en cours"
    set_year(page, 2012)  # ended in 2012: still in force that year
    assert sorted(shown(page)) == ["bav-2005", "quebec", "tokyo"]
    set_year(page, 2016)
    assert sorted(shown(page)) == ["bav-2005", "kyoto", "quebec"]
    page.get_by_role("radio", name="toutes").check()
    assert page.locator("#cm-year-text").inner_text() == "Partenariats signés jusqu'en"
    assert sorted(shown(page)) == ["bav-2005", "kyoto", "quebec", "tokyo"]
    assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 4 sur 4"


def test_the_summary_counts_agreements_and_those_that_ended(over_time, visit):
    summary = visit(over_time).page.locator("#cm-summary").inner_text()
    assert summary.startswith("4 partenariats (5 accords) dans 3 pays, signés de 2005 à 2016. ")
    assert "2 accords ont pris fin." in summary  # Bavaria's first (2012) and Tokyo's (2014); Québec is suspended


def test_an_ended_partnership_is_muted_and_says_so(over_time, visit):
    page = visit(over_time).page
    page.get_by_role("radio", name="toutes").check()
    marker = page.locator('.cm-marker[data-partner="tokyo"]')
    assert marker.get_attribute("aria-label") == "Ville de Tokyo — Accord, 2008, terminé"
    assert "cm-ended" in marker.get_attribute("class")
    # A hollow shape: the marker's fill is a ring, not the plain colour.
    fill = marker.evaluate("m => getComputedStyle(m, '::after').backgroundImage")
    assert fill.startswith("radial-gradient")
    assert "terminé" in entry_text(page, "tokyo")
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    fields = dict(zip(popup.locator("dt").all_inner_texts(), popup.locator("dd").all_inner_texts()))
    assert fields["Statut"] == "terminé" and fields["Fin"] == "juin 2014"
    dashed = page.evaluate(
        "() => coopmap.app.territories.filter(l => l.options.dashArray).length"
    )  # Tokyo is a point; the Bavarian territory is not ended (its 2015 agreement runs)
    assert dashed == 0
    assert "terminé" not in entry_text(page, "bav-2005")
    set_year(page, 2013)  # Bavaria's first agreement has ended, its second is not signed yet: a dashed outline
    assert page.evaluate("() => coopmap.app.territories.filter(l => l.options.dashArray).length") == 1
    assert "terminé" in entry_text(page, "bav-2005")


def test_a_suspended_partnership_says_so(over_time, visit):
    page = visit(over_time).page
    page.locator('.cm-marker[data-partner="quebec"]').click()
    popup = page.locator(".leaflet-popup-content")
    fields = dict(zip(popup.locator("dt").all_inner_texts(), popup.locator("dd").all_inner_texts()))
    assert fields["Statut"] == "suspendu"


def test_a_partner_with_two_agreements_is_one_place_with_its_history(over_time, visit):
    v = visit(over_time)
    page = v.page
    assert page.locator(".cm-marker").count() == 3  # Tokyo's only agreement ended in 2014: not in force in 2016
    page.get_by_role("radio", name="toutes").check()
    assert page.locator(".cm-marker").count() == 4  # five agreements, four partners
    assert page.evaluate("coopmap.app.territories.length") == 3  # Bavaria, Quebec, Kyoto (Tokyo is a point)
    row = page.locator('#cm-list li[data-partner="bav-2005"]')
    assert "2005–2015" in row.inner_text() and "2 accords" in row.inner_text()
    marker = page.locator('.cm-marker[data-partner="bav-2005"]')
    assert marker.get_attribute("aria-label") == "Land de Bavière — Déclaration, 2015, 2 accords"
    page.locator('.cm-marker[data-partner="bav-2005"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator("h3")).to_have_text("2 accords")
    items = popup.locator(".cm-agreements > li")
    assert items.count() == 2
    first = dict(zip(items.nth(0).locator("dt").all_inner_texts(), items.nth(0).locator("dd").all_inner_texts()))
    second = dict(zip(items.nth(1).locator("dt").all_inner_texts(), items.nth(1).locator("dd").all_inner_texts()))
    assert first == {"Type d'accord": "Accord", "Signé": "2005", "Statut": "terminé", "Fin": "2012",
                     "Secteurs": "Culture"}  # fmt: skip
    assert second == {"Type d'accord": "Déclaration", "Signé": "2015", "Secteurs": "Économie"}
    assert v.errors == []


def test_filters_work_per_agreement_and_the_popup_marks_which_pass(over_time, visit):
    page = visit(over_time).page
    page.get_by_role("radio", name="toutes").check()
    page.get_by_label("Économie").check()
    assert sorted(shown(page)) == ["bav-2005", "quebec"]
    page.locator('.cm-marker[data-partner="bav-2005"]').click()
    items = page.locator(".leaflet-popup-content .cm-agreements > li")
    assert items.nth(0).get_attribute("class") == "cm-agreement cm-filtered-out"
    assert "ne correspond pas aux filtres" in items.nth(0).inner_text()
    assert items.nth(1).get_attribute("class") == "cm-agreement"


def test_axe_finds_nothing_serious_with_the_mode_choice_and_a_grouped_popup(over_time, visit):
    from axe_playwright_python.sync_playwright import Axe

    page = visit(over_time).page
    page.get_by_role("radio", name="toutes").check()
    page.get_by_role("radio", name="toutes").press("ArrowLeft")  # a real radio group: arrows move the choice
    assert page.get_by_role("radio", name="en cours").is_checked()
    page.get_by_role("radio", name="toutes").check()
    page.locator('.cm-marker[data-partner="bav-2005"]').click()
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(400)
    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
    )
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]  # fmt: skip
    assert serious == []
