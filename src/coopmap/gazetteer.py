"""Populated places (GeoNames, CC BY 4.0), looked up by folded name within a country.

The file ``coopmap/data/places.tsv.gz`` is derived by ``coopmap places derive``; it is read once, on the first
lookup, and indexed by (country, folded name).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import InputError
from .names import fold
from .packaged import data_path

DEFAULT_FILE = data_path("places.tsv.gz")
# GeoNames gives French overseas départements their own country codes; Natural Earth draws them as France.
PART_OF = {"GP": "FR", "MQ": "FR", "GF": "FR", "RE": "FR", "YT": "FR", "SJ": "NO", "BQ": "NL", "CX": "AU", "CC": "AU"}


@dataclass(frozen=True)
class Place:
    """A city, town or village: where its marker goes, and what tells it from its namesakes."""

    id: int
    name: str
    country: str  # ISO 3166-1 alpha-2, as GeoNames has it (before PART_OF)
    admin1: str
    population: int
    lat: float
    lon: float
    code: str = ""  # a French commune's INSEE code


@dataclass
class Gazetteer:
    """Places grouped by country; each country's name index is built on its first lookup."""

    rows: list[list[str]]  # the file's fields, made into Place objects only when found
    by_country: dict[str, list[int]]
    _indexes: dict[str, tuple[dict, dict]] = field(default_factory=dict, repr=False)
    _anywhere: dict[str, list[int]] = field(default_factory=dict, repr=False)  # folded name -> places, any country
    _codes: dict[str, int] | None = field(default=None, repr=False)

    def find(self, name: str, countries: tuple[str, ...], alternates: bool = False) -> list[Place]:
        """Places of ``countries`` (alpha-2) whose own name (or, with ``alternates``, an alternate name) is
        ``name``, accents, case and punctuation ignored; most populous first."""
        key = fold(name)
        return self._places({i for country in countries for i in self._index(country)[int(alternates)].get(key, ())})

    def find_anywhere(self, name: str) -> list[Place]:
        """Places of that name (own or alternate) in any country, most populous first (for suggestions)."""
        if not self._anywhere:  # every name of every place, indexed once
            index = self._anywhere
            for at, row in enumerate(self.rows):
                index.setdefault(row[2], []).append(at)
                if row[8]:
                    for key in row[8].split("|"):
                        index.setdefault(key, []).append(at)
        return self._places(set(self._anywhere.get(fold(name), ())))

    def by_code(self, code: str) -> Place | None:
        """The French commune of that INSEE code ('35238', '2A004'), if the gazetteer has it."""
        if self._codes is None:
            self._codes = {row[9]: index for index, row in enumerate(self.rows) if row[9]}
        index = self._codes.get(code.upper())
        return None if index is None else self.place(index)

    def place(self, index: int) -> Place:
        ident, name, _, country, admin1, population, lat, lon, _, code = self.rows[index]
        return Place(int(ident), name, country, admin1, int(population), float(lat), float(lon), code)

    def _places(self, indexes) -> list[Place]:
        return sorted((self.place(i) for i in indexes), key=lambda p: (-p.population, p.id))

    def _index(self, country: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        if country not in self._indexes:
            names: dict[str, list[int]] = {}
            alternates: dict[str, list[int]] = {}
            for index in self.by_country.get(country, ()):
                row = self.rows[index]
                names.setdefault(row[2], []).append(index)
                for other in row[8].split("|") if row[8] else ():
                    alternates.setdefault(other, []).append(index)
            self._indexes[country] = (names, alternates)
        return self._indexes[country]


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, read once per file."""
    return _load(Path(path or DEFAULT_FILE))


@cache
def _load(path: Path) -> Gazetteer:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read the gazetteer ({error}); re-derive it: coopmap places derive") from None
    rows = [line.split("\t") for line in text.splitlines()[1:]]
    by_country: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_country.setdefault(PART_OF.get(row[3], row[3]), []).append(index)
    return Gazetteer(rows, by_country)
