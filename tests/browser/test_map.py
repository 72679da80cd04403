"""The default map as a visitor meets it, in headless Chromium with the network cut off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def popup_title(page) -> str:
    """The title of the one open popup (waiting for a previous one to fade out)."""
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    return page.locator(".leaflet-popup-content h2").inner_text()


LOCATED = 9  # every seed partner but the Middle East action, which has no territory
ALL = 10


def test_offline_map_makes_no_request_and_draws_everything(built_maps, visit):
    v = visit(built_maps["fr"])
    page = v.page
    assert page.evaluate("typeof L") == "object" and page.evaluate("L.version") == "1.9.3"
    assert page.locator(".cm-marker").count() == LOCATED
    assert page.locator("#cm-list li").count() == ALL
    # The vector basemap and the partner territories are drawn on the canvas.
    assert page.evaluate("coopmap.app.map.hasLayer(coopmap.app.territoryLayer)")
    assert page.evaluate("coopmap.app.territoryShown.filter(Boolean).length") == 9
    assert page.locator(".cm-map canvas").count() >= 1
    assert v.requests == [] and v.errors == []


def test_clicking_a_marker_shows_year_type_and_sectors(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.locator('.cm-marker[data-partner="erevan"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == "Ville d'Erevan"
    assert popup.locator("dl").first.inner_text().split("\n") == ["Pays", "Arménie"]
    # Two agreements, in date order: the partnership's start in 2011, then the agreement of 2018.
    agreements = popup.locator(".cm-agreements > li")
    assert agreements.count() == 2
    assert "2011" in agreements.nth(0).locator("dd").all_inner_texts()
    latest = agreements.nth(1)
    fields = dict(zip(latest.locator("dt").all_inner_texts(), latest.locator("dd").all_inner_texts()))
    assert fields == {
        "Type d'accord": "Accord de coopération décentralisée",
        "Signé": "19 novembre 2018",
        "Partenariat depuis": "2011",
        "Secteurs": "Innovation et nouvelles technologies ; Culture, éducation et francophonie ; Aménagement durable",
    }


def test_unlocated_partner_is_listed_not_drawn(built_maps, visit):
    page = visit(built_maps["fr"]).page
    row = page.locator('#cm-list li[data-partner="moyen-orient"]')
    assert "non localisé" in row.inner_text()
    assert page.locator('.cm-marker[data-partner="moyen-orient"]').count() == 0


@pytest.mark.parametrize("width,height", [(360, 640), (1280, 800)])
def test_map_fills_an_iframe_of_any_size(built_maps, visit, tmp_path, width, height):
    host = tmp_path / "host.html"
    size = f"width:{width}px;height:{height}px;border:0"
    snippet = f'<iframe src="{built_maps["fr"].as_uri()}" title="Carte" style="{size}"></iframe>'
    host.write_text(f"<!DOCTYPE html><html lang='fr'><body style='margin:0'>{snippet}</body></html>")
    v = visit(host, width + 40, height + 40, ready=False)
    frame = v.page.frame_locator("iframe")
    frame.locator("html[data-coopmap-ready]").wait_for()
    box = frame.locator(".cm-map").bounding_box()
    assert box["x"] == 0 and box["y"] > 0
    if width < 760:  # phone: the map takes the whole width, the list comes below it
        assert box["width"] == width
        assert box["height"] >= 0.6 * height
    else:  # wide: map and panel side by side, down to the frame's bottom
        panel = frame.locator(".cm-panel").bounding_box()
        assert box["width"] + panel["width"] == pytest.approx(width, abs=1)
        assert box["y"] + box["height"] == pytest.approx(height, abs=1)
    assert v.requests == []


def test_the_printed_snippet_pasted_into_a_blank_page_shows_the_map(built_maps, visit, tmp_path):
    from coopmap.snippet import render_snippet

    host = tmp_path / "host.html"
    snippet = render_snippet(built_maps["fr"].as_uri(), "Carte des partenariats")
    host.write_text(f"<!DOCTYPE html><html lang='fr'><body><h1>Nos partenaires</h1>{snippet}</body></html>")
    v = visit(host, 1280, 900, ready=False)
    iframe = v.page.locator("iframe").bounding_box()
    assert iframe["height"] == 720 and iframe["width"] > 1200
    frame = v.page.frame_locator("iframe")
    frame.locator("html[data-coopmap-ready]").wait_for()
    assert frame.locator(".cm-marker").count() == LOCATED
    box = frame.locator(".cm-map").bounding_box()
    assert box["height"] > 600


def test_sector_filter_hides_partners_without_it(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.get_by_label("Cybersécurité").check()
    assert page.locator(".cm-marker").count() == 1
    assert page.evaluate("coopmap.app.territoryShown.filter(Boolean).length") == 1
    assert page.locator("#cm-list li").all_inner_texts()[0].startswith("Généralité de Catalogne")
    assert page.locator("#cm-list li").count() == 1
    assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 1 sur 10"
    page.get_by_label("Cybersécurité").uncheck()
    assert page.locator(".cm-marker").count() == LOCATED


def test_type_and_sector_filters_combine(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.get_by_role("checkbox", name="Action humanitaire").check()
    assert page.locator("#cm-list li").count() == 2
    page.get_by_label("Secteur non précisé").check()
    assert page.locator("#cm-list li").count() == 2
    page.get_by_label("Biomédical").check()  # humanitarian AND (biomedical OR none)
    assert page.locator("#cm-list li").count() == 2
    page.get_by_label("Secteur non précisé").uncheck()
    assert page.locator("#cm-list li").count() == 0


def test_timeline_at_2016_shows_exactly_the_partners_signed_by_then(built_maps, visit):
    page = visit(built_maps["fr"]).page
    slider = page.locator("#cm-year")
    slider.fill("2016")
    assert page.locator("#cm-year-out").inner_text() == "2016"
    shown = sorted(page.locator("#cm-list li").evaluate_all("rows => rows.map(r => r.dataset.partner)"))
    assert shown == ["casablanca-settat", "catalogne", "erevan", "gyeonggi"]  # Erevan's first agreement: 2011
    assert page.locator(".cm-marker").count() == 4
    slider.fill("2017")
    assert page.locator(".cm-marker").count() == 8


def test_play_button_runs_the_timeline_to_the_last_year(built_maps, visit):
    page = visit(built_maps["fr"]).page
    play = page.locator("#cm-play")
    play.click()
    assert play.get_attribute("aria-pressed") == "true"  # 2011 to 2018: seven steps
    assert page.locator("#cm-year-out").inner_text() == "2011"
    expect(play).to_have_attribute("aria-pressed", "false", timeout=12000)
    assert page.locator("#cm-year-out").inner_text() == "2018"
    assert page.locator(".cm-marker").count() == LOCATED


def test_search_ignores_accents_and_case_and_opens_the_popup(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.get_by_label("Rechercher un partenaire").fill("EREVAN")
    page.get_by_label("Rechercher un partenaire").press("Enter")
    assert popup_title(page) == "Ville d'Erevan"
    page.get_by_label("Rechercher un partenaire").fill("generalite")
    page.get_by_role("button", name="Chercher").click()
    assert popup_title(page) == "Généralité de Catalogne"
    page.get_by_label("Rechercher un partenaire").fill("Atlantide")
    page.get_by_label("Rechercher un partenaire").press("Enter")
    assert page.locator("#cm-search-status").inner_text() == "Aucun partenaire ne correspond à « Atlantide »."


def test_list_entry_zooms_to_the_partner_and_opens_its_popup(built_maps, visit):
    page = visit(built_maps["fr"]).page
    zoom_before = page.evaluate("coopmap.app.map.getZoom()")
    page.locator("#cm-list").get_by_role("button", name="Province du Zhejiang", exact=True).click()
    assert popup_title(page) == "Province du Zhejiang"
    assert page.evaluate("coopmap.app.map.getZoom()") > zoom_before


def test_keyboard_reaches_a_marker_and_enter_opens_its_popup(built_maps, visit):
    page = visit(built_maps["fr"]).page
    names = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.classList.contains('cm-marker') && document.activeElement.ariaLabel"
        )
        if focused:
            names.append(focused)
            break
    assert names, "no marker reached with Tab"
    page.keyboard.press("Enter")
    name = popup_title(page)
    # name, type, year (and how many agreements, for a partner of several)
    assert re.fullmatch(re.escape(name) + r" — [^,]+, (\d{4}|date non précisée)(, \d+ accords)?", names[0])


def test_arcs_toggle_draws_a_line_per_shown_partner(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.get_by_label("Liens depuis Île-de-France").check()
    assert page.evaluate("coopmap.app.arcLayer.getLayers().length") == LOCATED
    page.locator("#cm-year").fill("2016")
    assert page.evaluate("coopmap.app.arcLayer.getLayers().length") == 4
    page.get_by_label("Liens depuis Île-de-France").uncheck()
    assert not page.evaluate("coopmap.app.map.hasLayer(coopmap.app.arcLayer)")


def test_english_page_shows_no_french_interface_string(built_maps, visit):
    from coopmap.i18n import STRINGS

    page = visit(built_maps["en"]).page
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator('.cm-marker[data-partner="erevan"]').click()
    page.locator(".leaflet-popup-content").wait_for()
    text = page.locator("body").inner_text()
    labels = " ".join(
        page.locator("[aria-label], [title]").evaluate_all(
            "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))"
        )
    )
    french_only = {v for k, v in STRINGS["fr"].items() if v != STRINGS["en"][k] and "{" not in v}
    for phrase in french_only:
        assert phrase not in text and phrase not in labels, phrase
    assert "19 November 2018" in text and "Signed" in text
    assert "Île-de-France: international partnerships" in text


def test_the_question_culture_in_2017_can_be_answered_with_the_keyboard(built_maps, visit):
    page = visit(built_maps["en"]).page
    page.get_by_label("Culture, éducation et francophonie").focus()
    page.keyboard.press("Space")
    page.locator("#cm-year").focus()
    page.keyboard.press("ArrowLeft")  # 2018 -> 2017
    assert page.locator("#cm-year-out").inner_text() == "2017"
    assert page.locator("#cm-list li").count() == 0  # Erevan's agreement with culture dates from 2018
    page.keyboard.press("ArrowRight")
    assert page.locator("#cm-list li").all_inner_texts()[0].startswith("Ville d'Erevan")


@pytest.mark.parametrize("width,height", [(1280, 800), (375, 667)])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_axe_finds_no_serious_or_critical_violation(built_maps, visit, width, height, lang):
    from axe_playwright_python.sync_playwright import Axe

    page = visit(built_maps[lang], width, height).page
    page.locator(".cm-marker").first.click()  # audit with a popup open too
    page.locator(".leaflet-popup-content").wait_for()
    page.wait_for_timeout(400)  # let the popup finish fading in, or contrast is measured mid-fade
    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
    )
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_page_declares_a_strict_content_security_policy(built_maps, visit):
    v = visit(built_maps["fr"])
    csp = v.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    assert v.errors == []  # a hash that did not match would print a CSP violation here


def test_reset_button_returns_to_the_whole_map(built_maps, visit):
    page = visit(built_maps["fr"]).page
    start = page.evaluate("coopmap.app.map.getZoom()")
    page.get_by_role("button", name="Zoom avant").click()
    page.wait_for_timeout(600)  # the zoom animation
    assert page.evaluate("coopmap.app.map.getZoom()") == start + 1
    page.get_by_role("button", name="Revenir à la vue d'ensemble").click()
    assert page.evaluate("coopmap.app.map.getZoom()") == start
    assert page.get_by_role("button", name="Plein écran").get_attribute("aria-pressed") == "false"
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".cm-date").inner_text() == "Données au 14 février 2019"
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()


def test_online_tiles_are_asked_only_of_the_tile_server_with_attribution(tmp_path, visit, monkeypatch):
    from click.testing import CliRunner

    from coopmap.cli import cli

    from ..conftest import DEFAULT_CSV

    out = tmp_path / "tiles.html"
    result = CliRunner().invoke(cli, ["build", str(DEFAULT_CSV), "-o", str(out), "--tiles", "OpenStreetMap"])
    assert result.exit_code == 0, result.output
    v = visit(out)
    v.page.wait_for_timeout(300)
    assert v.requests and all(re.match(r"https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png", u) for u in v.requests)
    assert "OpenStreetMap" in v.page.locator(".leaflet-control-attribution").inner_text()
    assert v.page.locator(".cm-map.cm-vector").count() == 0  # no vector basemap under the tiles


def test_popup_takes_the_focus_from_the_list_and_gives_it_back(built_maps, visit):
    page = visit(built_maps["fr"]).page
    button = page.locator("#cm-list").get_by_role("button", name="Province du Zhejiang", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(button).to_be_focused()


def test_skip_link_is_the_first_stop_and_leads_to_the_search(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller à la recherche et à la liste des partenariats")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Rechercher un partenaire")).to_be_focused()


def test_page_helpers_fold_accents_and_keep_arcs_continuous(built_maps, visit):
    page = visit(built_maps["fr"]).page
    assert page.evaluate("coopmap.fold('  Île-de-FRANCE Ça ')") == "ile-de-france ca"
    arc = page.evaluate("coopmap.geodesic([48.86, 2.35], [-17.73, -149.5], 64)")  # Paris to Tahiti
    assert arc[0] == [48.86, 2.35] and arc[-1][0] == pytest.approx(-17.73)
    steps = [abs(b[1] - a[1]) for a, b in zip(arc, arc[1:])]
    assert max(steps) < 20  # no jump across the antimeridian
    assert arc[-1][1] % 360 == pytest.approx(-149.5 % 360)


def test_a_map_with_no_located_and_no_dated_partner_still_works(tmp_path, visit):
    from coopmap.pipeline import Options, build_map

    source = tmp_path / "actions.csv"
    source.write_text("id,partner,country,type,signed\na,Action A,,Action humanitaire,\nb,Action B,,Don,\n")
    page_path = tmp_path / "actions.html"
    page_path.write_text(build_map(source, Options(home=None)).html, encoding="utf-8")
    v = visit(page_path)
    assert v.page.locator("#cm-list li").count() == 2
    assert v.page.locator(".cm-marker").count() == 0
    assert v.page.locator("#cm-timeline").is_hidden()
    assert v.page.locator("#cm-arcs").count() == 0  # no home, no links
    assert v.errors == []
