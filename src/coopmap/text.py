"""Text that is what it says: invisible and control characters found, terminal output made inert."""

from __future__ import annotations

import functools
import re
import unicodedata

# Bidi embeddings, overrides and isolates make « \u202egnp.exe » display as « exe.png ».
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Invisible characters that make two equal-looking words differ; ZWJ/ZWNJ only between Latin letters
# (they are real spelling in Persian, Indic scripts and emoji).
ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad"
JOINERS = "\u200c\u200d"
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + ZERO_WIDTH + "]")
_LATIN = r"[A-Za-z\u00c0-\u024f]"
_LATIN_JOINER = re.compile(rf"(?<={_LATIN})[{JOINERS}]+(?={_LATIN})")
# What a terminal would interpret: C0 but newline and tab, DEL, C1 (CSI, OSC…), bidi controls.
_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u200e\u200f\u2028\u2029]")

# What a message must show rather than hide: every control and invisible character.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + ZERO_WIDTH + JOINERS + "]")


def has_hidden(text: str) -> bool:
    """Whether ``clean_cell`` could find anything to remove in ``text`` (one quick scan)."""
    return _HIDDEN.search(text) is not None


def clean_cell(text: str) -> tuple[str, list[str]]:
    """The text without control, bidi-control and zero-width characters; and the names of those removed.

    Tab, newline and carriage return are kept: a description may hold paragraphs.
    """
    removed = [ch for ch in _CONTROLS.findall(text)] + _LATIN_JOINER.findall(text)
    if not removed:
        return text, []
    cleaned = _LATIN_JOINER.sub("", _CONTROLS.sub("", text))
    names = sorted({_char_name(ch) for part in removed for ch in part})
    return cleaned, names


@functools.lru_cache(maxsize=65536)
def fold_category(text: str) -> str:
    """The key two category spellings share when they differ only by case, accents, spaces or invisibles."""
    text = _LATIN_JOINER.sub("", _CONTROLS.sub("", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape (``\\x1b``, ``\\u202e``)."""
    return _TERMINAL.sub(lambda m: _escape(m.group()), text)


def quoted(text: str, limit: int = 60) -> str:
    """User text inside a message: quoted, shortened, every control or invisible character made visible."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = _INVISIBLE.sub(lambda m: _escape(m.group()), text)
    return f"'{shown}'"


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} " + unicodedata.name(ch, {0x1B: "ESCAPE", 0x07: "BELL"}.get(ord(ch), "CONTROL"))
