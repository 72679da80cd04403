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
        "erevan": "area", "erevan-2011": "area", "zhejiang": "area", "alger": "area", "grand-tunis": "area",
        "gyeonggi": "area", "casablanca-settat": "area", "catalogne": "area", "catalogne-2017": "area",
        "cplp": "country", "irma": "country", "moyen-orient": "",
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


@pytest.mark.parametrize(
    "text,expected",
    [("Biélorussie", "BLR"), ("Hollande", "NLD"), ("Macédoine", "MKD"), ("Île Maurice", "MUS"),
     ("Bosnie", "BIH"), ("Burkina", "BFA"), ("Centrafrique", "CAF"), ("Territoires palestiniens", "PSE")],
)
def test_countries_by_their_everyday_french_names(boundaries, text, expected):
    assert boundaries.find_country(text) == expected


def test_home_territory_is_ile_de_france_by_code_or_name(boundaries):
    by_code = resolve_home("FR-IDF", boundaries)
    assert by_code[0] == "Île-de-France" and len(by_code[2]) == 8
    assert resolve_home("Île-de-France", boundaries) == by_code


def test_search_lists_units_with_their_ids(boundaries):
    found = boundaries.search("tunis", "TUN")
    assert [u.id for u in found][:2] == ["TUN-tunis", "TUN"]
    regions = [u for u in boundaries.search("catalogne") if u.kind == "region"]
    assert [(u.id, u.detail) for u in regions] == [("ES-CT", "4 units")]


# --- Places named as people write them (cities, kinds of places, no silent guess) ---------------------------

from coopmap.errors import InputError  # noqa: E402
from coopmap.resolve import place_by_name  # noqa: E402


def _km(lat, lon, place):
    return ((lat - place.lat) ** 2 + ((lon - place.lon) * 0.7) ** 2) ** 0.5 * 111


@pytest.mark.parametrize(
    "name,country,lat,lon",
    [
        ("Ville de Québec", "CAN", 46.81, -71.21),  # not the province
        ("Ville de São Paulo", "BRA", -23.55, -46.63),  # not the state
        ("Ville d'Almaty", "KAZ", 43.25, 76.91),  # not the oblast around it
        ("Ville de Kiev", "UKR", 50.45, 30.52),
        ("Fès", "MAR", 34.03, -5.00),
        ("Almaty", "KAZ", 43.25, 76.91),  # a bare name: the city
        ("Ville de Luxembourg", "LUX", 49.61, 6.13),  # not the country
    ],
)
def test_cities_are_points_at_the_city(boundaries, name, country, lat, lon):
    placed = place_by_name(name, country, boundaries)
    assert placed.placed_by == "city name" and placed.units == ()
    assert _km(lat, lon, placed.place) < 10


@pytest.mark.parametrize(
    "name,country,lat,lon,placed_by",
    [
        ("Oblast de Kiev", "UKR", 50.50, 30.20, "unit name"),  # Irpin, in the oblast
        ("Land de Bavière", "DEU", 48.14, 11.58, "unit name"),
        ("Région flamande", "BEL", 51.05, 3.72, "region name"),  # Ghent
        ("BE-VLG", "BEL", 50.93, 5.34, "region name"),  # Hasselt
        ("Pays de Galles", "GBR", 53.26, -4.31, "region name"),  # Anglesey
        ("Écosse", "GBR", 55.95, -3.19, "region name"),
        ("Province de Coni", "ITA", 44.39, 7.54, "unit around the city"),  # Cuneo's province, by the city
    ],
)
def test_units_and_regions_by_their_kind_words(boundaries, name, country, lat, lon, placed_by):
    placed = place_by_name(name, country, boundaries)
    assert placed.placed_by == placed_by and placed.place is None
    shape = shapely.union_all([boundaries.unit_shapes[u] for u in placed.units])
    assert shape.contains(shapely.Point(lon, lat))


def test_flanders_is_whole_and_nothing_more(boundaries):
    placed = place_by_name("Région flamande", "BEL", boundaries)
    shape = shapely.union_all([boundaries.unit_shapes[u] for u in placed.units])
    for lat, lon in [(51.22, 4.40), (51.05, 3.72), (51.21, 3.22), (50.88, 4.70), (50.93, 5.34)]:
        assert shape.contains(shapely.Point(lon, lat))
    for lat, lon in [(50.63, 5.57), (50.85, 4.35)]:  # Liège, Brussels
        assert not shape.contains(shapely.Point(lon, lat))


def test_a_bare_name_of_a_city_and_a_unit_is_the_city_with_a_warning(boundaries):
    placed = place_by_name("Tlemcen", "DZA", boundaries)
    assert placed.placed_by == "city name" and "Province de Tlemcen" in placed.warning


