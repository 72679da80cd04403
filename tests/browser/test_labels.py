"""Names on the map: partner labels where they fit, more as the reader zooms in, and country names."""

from __future__ import annotations

import pytest

from coopmap.pipeline import Options, build_map
from tests.conftest import TODAY

pytestmark = pytest.mark.browser

HEADER = "id,partner,country,type,signed,lat,lon\n"
# Twenty cities of western Europe, close enough that their names cannot all fit at a low zoom.
CITIES = [
    ("Paris", 48.86, 2.35), ("Lyon", 45.76, 4.84), ("Lille", 50.63, 3.06), ("Bruxelles", 50.85, 4.35),
    ("Anvers", 51.22, 4.40), ("Gand", 51.05, 3.72), ("Liège", 50.63, 5.57), ("Namur", 50.47, 4.87),
    ("Amsterdam", 52.37, 4.90), ("Rotterdam", 51.92, 4.48), ("Utrecht", 52.09, 5.12), ("La Haye", 52.08, 4.30),
    ("Cologne", 50.94, 6.96), ("Düsseldorf", 51.23, 6.78), ("Francfort", 50.11, 8.68), ("Strasbourg", 48.57, 7.75),
    ("Luxembourg", 49.61, 6.13), ("Metz", 49.12, 6.18), ("Reims", 49.26, 4.03), ("Dijon", 47.32, 5.04),
]  # fmt: skip
COUNTRY = {"Bruxelles": "BEL", "Anvers": "BEL", "Gand": "BEL", "Liège": "BEL", "Namur": "BEL", "Amsterdam": "NLD",
           "Rotterdam": "NLD", "Utrecht": "NLD", "La Haye": "NLD", "Cologne": "DEU", "Düsseldorf": "DEU",
           "Francfort": "DEU", "Luxembourg": "LUX"}  # fmt: skip

BOXES = """sel => [...document.querySelectorAll(sel)].map(n => {
  const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
})"""


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("labels")
    rows = "".join(
        f"c{k},Ville de {name},{COUNTRY.get(name, 'FRA')},Accord,2015,{lat},{lon}\n"
        for k, (name, lat, lon) in enumerate(CITIES)
    )
    csv = folder / "partners.csv"
    csv.write_text(HEADER + rows, encoding="utf-8")
    pages = {}
    for labels in (True, False):
        pages[labels] = folder / f"map-{labels}.html"
        options = Options(today=TODAY, home=None, labels=labels)
        pages[labels].write_text(build_map(csv, options).html, encoding="utf-8")
    return pages


def overlapping(boxes) -> list:
    return [
        (a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]  # fmt: skip


def at(page, zoom: int) -> None:
    page.evaluate(f"coopmap.app.map.setView([50.3, 5.2], {zoom}, {{animate: false}}) && null")
    page.wait_for_timeout(100)


def test_labels_never_overlap_and_grow_in_number_with_zoom(crowded, visit):
    v = visit(crowded[True])
    page = v.page
    counts = []
    for zoom in (4, 5, 6):
        at(page, zoom)
        labels = page.evaluate(BOXES, ".cm-label")
        assert overlapping(labels) == [], zoom
        markers = page.evaluate(BOXES, ".cm-marker")
        assert all(not overlapping([label, marker]) for label in labels for marker in markers), zoom
        counts.append(len(labels))
    assert counts[0] < counts[-1] and counts == sorted(counts), counts
    assert v.errors == []


def test_the_open_partner_is_always_named(crowded, visit):
    page = visit(crowded[True]).page
    at(page, 5)
    named = page.locator(".cm-label").evaluate_all("ls => ls.map(l => l.dataset.partner)")
    hidden = next(f"c{k}" for k in range(len(CITIES)) if f"c{k}" not in named)
    page.locator(f'.cm-marker[data-partner="{hidden}"]').click()
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(f'.cm-label[data-partner="{hidden}"]').count() == 1


def test_labels_are_hidden_from_assistive_technology_and_take_no_tab_stop(crowded, visit):
    page = visit(crowded[True]).page
    at(page, 8)
    pane = page.locator(".leaflet-cm-labels-pane")
    assert pane.get_attribute("aria-hidden") == "true"
    assert page.evaluate("getComputedStyle(document.querySelector('.cm-label')).pointerEvents") == "none"
    assert pane.locator("[tabindex], a, button, input").count() == 0
    # Tab goes from marker to marker exactly as without labels
    without = visit(crowded[False]).page
    at(without, 8)
    assert without.locator(".cm-label, .cm-country-label").count() == 0
    stops = (
        "() => [...document.querySelectorAll('.cm-map [tabindex], .cm-map button, .cm-map a')]"
        ".filter(n => n.tabIndex >= 0).length"
    )
    assert page.evaluate(stops) == without.evaluate(stops)


def test_label_text_stands_out_with_a_halo(crowded, visit):
    page = visit(crowded[True]).page
    at(page, 8)
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.cm-label')); return [s.color, s.textShadow]; })()"
    )
    assert style[0] == "rgb(29, 35, 43)" and "rgb(255, 255, 255)" in style[1]
    ratio = page.evaluate("coopmap.util.contrast('#1d232b', '#d4e2ec')")  # on the sea, the darker background
    assert ratio >= 4.5
    page.emulate_media(forced_colors="active")
    forced = page.evaluate("getComputedStyle(document.querySelector('.cm-label')).color")
    canvas_text = page.evaluate(
        "(() => { const d = document.createElement('div'); d.style.color = 'CanvasText'; document.body.append(d);"
        " const c = getComputedStyle(d).color; d.remove(); return c; })()"
    )
    assert forced == canvas_text


def test_country_names_in_the_interface_language_at_zooms_where_they_help(built_maps, visit):
    french = visit(built_maps["fr"]).page
    french.evaluate("coopmap.app.map.setView([46.5, 6], 5, {animate: false}) && null")
    names = french.locator(".cm-country-label").all_text_contents()
    assert {"Allemagne", "France", "Suisse"} <= set(names)
    countries = french.evaluate(BOXES, ".cm-country-label")
    assert overlapping(countries + french.evaluate(BOXES, ".cm-label")) == []
    french.evaluate("coopmap.app.map.setView([46.5, 6], 2, {animate: false}) && null")
    assert "Suisse" not in french.locator(".cm-country-label").all_text_contents()  # too small at the world's zoom
    english = visit(built_maps["en"]).page
    english.evaluate("coopmap.app.map.setView([46.5, 6], 5, {animate: false}) && null")
    assert {"Germany", "France", "Switzerland"} <= set(english.locator(".cm-country-label").all_text_contents())
