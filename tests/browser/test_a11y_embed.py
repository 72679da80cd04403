"""The map inside an article (wheel, resize script) and on paper (print stylesheet)."""

from __future__ import annotations

import re

import pytest

from coopmap.snippet import render_snippet

pytestmark = pytest.mark.browser

ARTICLE = "<p>" + "Un paragraphe de l'article autour de la carte. " * 40 + "</p>"


def host_page(tmp_path, map_path, width_css="860px"):
    """An article column with the printed snippet (iframe and its optional script) in the middle."""
    host = tmp_path / "article.html"
    snippet = render_snippet(map_path.as_uri(), "Carte des partenariats")
    host.write_text(
        f"<!DOCTYPE html><html lang='fr'><body style='margin:0'><main style='width:{width_css};margin:auto'>"
        f"<h1>Nos partenaires</h1>{ARTICLE}{snippet}{ARTICLE}{ARTICLE}</main></body></html>",
        encoding="utf-8",
    )
    return host


def open_host(visit, host, width, height):
    v = visit(host, width, height, ready=False)
    frame = v.page.frame_locator("iframe")
    frame.locator("html[data-coopmap-ready]").wait_for()
    return v, frame


def test_the_wheel_over_an_embedded_map_scrolls_the_article_until_the_map_is_clicked(built_maps, visit, tmp_path):
    v, frame = open_host(visit, host_page(tmp_path, built_maps["fr"]), 1280, 900)
    page = v.page
    page.locator("iframe").scroll_into_view_if_needed()
    zoom = frame.locator("html").evaluate("() => coopmap.app.map.getZoom()")
    box = frame.locator(".cm-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    before = page.evaluate("scrollY")
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(400)
    assert page.evaluate("scrollY") > before  # the article scrolled
    assert frame.locator("html").evaluate("() => coopmap.app.map.getZoom()") == zoom
    assert frame.locator(".cm-wheel-hint").is_visible()  # and said how to zoom
    assert frame.locator(".cm-wheel-hint").inner_text() == "Pour zoomer : Ctrl + molette, ou cliquez sur la carte"
    # Ctrl + wheel zooms the map, not the article
    box = frame.locator(".cm-map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(400)
    assert frame.locator("html").evaluate("() => coopmap.app.map.getZoom()") == zoom + 1
    # once clicked, the wheel zooms the map
    frame.locator(".cm-map").click(position={"x": 200, "y": 200})
    scrolled = page.evaluate("scrollY")
    page.mouse.wheel(0, -300)
    for _ in range(30):  # Leaflet gathers wheel events, then animates: give a busy machine time
        if frame.locator("html").evaluate("() => coopmap.app.map.getZoom()") > zoom + 1:
            break
        page.wait_for_timeout(100)
    assert frame.locator("html").evaluate("() => coopmap.app.map.getZoom()") > zoom + 1
    assert page.evaluate("scrollY") == scrolled


def test_the_standalone_map_keeps_wheel_zoom(built_maps, visit):
    page = visit(built_maps["fr"]).page
    assert page.evaluate("coopmap.app.map.scrollWheelZoom.enabled()")
    assert page.locator(".cm-wheel-hint").count() == 0


def test_the_resize_script_gives_a_narrow_frame_its_content_height(built_maps, visit, tmp_path):
    v, frame = open_host(visit, host_page(tmp_path, built_maps["fr"], "100%"), 375, 667)
    page = v.page
    iframe = page.locator("iframe")
    iframe.scroll_into_view_if_needed()
    content = frame.locator("#cm-app").evaluate("e => e.scrollHeight")
    for _ in range(40):  # the frame grows as the map posts its height
        if abs(iframe.bounding_box()["height"] - content) <= 1:
            break
        page.wait_for_timeout(100)
        content = frame.locator("#cm-app").evaluate("e => e.scrollHeight")
    assert iframe.bounding_box()["height"] == pytest.approx(content, abs=1)
    assert content > 1500  # map, then the whole panel and list below it
    # no scroll area inside the frame: its document is exactly as tall as the frame
    inner = frame.locator("html").evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert inner[0] <= inner[1] + 1
    panel = frame.locator(".cm-panel").evaluate("e => [e.scrollHeight, e.clientHeight, getComputedStyle(e).overflowY]")
    assert panel[2] == "visible"
    map_box, panel_box = frame.locator(".cm-map").bounding_box(), frame.locator(".cm-panel").bounding_box()
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1  # the list comes below the map
    # turned to a wide frame, the map is side by side with the panel again, in a frame of its CSS height
    page.set_viewport_size({"width": 1280, "height": 900})
    for _ in range(40):
        if iframe.bounding_box()["height"] == 720:
            break
        page.wait_for_timeout(100)
    assert iframe.bounding_box()["height"] == 720


def test_the_resize_script_ignores_messages_from_other_windows(built_maps, visit, tmp_path):
    v, _ = open_host(visit, host_page(tmp_path, built_maps["fr"]), 1280, 900)
    page = v.page
    before = page.locator("iframe").bounding_box()["height"]
    page.evaluate("window.postMessage({ type: 'coopmap:height', height: 5000 }, '*')")
    page.wait_for_timeout(200)
    assert page.locator("iframe").bounding_box()["height"] == before == 720


def test_the_plain_iframe_without_the_script_still_works(built_maps, visit, tmp_path):
    host = tmp_path / "plain.html"
    iframe = render_snippet(built_maps["fr"].as_uri(), "Carte").split("<!--")[0]
    assert "<script" not in iframe
    host.write_text(f"<!DOCTYPE html><html lang='fr'><body>{iframe}</body></html>", encoding="utf-8")
    v, frame = open_host(visit, host, 375, 667)
    assert v.page.locator("iframe").bounding_box()["height"] == pytest.approx(min(0.85 * 667, 720), abs=1)
    assert frame.locator(".cm-marker").count() == 9


A4_LANDSCAPE = {"width": 1123, "height": 794}  # CSS pixels of 297 × 210 mm


def test_print_puts_title_map_legend_and_sources_on_one_landscape_page(built_maps, visit):
    v = visit(built_maps["fr"], **A4_LANDSCAPE)
    page = v.page
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    for hidden in ("#cm-search", "#cm-timeline", "#cm-types", "#cm-sectors", ".cm-buttons", ".cm-skip"):
        assert page.locator(hidden).is_hidden(), hidden
    title, date, legend = (page.locator(s) for s in (".cm-title", ".cm-date", "#cm-legend-list"))
    assert title.is_visible() and date.inner_text() == "Données au 14 février 2019" and legend.is_visible()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    printable = A4_LANDSCAPE["height"] - 2 * 38  # 10 mm margins
    map_box = page.locator(".cm-map").bounding_box()
    assert map_box["y"] + map_box["height"] <= printable
    legend_box = page.locator(".cm-legend").bounding_box()
    assert (
        map_box["y"] <= legend_box["y"] and legend_box["y"] + legend_box["height"] <= map_box["y"] + map_box["height"]
    )
    assert page.locator(".cm-map").evaluate("e => getComputedStyle(e).breakAfter") == "page"
    assert page.locator("#cm-list li").first.is_visible()  # the list follows, on the next pages


def count_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_printed_map_part_is_exactly_one_page(built_maps, visit):
    page = visit(built_maps["fr"], **A4_LANDSCAPE).page
    whole = count_pages(page.pdf(prefer_css_page_size=True))
    page.evaluate("document.querySelector('.cm-panel').remove()")
    assert count_pages(page.pdf(prefer_css_page_size=True)) == 1  # title, map, legend, sources
    assert whole >= 2  # and the list after it
