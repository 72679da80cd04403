"""Keyboard only: every control reached and operated with Tab, Enter and Space, and the focus never lost."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from coopmap.pipeline import Options, build_map

from ..conftest import TODAY
from .test_many import generate

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def many_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many-a11y")
    header, rows = generate(600)
    source = folder / "partners.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    page = folder / "map.html"
    # keep_going: a generated name the resolver doubts must not stop a test of the list
    page.write_text(build_map(source, Options(home=None, today=TODAY, keep_going=True)).html, encoding="utf-8")
    return page


def wait_until(page, expression: str, timeout_ms: int = 5000) -> None:
    """Poll a JS expression (the page's CSP forbids wait_for_function's eval)."""
    for _ in range(timeout_ms // 50):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return { tag: e.tagName, id: e.id, cls: e.className, label: e.getAttribute('aria-label') || '',
                 partner: (e.closest('[data-partner]') || {}).dataset?.partner || null }; }"""
    )


def tab_walk(page, until, limit=60) -> list[dict]:
    """Press Tab until ``until(focused)`` holds; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if until(stops[-1]):
            return stops
    raise AssertionError(f"not reached in {limit} Tab presses: {stops[-5:]}")


def test_map_controls_come_before_the_markers_and_are_real_buttons(built_maps, visit):
    page = visit(built_maps["fr"]).page
    stops = tab_walk(page, lambda f: f["id"] == "cm-search-input")
    labels = [s["label"] for s in stops]
    first_marker = next(i for i, s in enumerate(stops) if "cm-marker" in s["cls"])
    for control in ("Zoom avant", "Zoom arrière", "Revenir à la vue d'ensemble", "Raccourcis clavier"):
        assert labels.index(control) < first_marker, control
        assert stops[labels.index(control)]["tag"] == "BUTTON"
    # the skip link, the summary's link to the list, the map region, five controls, the legend, Leaflet's link,
    # one stop per marker, the search
    assert len(stops) == 1 + 1 + 1 + 5 + 1 + 1 + page.locator(".cm-marker").count() + 1


def test_space_operates_zoom_buttons_markers_and_the_close_button(built_maps, visit):
    page = visit(built_maps["fr"]).page
    start = page.evaluate("coopmap.app.map.getZoom()")
    page.get_by_role("button", name="Zoom avant").focus()
    page.keyboard.press("Space")
    wait_until(page, f"coopmap.app.map.getZoom() === {start + 1}")
    page.wait_for_timeout(400)  # the zoom animation, during which Leaflet ignores another zoom
    page.get_by_role("button", name="Zoom arrière").focus()
    page.keyboard.press("Space")
    wait_until(page, f"coopmap.app.map.getZoom() === {start}")
    marker = page.locator('.cm-marker[data-partner="erevan"]')
    marker.focus()
    page.keyboard.press("Space")
    expect(page.locator(".leaflet-popup-content h2")).to_have_text("Ville d'Erevan")
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Tab")  # the close button follows the content
    close = page.get_by_role("button", name="Fermer la fiche")
    close.focus()
    page.keyboard.press("Space")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()


def test_key_help_opens_with_the_keyboard_and_closes_with_escape(built_maps, visit):
    page = visit(built_maps["fr"]).page
    button = page.get_by_role("button", name="Raccourcis clavier")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    expect(page.locator("#cm-keys-list")).to_contain_text("Flèches : déplacer la carte")
    page.keyboard.press("Escape")
    expect(page.locator("#cm-keys-list")).to_be_hidden()
    expect(button).to_be_focused()


def test_show_more_moves_the_focus_to_the_first_new_entry(many_map, visit):
    page = visit(many_map).page
    more = page.locator("#cm-more")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#cm-list li")).to_have_count(100)
    fifty_first = page.locator("#cm-list li").nth(50)
    assert focused(page)["partner"] == fifty_first.get_attribute("data-partner")


def test_a_timeline_step_keeps_the_focus_on_the_same_partner(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.locator("#cm-list").get_by_role("button", name="Wilaya d'Alger", exact=True).focus()
    page.locator("#cm-year").evaluate("r => { r.value = 2017; r.dispatchEvent(new Event('input')); }")
    assert page.locator("#cm-list li").count() == 8  # the list was rebuilt
    assert focused(page)["partner"] == "alger" and focused(page)["tag"] == "BUTTON"
    # a step that hides the focused partner leaves the focus on the list's heading, not on <body>
    page.locator("#cm-year").evaluate("r => { r.value = 2016; r.dispatchEvent(new Event('input')); }")
    assert focused(page)["id"] == "cm-list-title"


def test_a_popup_replacing_another_still_gives_the_focus_back(built_maps, visit):
    page = visit(built_maps["fr"]).page
    search = page.get_by_label("Rechercher un partenaire")
    search.fill("erevan")
    search.press("Enter")
    expect(page.locator(".leaflet-popup-content h2")).to_have_text("Ville d'Erevan")
    search.fill("zhejiang")
    search.press("Enter")  # the second popup replaces the first
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    expect(page.locator(".leaflet-popup-content h2")).to_have_text("Province du Zhejiang")
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    # from the list, one entry after another
    search.fill("")
    search.dispatch_event("input")
    wait_until(page, "coopmap.app.state.query === ''")
    first = page.locator("#cm-list").get_by_role("button", name="Ville d'Erevan", exact=True)
    first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_have_count(1)  # the closed one fades out for 200 ms
    expect(page.locator(".leaflet-popup-content h2")).to_have_text("Ville d'Erevan")
    second = page.locator("#cm-list").get_by_role("button", name="Province du Zhejiang", exact=True)
    second.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    expect(page.locator(".leaflet-popup-content h2")).to_have_text("Province du Zhejiang")
    page.keyboard.press("Escape")
    expect(second).to_be_focused()


def test_escape_closes_a_marker_tooltip_without_moving_the_focus(built_maps, visit):
    page = visit(built_maps["fr"]).page
    marker = page.locator('.cm-marker[data-partner="erevan"]')
    marker.focus()
    expect(page.locator(".leaflet-tooltip")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-tooltip")).to_have_count(0)
    expect(marker).to_be_focused()
