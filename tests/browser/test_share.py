"""Links to a partner and to a view: the URL fragment opens the page in a state and follows the reader."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_at(visit, path, fragment: str, **size):
    """The map loaded afresh at ``path#fragment`` (from a blank page: not a same-page jump)."""
    blank = path.with_name("blank.html")
    blank.write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    v = visit(blank, ready=False, **size)
    v.page.goto(path.as_uri() + fragment)
    v.page.wait_for_selector("html[data-coopmap-ready]", timeout=15000)
    return v


def popup_title(page) -> str:
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    return page.locator(".leaflet-popup-content h2").inner_text()


def test_a_link_to_a_partner_opens_its_popup_without_taking_the_focus(built_maps, visit):
    v = open_at(visit, built_maps["fr"], "#erevan")
    page = v.page
    assert popup_title(page) == "Ville d'Erevan"
    # The page opens as a page: the reader's first Tab still goes to the skip link, not into the map.
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "cm-skip"
    assert page.evaluate("location.hash") == "#erevan"
    assert v.errors == []


def test_an_agreement_id_opens_its_partner(built_maps, visit):
    page = open_at(visit, built_maps["fr"], "#catalogne-2017").page
    assert popup_title(page) == "Généralité de Catalogne"
    assert page.evaluate("location.hash") == "#catalogne"  # the partner's own id, from then on


def test_a_link_restores_filters_year_and_search(built_maps, visit):
    fragment = "#zhejiang&type=accord-de-cooperation-decentralisee&year=2018&q=province"
    page = open_at(visit, built_maps["fr"], fragment).page
    assert popup_title(page) == "Province du Zhejiang"
    assert page.get_by_role("checkbox", name="Accord de coopération décentralisée").is_checked()
    assert page.locator("#cm-year").input_value() == "2018"
    assert page.get_by_label("Rechercher un partenaire").input_value() == "province"
    assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 2 sur 10"  # Zhejiang, Gyeonggi
    sector = open_at(visit, built_maps["fr"], "#sector=jeux-video&year=2017").page
    assert sector.locator("#cm-list li").evaluate_all("rows => rows.map(r => r.dataset.partner)") == ["catalogne"]
    assert sector.locator(".leaflet-popup").count() == 0


def test_exploring_updates_the_fragment_without_adding_history(built_maps, visit):
    page = open_at(visit, built_maps["fr"], "#erevan").page
    before = page.evaluate("history.length")
    page.locator("#cm-year").fill("2017")
    page.locator("#cm-year").fill("2016")
    assert page.evaluate("location.hash") == "#erevan&year=2016"
    page.locator("#cm-year").fill("2018")
    assert page.evaluate("location.hash") == "#erevan"  # the latest year is the default: not written
    page.get_by_role("checkbox", name="Aménagement durable").check()
    assert page.evaluate("location.hash") == "#erevan&sector=amenagement-durable"
    page.locator(".leaflet-popup-close-button").click()  # closing the popup takes the partner out of the link
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    page.wait_for_function("() => location.hash === '#sector=amenagement-durable'")
    page.get_by_role("checkbox", name="Aménagement durable").uncheck()
    page.locator("#cm-year").fill("2016")
    page.locator('#cm-list li[data-partner="catalogne"] .cm-link').click()
    page.wait_for_function("() => location.hash === '#catalogne&year=2016'")
    page.locator("#cm-year").fill("2018")
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("() => location.hash === ''")
    assert page.evaluate("history.length") == before


def test_following_a_link_within_the_page_opens_that_partner_and_focuses_it(built_maps, visit):
    page = open_at(visit, built_maps["fr"], "#erevan").page
    page.evaluate("location.hash = '#alger'")
    assert popup_title(page) == "Wilaya d'Alger"
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == page.evaluate("coopmap.app.map.getContainer().id")


