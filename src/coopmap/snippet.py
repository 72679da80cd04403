"""The <iframe> a webmaster pastes into a page to embed the map, and its optional resize script."""

from __future__ import annotations

import html

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
