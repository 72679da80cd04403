"""Each agreement type's look, a colour and a marker shape, chosen from the type's own text.

A type keeps its look whatever the order of the rows: its preferences among the looks are ranked by a
hash of its folded text, and types take their turn in the order of their own hashes, so a map's
colours depend on the set of its types only. Up to seven types each get a colour of their own (Okabe
and Ito's palette, told apart with every common colour-vision deficiency), each colour always with the
same shape; beyond, colours come back with other shapes, which the build says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .text import fold_category

# Okabe & Ito, darkest first; their black is left out: it is too close to the home's grey.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d00", "#56b4e9", "#e69f00")
HOME_COLOR = "#3b3f46"
SHAPE_COUNT = 8  # render.SHAPES: circle, square, diamond, triangle, inverted triangle, hexagon, star, cross
# Two colours closer than this (CIE76 ΔE in Lab) are not told apart at a glance on a marker.
MIN_DISTANCE = 20.0


@dataclass(frozen=True)
class Look:
    """How a type is drawn: its colour, the index of its marker shape, and whether it has an inner mark."""

    color: str
    shape: int
    mark: bool = False


@dataclass(frozen=True)
class Looks:
    """The look of each type of a map, and a sentence when some types share a colour or a whole look."""

    by_type: dict[str, Look]
    note: str = ""


def assign_looks(types: Iterable[str], fixed: Mapping[str, str] | None = None, home: str = HOME_COLOR) -> Looks:
    """A look per type: ``fixed`` colours (type text -> #rrggbb) first, then the palette, never close to
    ``home`` or to a fixed colour."""
    fixed_by_key = {fold_category(t): c.lower() for t, c in (fixed or {}).items()}
    types = list(dict.fromkeys(types))
    avoid = [home, *fixed_by_key.values()]
    palette = [c for c in PALETTE if all(distance(c, other) >= MIN_DISTANCE for other in avoid)]
    chosen: dict[str, Look] = {}
    taken: set[Look] = set()
    shared = 0
    for kind in sorted(types, key=lambda t: (_rank(fold_category(t)), t)):
        key = fold_category(kind)
        candidates = _fixed_candidates(key, fixed_by_key[key]) if key in fixed_by_key else _candidates(key, palette)
        look = next((c for c in candidates if c not in taken), None)
        if look is None:
            look, shared = candidates[0], shared + 1
        chosen[kind] = look
        taken.add(look)
    from_palette = sum(1 for t in types if fold_category(t) not in fixed_by_key)
    return Looks({t: chosen[t] for t in types}, _note(from_palette, len(palette), shared))


def _candidates(key: str, palette: list[str]) -> list[Look]:
    """The type's preferences: a colour with its own shape, then a colour with another shape, then marked."""
    paired = [Look(c, PALETTE.index(c)) for c in palette]
    others = [Look(c, s) for c in palette for s in range(SHAPE_COUNT) if s != PALETTE.index(c)]
    marked = [Look(c, s, True) for c in palette for s in range(SHAPE_COUNT)]
    return [look for tier in (paired, others, marked) for look in sorted(tier, key=lambda k: _rank(key, k))]


def _fixed_candidates(key: str, color: str) -> list[Look]:
    tiers = ([Look(color, s) for s in range(SHAPE_COUNT)], [Look(color, s, True) for s in range(SHAPE_COUNT)])
    return [look for tier in tiers for look in sorted(tier, key=lambda k: _rank(key, k))]


def _note(count: int, colors: int, shared: int) -> str:
    if shared:
        return f"{count} agreement types: {shared} of them share a colour and a shape with another type"
    if count > colors:
        return (f"{count} agreement types for {colors} colours: the types beyond the {colors}th share a colour "
                "and are told apart by their marker's shape")  # fmt: skip
    return ""


def _rank(key: str, look: Look | None = None) -> int:
    text = key if look is None else f"{key}\x00{look.color}\x00{look.shape}\x00{look.mark}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def distance(a: str, b: str) -> float:
    """CIE76 colour difference of two #rrggbb colours (ΔE; about 2.3 is the smallest one sees)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(a), _lab(b)
    return ((l1 - l2) ** 2 + (a1 - a2) ** 2 + (b1 - b2) ** 2) ** 0.5


def _lab(hex_color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(int(hex_color[k : k + 2], 16) / 255) for k in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours, as the page's util.js computes it."""
    def luminance(color: str) -> float:
        r, g, b = (_linear(int(color[k : k + 2], 16) / 255) for k in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
