"""Every seed partner gets the right territory from the real Natural Earth data."""

from __future__ import annotations

import pytest
import shapely

from coopmap.geometry import build_partner_frame
from coopmap.partners import load_table, validate_partners
from coopmap.resolve import resolve_home, resolve_partners

from .conftest import DEFAULT_CSV, TODAY


@pytest.fixture(scope="module")
def seed(boundaries):
    frame, problems = validate_partners(load_table(DEFAULT_CSV), TODAY)
    resolved, more = resolve_partners(frame, boundaries, "partners.csv")
    assert problems + more == []
    return build_partner_frame(resolved, boundaries).set_index("id")


# (partner id, places that must lie inside its territory as (lat, lon), places that must not)
INSIDE = [
    ("zhejiang", [(30.27, 120.15), (29.87, 121.54)], [(31.23, 121.47)]),  # Hangzhou, Ningbo; not Shanghai
    ("catalogne", [(41.39, 2.17), (41.98, 2.82), (41.62, 0.62), (41.12, 1.25)], [(40.42, -3.70)]),  # not Madrid
    ("cplp", [(38.72, -9.14), (-8.84, 13.23), (-15.79, -47.88), (-15.12, 39.27)], [(40.42, -3.70)]),
    ("erevan", [(40.18, 44.51)], [(40.79, 43.85)]),  # Yerevan, not Gyumri
    ("alger", [(36.75, 3.06)], [(35.70, -0.63)]),  # not Oran
    ("grand-tunis", [(36.80, 10.18), (36.75, 10.22)], [(35.83, 10.64)]),  # not Sousse
    ("gyeonggi", [(37.26, 127.03)], [(35.18, 129.08)]),  # Suwon, not Busan
    ("casablanca-settat", [(33.57, -7.59), (33.00, -7.62)], [(34.02, -6.84)]),  # Casablanca, Settat; not Rabat
    ("irma", [(17.905, -62.83), (18.07, -63.08)], [(16.25, -61.58)]),  # Saint-Barthélemy, Marigot; not Guadeloupe
]


@pytest.mark.parametrize("ident,inside,outside", INSIDE, ids=[c[0] for c in INSIDE])
def test_seed_partner_territory(seed, ident, inside, outside):
    shape = seed.loc[ident, "geometry"]
    for lat, lon in inside:
        assert shape.contains(shapely.Point(lon, lat)), (lat, lon)
    for lat, lon in outside:
        assert not shape.contains(shapely.Point(lon, lat)), (lat, lon)
    assert shape.contains(seed.loc[ident, "marker"])


def test_the_middle_east_action_is_kept_but_not_located(seed):
    row = seed.loc["moyen-orient"]
    assert row["located"] == "" and row["geometry"] is None and row["marker"] is None


def test_how_each_seed_partner_is_located(seed):
    assert dict(seed["located"]) == {
        "erevan": "area", "zhejiang": "area", "alger": "area", "grand-tunis": "area", "gyeonggi": "area",
        "casablanca-settat": "area", "catalogne": "area", "cplp": "country", "irma": "country", "moyen-orient": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    "country,name,expected",
    [
        ("CHN", "Province du Zhejiang", {"CHN-zhejiang"}),
        ("DZA", "Wilaya d'Alger", {"DZA-alger"}),
        ("ITA", "Région Lombardie", 12),
        ("ESP", "Généralité de Catalogne", {"ESP-barcelona", "ESP-gerona", "ESP-lerida", "ESP-tarragona"}),
        ("DEU", "Land de Bavière", {"DEU-bayern"}),
        ("ESP", "ES-B", {"ESP-barcelona"}),
        ("ESP", "esp-barcelona", {"ESP-barcelona"}),
    ],
)
def test_names_people_write_resolve_to_units(boundaries, country, name, expected):
    ids, ambiguous = boundaries.find_units(country, name)
    assert not ambiguous
    assert (len(ids) if isinstance(expected, int) else ids) == expected


@pytest.mark.parametrize("text", ["KOR", "KR", "Corée du Sud", "coree du sud", "South Korea", "Korea, Republic of"])
def test_countries_by_code_or_name_in_french_or_english(boundaries, text):
    assert boundaries.find_country(text) == "KOR"


def test_home_territory_is_ile_de_france_by_code_or_name(boundaries):
    by_code = resolve_home("FR-IDF", boundaries)
    assert by_code[0] == "Île-de-France" and len(by_code[2]) == 8
    assert resolve_home("Île-de-France", boundaries) == by_code


def test_search_lists_units_with_their_ids(boundaries):
    found = boundaries.search("tunis", "TUN")
    assert [u.id for u in found][:2] == ["TUN-tunis", "TUN"]
    regions = [u for u in boundaries.search("catalogne") if u.kind == "region"]
    assert [(u.id, u.detail) for u in regions] == [("ES-CT", "4 units")]


@pytest.mark.parametrize(
    ("name", "country"), [("Saint-Martin (partie néerlandaise)", "SXM"), ("Sint Maarten", "SXM"), ("Maroc", "MAR")]
)
def test_a_partner_named_as_its_country_is_the_whole_country(boundaries, name, country):
    from coopmap.resolve import place_by_name

    placement = place_by_name(name, country, boundaries)
    assert (placement.placed_by, placement.place, placement.refusal) == ("country name", None, "")
