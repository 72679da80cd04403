"""Folding and comparing the place names people write."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

# The kind words of place names, folded, each with the kind of place it says: a city, an admin unit (or
# region), a country, or nothing alone (a qualifier: "Communauté autonome", "Conseil régional").
# A name is KIND-WORDS [CONNECTOR] NAME ("Ville de Kiev", "Regione Toscana", "Communauté autonome d'Aragon"),
# or NAME KIND-WORD ("Zhejiang Sheng", "Kharkiv Oblast", "Suwon-si"); alternates may follow in parentheses.
CITY, UNIT, COUNTRY = "city", "unit", "country"
_WORDS = {
    CITY: """ville commune municipalite mairie city town municipality stadt hansestadt citta comune ciudad
        municipio ayuntamiento cidade prefeitura municipiul miasto gemeente kommune metropole agglomeration
        urbaine rurale municipal municipale communal communale""",
    UNIT: """region regions regional regionale province provinces provincia provinz provincial prefecture
        departement departemental etat estado state land bundesland freistaat oblast oblys krai kray voivodie
        voivodeship wojewodztwo judet judetul comte county gouvernorat governorate wilaya autonome autonoma
        autonomous generalite generalitat regione canton kanton district distrito territoire territory emirat
        emirate cercle marz aimag okrug landkreis kreis departamento""",
    COUNTRY: "republique republic republica royaume kingdom reino principaute principality duche sultanat sultanate",
    "": "conseil gouvernement communaute comunidad ile iles collectivite administrative speciale grand libre",
}
KIND_WORDS = {word: kind for kind, words in _WORDS.items() for word in words.split()}
_SUFFIX_WORDS = {
    CITY: "shi si city",
    UNIT: "sheng do oblast oblys province region state county prefecture ken krai kray governorate marz voivodeship",
}
SUFFIX_WORDS = {word: kind for kind, words in _SUFFIX_WORDS.items() for word in words.split()}
CONNECTORS = tuple(
    c.split() for c in ("de la", "de l", "de los", "de las", "des", "du", "de", "d", "of the", "of", "di", "del",
                        "della", "dello", "delle", "dei", "do", "da", "dos", "das", "von", "van")
)  # fmt: skip
# Leading words that say the row is a partnership, not which place: "Jumelage avec Louisville".
_PARTNERSHIP_RE = re.compile(
    r"^(?:jumelage|twinning|sister city|pacte d amitie|partenariat|cooperation|accord|convention)"
    r"(?:\s+(?:avec|with|entre))?\s+"
)


@dataclass(frozen=True)
class PlaceName:
    """What a written place name says: its kind (CITY, UNIT, COUNTRY or None) and the folded names to look
    up, as written first ("ville de quebec", then "quebec"), then the alternates given in parentheses."""

    kind: str | None
    names: tuple[str, ...]


def parse_place(text: str) -> PlaceName:
    """Read the kind and the names out of a place name as people write it.

    >>> parse_place("Île autonome de Ngazidja (Grande Comore)")
    PlaceName(kind='unit', names=('ile autonome de ngazidja', 'ngazidja', 'grande comore'))
    """
    main = re.sub(r"\([^)]*\)", " ", text)
    alternates = re.findall(r"\(([^)]*)\)", text)
    folded = fold(main)
    lead = _PARTNERSHIP_RE.match(folded)
    if lead and folded[lead.end() :]:
        folded = folded[lead.end() :]
    kind, core = (None, folded) if _HYPHENED_KIND_RE.match(main) else _split_kind(folded)
    names = [folded, _with_article(folded, core), core] + [_split_kind(fold(a))[1] for a in alternates]
    names += [_compass_in_english(n) for n in names]
    return PlaceName(kind, tuple(n for n in dict.fromkeys(names) if n))


# A kind word joined by a hyphen is part of a name: « Ville-Saint-Jacques », « Ville-la-Grand ».
_HYPHENED_KIND_RE = re.compile(r"^\s*(?:ville|commune|city|province|region)-", re.IGNORECASE)


# The article a connector holds belongs to the name: « Ville de La Rochelle », « Mairie du Havre ».
_ARTICLES = {"la": "la", "l": "l", "du": "le", "des": "les"}


def _with_article(folded: str, core: str) -> str:
    """'ville de la rochelle' -> 'la rochelle', 'ville du havre' -> 'le havre'; '' when no article."""
    before = folded[: len(folded) - len(core)].split() if core and folded.endswith(core) else []
    article = _ARTICLES.get(before[-1]) if len(before) > 1 else None
    return f"{article} {core}" if article else ""


# French puts the compass point after the name, English before it: « Gyeongsang du Nord » is North Gyeongsang.
_COMPASS_RE = re.compile(
    r"^(.+?)\s+(?:(du nord|septentrional|septentrionale)|(du sud|meridional|meridionale)"
    r"|(de l est|oriental|orientale)|(de l ouest|occidental|occidentale))$"
)


def _compass_in_english(folded: str) -> str:
    """'gyeongsang du nord' -> 'north gyeongsang'; '' for a name with no compass point at its end."""
    found = _COMPASS_RE.match(folded)
    if not found:
        return ""
    point = ("north", "south", "east", "west")[next(i for i in range(4) if found.group(i + 2))]
    return f"{point} {found.group(1)}"


def _split_kind(folded: str) -> tuple[str | None, str]:
    """(kind, the name without its kind words); (None, folded) when no kind word frames it."""
    tokens = folded.split()
    kind, start, position = None, 0, 0
    while True:
        end, phrase_kind, last_kind_word = position, None, position
        while end < len(tokens) and tokens[end] in KIND_WORDS:
            if KIND_WORDS[tokens[end]]:
                phrase_kind, last_kind_word = KIND_WORDS[tokens[end]], end
            end += 1
        if phrase_kind and end > last_kind_word + 1:
            end = last_kind_word + 1  # qualifiers after the kind word are the name's: "Région Île-de-France"
        if end == position:
            break
        end += next((len(c) for c in CONNECTORS if tokens[end : end + len(c)] == c), 0)
        if end >= len(tokens):
            break  # the kind word is the whole name ("Land", "Province")
        if phrase_kind:  # a qualifier alone ("Gouvernement de la …") waits for the kind word after it
            kind, start = phrase_kind, end
        position = end
    if kind is None and len(tokens) > 1 and tokens[-1] in SUFFIX_WORDS:
        return SUFFIX_WORDS[tokens[-1]], " ".join(tokens[:-1])
    return kind, " ".join(tokens[start:])


@functools.lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: 'Île-de-France' -> 'ile de france'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss").lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def strip_kind(folded: str) -> str:
    """Drop the words naming the kind of place: 'province du zhejiang' -> 'zhejiang'."""
    return _split_kind(folded)[1] or folded


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
