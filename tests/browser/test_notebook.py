"""A map shown inline in a notebook (its _repr_html_) draws itself as the saved page does."""

from __future__ import annotations

import coopmap

from ..conftest import DEFAULT_CSV, TODAY

LOCATED = 9


def test_the_notebook_iframe_draws_the_map(visit, tmp_path):
    built = coopmap.build(DEFAULT_CSV, today=TODAY)
    # A notebook's output area: the cell's HTML inserted into a page that is not the map's.
    host = tmp_path / "notebook.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Notebook</title></head>"
        f"<body><div class='output_html'>{built._repr_html_()}</div></body></html>",
        encoding="utf-8",
    )
    v = visit(host, 1280, 900, ready=False)
    frame = v.page.frame_locator("iframe")
    frame.locator("html[data-coopmap-ready]").wait_for()
    assert frame.locator(".cm-marker").count() == LOCATED
    assert frame.locator("#cm-list li").count() == 10
    frame.locator('.cm-marker[data-partner="erevan"]').click()
    assert frame.locator(".leaflet-popup-content h2").inner_text() == "Ville d'Erevan"
    assert v.errors == [] and v.requests == []
