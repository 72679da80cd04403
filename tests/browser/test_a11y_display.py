"""Seen, not guessed: shapes beside colours, contrast from the computed styles, high contrast, motion, phones."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LAND, SEA = "#f4f1ea", "#d4e2ec"


def rgb(css: str) -> tuple[int, int, int]:
    """'#rrggbb' or 'rgb(r, g, b)' -> (r, g, b)."""
    if css.startswith("#"):
        return tuple(int(css[k : k + 2], 16) for k in (1, 3, 5))
    return tuple(int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])


def luminance(css: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_luminance_function_agrees_with_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgb(230, 159, 0)", LAND) == pytest.approx(2.0, abs=0.05)  # the measure


PSEUDO = "(e, which) => { const s = getComputedStyle(e, which); return [s.backgroundColor, s.clipPath]; }"
LAYER_OPTIONS = """(opacity => { let found;
  coopmap.app.map.eachLayer(l => { if (l.options && l.options.fillOpacity === opacity) found = l.options; });
  return { color: found.color, fillColor: found.fillColor, fillOpacity: found.fillOpacity }; })"""
SYSTEM_CANVAS = """(() => { const d = document.createElement('div'); d.style.color = 'Canvas'; document.body.append(d);
  const c = getComputedStyle(d).color; d.remove(); return c; })()"""


def test_each_type_has_its_own_shape_on_markers_legend_and_list(built_maps, visit):
    page = visit(built_maps["fr"]).page
    shapes = {}
    for t in range(3):
        marker = page.locator(f".cm-marker.cm-type-{t}").first
        swatch = page.locator(f".cm-legend .cm-swatch.cm-type-{t}")
        marker_fill, marker_shape = marker.evaluate(PSEUDO, "::after")
        swatch_fill, swatch_shape = swatch.evaluate(PSEUDO, "::after")
        assert marker_shape == swatch_shape and marker_fill == swatch_fill
        shapes[t] = marker_shape
        list_swatch = page.locator(f"#cm-list .cm-swatch.cm-type-{t}").first
        assert list_swatch.evaluate(PSEUDO, "::after")[1] == marker_shape
    assert len(set(shapes.values())) == 3, shapes  # three shapes, not colour alone


def test_types_beyond_the_palette_keep_a_look_of_their_own(tmp_path, visit):
    from coopmap.pipeline import Options, build_map

    rows = "".join(f"p{i},Partenaire {i},Maroc,,Type {i},2017\n" for i in range(10))
    source = tmp_path / "types.csv"
    source.write_text("id,partner,country,area,type,signed\n" + rows, encoding="utf-8")
    page_path = tmp_path / "types.html"
    page_path.write_text(build_map(source, Options(home=None)).html, encoding="utf-8")
    page = visit(page_path).page
    looks = [page.locator(f".cm-legend .cm-swatch.cm-shape-{t}").evaluate(PSEUDO, "::after") for t in range(10)]
    assert len(set(map(tuple, looks))) == 10  # ten types, ten colour-and-shape pairs, seven colours
    assert len({fill for fill, _ in looks}) == 7


def test_territory_outlines_and_home_stand_out_three_to_one_on_land_and_sea(built_maps, visit):
    page = visit(built_maps["fr"]).page
    outlines = page.evaluate("coopmap.app.territories.map(t => t.options.color)")
    assert outlines
    for color in outlines:
        assert contrast(color, LAND) >= 3 and contrast(color, SEA) >= 3, color
    home = page.evaluate(f"{LAYER_OPTIONS}(0.75)")
    assert contrast(home["color"], LAND) >= 3 and contrast(home["color"], SEA) >= 3
    r, g, b = rgb(home["fillColor"])
    lr, lg, lb = rgb(LAND)
    a = home["fillOpacity"]
    blended = "#" + "".join(f"{round(a * c + (1 - a) * d):02x}" for c, d in ((r, lr), (g, lg), (b, lb)))
    assert contrast(blended, LAND) >= 3  # the home's fill over land
    # the basemap itself is what the test assumes
    land = page.evaluate(f"{LAYER_OPTIONS}(1)")["fillColor"]
    sea = page.locator(".cm-map").evaluate("e => getComputedStyle(e).backgroundColor")
    assert land.lower() == LAND and rgb(sea) == rgb(SEA)


def test_forced_colors_keep_markers_and_swatches_visible(built_maps, visit):
    v = visit(built_maps["fr"])
    page = v.page
    page.emulate_media(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    types = page.evaluate("coopmap.app.data.types.map(t => t.color)")
    for t, color in enumerate(types):
        for node in (page.locator(f".cm-marker.cm-type-{t}").first, page.locator(f".cm-legend .cm-swatch.cm-type-{t}")):
            fill, _ = node.evaluate(PSEUDO, "::after")
            assert fill != "rgba(0, 0, 0, 0)" and rgb(fill) == rgb(color)
        rim = page.locator(f".cm-marker.cm-type-{t}").first.evaluate(PSEUDO, "::before")[0]
        canvas = page.evaluate(SYSTEM_CANVAS)
        assert contrast(rim, canvas) >= 3  # the rim takes the user's text colour


def test_reduced_motion_turns_off_animations_and_play_steps_one_year(built_maps, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(built_maps["fr"].as_uri())
        page.wait_for_selector("html[data-coopmap-ready]")
        options = page.evaluate(
            "(o => [o.zoomAnimation, o.fadeAnimation, o.markerZoomAnimation])(coopmap.app.map.options)"
        )
        assert options == [False, False, False]
        page.locator(".cm-map").focus()
        before = page.evaluate("coopmap.app.map.getCenter().lng")
        page.keyboard.press("ArrowRight")
        moved = page.evaluate("coopmap.app.map.getCenter().lng")
        page.wait_for_timeout(400)
        assert before < moved == page.evaluate("coopmap.app.map.getCenter().lng")  # a jump, not a glide
        play = page.locator("#cm-play")
        assert play.get_attribute("aria-pressed") is None and play.inner_text().strip() == "Année suivante"
        play.click()  # 2018 is the last year: start again at the first
        assert page.locator("#cm-year-out").inner_text() == "2011"
        page.wait_for_timeout(1200)  # no timer moves it on
        assert page.locator("#cm-year-out").inner_text() == "2011"
        play.click()
        assert page.locator("#cm-year-out").inner_text() == "2012"
        assert page.locator("#cm-search-status").inner_text() == "Partenaires affichés : 1 sur 10"
    finally:
        context.close()


def test_markers_and_buttons_are_at_least_24_px(built_maps, visit):
    page = visit(built_maps["fr"], 375, 667).page
    page.locator('#cm-list li[data-partner="erevan"] .cm-link').click()
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    page.wait_for_timeout(400)  # the zoom animation scales the marker pane while it runs
    selectors = (".cm-marker", ".cm-buttons .cm-button", ".cm-legend-title", ".leaflet-popup-close-button")
    for selector in selectors:
        boxes = [n.bounding_box() for n in page.locator(selector).all()]
        assert boxes, selector
        for box in boxes:  # a hundredth of a pixel for sub-pixel layout
            assert box["width"] >= 23.99 and box["height"] >= 23.99, selector


@pytest.mark.parametrize("width,height", [(375, 667), (320, 256)])
def test_every_popup_fits_inside_the_map_on_a_phone(built_maps, visit, width, height):
    page = visit(built_maps["fr"], width, height).page
    ids = page.evaluate("coopmap.app.partners.filter(p => p.marker).map(p => p.id)")
    assert len(ids) == 9
    for pid in ids:
        page.locator(f'#cm-list li[data-partner="{pid}"] .cm-link').click()
        popup = page.locator(".leaflet-popup")
        expect(popup).to_have_count(1)
        page.wait_for_timeout(350)  # the auto-pan
        # the page scrolled to the map: the whole popup is on screen, not 1,000 px above it
        expect(popup).to_be_in_viewport(ratio=1)
        map_box = page.locator(".cm-map").bounding_box()
        box = popup.bounding_box()
        assert box["x"] >= map_box["x"] and box["y"] >= map_box["y"], pid
        assert box["x"] + box["width"] <= map_box["x"] + map_box["width"] + 0.5, pid
        assert box["y"] + box["height"] <= map_box["y"] + map_box["height"] + 0.5, pid
        close = page.locator(".leaflet-popup-close-button").bounding_box()
        controls = page.locator(".leaflet-top.leaflet-left").bounding_box()
        assert close["x"] + close["width"] <= map_box["x"] + map_box["width"], pid
        assert box["x"] >= controls["x"] + controls["width"], pid  # clear of the zoom buttons
        page.keyboard.press("Escape")
        expect(popup).to_have_count(0)


def test_the_legend_is_folded_on_a_phone_and_open_on_a_desktop(built_maps, visit):
    phone = visit(built_maps["fr"], 375, 667).page
    toggle = phone.get_by_role("button", name="Légende")
    assert toggle.get_attribute("aria-expanded") == "false"
    expect(phone.locator("#cm-legend-list")).to_be_hidden()
    toggle.click()
    expect(phone.locator("#cm-legend-list")).to_be_visible()
    legend = phone.locator(".cm-legend").bounding_box()
    controls = phone.locator(".leaflet-top.leaflet-left").bounding_box()
    assert legend["y"] >= controls["y"] + controls["height"]  # never over the zoom and reset buttons
    desktop = visit(built_maps["fr"], 1280, 800).page
    assert desktop.get_by_role("button", name="Légende").get_attribute("aria-expanded") == "true"


def test_the_skip_link_is_invisible_until_focused(built_maps, visit):
    page = visit(built_maps["fr"], 375, 667).page
    skip = page.locator(".cm-skip")
    box = skip.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert skip.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    page.keyboard.press("Tab")
    box = skip.bounding_box()
    assert box["width"] > 100 and box["height"] > 20


@pytest.mark.parametrize("width,height", [(320, 256), (1280, 800)])
def test_axe_finds_nothing_serious_with_popup_legend_and_key_help_open(built_maps, visit, width, height):
    from axe_playwright_python.sync_playwright import Axe

    page = visit(built_maps["fr"], width, height).page
    page.locator('#cm-list li[data-partner="cplp"] .cm-link').click()
    page.get_by_role("button", name="Raccourcis clavier").click()
    legend = page.get_by_role("button", name="Légende")
    if legend.get_attribute("aria-expanded") == "false":
        legend.click()
    page.wait_for_timeout(400)  # the popup's fade
    rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    results = Axe().run(page, options={"resultTypes": ["violations"], "runOnly": rules})
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
