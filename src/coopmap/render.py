"""Page data -> a folium map -> one self-contained HTML string. No I/O but reading packaged assets."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html as html_escaping
import itertools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import branca.element
import folium
import jinja2
import xstatic.pkg.leaflet
from branca.element import Element, Figure, MacroElement

from .config import NO_BRANDING, Branding
from .errors import CoopmapError
from .looks import HOME_COLOR
from .options import csp_source, validate_color, validate_tile_url
from .webdata import to_json

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("coopmap", "templates"), autoescape=True, keep_trailing_newline=True
)
CSP_PLACEHOLDER = "coopmap-csp-placeholder"
# Our own scripts, in the order they must run: helpers, the App, then what it draws and how one explores.
SCRIPTS = (
    "util.js", "shapes.js", "app.js", "markers.js", "layers.js", "explore.js", "share.js", "labels.js", "homes.js",
)  # fmt: skip
# From npm, fetched and checked by coopmap.vendoring (see vendor.json): the clustering index (kdbush inside),
# inlined after its licences, which must travel with every copy.
VENDORED_SCRIPTS = ("supercluster.min.js",)
VENDORED_LICENSES = ("supercluster.LICENSE", "kdbush.LICENSE")
VECTOR_MAX_ZOOM = 8


@dataclass(frozen=True)
class Tiles:
    """An online tile layer: its URL template, attribution (HTML from xyzservices, else escaped) and zooms."""

    url: str
    attribution_html: str
    max_zoom: int = 18


class Raw(Element):
    """Markup inserted as it is: never parsed again as a template (branca re-parses rendered macros)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class RawMacro(MacroElement):
    """A MacroElement whose rendered header, html and script go into the page as Raw markup."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(Raw(str(macros[part](self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Page(Figure):
    """The HTML document: language, title and a Content-Security-Policy filled in after rendering."""

    def __init__(self, lang: str, title: str):
        super().__init__(title=title)
        self._children.clear()
        self.header._children.clear()  # branca's own <meta charset> is in our template
        self.lang = lang
        self.csp_placeholder = CSP_PLACEHOLDER
        self._template = TEMPLATES.get_template("page.html")


class AppMap(RawMacro, folium.Map):
    """The Leaflet map inside the page's layout: header, map, and the panel of filters and list."""

    default_js: list = []
    default_css: list = []

    def __init__(self, data: dict, title: str, tiles: Tiles | None, branding: Branding = NO_BRANDING):
        folium.Map.__init__(self, tiles=None, zoom_control=False)
        self.branding = branding
        self._name = "Map"
        self._template = TEMPLATES.get_template("layout.html")
        self.title = title
        self.strings = data["strings"]
        self.data_date = self.strings["data_date"].format(date=data["dataDate"]) if data["dataDate"] else ""
        self.home_name = data["home"]["name"] if data["home"] else ""
        self.many_homes = len(data.get("homes", [])) > 1
        self.arcs_label = self.strings["arcs_many" if self.many_homes else "arcs"].format(home=self.home_name)
        self.map_options = {
            "zoomControl": False,
            "preferCanvas": True,
            "minZoom": 1,
            "maxZoom": tiles.max_zoom if tiles else VECTOR_MAX_ZOOM,
            "maxBounds": [[-89, -220], [89, 220]],
            "maxBoundsViscosity": 0.8,
            "worldCopyJump": False,
        }


class InlineAssets(RawMacro):
    """Leaflet, supercluster and coopmap's own CSS and JS, inlined from the installed packages."""

    _template = TEMPLATES.from_string(
        "{% macro header(this, kwargs) %}"
        "{% for css in this.styles %}<style>{{ css|safe }}</style>\n{% endfor %}"
        "{% for js in this.scripts %}<script>{{ js|safe }}</script>\n{% endfor %}"
        "{% endmacro %}"
    )

    def __init__(self, styles: list[str], scripts: list[str]):
        super().__init__()
        self._name = "InlineAssets"
        self.styles = styles
        self.scripts = scripts


