"""Write a realistic synthetic partners CSV: python bench/generate.py N OUT.csv [--seed S]

Partners spread over the world's admin-1 units (60 %), whole countries (20 %) and city points (20 %),
with several sectors each and French text full of accents, commas and quotes. Same N and seed, same file.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import geopandas as gpd

BOUNDARIES = Path(__file__).resolve().parents[1] / "src" / "coopmap" / "data" / "boundaries"
TYPES = ["Accord de coopération décentralisée", "Déclaration d'intention", "Action humanitaire", "Jumelage"]
SECTORS = [
    "Culture", "Éducation", "Santé", "Économie, innovation", "Environnement", "Eau et assainissement",
    "Agriculture", "Tourisme", "Francophonie", "Jeunesse", "Sport", "Gouvernance locale", "Numérique",
    "Énergie", "Mobilité", "Formation professionnelle", "Patrimoine", "Égalité femmes-hommes",
]  # fmt: skip
WORDS = ["coopération", "échanges", "« projets » communs", "formation", "accès à l'eau", "écoles", "musées"]
HEADER = ["id", "partner", "country", "areas", "type", "signed", "since", "sectors", "description", "url", "lat", "lon"]


def generate(n: int, seed: int = 1) -> list[list[str]]:
    """N partner rows, deterministic for a seed."""
    rng = random.Random(seed)
    units = gpd.read_file(BOUNDARIES / "admin1.fgb", engine="pyogrio")
    units = units[~units.geometry.is_empty].reset_index(drop=True)
    points = units.geometry.representative_point()
    names = gpd.read_file(BOUNDARIES / "countries.fgb", engine="pyogrio", read_geometry=False)
    country_names = dict(zip(names["id"], names["name_fr"]))
    countries = sorted(set(units["country"]))
    rows = []
    for i in range(n):
        kind = rng.random()
        signed = rng.randint(1985, 2025)
        date = rng.choice([str(signed), f"{signed}-{rng.randint(1, 12):02d}", f"{signed}-{rng.randint(1, 12):02d}-15"])
        since = str(signed - rng.randint(0, 10)) if rng.random() < 0.3 else ""
        sectors = ";".join(rng.sample(SECTORS, rng.randint(1, 4)))
        description = f'Projet n°{i} : {", ".join(rng.sample(WORDS, 3))} — « suivi » par l\'équipe "international".'
        url = f"https://example.org/partenaires/{i}" if rng.random() < 0.5 else ""
        lat = lon = ""
        if kind < 0.6:
            u = rng.randrange(len(units))
            name, country, areas = f"Région de {units['name'][u]}", units["country"][u], units["id"][u]
        elif kind < 0.8:
            country = rng.choice(countries)
            name, areas = country_names[country], ""
        else:
            u = rng.randrange(len(units))
            country, areas = units["country"][u], units["id"][u]
            name = f"Ville de Saint-Éloi-{i}"
            lat, lon = f"{points.y[u]:.4f}", f"{points.x[u]:.4f}"
        kind_of = rng.choice(TYPES)
        rows.append([f"p{i:05d}", name, country, areas, kind_of, date, since, sectors, description, url, lat, lon])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(generate(args.n, args.seed))


if __name__ == "__main__":
    main()
