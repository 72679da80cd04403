"""Hundreds of partners: clustered markers, a paged list, and search still reaching a clustered partner."""

from __future__ import annotations

import csv
import importlib.util

import pytest
from playwright.sync_api import expect

from coopmap.names import fold
from coopmap.pipeline import Options, build_map

from ..conftest import ROOT, TODAY

pytestmark = pytest.mark.browser


def generate(n: int):
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.HEADER, module.generate(n, seed=7)


def partners(rows) -> dict[tuple, list]:
    """The generated rows as the map groups them: one partner per name (folded) and country."""
    grouped: dict[tuple, list] = {}
    for row in rows:
        grouped.setdefault((fold(row[1]), row[2]), []).append(row)
    return grouped


@pytest.fixture(scope="module")
def many_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    header, rows = generate(600)
    source = folder / "partners.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    page = folder / "map.html"
    page.write_text(build_map(source, Options(home=None, today=TODAY)).html, encoding="utf-8")
    return page, rows


def test_markers_are_clustered_and_the_list_is_paged(many_map, visit):
    path, rows = many_map
    v = visit(path)
    page = v.page
    assert page.locator(".cm-cluster").count() > 0
    total = len(partners(rows))  # a country drawn whole may come twice: one partner with two agreements
    assert total < len(rows)
    assert page.locator(".cm-marker").count() < total
    assert page.locator("#cm-counter").inner_text() == f"Partenaires affichés : {total} sur {total}"
    assert page.locator("#cm-list li").count() == 50
    page.locator("#cm-more").click()
    assert page.locator("#cm-list li").count() == 100
    assert v.errors == [] and v.requests == []


def test_search_reaches_a_partner_inside_a_cluster(many_map, visit):
    path, rows = many_map
    page = visit(path).page
    name = next(r[1] for r in rows if r[1].startswith("Ville de Saint-Éloi-"))
    page.get_by_label("Rechercher un partenaire").fill(name.upper())
    page.get_by_label("Rechercher un partenaire").press("Enter")
    expect(page.locator(".leaflet-popup-content h2")).to_have_text(name)


def test_a_filter_narrows_markers_list_and_counter_together(many_map, visit):
    path, rows = many_map
    page = visit(path).page
    page.get_by_role("checkbox", name="Action humanitaire").check()
    grouped = partners(rows)
    expected = sum(any(r[4] == "Action humanitaire" for r in group) for group in grouped.values())
    assert page.locator("#cm-counter").inner_text() == f"Partenaires affichés : {expected} sur {len(grouped)}"
    # every generated partner is located, so each shown partner has one marker in the cluster group
    assert page.evaluate("coopmap.app.markers.shownCount()") == expected