def test_a_region_is_not_a_city_known_abroad_by_that_name(boundaries):
    placed = place_by_name("Vénétie", "ITA", boundaries)  # Venetië is Venice in Dutch
    assert placed.placed_by == "region name" and len(placed.units) == 7


def test_namesakes_of_comparable_size_are_refused_with_the_candidates(boundaries):
    placed = place_by_name("Springfield", "USA", boundaries)
    assert placed.place is None and placed.units == ()
    assert "could be several places" in placed.refusal and "Missouri" in placed.refusal
    assert "lat and lon" in placed.refusal


def test_a_name_known_only_in_another_country_is_refused(boundaries):
    placed = place_by_name("Louisville", "DEU", boundaries)
    assert "États-Unis" in placed.refusal and placed.place is None


def test_nothing_of_that_name_is_the_whole_country_with_a_warning(boundaries):
    placed = place_by_name("Association des amis de Gondor", "DEU", boundaries)
    assert placed.placed_by == "whole country (fallback)" and "whole country" in placed.warning


def test_validate_tells_how_each_partner_was_placed_and_refuses_a_doubt(tmp_path):
    from click.testing import CliRunner

    from coopmap.cli import cli

    source = tmp_path / "p.csv"
    source.write_text(
        "id,partner,country,type,signed\nsendai,Ville de Sendai,Japon,Jumelage,1996\n"
        "kent,Comté du Kent,Royaume-Uni,Coopération,2000\nspring,Springfield,États-Unis,Jumelage,2001\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 1
    assert "p.csv:4:partner: 'Springfield' could be several places of États-Unis" in result.stderr
    table = result.stdout.splitlines()
    assert table[0].startswith("Placed from their names")
    assert table[1].split() == ["2", "Ville", "de", "Sendai", "->", "Sendai", "(38.2667,", "140.8667)", "[city",
                                "name]"]  # fmt: skip
    assert table[2].split()[-3:] == ["Kent", "[unit", "name]"]


@pytest.mark.parametrize(
    "text,name,units,point",
    [
        ("Rennes", "Rennes", 0, (48.11, -1.68)),
        ("Nantes", "Nantes", 0, (47.22, -1.55)),
        ("Ville de Brest", "Brest", 0, (48.39, -4.49)),  # Brest, France; never Brest, Belarus
        ("Bretagne", "Bretagne", 4, None),
        ("Brittany", "Bretagne", 4, None),
        ("Normandy", "Normandie", 5, None),
        ("FR-35", "Ille-et-Vilaine", 1, None),
        ("35", "Ille-et-Vilaine", 1, None),
        ("Saint-Denis, La Réunion", "Saint-Denis", 0, (-20.88, 55.45)),
        ("Bavière, Allemagne", None, 1, None),
        ("Ville-Saint-Jacques", "Ville-Saint-Jacques", 0, (48.34, 2.90)),  # « Ville- » is its name, not a kind
        ("35238", "Rennes", 0, (48.11, -1.68)),  # INSEE codes (Code officiel géographique)
        ("2A004", "Ajaccio", 0, (41.92, 8.74)),
        ("59183", "Dunkerque", 0, (51.03, 2.38)),  # France's name, though GeoNames' own is the English one
        ("97411", "Saint-Denis", 0, (-20.88, 55.45)),
    ],
)
def test_a_home_anywhere_in_france(boundaries, text, name, units, point):
    home = resolve_home(text, boundaries)
    assert name is None or home.name == name
    assert len(home.units) == units
    if point:
        assert home.point == pytest.approx(point, abs=0.02)
    else:
        assert home.point is None


@pytest.mark.parametrize(
    "text,message",
    [
        ("Bavière", "names no commune, département or région of France; found abroad: --home \"Bayern, Allemagne\""),
        ("Saint-Denis", "could be several places of France"),
        ("35999", "no commune of coopmap's gazetteer has this INSEE code"),
        ("Gondor", "names no commune, département or région of France"),
        ("Brest, Bielorusie", "'Bielorusie' is neither a country nor a unit of France — did you mean"),
    ],
)
def test_a_home_that_is_not_in_france_or_not_one_place_is_refused_with_suggestions(boundaries, text, message):
    with pytest.raises(InputError) as raised:
        resolve_home(text, boundaries)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("name", "country"), [("Saint-Martin (partie néerlandaise)", "SXM"), ("Sint Maarten", "SXM"), ("Maroc", "MAR")]
)
def test_a_partner_named_as_its_country_is_the_whole_country(boundaries, name, country):
    from coopmap.resolve import place_by_name

    placement = place_by_name(name, country, boundaries)
    assert (placement.placed_by, placement.place, placement.refusal) == ("country name", None, "")
