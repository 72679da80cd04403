"""What a screen-reader user gets: the summary, the accessibility tree, live search, languages, the timeline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coopmap.pipeline import Options, build_map

from ..conftest import DEFAULT_CSV, TODAY

pytestmark = pytest.mark.browser


def test_a_summary_before_the_map_describes_it(built_maps, visit):
    page = visit(built_maps["fr"]).page
    summary = page.locator("#cm-summary")
    assert summary.inner_text() == (
        "10 partenariats (12 accords) dans 18 pays, signés de 2011 à 2018. Par type d'accord : "
        "Accord de coopération décentralisée (7), Déclaration d'intention (1), Action humanitaire (2). "
        "1 partenaire n'est pas localisé sur la carte. La liste des partenariats, après la carte, les présente tous."
    )
    assert page.locator(".cm-map").get_attribute("aria-describedby") == "cm-summary"
    summary.get_by_role("link").click()  # the summary leads to the list, the map's alternative
    expect(page.locator("#cm-list-title")).to_be_focused()
    # before the map in reading order
    assert page.evaluate(
        "!!(document.getElementById('cm-summary').compareDocumentPosition(document.querySelector('.cm-map'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )


def test_the_english_summary_and_the_data_keep_their_french_lang(built_maps, visit):
    page = visit(built_maps["en"]).page
    assert (
        page.locator("#cm-summary")
        .inner_text()
        .startswith("10 partnerships (12 agreements) in 18 countries, signed from 2011 to 2018.")
    )
    french = page.locator('#cm-summary [lang="fr"]')
    assert french.all_inner_texts() == [
        "Accord de coopération décentralisée",
        "Déclaration d'intention",
        "Action humanitaire",
    ]
    row = page.locator('#cm-list li[data-partner="erevan"]')
    assert row.locator('[lang="fr"]').all_inner_texts() == [
        "Ville d'Erevan",
        "Accord de coopération décentralisée",
        "Innovation et nouvelles technologies ; Culture, éducation et francophonie ; Aménagement durable",
    ]
    page.locator('.cm-marker[data-partner="erevan"]').click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("h2").get_attribute("lang") == "fr"
    # each of the two agreements' type, and the second's sectors; the country is in English
    assert popup.locator("dd[lang=fr]").count() == 3
    assert popup.locator("dl").first.locator("dd").get_attribute("lang") is None
    assert page.get_by_role("checkbox", name="Action humanitaire").locator("xpath=..").locator("[lang=fr]").count() == 1
    # the French page needs no lang attribute on French data
    assert visit(built_maps["fr"]).page.locator("#cm-list [lang]").count() == 0


def test_data_lang_is_an_option_of_the_build(tmp_path, visit):
    page_path = tmp_path / "map.html"
    page_path.write_text(build_map(DEFAULT_CSV, Options(lang="fr", data_lang="pt-BR", today=TODAY)).html, "utf-8")
    page = visit(page_path).page
    assert page.locator('#cm-list li[data-partner="erevan"] .cm-link').get_attribute("lang") == "pt-BR"


def test_canvases_are_hidden_from_assistive_technology(built_maps, visit):
    v = visit(built_maps["fr"])
    page = v.page
    page.get_by_label("Liens depuis Île-de-France").check()  # a layer added later: its canvas too
    canvases = page.locator(".cm-map canvas")
    assert canvases.count() >= 2
    assert canvases.evaluate_all("cs => cs.map(c => c.getAttribute('aria-hidden'))") == ["true"] * canvases.count()
    tree = v.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    shown = [n for n in tree if not n.get("ignored")]
    assert any(n["role"]["value"] == "region" for n in shown)  # the tree is read at all
    assert [n for n in shown if n["role"]["value"] == "Canvas"] == []


def test_search_filters_the_list_as_one_types_and_announces_the_count(built_maps, visit):
    page = visit(built_maps["fr"]).page
    search = page.get_by_label("Rechercher un partenaire")
    search.press_sequentially("prov", delay=20)
    expect(page.locator("#cm-list li")).to_have_count(2)  # Province du Zhejiang, Province de Gyeonggi
    expect(page.locator("#cm-search-status")).to_have_text("2 partenaires correspondent à « prov ».")
    assert page.locator(".cm-marker").count() == 2
    assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 2 sur 10"
    search.press_sequentially("ince du z", delay=20)
    expect(page.locator("#cm-search-status")).to_have_text("1 partenaire correspond à « province du z ».")
    search.fill("")
    expect(page.locator("#cm-list li")).to_have_count(10)
    # one live region on the page: the counter and the year are not spoken on their own
    live = page.locator('[role=status], [aria-live]:not([aria-live="off"]), output')
    assert live.count() == 1 and live.get_attribute("id") == "cm-search-status"


def test_each_key_filters_in_the_next_frame_and_the_count_is_spoken_once_at_the_pause(built_maps, visit):
    page = visit(built_maps["fr"]).page
    timeline = page.evaluate(
        """async () => {
            const input = document.getElementById('cm-search-input');
            const status = document.getElementById('cm-search-status');
            const spoken = [];
            new MutationObserver(() => { if (status.textContent) spoken.push(status.textContent); })
                .observe(status, {childList: true, characterData: true, subtree: true});
            const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            const rows = [];
            for (const text of ['p', 'pr', 'pro', 'prov']) {
                input.value = text;
                input.dispatchEvent(new Event('input', {bubbles: true}));
                await frame();
                rows.push(document.querySelectorAll('#cm-list li').length);
            }
            const before = spoken.length;
            await new Promise(r => setTimeout(r, 1000));
            return {rows, before, spoken};
        }"""
    )
    # 'p' matches more partners than 'prov'; each key's list is there one frame later, with no pause
    assert timeline["rows"][0] > timeline["rows"][-1] == 2
    assert timeline["before"] == 0  # nothing said while typing
    assert timeline["spoken"] == ["2 partenaires correspondent à « prov »."]  # said once, after the pause


def test_a_partner_found_but_not_located_is_shown_in_the_list_not_opened(built_maps, visit):
    page = visit(built_maps["fr"]).page
    search = page.get_by_label("Rechercher un partenaire")
    search.fill("minorites")
    search.press("Enter")
    expect(page.locator("#cm-search-status")).to_have_text(
        "Minorités chrétiennes du Moyen-Orient : non localisé, montré dans la liste."
    )
    assert page.locator(".leaflet-popup").count() == 0
    row = page.locator('#cm-list li[data-partner="moyen-orient"]')
    expect(row).to_be_in_viewport()
    assert page.locator("#cm-list li").count() == 1


def test_the_slider_says_its_year_and_count(built_maps, visit):
    page = visit(built_maps["fr"]).page
    slider = page.locator("#cm-year")
    assert slider.get_attribute("aria-valuetext") == "jusqu'en 2018 — 10 partenaires"
    slider.fill("2017")
    assert slider.get_attribute("aria-valuetext") == "jusqu'en 2017 — 8 partenaires"
    page.get_by_role("checkbox", name="Action humanitaire").check()
    assert slider.get_attribute("aria-valuetext") == "jusqu'en 2017 — 1 partenaire"


def test_play_keeps_its_label_and_speaks_once_at_the_end(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.evaluate(
        """() => { window.spoken = []; const s = document.getElementById('cm-search-status');
        new MutationObserver(() => { if (s.textContent) window.spoken.push(s.textContent); })
          .observe(s, { childList: true, characterData: true, subtree: true }); }"""
    )
    play = page.locator("#cm-play")
    label = play.inner_text()
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text() == label
    expect(play).to_have_attribute("aria-pressed", "false", timeout=8000)
    assert play.inner_text() == label
    assert page.evaluate("window.spoken") == ["Partenaires affichés : 10 sur 10"]
