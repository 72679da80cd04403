"""How stable are the types' looks: add one type to a map of N types, count the maps where another type's
look changes.

    python bench/looks.py

Reordering rows never changes a look (looks.py reads the set of types only); adding a type can, when it
takes the colour another type also wanted first. Types are made of two words from a list of agreement
words, 2,000 random maps for each N (the same maps every run).
"""

from __future__ import annotations

import random

from coopmap.looks import assign_looks

WORDS = ("Accord", "Jumelage", "Convention", "Déclaration", "Action", "Coopération", "Partenariat",
         "Mémorandum", "Programme", "Projet", "Culture", "Santé", "Échange", "Réseau")  # fmt: skip
TRIALS = 2000


def changed_share(count: int, rng: random.Random) -> float:
    """The share of maps of ``count`` types where adding one type changes another type's look."""
    names = [f"{a} {b}" for a in WORDS for b in WORDS if a != b]
    changed = 0
    for _ in range(TRIALS):
        types = rng.sample(names, count + 1)
        before, after = assign_looks(types[:count]).by_type, assign_looks(types).by_type
        changed += any(before[t] != after[t] for t in types[:count])
    return changed / TRIALS


def main() -> None:
    rng = random.Random(1)
    print("types  maps where adding one type changes another's look")
    for count in range(1, 7):
        print(f"{count:>5}  {changed_share(count, rng):.0%}")


if __name__ == "__main__":
    main()
