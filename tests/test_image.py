"""Static images of the map: sizes, same bytes, geography read back from the pixels, labels, hostile names."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.colors
import pytest
from click.testing import CliRunner
from PIL import Image

from coopmap.cli import cli
from coopmap.image import ImageOptions, draw_map, encode, marker_style, outline_color, render_image
from coopmap.pipeline import Options, build_map, check_partners, home_of

from .conftest import DEFAULT_CSV, ROOT, TODAY, write_csv

TITLE = "Île-de-France : partenariats internationaux"
HEADER = "id,partner,country,areas,type,signed,since,sectors,description,url,lat,lon\n"


@pytest.fixture(scope="module")
def default(boundaries):
    """The default data resolved once: (partners frame, home)."""
    frame, _, _ = check_partners(DEFAULT_CSV, Options(today=TODAY), boundaries)
    return frame, home_of("FR-IDF", boundaries)


def options(**kwargs) -> ImageOptions:
    return ImageOptions(**{"title": TITLE, "data_date": "2019-02-14", **kwargs})


def test_png_has_the_size_asked(default):
    frame, home = default
    for size, pixels in (("social", (1200, 675)), ("1600x900", (1600, 900)), ("200x8000", (200, 8000))):
        image = Image.open(io.BytesIO(render_image(frame, home, options(size=size)).data))
        assert image.size == pixels
    assert Image.open(io.BytesIO(render_image(frame, home, options(size="a4")).data)).size == (2338, 1653)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_same_inputs_give_the_same_bytes(default, fmt):
    frame, home = default
    first = render_image(frame, home, options(format=fmt, arcs=True)).data
    second = render_image(frame, home, options(format=fmt, arcs=True)).data
    assert first == second
    assert dt.date.today().isoformat().encode() not in first  # no date of the day
    assert b"<dc:date>" not in first and b"/CreationDate" not in first and b"Software" not in first


def test_svg_is_xml_with_the_title_and_names_as_text(default):
    frame, home = default
    svg = render_image(frame, home, options(format="svg")).data
    root = ET.fromstring(svg)
    texts = {"".join(node.itertext()).strip() for node in root.iter("{http://www.w3.org/2000/svg}text")}
    assert TITLE in texts and "Données au 14 février 2019" in texts
    assert {"Ville d'Erevan", "Province du Zhejiang", "Saint-Barthélemy et Saint-Martin", "Wilaya d'Alger"} <= texts
    assert "Accord de coopération décentralisée" in texts  # the legend
    assert "Frontières : Natural Earth (domaine public)" in texts  # no city from GeoNames in the default data


def test_pdf_is_a4_landscape_with_its_title(default):
    frame, home = default
    pdf = render_image(frame, home, options(format="pdf", title="Partners of the region")).data
    assert pdf.startswith(b"%PDF-")
    media = pdf.split(b"/MediaBox [", 1)[1].split(b"]", 1)[0].split()
    assert [round(float(v)) for v in media] == [0, 0, 842, 595]
    assert b"/Title (Partners of the region)" in pdf
    portrait = render_image(frame, home, options(format="pdf", size="a4-portrait")).data
    media = portrait.split(b"/MediaBox [", 1)[1].split(b"]", 1)[0].split()
    assert [round(float(v)) for v in media] == [0, 0, 595, 842]


def _pixel(png: bytes, drawing, xy) -> tuple[int, int, int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    x, y = drawing.axes.transData.transform(xy)
    return image.getpixel((int(x), image.height - 1 - int(y)))


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[k : k + 2], 16) for k in (1, 3, 5))


def _colors(frame) -> dict[str, tuple[int, int, int]]:
    """Each type's colour as the page gives it (looks.py)."""
    from coopmap.looks import assign_looks

    return {kind: _rgb(look.color) for kind, look in assign_looks(frame["type"]).by_type.items()}


