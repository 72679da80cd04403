"""Folding and comparing the place names people write."""

from __future__ import annotations

import difflib
import re
import unicodedata

# Words that say what kind of place a name is, not which one: "Province du Zhejiang", "Wilaya d'Alger".
_PREFIXES = (
    "gouvernement de la generalite de",
    "communaute autonome de",
    "generalite de",
    "gouvernorat du",
    "gouvernorat de",
    "gouvernorat d",
    "province du",
    "province de",
    "province d",
    "province of",
    "provincia de",
    "region du",
    "region de la",
    "region de",
    "region d",
    "region",
    "wilaya de",
    "wilaya d",
    "land de",
    "land",
    "etat de",
    "etat du",
    "state of",
    "departement de la",
    "departement des",
    "departement du",
    "departement de",
    "departement d",
    "prefecture de",
    "ville de",
    "ville d",
    "city of",
    "municipalite de",
    "comte de",
    "county of",
)
_SUFFIXES = ("sheng", "shi", "do", "province", "region", "state", "county", "marz", "oblast", "governorate")
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")\b\s*")
_SUFFIX_RE = re.compile(r"\s+(?:" + "|".join(_SUFFIXES) + r")$")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: 'Île-de-France' -> 'ile de france'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss").lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def strip_kind(folded: str) -> str:
    """Drop the words naming the kind of place: 'province du zhejiang' -> 'zhejiang'."""
    core = _PREFIX_RE.sub("", folded).strip()
    core = _SUFFIX_RE.sub("", core).strip()
    return core or folded


def slug(text: str) -> str:
    """A stable ASCII id fragment: 'Val-d'Oise' -> 'val-d-oise'."""
    return fold(text).replace(" ", "-")


def closest(query: str, choices: dict[str, str], limit: int = 3) -> list[str]:
    """The labels whose folded keys are closest to ``query``; ``choices`` maps folded key -> label."""
    keys = difflib.get_close_matches(fold(query), list(choices), n=limit * 3, cutoff=0.6)
    labels: list[str] = []
    for key in keys:
        if choices[key] not in labels:
            labels.append(choices[key])
    return labels[:limit]
