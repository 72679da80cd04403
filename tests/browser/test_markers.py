"""Many partners: clusters are buttons named by their count, Enter and Space zoom into them (or fan their
partners out at the last zoom), the focus follows, and filters, search and the list reach clustered partners."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from coopmap.pipeline import Options, build_map

from ..conftest import TODAY
from .test_many import generate, partners

pytestmark = pytest.mark.browser
N = 1200
STOP = "(a => a.matches('.cm-cluster, .cm-marker') ? 'marker' : a.closest('.leaflet-control') ? 'control' : a.tagName)"
STOP += "(document.activeElement)"

# Everything drawn, at the whole world's zoom: each cluster's count plus each lone marker.
DRAWN = """() => {
  const clusters = [...document.querySelectorAll('.cm-cluster')].map(c => Number(c.textContent));
  return clusters.reduce((a, b) => a + b, 0) + document.querySelectorAll('.cm-marker').length;
}"""


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crowded")
    header, rows = generate(N)
    source = folder / "partners.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    pages = {}
    for lang in ("fr", "en"):
        pages[lang] = folder / f"map-{lang}.html"
        pages[lang].write_text(build_map(source, Options(home=None, lang=lang, today=TODAY)).html, encoding="utf-8")
    return pages, rows


def whole_world(page):
    page.evaluate("coopmap.app.map.setZoom(1, {animate: false}) && null")


def test_clusters_are_buttons_named_by_their_count_after_the_controls(crowded, visit):
    pages, _ = crowded
    page = visit(pages["fr"]).page
    clusters = page.locator(".cm-cluster")
    assert clusters.count() > 0
    for cluster in clusters.all():
        n = cluster.inner_text()
        assert cluster.evaluate("c => c.tagName") == "BUTTON"
        assert re.fullmatch(rf"{n} partenaires — (zoomer|déplier)", cluster.get_attribute("aria-label"))
        box = cluster.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
    # the map's controls come first in the Tab order, then clusters and markers
    first = page.evaluate("""() => {
      const buttons = document.querySelector('.cm-buttons');
      return [...document.querySelectorAll('.cm-cluster, .cm-marker')].every(
        m => buttons.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert first
    page.locator(".cm-keys-button").focus()
    for _ in range(20):  # Tab on through the other controls (legend, sources) to the first cluster or marker
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP)
        if stop != "control":
            break
    assert stop == "marker"


def test_english_clusters_say_partners_zoom_in(crowded, visit):
    pages, _ = crowded
    page = visit(pages["en"]).page
    labels = page.locator(".cm-cluster").evaluate_all("cs => cs.map(c => c.getAttribute('aria-label'))")
    assert labels and all(re.fullmatch(r"\d+ partners — (zoom in|spread out)", label) for label in labels)
    assert any(label.endswith("zoom in") for label in labels)


def test_counts_at_the_whole_world_add_up_with_and_without_a_filter(crowded, visit):
    pages, rows = crowded
    page = visit(pages["fr"]).page
    whole_world(page)
    grouped = partners(rows)  # rows naming one partner (a country drawn whole, twice) are one marker
    assert page.evaluate(DRAWN) == len(grouped)  # every generated partner is located
    page.get_by_role("checkbox", name="Action humanitaire").check()
    expected = sum(any(r[4] == "Action humanitaire" for r in group) for group in grouped.values())
    assert page.evaluate("coopmap.app.markers.shownCount()") == expected
    assert page.evaluate(DRAWN) == expected
    assert page.locator("#cm-counter").inner_text() == f"Partenaires affichés : {expected} sur {len(grouped)}"


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_enter_and_space_zoom_into_a_cluster_and_the_focus_goes_to_what_it_held(crowded, visit, key):
    pages, _ = crowded
    v = visit(pages["fr"])
    page = v.page
    cluster = page.locator(".cm-cluster[aria-label$='zoomer']").first
    n = int(cluster.inner_text())
    before_zoom = page.evaluate("coopmap.app.map.getZoom()")
    cluster.focus()
    page.keyboard.press(key)
    assert page.evaluate("coopmap.app.map.getZoom()") > before_zoom
    focused = page.evaluate("""() => {
      const a = document.activeElement, map = coopmap.app.map.getContainer().getBoundingClientRect();
      const r = a.getBoundingClientRect();
      return {marker: a.matches('.cm-cluster, .cm-marker'), count: a.matches('.cm-cluster') ? Number(a.textContent) : 1,
              inside: r.left >= map.left && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom};
    }""")
    assert focused["marker"] and focused["inside"]
    assert focused["count"] <= n
    assert v.errors == []


def test_at_the_last_zoom_a_cluster_fans_out_its_partners(crowded, visit):
    pages, _ = crowded
    page = visit(pages["fr"]).page
    page.evaluate("coopmap.app.map.setZoom(coopmap.app.map.getMaxZoom(), {animate: false}) && null")
    # walk the world at the last zoom until a cluster that fans out is drawn
    spread = page.evaluate("""() => {
      const map = coopmap.app.map, m = coopmap.app.markers;
      for (const i of m.visible) {
        map.setView(coopmap.app.partners[i].marker, map.getMaxZoom(), {animate: false});
        const c = document.querySelector(".cm-cluster[aria-label$='déplier']");
        if (c) return Number(c.textContent);
      }
      return 0;
    }""")
    assert spread >= 2
    cluster = page.locator(".cm-cluster[aria-label$='déplier']").first
    n = int(cluster.inner_text())
    markers = page.locator(".cm-marker").count()
    cluster.focus()
    page.keyboard.press("Enter")
    assert page.locator(".cm-marker").count() == markers + n
    assert page.evaluate("document.activeElement.matches('.cm-marker')")
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Escape")  # the popup closes, the focus back on its fanned-out marker
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    assert page.evaluate("document.activeElement.matches('.cm-marker')")
    assert page.locator(".cm-marker").count() == markers + n
    page.keyboard.press("Escape")  # then the partners fold back into their cluster, which has the focus
    assert page.locator(".cm-marker").count() == markers
    assert page.evaluate("document.activeElement.matches(\".cm-cluster[aria-label$='déplier']\")")


def test_a_filtered_list_choice_reveals_a_clustered_partner_and_its_popup(crowded, visit):
    pages, rows = crowded
    page = visit(pages["fr"]).page
    page.get_by_role("checkbox", name="Jumelage").check()
    first = page.locator("#cm-list li .cm-link").first
    name = first.inner_text()
    assert page.locator(f'.cm-marker[title="{name}"]').count() == 0  # inside a cluster at the whole view
    first.click()
    expect(page.locator(".leaflet-popup-content h2")).to_have_text(name)
    expect(page.locator(".leaflet-popup-content h2")).to_be_focused()
    page.keyboard.press("Escape")
    expect(first).to_be_focused()


def test_search_reveals_a_clustered_partner_after_zooming_out(crowded, visit):
    pages, rows = crowded
    page = visit(pages["fr"]).page
    whole_world(page)
    name = rows[-1][1]
    (ident,) = [group[0][0] for group in partners(rows).values() if rows[-1] in group]  # its partner's first row
    search = page.get_by_label("Rechercher un partenaire")
    search.fill(name)
    search.press("Enter")
    expect(page.locator(".leaflet-popup-content h2")).to_have_text(name)
    assert page.locator(f'.cm-marker[data-partner="{ident}"]').count() == 1


def test_a_cluster_kept_through_a_new_index_holds_the_same_partners_and_opens(crowded, visit):
    """A filter change builds a new index; a cluster with the same partners at the same place stays drawn
    (its button, its focus), and its id becomes the new index's."""
    pages, _ = crowded
    v = visit(pages["fr"])
    page = v.page
    kept = page.evaluate(
        """() => {
            const markers = coopmap.app.markers, old = markers.index;
            const leaves = (index, node) => index.getLeaves(Number(node.dataset.cluster), Infinity)
                .map(f => f.properties.i).sort((a, b) => a - b).join(',');
            const clusters = [...document.querySelectorAll('.cm-cluster')]
                .map(node => ({node, held: leaves(old, node)}));
            const lone = markers.drawnPartners()[0];  // alone at this zoom: no cluster here holds it
            markers.setVisible(markers.visible.filter(i => i !== lone));
            const kept = clusters.filter(c => document.contains(c.node));
            return {clusters: clusters.length, kept: kept.length, newIndex: markers.index !== old,
                    same: kept.every(c => leaves(markers.index, c.node) === c.held)};
        }"""
    )
    assert kept["newIndex"] and kept["clusters"] > 0
    assert kept["kept"] == kept["clusters"] and kept["same"]
    before_zoom = page.evaluate("coopmap.app.map.getZoom()")
    page.locator(".cm-cluster[aria-label$='zoomer']").first.click()
    assert page.evaluate("coopmap.app.map.getZoom()") > before_zoom
    assert v.errors == []