def _close(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_markers_are_drawn_where_the_partners_are(default):
    """Read back from the pixels: the marker's colour at each partner's projected place, and that place
    within a few km of the real city (truth written here, not taken from the data)."""
    frame, home = default
    drawing = draw_map(frame, home, options(size="a4"))
    png = encode(drawing.figure, "png", drawing.dpi)
    colors = _colors(frame)
    accord = colors["Accord de coopération décentralisée"]
    for ident in ("erevan", "zhejiang", "gyeonggi"):
        assert _close(_pixel(png, drawing, drawing.markers[ident]), accord), ident
    assert _close(_pixel(png, drawing, drawing.markers["irma"]), colors["Action humanitaire"])
    truth = {"erevan": (44.51, 40.18), "zhejiang": (120.0, 29.2), "gyeonggi": (127.2, 37.4)}
    inverse = drawing.project
    for ident, (lon, lat) in truth.items():
        x, y = drawing.markers[ident]
        got_lon, got_lat = inverse.transform(x, y, direction="INVERSE")
        assert _km(lon, lat, got_lon, got_lat) < {"erevan": 15, "zhejiang": 150, "gyeonggi": 60}[ident], ident
    # The sea between Europe and America is the sea's colour, the middle of the Sahara land.
    project = drawing.project.transform
    assert _close(_pixel(png, drawing, project(-40.0, 40.0)), _rgb("#d4e2ec"), 3)
    assert _close(_pixel(png, drawing, project(10.0, 24.0)), _rgb("#f4f1ea"), 3)


def test_territories_are_filled_in_their_type_colour(default):
    """Brazil (CPLP) is its type's colour over land, away from its marker; the home is dark grey."""
    frame, home = default
    drawing = draw_map(frame, home, options(size="a4"))
    png = encode(drawing.figure, "png", drawing.dpi)
    inside_brazil = _pixel(png, drawing, drawing.project.transform(-60.0, -5.0))
    land, cplp = _rgb("#f4f1ea"), _colors(frame)["Déclaration d'intention"]
    assert _close(inside_brazil, tuple(round(0.35 * o + 0.65 * g) for o, g in zip(cplp, land)), 6)
    paris_region = _pixel(png, drawing, drawing.project.transform(2.1, 48.5))
    assert max(paris_region) < 130  # the home, drawn dark (marker fans keep off its south-west)


def _km(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    d = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(d))


def test_the_page_and_the_image_give_types_the_same_looks(default):
    """The legend's entries are the page's types, in its order, with its colours and shapes."""
    frame, home = default
    build = build_map(DEFAULT_CSV, Options(today=TODAY), snippet_src="map.html")
    page_types = _page_types(build.html)
    drawing = draw_map(frame, home, options())
    legend = drawing.figure.legends[0]
    entries = [(text.get_text(), handle) for text, handle in zip(legend.get_texts(), legend.legend_handles)]
    assert [label for label, _ in entries[: len(page_types)]] == [t["label"] for t in page_types]
    for (_, handle), kind in zip(entries, page_types):
        assert matplotlib.colors.to_hex(handle.get_markerfacecolor()) == kind["color"]
        expected, drawn = marker_style(kind["shape"])[0].get_marker(), handle.get_marker()
        assert str(drawn) == str(expected)  # "o", or the polygon's Path with its vertices


def _page_types(html: str) -> list[dict]:
    import json
    import re

    data = re.search(r'<script type="application/json" id="coopmap-data">(.*?)</script>', html, re.S)
    return json.loads(data.group(1))["types"]


def test_marker_shapes_follow_the_page():
    assert marker_style(0)[0].get_marker() == "o"
    square, scale = marker_style(1)
    assert scale == pytest.approx(0.86)  # the page's inset(7%)
    diamond = marker_style(2)[0].get_path().vertices
    assert {(round(x, 2), round(y, 2)) for x, y in diamond} == {(0, 0.5), (0.5, 0), (0, -0.5), (-0.5, 0)}
    assert marker_style(8)[0].get_marker() == "o"  # shapes come round again after eight


NODE = shutil.which("node")
PAGE_HELPERS = """
global.window = {};
require("vm").runInThisContext(require("fs").readFileSync(process.argv[2], "utf8"));
const u = window.coopmap.util, args = JSON.parse(process.argv[3]);
console.log(JSON.stringify({outlines: args.colors.map(c => u.outline(c.toLowerCase(), ["#f4f1ea", "#d4e2ec"])),
                            arc: u.geodesic(args.from, args.to, 48)}));
"""


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run the page's own helpers")
def test_outlines_and_arcs_are_the_pages(tmp_path):
    """static/util.js's outline() and geodesic(), run by Node, give what the image draws."""
    import json

    from coopmap.image import great_circle
    from coopmap.looks import PALETTE

    script = tmp_path / "helpers.js"
    script.write_text(PAGE_HELPERS, encoding="utf-8")
    args = {"colors": list(PALETTE), "from": [48.7, 2.5], "to": [37.4, 127.2]}  # [lat, lon], as the page
    util = ROOT / "src" / "coopmap" / "static" / "util.js"
    out = subprocess.run([NODE, str(script), str(util), json.dumps(args)], capture_output=True, text=True, check=True)
    page = json.loads(out.stdout)
    assert [outline_color(c) for c in PALETTE] == page["outlines"]
    assert page["outlines"][5] != PALETTE[5].lower()  # light blue is darkened until it stands out 3:1
    ours = great_circle((2.5, 48.7), (127.2, 37.4))
    assert [[round(lat, 6), round(lon, 6)] for lon, lat in ours] == [
        [round(lat, 6), round(lon, 6)] for lat, lon in page["arc"]
    ]


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.fixture(scope="module")
def many(tmp_path_factory, boundaries):
    """300 synthetic partners (bench/generate.py) over the world."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import HEADER as columns
        from generate import generate
    finally:
        sys.path.pop(0)
    import csv

    path = tmp_path_factory.mktemp("many") / "partners.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows(generate(300, seed=3))
    frame, _, _ = check_partners(path, Options(today=TODAY, keep_going=True), boundaries)
    return frame


def test_labels_never_overlap_and_stay_on_the_map(many, boundaries):
    drawing = draw_map(many, home_of("FR-IDF", boundaries), options(size="a4"))
    drawing.figure.canvas.draw()  # lays the white boxes out round their text
    renderer = drawing.figure.canvas.get_renderer()
    boxes = [label.get_bbox_patch().get_window_extent(renderer) for label in drawing.labels]
    partners = many["partner_key"].nunique()  # one marker and one label per partner, as on the page
    assert 20 < len(boxes) < partners and drawing.dropped == partners - len(boxes) - _off_map(drawing, many)
    for i, a in enumerate(boxes):
        assert all(not _boxes_overlap(a, b) for b in boxes[i + 1 :])
    area = drawing.axes.get_window_extent(renderer)
    assert all(area.x0 <= b.x0 and b.x1 <= area.x1 and area.y0 <= b.y0 and b.y1 <= area.y1 for b in boxes)
    svg = encode(drawing.figure, "svg", drawing.dpi).decode()
    note = f"{drawing.dropped} noms non affichés faute de place"
    assert note in svg


def _off_map(drawing, frame) -> int:
    (x0, x1), (y0, y1) = drawing.axes.get_xlim(), drawing.axes.get_ylim()
    return sum(not (x0 <= x <= x1 and y0 <= y <= y1) for x, y in drawing.markers.values())


def test_world_and_home_extents(default):
    frame, home = default
    world = draw_map(frame, home, options(extent="world"))
    (x0, x1) = world.axes.get_xlim()
    assert x1 - x0 > 33_000_000  # the whole Equal Earth world is about 34,000 km across
    local = draw_map(frame, home, options(extent="home"))
    (x0, x1), (y0, y1) = local.axes.get_xlim(), local.axes.get_ylim()
    assert x1 - x0 < 2_000_000
    paris = local.project.transform(2.35, 48.85)
    assert x0 < paris[0] < x1 and y0 < paris[1] < y1
    assert local.labels == [] and local.dropped == 0  # partners off this map are not "dropped"


def test_a_set_across_the_antimeridian_is_one_map(tmp_path, boundaries):
    csv_path = write_csv(tmp_path, HEADER + "fj,Fidji,FJI,,Jumelage,2001,,,,,,\nws,Samoa,WSM,,Jumelage,2002,,,,,,\n"
                         "tv,Tuvalu,TUV,,Jumelage,2003,,,,,,\n")  # fmt: skip
    frame, _, _ = check_partners(csv_path, Options(today=TODAY), boundaries)
    drawing = draw_map(frame, None, options())
    assert abs(abs(drawing.central) - 180) < 15  # centred on the Pacific, not on Greenwich
    (x0, x1) = drawing.axes.get_xlim()
    assert x1 - x0 < 6_000_000  # a few thousand km, not the width of the world
    assert len(drawing.labels) == 3


HOSTILE = (
    HEADER
    + "a,<script>alert(1)</script> & Cie,Arménie,Erevan,<b>Type</b>,2018,,,,,,\n"
    + 'b,"Ville $x^2$ \u202egnp.exe",Chine,Zhejiang,Jumelage,2018,,,,,,\n'
    + f"c,{'Très long nom ' * 30},Japon,,Jumelage,2018,,,,,35.68,139.69\n"
    + "d,서울특별시,Corée du Sud,Séoul,Jumelage,2018,,,,,,\n"
    + "e,بلدية,Maroc,,Jumelage,2018,,,,,33.57,-7.59\n"
)


def test_hostile_names_render_and_stay_text_in_svg(tmp_path, boundaries):
    csv_path = write_csv(tmp_path, HOSTILE)
    frame, _, _ = check_partners(csv_path, Options(today=TODAY), boundaries)
    image = render_image(frame, None, options(format="svg", title="<i>T</i> & $1"))
    root = ET.fromstring(image.data)  # still well-formed XML
    texts = {"".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "<script>alert(1)</script> & Cie" in texts and "<i>T</i> & $1" in texts
    assert b"<script" not in image.data and b"&lt;script&gt;" in image.data
    assert "Ville $x^2$ gnp.exe" in texts  # a dollar sign stays one; the bidi override is gone
    assert any(t.startswith("Très long nom") and t.endswith("…") and len(t) == 40 for t in texts)
    assert "<b>Type</b>" in texts  # the legend
    notes = {line: message for line, column, message in image.notes if column == "partner"}
    assert notes[5].startswith("the name is not drawn on the map (no glyph for '서' (U+C11C) in DejaVu Sans)")
    assert notes[6] == "the name is not drawn on the map (right-to-left script)"
    png = render_image(frame, None, options(format="png")).data
    assert png.startswith(b"\x89PNG")


# ---------------------------------------------------------------------------------------------- command


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "partners.csv").write_bytes(DEFAULT_CSV.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_export_writes_each_format(project):
    for name in ("map.png", "map.svg", "map.pdf"):
        result = CliRunner().invoke(cli, ["export", "-o", f"out/{name}", "--data-date", "2019-02-14"],
                                    catch_exceptions=False)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1].startswith(f"Wrote out/{name} (")
    assert Image.open(project / "out" / "map.png").size == (1200, 675)
    assert (project / "out" / "map.pdf").read_bytes().startswith(b"%PDF")
    svg = (project / "out" / "map.svg").read_text(encoding="utf-8")
    assert TITLE in svg and "Données au 14 février 2019" in svg


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "m.png", "--size", "10x10"], "each side must be 200 to 8000 pixels"),
        (["-o", "m.png", "--size", "9000x900"], "each side must be 200 to 8000 pixels"),
        (["-o", "m.png", "--size", "huge"], "is not a4, a4-portrait, social or WxH"),
        (["-o", "m.png", "--extent", "moon"], "'moon' is not one of 'partners', 'world', 'home'"),
        (["-o", "m.png", "--extent", "home", "--home", "none"], "'--extent': 'home' needs a home"),
        (["-o", "m.png", "--data-date", "2999-01-01"], "--data-date"),
        (["-o", "m.geojson", "--size", "a4"], "'--size': is for images"),
        (["-o", "m.csv", "--arcs"], "'--arcs': is for images"),
        (["-o", "m.csv", "--lang", "en"], "'--lang': is for images"),
        (["-o", "m.gif"], "must end in .geojson or .csv"),
        (["-o", "m.png", "--title", "서울 협력"], "'--title': cannot be drawn in the image: no glyph for '서'"),
    ],
)
def test_bad_image_options_are_usage_errors(project, args, message):
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not (project / "m.png").exists()


def test_a_failed_export_keeps_the_existing_image(project):
    (project / "map.png").write_bytes(b"the previous image")
    (project / "data" / "partners.csv").write_text(HEADER + "x,Nulle part,Gondor,,Jumelage,2018,,,,,,\n")
    result = CliRunner().invoke(cli, ["export", "-o", "map.png"])
    assert result.exit_code == 1
    assert (project / "map.png").read_bytes() == b"the previous image"
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_write_keeps_the_existing_image(project, monkeypatch):
    (project / "map.pdf").write_bytes(b"the previous image")

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("coopmap.output.os.replace", refuse)
    result = CliRunner().invoke(cli, ["export", "-o", "map.pdf"])
    assert result.exit_code == 1 and "map.pdf: could not be written (No space left on device)" in result.stderr
    assert (project / "map.pdf").read_bytes() == b"the previous image"
    assert [p.name for p in project.iterdir() if p.name.endswith(".tmp")] == []


def test_build_does_not_import_matplotlib(tmp_path):
    code = (
        "import sys; from coopmap.cli import cli\n"
        f"cli(['build', {str(DEFAULT_CSV)!r}, '-o', {str(tmp_path / 'map.html')!r}], standalone_mode=False)\n"
        "print('matplotlib' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines()[-1] == "False"


def test_the_python_api_exports_images(tmp_path):
    import coopmap

    target = tmp_path / "map.svg"
    report = coopmap.export(DEFAULT_CSV, target, size="800x450", lang="en", data_date="2019-02-14", arcs=True,
                            today=TODAY)  # fmt: skip
    assert report.partners == 10
    svg = target.read_text(encoding="utf-8")
    assert "Île-de-France: international partnerships" in svg and "Data as of 14 February 2019" in svg
    assert 'width="384pt" height="216pt"' in svg  # 800×450 pixels at 150 per inch
    with pytest.raises(coopmap.InvalidOption, match="extent: 'moon' is not one of partners, world, home"):
        coopmap.export(DEFAULT_CSV, tmp_path / "map.png", extent="moon")
    with pytest.raises(coopmap.InvalidOption, match="size: is for images"):
        coopmap.export(DEFAULT_CSV, tmp_path / "partners.geojson", size="a4")
    assert not (tmp_path / "map.png").exists()


def test_a_type_the_font_cannot_draw_is_a_warning_at_its_line(project):
    (project / "data" / "partners.csv").write_text(
        HEADER + "a,Ville d'Erevan,Arménie,Erevan,Jumelage,2018,,,,,,\nb,Séoul,Corée du Sud,Séoul,협력,2018,,,,,,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["export", "-o", "m.svg"])
    assert result.exit_code == 0, result.output
    assert (
        "data/partners.csv:3:type: warning: the type is drawn with gaps in the legend (no glyph for '협' (U+D611) "
        "in DejaVu Sans)" in result.stderr
    )
    assert "UserWarning" not in result.stderr and "Glyph" not in result.stderr


def test_a_settings_file_gives_the_image_its_title_and_colours(project):
    (project / "data" / "coopmap.toml").write_text(
        'title = "Région : nos partenaires"\ndata_date = "2019-02-14"\n\n[branding]\n'
        'colors = { "Action humanitaire" = "#7b2d8e" }\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["export", "-o", "map.svg"])
    assert result.exit_code == 0, result.output
    svg = (project / "map.svg").read_text(encoding="utf-8")
    assert "Région : nos partenaires" in svg and "Données au 14 février 2019" in svg
    assert "#7b2d8e" in svg  # Saint-Barthélemy's marker and its legend entry


def test_every_export_option_is_in_the_readme():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    export = cli.commands["export"]
    for param in export.params:
        names = [*param.opts, *getattr(param, "secondary_opts", [])]
        if param.param_type_name == "option":
            assert any(re.search(rf"[`\s]{re.escape(name)}\b", readme) for name in names), names


def test_a_small_map_draws_the_finer_country_shapes(default, boundaries):
    frame, home = default

    def basemap_vertices(drawing) -> int:
        land = [c for c in drawing.axes.collections if c.get_zorder() == 1]  # the basemap's layer
        return sum(len(path.vertices) for c in land for path in c.get_paths())

    coarse = draw_map(frame, home, options(extent="home"))
    fine = draw_map(frame, home, options(extent="home"), detail=boundaries.countries)
    assert basemap_vertices(fine) > 2 * basemap_vertices(coarse)
    world = draw_map(frame, home, options(extent="world"), detail=boundaries.countries)
    assert basemap_vertices(world) == basemap_vertices(draw_map(frame, home, options(extent="world")))