def test_the_page_own_anchors_keep_the_view(built_maps, visit):
    page = open_at(visit, built_maps["fr"], "#sector=amenagement-durable").page
    page.locator("#cm-summary a").click()  # « La liste des partenariats… », an anchor to the list's heading
    expect(page.locator("#cm-list-title")).to_be_focused()
    assert page.get_by_role("checkbox", name="Aménagement durable").is_checked()
    assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 1 sur 10"


@pytest.mark.parametrize(
    "fragment",
    [
        "#%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E",
        '#"><img src=x onerror=window.pwned=1>',
        "#__proto__&type=__proto__&sector=constructor&year=1e9&mode=<b>",
        "#erevan&year=2017%3Cscript%3E&q=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E",
        "#%E0%A4%A",  # a broken escape
    ],
)
def test_a_hostile_fragment_does_nothing(built_maps, visit, fragment):
    v = open_at(visit, built_maps["fr"], fragment)
    page = v.page
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("img[src=x], .cm-app img").count() == 0
    assert v.errors == [] and v.requests == []
    if "erevan" in fragment:  # the id is known; the rest is ignored, the search shown as text
        assert popup_title(page) == "Ville d'Erevan"
        assert page.locator("#cm-year").input_value() == "2018"
    else:
        assert page.locator(".leaflet-popup").count() == 0
        assert page.locator("#cm-counter").inner_text() == "Partenaires affichés : 10 sur 10"


def test_copy_link_puts_the_partner_link_on_the_clipboard_and_says_so(built_maps, visit):
    v = visit(built_maps["fr"])
    v.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = v.page
    page.locator('.cm-marker[data-partner="alger"]').click()
    button = page.locator(".leaflet-popup-content").get_by_role(
        "button", name="Copier le lien vers la fiche de Wilaya d'Alger"
    )
    assert button.inner_text() == "Copier le lien"
    button.click()
    expected = built_maps["fr"].as_uri() + "#alger"
    expect(page.locator("#cm-search-status")).to_have_text(f"Lien copié : {expected}")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    # the list's entries have their own
    page.locator('#cm-list li[data-partner="erevan"]').get_by_role(
        "button", name="Copier le lien vers la fiche de Ville d'Erevan"
    ).click()
    expect(page.locator("#cm-search-status")).to_have_text(f"Lien copié : {built_maps['fr'].as_uri()}#erevan")


def test_without_the_clipboard_the_link_is_selected_in_a_field(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.evaluate(
        "Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('no')) } })"
    )
    page.evaluate("document.execCommand = () => false")
    page.locator('#cm-list li[data-partner="erevan"] .cm-copy').click()
    field = page.get_by_label("Lien vers cette fiche")
    expected = built_maps["fr"].as_uri() + "#erevan"
    expect(field).to_be_focused()
    assert field.input_value() == expected and field.get_attribute("readonly") == ""
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [
        0,
        len(expected),
    ]
    expect(page.locator("#cm-search-status")).to_have_text(f"Copiez le lien sélectionné (Ctrl+C) : {expected}")


def test_a_link_works_inside_the_embed(built_maps, visit, tmp_path):
    host = tmp_path / "article.html"
    map_copy = tmp_path / "map.html"
    map_copy.write_text(built_maps["fr"].read_text(encoding="utf-8"), encoding="utf-8")
    host.write_text(
        '<!DOCTYPE html><html lang="fr"><title>Article</title><p>Texte</p>'
        '<iframe src="map.html#erevan&amp;year=2018" title="Carte" style="width:900px;height:600px"></iframe>',
        encoding="utf-8",
    )
    v = visit(host, ready=False)
    frame = v.page.frame_locator("iframe")
    expect(frame.locator(".leaflet-popup-content h2")).to_have_text("Ville d'Erevan", timeout=15000)
    assert v.page.evaluate("document.activeElement.tagName") == "BODY"  # the article keeps the focus
    frame.locator("#cm-year").fill("2017")
    inner = v.page.frames[1]
    inner.wait_for_function("() => location.hash === '#erevan&year=2017'")
    assert v.errors == []