class PageData(RawMacro):
    """The partners, shapes and strings as one JSON data block (not a script: never executed)."""

    _template = TEMPLATES.from_string(
        '{% macro html(this, kwargs) %}<script type="application/json" id="coopmap-data">'
        "{{ this.json|safe }}</script>{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "coopmap.start({{ this._parent.get_name() }}, "
        "JSON.parse(document.getElementById('coopmap-data').textContent));"
        "{% endmacro %}"
    )

    def __init__(self, json_text: str):
        super().__init__()
        self._name = "PageData"
        self.json = json_text


def render_page(data: dict, title: str, tiles: Tiles | None = None, branding: Branding = NO_BRANDING) -> str:
    """The whole offline page for ``data`` (see webdata.build_page_data), with the region's logo and source
    link (``branding``, checked by config.py): same input, same bytes."""
    if tiles:
        data = {**data, "tiles": {"url": tiles.url, "attribution": tiles.attribution_html, "maxZoom": tiles.max_zoom}}
    with _counted_ids():
        page = Page(data["lang"], title)
        app = AppMap(data, title, tiles, branding)
        page.add_child(app)
        page.add_child(InlineAssets(_styles(data), _scripts(data)))
        app.add_child(PageData(to_json(data)))
        html = page.render()
    html = re.sub(r"[ \t]+\n", "\n", html)
    # The policy sits in an attribute: escaped, though made only of hashes and checked origins.
    policy = html_escaping.escape(content_security_policy(html, tiles), quote=False).replace('"', "&quot;")
    return html.replace(CSP_PLACEHOLDER, policy)


@contextlib.contextmanager
def _counted_ids():
    """Number elements 0, 1, 2… instead of branca's random ids, so builds are reproducible."""
    counter = itertools.count()
    original = branca.element.Element.__dict__["_generate_id"]
    branca.element.Element._generate_id = classmethod(lambda cls: f"{next(counter):x}")
    try:
        yield
    finally:
        branca.element.Element._generate_id = original


def _styles(data: dict) -> list[str]:
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    styles = [_inline_images(_read(leaflet / "leaflet.css"), leaflet)]
    styles.append(_static("coopmap.css"))
    styles.append(_type_colors(data))
    return styles


def _scripts(data: dict) -> list[str]:
    scripts = [_read(Path(xstatic.pkg.leaflet.BASE_DIR) / "leaflet.js")]
    if data["cluster"]:
        notice = "\n".join(f"{name.removesuffix('.LICENSE')}: {vendored(name).strip()}" for name in VENDORED_LICENSES)
        scripts += ["/*!\n" + notice.replace("*/", "* /") + "\n*/\n" + vendored(name) for name in VENDORED_SCRIPTS]
    scripts += [_static(name) for name in SCRIPTS]
    return [_strip_source_map(s).replace("</script", "<\\/script") for s in scripts]


# Each agreement type has its own marker shape (not colour alone, WCAG 1.4.1), as a CSS clip-path,
# possibly with a white inner mark (looks.py chooses).
SHAPES = (
    "circle(50%)",
    "inset(7%)",
    "polygon(50% 0,100% 50%,50% 100%,0 50%)",
    "polygon(50% 0,100% 90%,0 90%)",
    "polygon(0 10%,100% 10%,50% 100%)",
    "polygon(25% 4%,75% 4%,100% 50%,75% 96%,25% 96%,0 50%)",
    "polygon(50% 0,62% 35%,100% 37%,70% 59%,81% 96%,50% 74%,19% 96%,30% 59%,0 37%,38% 35%)",
    "polygon(32% 0,68% 0,68% 32%,100% 32%,100% 68%,68% 68%,68% 100%,32% 100%,32% 68%,0 68%,0 32%,32% 32%)",
)
INNER_MARK = "radial-gradient(circle,#fff 0 22%,#1d232b 24% 34%,var(--cm-color) 36%)"


def _type_colors(data: dict) -> str:
    """One CSS class per agreement type, for its colour and its shape; ours (a fixed palette), never CSV text."""
    rules = [f".cm-type-{i}{{--cm-color:{validate_color(t['color'])}}}" for i, t in enumerate(data["types"])]
    for i, kind in enumerate(data["types"]):
        mark = f";--cm-fill:{INNER_MARK}" if kind["mark"] else ""
        rules.append(f".cm-shape-{i}{{--cm-clip:{SHAPES[int(kind['shape'])]}{mark}}}")
    rules.append(f".cm-home{{--cm-color:{validate_color(data.get('homeColor', HOME_COLOR))}}}")
    return "\n".join(rules)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _static(name: str) -> str:
    return resources.files("coopmap").joinpath("static", name).read_text(encoding="utf-8")


def vendored(name: str) -> str:
    """A file of coopmap/vendor/, fetched from npm when the package was built (or by the command below)."""
    path = resources.files("coopmap").joinpath("vendor", name)
    if not path.is_file():
        raise CoopmapError(
            f"the front-end file vendor/{name} is missing from the coopmap package: "
            "in a source checkout, run `python -m coopmap.vendoring` (or reinstall with pip, which fetches it)"
        )
    return path.read_text(encoding="utf-8")


def _strip_source_map(js: str) -> str:
    """The map files are not shipped inline; a dangling reference would make DevTools fetch them."""
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)


def _inline_images(css: str, base: Path) -> str:
    """Leaflet's CSS points at images/*.png next to it: inline them as data: URIs."""

    def data_uri(match: re.Match) -> str:
        path = base / match.group(1)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/{path.suffix[1:]};base64,{encoded})"

    return re.sub(r"url\((images/[\w.-]+)\)", data_uri, css)


def content_security_policy(html: str, tiles: Tiles | None = None) -> str:
    """Allow exactly the page's own inline scripts and styles (by hash), nothing remote but tiles."""
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    img = "data:"
    if tiles:
        img += " " + csp_source(validate_tile_url(tiles.url).origin)
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_hash(s) for s in scripts),
            "style-src " + " ".join(_hash(s) for s in styles),
            f"img-src {img}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
