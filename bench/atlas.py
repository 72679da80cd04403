"""Write a realistic atlas of French decentralised cooperation: python bench/atlas.py N OUT.csv [--seed S]

N partnerships over about N/2.5 French homes — communes drawn by population from the gazetteer (most of
them), départements and régions — with foreign partners shared by several homes: cities of the gazetteer,
admin-1 units, whole countries, and about 10 % points given by lat/lon. Names are written as people write
them (« Ville de … », « Province de … », « City of … », bare names, accents dropped now and then, codes
for some homes), with a few ambiguous and unknown rows mixed in (build with --keep-going). Same N and
seed, same file.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import itertools
import random
import unicodedata
from pathlib import Path

import geopandas as gpd

DATA = Path(__file__).resolve().parents[1] / "src" / "coopmap" / "data"
HEADER = ["id", "home", "partner", "country", "areas", "type", "signed", "sectors", "description", "lat", "lon"]
TYPES = ["Jumelage", "Coopération décentralisée", "Pacte d'amitié", "Action humanitaire", "Déclaration d'intention"]
SECTORS = [
    "Culture", "Éducation", "Santé", "Économie", "Environnement", "Eau et assainissement", "Agriculture",
    "Tourisme", "Francophonie", "Jeunesse", "Sport", "Gouvernance locale", "Numérique", "Énergie",
]  # fmt: skip
CITY_FORMS = ["{}", "Ville de {}", "Ville de {}", "Municipalité de {}", "City of {}", "Commune de {}"]
HOME_CITY_FORMS = ["{}", "{}", "Ville de {}", "Mairie de {}", "Commune de {}"]
UNIT_FORMS = ["Province de {}", "Région de {}", "{}", "État de {}", "Préfecture de {}"]
OVERSEAS = {"GP", "MQ", "GF", "RE", "YT"}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded(text: str) -> str:
    return " ".join(strip_accents(text).casefold().replace("-", " ").replace("'", " ").split())


def read_places() -> list[list[str]]:
    text = gzip.decompress((DATA / "places.tsv.gz").read_bytes()).decode("utf-8")
    return [line.split("\t") for line in text.splitlines()[1:]]


def unique_names(rows: list[list[str]]) -> list[list[str]]:
    """Places whose name (own or alternate) is borne by no other place of their country five times as
    populous as a fifth of it: they are found by their name alone."""
    bearers: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        for key in [row[2], *filter(None, row[8].split("|"))]:
            bearers.setdefault((france(row[3]), key), []).append(int(row[5]))
    out = []
    for row in rows:
        sizes = sorted(bearers[(france(row[3]), row[2])], reverse=True)
        if len(sizes) == 1 or (int(row[5]) == sizes[0] and sizes[0] >= 5 * sizes[1]):
            out.append(row)
    return out


def france(code: str) -> str:
    """Overseas départements are France, as coopmap reads them."""
    return "FR" if code in OVERSEAS else code


class Weighted:
    """Draws from a list with weights, by bisection over the cumulative sums."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.sums = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.sums, rng.random() * self.sums[-1])]


def generate(n: int, seed: int = 1) -> list[list[str]]:
    """N partnership rows, deterministic for a seed."""
    rng = random.Random(seed)
    places = read_places()
    units = gpd.read_file(DATA / "boundaries" / "admin1.fgb", engine="pyogrio", read_geometry=False)
    countries = gpd.read_file(DATA / "boundaries" / "countries.fgb", engine="pyogrio", read_geometry=False)
    by_iso2 = dict(zip(countries["iso2"], countries["id"]))
    country_fr = dict(zip(countries["id"], countries["name_fr"]))
    unique = unique_names(places)
    communes = [r for r in unique if r[3] == "FR" or r[3] in OVERSEAS]
    foreign = [r for r in unique if r[3] not in OVERSEAS and r[3] != "FR" and r[3] in by_iso2]
    french = units[units["country"] == "FRA"]
    departements = sorted(zip(french["name_fr"], french["iso_code"]))
    regions = sorted({(r, c) for r, c in zip(french["region_fr"], french["region_code"]) if r})
    abroad = units[(units["country"] != "FRA") & (units["matched_by"] != "")]
    abroad = abroad[~abroad.duplicated("name", keep=False)]
    unit_rows = sorted(zip(abroad["id"], abroad["name"], abroad["name_fr"], abroad["country"]))

    homes = make_homes(rng, round(n / 2.5), communes, departements, regions)
    partners = make_partners(rng, max(1, round(n / 1.2)), foreign, unit_rows, by_iso2, country_fr)
    # A few homes do most of the partnerships (Lyon, Paris, the régions), as in the real atlas.
    home_draw = Weighted(homes, [1 / (i + 1) ** 0.6 for i in range(len(homes))])
    partner_draw = Weighted(partners, [1 / (i + 1) ** 0.3 for i in range(len(partners))])
    rows = []
    for i in range(n):
        home = homes[i] if i < len(homes) else home_draw.draw(rng)  # every home has a partnership
        partner = partner_draw.draw(rng)
        year = rng.randint(1950, 2024)
        signed = rng.choice([str(year), f"{year}-{rng.randint(1, 12):02d}", f"{year}-{rng.randint(1, 12):02d}-01"])
        sectors = ";".join(rng.sample(SECTORS, rng.randint(1, 3)))
        description = f"Projet n°{i} : échanges « {rng.choice(SECTORS).lower()} », suivi par les services"
        rows.append([f"a{i:06d}", home, *partner[:3], rng.choice(TYPES), signed, sectors, description, *partner[3:]])
    return rows


