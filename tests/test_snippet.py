"""The embedding snippet: a titled iframe, then our own optional resize script."""

from __future__ import annotations

from coopmap.snippet import RESIZE_SCRIPT, render_snippet


def test_snippet_is_the_iframe_then_the_optional_resize_script():
    snippet = render_snippet("https://example.org/carte/map.html", "Carte <des> partenariats")
    iframe, script = snippet.split("<!--", 1)
    assert iframe.startswith('<iframe src="https://example.org/carte/map.html" title="Carte &lt;des&gt; partenariats"')
    assert "<script" not in iframe
    assert "<!--" + script == RESIZE_SCRIPT
    # the script trusts only its own frame, and only a positive number of pixels
    assert "event.source !== frame.contentWindow" in RESIZE_SCRIPT
    assert "document.currentScript.previousElementSibling" in RESIZE_SCRIPT
    assert "http" not in RESIZE_SCRIPT  # loads nothing
