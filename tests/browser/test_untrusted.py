"""No CSV can make the published page run code: payloads in every column are shown as text."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

from coopmap.names import fold
from coopmap.pipeline import Options, build_map

from ..conftest import TODAY

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    '"><svg onload=alert("svg")>',
    "javascript:alert('js')",
    "{{ 7*7 }}<b id=injected>bold</b>",
    "</script><script>alert('close')</script>",
    "' onmouseover='alert(1)",
]
HEADER = ["id", "partner", "country", "areas", "type", "signed", "since", "sectors", "description", "url", "lat", "lon"]


def payload_csv(tmp_path):
    rows = []
    for i, payload in enumerate(PAYLOADS):
        url = "https://example.org/?q=" + payload.replace(" ", "%20") if i % 2 else payload
        rows.append([f"p{i}", payload, "FRA", "", payload, "2018", "", f"{payload};Culture", payload, url, "", ""])
    rows.append(["bad-country", PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[3], "2017", "", "", "", "", "", ""])
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    path = tmp_path / "payloads.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_payloads_in_every_column_stay_text(tmp_path, visit):
    build = build_map(payload_csv(tmp_path), Options(keep_going=True, title=PAYLOADS[1], today=TODAY))
    left_out = build.report.left_out
    assert left_out == ["p0", "p2", "p4", "p6"]  # their javascript:/script "URLs" are refused
    page_path = tmp_path / "map.html"
    page_path.write_text(build.html, encoding="utf-8")
    v = visit(page_path)
    page = v.page
    names = page.locator("#cm-list .cm-name").all_inner_texts()
    assert PAYLOADS[1] in names and PAYLOADS[3] in names
    assert any(n.startswith(PAYLOADS[0]) and "(non localisé)" in n for n in names)  # unknown country kept
    for marker in page.locator(".cm-marker").all():
        marker.dispatch_event("click")
        expect(page.locator(".leaflet-popup-content h2").last).to_have_text(marker.get_attribute("title"))
    page.get_by_label("Culture").check()
    for marker in page.locator(".cm-marker").all():  # tooltips
        marker.dispatch_event("mouseover")
    page.locator("#cm-app").dispatch_event("mouseover")
    assert page.locator(".leaflet-tooltip").count() >= 1
    page.wait_for_timeout(300)
    assert v.dialogs == []
    assert page.locator("#injected, svg[onload], img[onerror], [onmouseover]").count() == 0
    assert page.evaluate("document.querySelectorAll('script[src]').length") == 0
    assert page.title() == PAYLOADS[1]
    links = page.locator(".cm-source a, a[href^='javascript']").evaluate_all("as => as.map(a => a.href)")
    assert all(href.startswith("https://example.org/") for href in links)
    assert v.errors == []


# Format characters (Cf: bidi overrides, zero-width joiners) are stripped with a warning on reading, by design.
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=8, unique_by=lambda name: fold(name)))  # one partner per name
def test_any_partner_name_is_shown_as_the_same_text(tmp_path, browser, names):
    from .conftest import Visit

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i, name in enumerate(names):
        # A point given: the place never depends on the name, only its display is tested here.
        writer.writerow([f"p{i}", name, "ARM", "", "Accord", "2018", "", name, name, "", "40.18", "44.51"])
    source = tmp_path / "names.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    page_path = tmp_path / "names.html"
    page_path.write_text(build_map(source, Options(today=TODAY)).html, encoding="utf-8")
    v = Visit(browser)
    try:
        v.open(page_path)
        shown = v.page.locator("#cm-list .cm-name").evaluate_all("cells => cells.map(c => c.textContent)")
        assert sorted(shown) == sorted(names)
        assert v.dialogs == [] and v.errors == []
    finally:
        v.close()