def make_homes(rng, count, communes, departements, regions) -> list[str]:
    """French homes as written in the column: mostly communes by population, some départements and régions."""
    draw = Weighted(communes, [int(r[5]) for r in communes])
    chosen: dict[str, None] = {}
    names = set()
    for _ in range(count * 20):
        if len(chosen) >= count:
            break
        pick = rng.random()
        if pick < 0.04:
            name, code = rng.choice(departements)
            text = rng.choice([f"Département {de(name)}", f"Conseil départemental {de(name)}", code, name])
            key = code
        elif pick < 0.05:
            name, code = rng.choice(regions)
            text = rng.choice([f"Région {name}", code, name])
            key = code
        else:
            row = draw.draw(rng)
            key = row[0]
            text = rng.choice(HOME_CITY_FORMS).format(row[1])
        if key in names:
            continue
        names.add(key)
        chosen[maybe_unaccented(rng, text)] = None
    return list(chosen)


def make_partners(rng, count, foreign, unit_rows, by_iso2, country_fr) -> list[tuple[str, ...]]:
    """(partner, country, areas, lat, lon) as written, from cities, units, countries and points."""
    draw = Weighted(foreign, [int(r[5]) ** 0.5 for r in foreign])
    country_ids = sorted(country_fr)
    out = []
    for i in range(count):
        pick = rng.random()
        if pick < 0.5:
            row = draw.draw(rng)
            country = by_iso2[row[3]]
            name = row[1]
            alternates = [a for a in row[8].split("|") if a and a.isascii() and len(a) > 3]
            if alternates and rng.random() < 0.1:  # an exonym, as the French write it
                name = alternates[0].title()
            out.append((rng.choice(CITY_FORMS).format(name), country_text(rng, country, country_fr), "", "", ""))
        elif pick < 0.75:
            ident, name, name_fr, country = rng.choice(unit_rows)
            written = name_fr or name
            if rng.random() < 0.4:
                out.append((f"Gouvernement de {written}", country_text(rng, country, country_fr), ident, "", ""))
            else:
                out.append((rng.choice(UNIT_FORMS).format(written), country_text(rng, country, country_fr), "", "", ""))
        elif pick < 0.85:
            country = rng.choice(country_ids)
            out.append((country_fr[country], country, "", "", ""))
        elif pick < 0.95:
            row = draw.draw(rng)
            lat, lon = float(row[6]) + rng.uniform(-0.05, 0.05), float(row[7]) + rng.uniform(-0.05, 0.05)
            out.append((f"Association des amis de {row[1]}", by_iso2[row[3]], "", f"{lat:.4f}", f"{lon:.4f}"))
        elif pick < 0.98:  # ambiguous: namesakes of comparable size
            name, country = rng.choice([("Springfield", "USA"), ("Alexandria", "USA"), ("San Fernando", "ESP"),
                                        ("Saint-Louis", "USA"), ("Victoria", "MEX")])  # fmt: skip
            out.append((f"Ville de {name}", country, "", "", ""))
        else:  # unknown: a name no data holds, or a country misspelt
            out.append((f"Ville de Nulle-Part-{i}", rng.choice(["Mali", "Bénin", "Sénégl"]), "", "", ""))
        out[-1] = (maybe_unaccented(rng, out[-1][0]), *out[-1][1:])
    return out


def country_text(rng, country: str, country_fr: dict[str, str]) -> str:
    return country if rng.random() < 0.3 else country_fr[country]


def de(name: str) -> str:
    """« de l'Isère », « du Rhône »… close enough: « de » then the name, elided before a vowel."""
    first = name.split("-")[0]
    if first.endswith("s") and name != "Paris":
        return f"des {name}"
    return f"de l'{name}" if folded(name)[:1] in "aeiouyh" else f"de {name}"


def maybe_unaccented(rng, text: str) -> str:
    return strip_accents(text) if rng.random() < 0.1 else text


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
