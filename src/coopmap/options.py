"""Validators for every value a user gives that reaches the page, the snippet or a header.

Each ``validate_*`` function takes the raw text and returns a value safe for its context, or raises
OptionError with a message that names no option (the caller adds ``--tiles``, a config key…). They are
shared by the command line, the config file and anything else that feeds the page: never let an option
reach the page without one. Escaping still happens where the value is written (``html.escape`` in an
attribute, JSON for the page's script); these functions make sure the value means what it says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import CoopmapError
from .text import quoted

# Leaflet fills these in a tile URL; any other {…} would stay in the request as it is.
TILE_PLACEHOLDERS = ("{s}", "{z}", "{x}", "{y}", "{r}")
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"(?:\{{s\}}\.)?{_HOST_LABEL}(?:\.{_HOST_LABEL})+")
# Path and query characters of RFC 3986 that need no escaping in HTML, JS or CSS: no quote, no space,
# no '<', '>', '\', no '#'.
_URL_REST = re.compile(r"[A-Za-z0-9._~!$&()*+,;=:@/%?-]*")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")


class OptionError(CoopmapError):
    """An option's value is refused; the message says why and what to write instead."""

    exit_code = 2


@dataclass(frozen=True)
class TileUrl:
    """A checked tile URL template and the origin a Content-Security-Policy must allow for it."""

    url: str
    origin: str  # 'https://*.tile.openstreetmap.org' or 'https://tiles.example.org:8443'


def validate_tile_url(text: str) -> TileUrl:
    """An https:// tile URL with a plain host, an optional port and only Leaflet's placeholders.

    >>> validate_tile_url("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png").origin
    'https://*.tile.openstreetmap.org'
    """
    if _CONTROL_OR_SPACE.search(text):
        raise OptionError(f"{quoted(text)} holds spaces or invisible characters: write the URL without them")
    match = re.fullmatch(r"https://([^/:?#]*)(?::(\d{1,5}))?(/[^#]*)", text)
    if not text.lower().startswith("https://"):
        raise OptionError(f"{quoted(text)} must start with https:// (a tile URL such as https://…/{{z}}/{{x}}/{{y}}.png)")
    if not match:
        raise OptionError(f"{quoted(text)} is not a tile URL: https://HOST[:PORT]/…/{{z}}/{{x}}/{{y}}.png")
    host, port, rest = match.groups()
    if not _HOST.fullmatch(host):
        raise OptionError(
            f"host {quoted(host)} must be a name of letters, digits, dots and hyphens (e.g. tile.example.org), "
            "optionally starting with {s}."
        )
    if port is not None and not 0 < int(port) < 65536:
        raise OptionError(f"port {port} is not between 1 and 65535")
    unknown = sorted(set(re.findall(r"\{[^}]*\}?", rest)) - set(TILE_PLACEHOLDERS))
    if unknown:
        allowed = " ".join(TILE_PLACEHOLDERS)
        raise OptionError(f"unknown placeholder {quoted(unknown[0])}: a tile URL may use only {allowed}")
    if not all(p in rest for p in ("{z}", "{x}", "{y}")):
        raise OptionError("a tile URL needs {z}, {x} and {y}")
    if not _URL_REST.fullmatch(re.sub(r"\{[szxyr]\}", "", rest)):
        raise OptionError(f"{quoted(text)} holds characters a URL cannot carry unescaped (quotes, <, >, \\, #)")
    origin = "https://" + host.replace("{s}", "*") + (f":{int(port)}" if port else "")
    return TileUrl(text, origin)


def validate_embed_src(text: str) -> str:
    """The address an <iframe> may point at: an http(s):// URL or a relative one (``map.html``, ``../carte/``)."""
    if not text or _CONTROL_OR_SPACE.search(text):
        raise OptionError(f"{quoted(text)} is empty or holds spaces or invisible characters: write a URL without them")
    parts = urlsplit(text)
    if parts.scheme:
        if parts.scheme.lower() not in ("http", "https"):
            raise OptionError(f"{quoted(text)}: only http://, https:// or a relative address such as 'map.html'")
        if not _HOST.fullmatch(parts.hostname or "") or parts.username or parts.password:
            raise OptionError(f"{quoted(text)} has no plain host name (such as www.example.org)")
    elif text.startswith(("//", "\\")) or ":" in text.split("/")[0].split("?")[0].split("#")[0]:
        raise OptionError(f"{quoted(text)}: write https://HOST/… in full, or a relative address such as 'map.html'")
    if re.search(r"[\"'<>`\\]", text):
        raise OptionError(f"{quoted(text)} holds quotes, <, > or \\: percent-encode them")
    return text


def validate_link_id(text: str) -> str:
    """A partner id as the CSV writes them (a slug), for ``--link``."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", text):
        raise OptionError(f"{quoted(text)} is not a partner id: letters, digits, '-', '_' or '.' (e.g. 'erevan')")
    return text


def validate_http_url(text: str) -> str:
    """An absolute http(s):// link (a source page, a logo's link): same rules as an embed address, absolute."""
    if not re.match(r"https?://", text, re.IGNORECASE):
        raise OptionError(f"{quoted(text)} must start with http:// or https://")
    return validate_embed_src(text)


def validate_data_date(text: str, today: dt.date | None = None) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date, not after ``today``."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise OptionError(f"{quoted(text)}: write it YYYY-MM-DD, e.g. 2019-02-14")
    try:
        day = dt.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        raise OptionError(f"{text} is not a date") from None
    if day > (today or dt.date.today()):
        raise OptionError(f"{text} is in the future: the data cannot be dated later than today")
    return text


# A language tag as BCP 47 writes the common ones: 'fr', 'en-GB', 'oc-aranes', 'zh-Hant-TW'.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}")


def validate_language_tag(text: str) -> str:
    """A BCP 47-like language tag (it becomes an HTML ``lang`` attribute), such as 'fr' or 'pt-BR'."""
    if not _LANGUAGE_TAG.fullmatch(text):
        raise OptionError(f"{quoted(text)} is not a language tag such as 'fr', 'en' or 'pt-BR'")
    return text


def validate_text(text: str, max_length: int = 300) -> str:
    """A one-line label (title, attribution): no control, bidi-override or zero-width characters; bounded."""
    if _CONTROL_OR_SPACE.search(text.replace(" ", "")):
        raise OptionError(f"{quoted(text)} holds control or invisible characters: remove them")
    if len(text) > max_length:
        raise OptionError(f"{len(text)} characters: at most {max_length}")
    return text


def validate_color(text: str) -> str:
    """A CSS colour as #rgb or #rrggbb, and nothing else (it is written inside a style sheet)."""
    if not _COLOR.fullmatch(text):
        raise OptionError(f"{quoted(text)} is not a colour: write #rrggbb, e.g. #0072b2")
    return text.lower()


def csp_source(origin: str) -> str:
    """An origin fit for a CSP source list, as made by validate_tile_url; refuses anything else."""
    if not re.fullmatch(rf"https://(?:\*\.)?{_HOST_LABEL}(?:\.{_HOST_LABEL})+(?::\d{{1,5}})?", origin):
        raise ValueError(f"not a checked origin: {origin!r}")
    return origin


def ignored_option(option: str, reason: str) -> str:
    """The warning for an option that has no effect, so nobody believes it was applied."""
    return f"warning: {option} is ignored: {reason}"
