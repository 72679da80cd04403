"""The <iframe> a webmaster pastes into a page to embed the map, and its optional resize script."""

from __future__ import annotations

import difflib
import html
from urllib.parse import urlsplit

from .options import OptionError
from .text import quoted

# Our own few lines, no third-party code: the map posts its content height (see app.js, postHeight);
# only a message from this very frame changes its height. Without the script the frame keeps its CSS height.
RESIZE_SCRIPT = """\
<!-- Optional: lets the frame take the height of the map and its list (without it, the frame keeps its height). -->
<script>
(function (frame) {
  var initial = frame.style.height;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.type !== "coopmap:height") return;
    var height = Number(data.height);
    if (data.height === null) frame.style.height = initial;
    else if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + "px";
  });
})(document.currentScript.previousElementSibling);
</script>
"""


def render_snippet(src: str, title: str) -> str:
    """A responsive, lazily loaded iframe with a title for screen readers."""
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" loading="lazy" allowfullscreen\n'
        '        style="display:block;width:100%;height:min(85vh,720px);min-height:480px;border:0"></iframe>\n'
    ) + RESIZE_SCRIPT


def link_src(src: str, ident: str) -> str:
    """The map's address with a partner's id as its fragment: 'map.html#erevan'."""
    return urlsplit(src)._replace(fragment=ident).geturl()


def partner_snippet(src: str, title: str, ident: str, ids: tuple[str, ...]) -> str:
    """The snippet that opens the map on one partner's popup; an unknown id is refused with the closest ones."""
    if ident not in ids:
        close = difflib.get_close_matches(ident, sorted(set(ids)), n=3, cutoff=0.5)
        hint = f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise OptionError(f"no partner has the id {quoted(ident)}{hint}")
    return render_snippet(link_src(src, ident), title)
