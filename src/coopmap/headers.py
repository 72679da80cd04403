"""Column headers as people write them, in French or English, mapped to coopmap's column names.

« Nom du partenaire », « Pays », « Type d'accord », « Date de signature »… are recognised with case,
accents, spacing and punctuation ignored; ``--columns partner=Nom,signed=Année`` names any other header.
The user's own header stays the name shown in messages (``partenaires.ods:4:Pays: …``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .errors import InputError
from .options import OptionError
from .text import quoted

# Each column's name, then the headers that mean it. Folded before comparison: « Type d’accord »,
# « TYPE D'ACCORD » and « type_accord » are one header.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("identifiant", "identifier", "slug", "ref", "référence"),
    "partner": (
        "partenaire", "partenaires", "nom du partenaire", "collectivité partenaire", "collectivités partenaires",
        "partner name", "partners", "partenaire étranger", "collectivité étrangère",
    ),
    "country": ("pays", "countries", "pays partenaire", "pays du partenaire", "nation"),
    "areas": (
        "area", "régions", "région", "zones", "zone", "territoires", "territoire", "subdivisions",
        "régions partenaires", "territoire partenaire",
    ),
    "type": (
        "type d'accord", "type de l'accord", "type de partenariat", "type d'engagement", "type de coopération",
        "nature de l'accord", "nature", "agreement type", "type of agreement", "agreement",
    ),
    "signed": (
        "date de signature", "date signature", "signature", "signé le", "année", "année de signature",
        "date", "year", "date signed", "signed on", "signature date", "signing date",
    ),
    "since": (
        "début du partenariat", "début", "depuis", "année de début", "partenariat depuis", "partenaire depuis",
        "start", "start year", "partner since", "partnership since",
    ),
    "sectors": (
        "sector", "secteurs", "secteur", "secteurs d'intervention", "domaines", "domaine", "domaines d'intervention",
        "thématiques", "thématique", "thèmes", "thème", "themes", "theme", "topics", "fields",
    ),
    "description": ("descriptif", "présentation", "résumé", "summary", "details", "détails"),
    "url": ("lien", "liens", "site", "site web", "site internet", "link", "website", "web", "adresse web"),
    "lat": ("latitude",),
    "lon": ("lng", "long", "longitude"),
    "ended": ("date de fin", "fin", "fin du partenariat", "end", "end date", "ended on"),
    "status": ("statut", "état du partenariat"),
    "group": ("groupe", "groups", "groupes"),
    "home": (
        "collectivité française", "collectivité", "territoire français", "collectivité territoriale", "home territory",
    ),
}  # fmt: skip
NAMES = tuple(ALIASES)


def fold_header(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: « Type d’accord » -> 'typedaccord'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = bare.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^0-9a-z]+", "", bare)


_KNOWN = {fold_header(alias): name for name, aliases in ALIASES.items() for alias in (name, *aliases)}


def known_header(text: str) -> str | None:
    """The column ``text`` names, or None: 'Pays' -> 'country'."""
    return _KNOWN.get(fold_header(text))


def parse_columns(text: str) -> dict[str, str]:
    """``partner=Nom,signed=Année`` -> {'partner': 'Nom', 'signed': 'Année'}, checked by validate_columns."""
    mapping: dict[str, str] = {}
    for part in text.split(","):
        name, equals, header = part.partition("=")
        if not equals:
            raise OptionError(f"{quoted(part)}: write COLUMN=HEADER pairs separated by commas, e.g. partner=Nom")
        mapping[name.strip()] = header.strip()
    return validate_columns(mapping)


def validate_columns(mapping: Mapping[str, str]) -> dict[str, str]:
    """Column names coopmap knows, each given one non-empty header, no header given twice."""
    checked: dict[str, str] = {}
    for name, header in mapping.items():
        if name not in ALIASES:
            raise OptionError(f"unknown column {quoted(str(name))}: the columns are {', '.join(NAMES)}")
        if not isinstance(header, str) or not header.strip():
            raise OptionError(f"column {name}: give the header of the file that holds it, e.g. {name}=Nom")
        checked[name] = header.strip()
    headers = [fold_header(h) for h in checked.values()]
    for header in checked.values():
        if headers.count(fold_header(header)) > 1:
            raise OptionError(f"header {quoted(header)} is given to two columns")
    return checked


def name_columns(path: str, labels: list[str], columns: Mapping[str, str] | None = None) -> list[str]:
    """The column each header names: ``columns`` (column -> header) first, then the known headers; an
    unknown header keeps its own text (it is warned about, then ignored)."""
    chosen = {fold_header(header): name for name, header in (columns or {}).items()}
    found = {fold_header(label) for label in labels}
    for name, header in (columns or {}).items():
        if fold_header(header) not in found:
            present = ", ".join(quoted(label) for label in labels if label) or "nothing"
            raise InputError(f"{path}:1: no column {quoted(header)} (given for {name}) in the header: found {present}")
    return [chosen.get(fold_header(label)) or known_header(label) or label for label in labels]
