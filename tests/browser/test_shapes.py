"""Shapes far from the view wait to be projected (shapes.js), and are drawn the same once the view comes to them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

GO = """([lat, lon, zoom]) => new Promise(resolve => {
    coopmap.app.map.setView([lat, lon], zoom, {animate: false});
    requestAnimationFrame(() => setTimeout(resolve, 0));
})"""
ZHEJIANG = """() => {
    const app = coopmap.app;
    const index = app.partners.findIndex(p => p.id === 'zhejiang');
    const layer = app.territories[app.partners[index].territory];
    return {far: Boolean(layer._cmFar), rings: layer._rings.length};
}"""
CANVAS = """() => {
    const app = coopmap.app, partner = app.partners.find(p => p.id === 'zhejiang');
    const canvas = app.territories[partner.territory]._renderer._container;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 2166136261, inked = 0;  // FNV-1a of every pixel, and how many are not blank
    for (let k = 0; k < data.length; k++) hash = Math.imul(hash ^ data[k], 16777619) >>> 0;
    for (let k = 3; k < data.length; k += 4) if (data[k]) inked++;
    return {hash, inked, size: [canvas.width, canvas.height]};
}"""
INSIDE = """([lat, lon]) => {
    const app = coopmap.app, partner = app.partners.find(p => p.id === 'zhejiang');
    const renderer = app.territories[partner.territory]._renderer, canvas = renderer._container;
    const at = app.map.latLngToLayerPoint([lat, lon]).subtract(renderer._bounds.min);
    return canvas.getContext('2d').getImageData(Math.round(at.x), Math.round(at.y), 1, 1).data[3];
}"""
PAN = """(dx) => new Promise(resolve => {
    coopmap.app.map.once('moveend', () => resolve());
    coopmap.app.map.panBy([dx, 0], {animate: false});
})"""
HANGZHOU = (30.27, 120.15)  # inside Zhejiang
EAST_CHINA_SEA = (29.0, 125.5)  # outside any partner territory
WENZHOU = (28.0, 120.65)  # inside Zhejiang, away from its marker


def test_a_far_shape_is_projected_when_the_view_comes_near_and_drawn_as_if_never_far(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.evaluate(GO, [40.18, 44.51, 7])  # Erevan, a continent away from Zhejiang
    assert page.evaluate(ZHEJIANG) == {"far": True, "rings": 0}
    page.evaluate(GO, [29.2, 120.5, 6])
    assert page.evaluate(ZHEJIANG)["rings"] > 0 and not page.evaluate(ZHEJIANG)["far"]
    assert page.evaluate(INSIDE, list(HANGZHOU)) > 0  # its fill is on the canvas
    assert page.evaluate(INSIDE, list(EAST_CHINA_SEA)) == 0
    after_far = page.evaluate(CANVAS)

    fresh = visit(built_maps["fr"]).page
    fresh.evaluate(GO, [29.2, 120.5, 6])  # straight there: never far
    assert fresh.evaluate(ZHEJIANG)["far"] is False
    assert after_far["inked"] > 1000 and fresh.evaluate(CANVAS) == after_far


def test_a_territory_brought_near_by_a_pan_is_drawn_and_answers_a_click(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.evaluate(GO, [30.0, 95.0, 7])  # Tibet: Zhejiang is more than a screen beyond the view
    assert page.evaluate(ZHEJIANG)["far"] is True
    # Pans shorter than the map keep the zoom and the pixel origin: the shape is projected when a move ends
    # near it, not by a view reset.
    origin = page.evaluate("coopmap.app.map.getPixelOrigin().x")
    for _ in range(4):
        page.evaluate(PAN, 590)
    assert page.evaluate("coopmap.app.map.getPixelOrigin().x") == origin
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    assert page.evaluate(ZHEJIANG)["far"] is False
    point = page.evaluate("([lat, lon]) => coopmap.app.map.latLngToContainerPoint([lat, lon])", list(WENZHOU))
    marker = page.locator('.cm-marker[data-partner="zhejiang"]').bounding_box()
    box = page.locator(".cm-map").bounding_box()
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"]
    centre = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    assert abs(centre[0] - x) + abs(centre[1] - y) > 40  # a click on the territory, not on its marker
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content h2").wait_for()
    assert page.locator(".leaflet-popup-content h2").inner_text() == "Province du Zhejiang"


def test_shapes_are_projected_to_the_very_pixels_leaflet_gives(built_maps, visit):
    page = visit(built_maps["fr"]).page
    compared = page.evaluate(
        """async () => {
            const map = coopmap.app.map, compared = {vertices: 0, differ: 0};
            for (const [lat, lon, zoom] of [[20, 0, 2], [40.18, 44.51, 6], [37.5, 127.0, 8]]) {
                map.setView([lat, lon], zoom, {animate: false});
                map.eachLayer(layer => {
                    if (!layer._latlngs || !layer._projectAll) return;
                    const ours = [], theirs = [], ourBox = L.bounds([]), theirBox = L.bounds([]);
                    layer._projectLatlngs(layer._latlngs, ours, ourBox);
                    L.Polygon.prototype._projectLatlngs.call(layer, layer._latlngs, theirs, theirBox);
                    const mine = ours.flat(), leaflets = theirs.flat();
                    if (mine.length !== leaflets.length || !ourBox.equals(theirBox)) compared.differ++;
                    mine.forEach((p, k) => {
                        compared.vertices++;
                        if (p.x !== leaflets[k].x || p.y !== leaflets[k].y) compared.differ++;
                    });
                });
            }
            return compared;
        }"""
    )
    assert compared["vertices"] > 100_000 and compared["differ"] == 0


def test_shapes_drawn_from_their_traced_path_look_as_leaflet_draws_them(built_maps, visit):
    page = visit(built_maps["fr"]).page
    page.evaluate(GO, [30.0, 60.0, 3])
    drawn = page.evaluate(
        """() => {
            const app = coopmap.app, partner = app.partners.find(p => p.id === 'zhejiang');
            const renderer = app.territories[partner.territory]._renderer;
            const snapshot = () => {
                renderer._redraw();  // at once, not at the next frame
                const canvas = renderer._container;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let hash = 2166136261, inked = 0;
                for (let k = 0; k < data.length; k++) hash = Math.imul(hash ^ data[k], 16777619) >>> 0;
                for (let k = 3; k < data.length; k += 4) if (data[k]) inked++;
                return {hash, inked};
            };
            app.territories.forEach(l => renderer._requestRedraw(l));
            const ours = snapshot();
            const layers = Object.values(renderer._layers);
            layers.forEach(l => { l._updatePath = L.Polygon.prototype._updatePath; renderer._requestRedraw(l); });
            const leaflets = snapshot();
            return {ours, leaflets, layers: layers.length};
        }"""
    )
    assert drawn["layers"] >= 9 and drawn["ours"]["inked"] > 1000
    assert drawn["ours"] == drawn["leaflets"]
