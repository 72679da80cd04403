"""The <iframe> a webmaster pastes into a page to embed the map."""

from __future__ import annotations

import html


def render_snippet(src: str, title: str) -> str:
    """A responsive, lazily loaded iframe with a title for screen readers."""
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" loading="lazy" allowfullscreen\n'
        '        style="display:block;width:100%;height:min(85vh,720px);min-height:480px;border:0"></iframe>\n'
    )
