"""Regions found whole, by code or by the names people write, checked against places known to be inside them."""

from __future__ import annotations

import pycountry
import pytest
import shapely

from coopmap.boundaries import load_boundaries

# (country, ways to write the region, places inside as (lat, lon), places outside)
REGIONS = [
    (
        "BEL",
        ["BE-VLG", "Région flamande", "Flandre", "Vlaams Gewest"],
        [(51.2194, 4.4025), (51.0543, 3.7174), (51.2093, 3.2247), (50.8798, 4.7005), (50.9307, 5.3325)],
        [(50.6326, 5.5797), (50.8467, 4.3525)],  # Antwerp, Ghent, Bruges, Leuven, Hasselt; not Liège, Brussels
    ),
    (
        "GBR",
        ["GB-WLS", "Pays de Galles", "Wales"],
        [(53.3060, -4.6330), (53.2556, -4.3106), (51.3990, -3.2830), (51.4816, -3.1791)],
        [(51.4545, -2.5879), (53.1934, -2.8931)],  # Holyhead, Llangefni, Barry, Cardiff; not Bristol, Chester
    ),
    (
        "GBR",
        ["GB-SCT", "Écosse", "Scotland"],
        [(55.9533, -3.1883), (55.8642, -4.2518), (57.4778, -4.2247), (58.9810, -2.9600)],
        [(54.9783, -1.6178), (54.8925, -2.9329)],  # Edinburgh, Glasgow, Inverness, Kirkwall; not Newcastle, Carlisle
    ),
    (
        "DEU",
        ["DE-BY", "Bavière", "Land de Bavière", "Bayern"],
        [(48.1351, 11.5820), (49.4521, 11.0767)],
        [(48.7758, 9.1829)],  # Munich, Nuremberg; not Stuttgart
    ),
    (
        "POL",
        ["PL-24", "Silésie", "Śląskie", "Silesian"],
        [(50.2649, 19.0238)],
        [(50.0647, 19.9450), (51.1079, 17.0385)],  # Katowice; not Kraków, Wrocław
    ),
    (
        "POL",
        ["PL-30", "Grande-Pologne", "Wielkopolskie", "Greater Poland"],
        [(52.4064, 16.9252)],
        [(52.2297, 21.0122)],  # Poznań; not Warsaw
    ),
    (
        "UKR",
        ["UA-63", "Kharkiv", "Kharkivska oblast"],
        [(49.9935, 36.2304)],
        [(49.5883, 34.5514)],  # Kharkiv; not Poltava
    ),
    (
        "ESP",
        ["ES-CT", "Catalogne", "Catalunya", "Catalonia"],
        [(41.3874, 2.1686), (41.9794, 2.8214), (41.6176, 0.6200), (41.1189, 1.2445)],
        [(41.6488, -0.8891), (39.4699, -0.3763)],  # Barcelona, Girona, Lleida, Tarragona; not Zaragoza, Valencia
    ),
    (
        "ITA",
        ["IT-25", "Lombardie", "Lombardia", "Région Lombardie"],
        [(45.4642, 9.1900), (45.6983, 9.6773)],
        [(45.0703, 7.6869), (45.4384, 10.9916)],  # Milan, Bergamo; not Turin, Verona
    ),
    (
        "FRA",
        ["FR-IDF", "Île-de-France", "Région Île-de-France"],
        [(48.8566, 2.3522), (48.8049, 2.1204), (48.9601, 2.8788)],
        [(48.4439, 1.4890)],  # Paris, Versailles, Meaux; not Chartres
    ),
]


@pytest.fixture(scope="module")
def data():
    return load_boundaries()


@pytest.mark.parametrize("country,names,inside,outside", REGIONS, ids=[r[1][0] for r in REGIONS])
def test_a_region_is_whole_however_it_is_written(data, country, names, inside, outside):
    found = {name: data.find_units(country, name) for name in names}
    assert all(not ambiguous and ids for ids, ambiguous in found.values()), found
    assert len({frozenset(ids) for ids, _ in found.values()}) == 1, found  # every spelling, the same territory
    shape = shapely.union_all([data.unit_shapes[i] for i in found[names[0]][0]])
    for lat, lon in inside:
        assert shape.contains(shapely.Point(lon, lat)), (names[0], lat, lon)
    for lat, lon in outside:
        assert not shape.contains(shapely.Point(lon, lat)), (names[0], lat, lon)


@pytest.mark.parametrize(
    "country,name,expected",
    [
        ("BRB", "Saint Andrew", {"BRB-saint-andrew"}),  # GeoNames names Saint Joseph so too
        ("AUS", "Australian Capital Territory", {"AUS-australian-capital-territory"}),
        ("BEL", "Flandre-Occidentale", {"BEL-west-flanders"}),
        ("BEL", "Anvers", {"BEL-antwerp"}),
        ("DEU", "Rhénanie-du-Nord-Westphalie", {"DEU-nordrhein-westfalen"}),
        ("ESP", "Madrid", {"ESP-madrid"}),  # the province, by its own name, before the community
    ],
)
def test_an_exact_name_beats_an_alternate_one_which_beats_a_region(data, country, name, expected):
    assert data.find_units(country, name) == (expected, False)


def test_a_name_two_units_share_is_ambiguous(data):
    assert data.find_units("IRL", "Cork") == ({"IRL-cork", "IRL-cork-city"}, True)


@pytest.mark.parametrize(
    "query,first",
    [
        ("Pays de Galles", "GB-WLS"),
        ("Écosse", "GB-SCT"),
        ("Wielkopolskie", "POL-greater-poland"),
        ("Grande-Pologne", "POL-greater-poland"),
        ("PL-30", "POL-greater-poland"),
        ("Flandre", "BE-VLG"),
        ("Bavière", "DEU-bayern"),
        ("Silésie", "POL-silesian"),
    ],
)
def test_search_finds_french_and_local_names_first(data, query, first):
    assert data.search(query)[0].id == first


def test_search_for_ecosse_puts_scotland_before_nova_scotia(data):
    ids = [unit.id for unit in data.search("Écosse")]
    assert ids.index("GB-SCT") < ids.index("CAN-nova-scotia")


UNITS_WITHOUT_REGION = {"BEL": {"BEL-brussels"}, "ESP": {"ESP-ceuta", "ESP-melilla"}}


@pytest.mark.parametrize("country", ["BEL", "GBR", "ESP", "ITA", "POL", "DEU", "UKR"])
def test_every_unit_of_these_countries_has_its_code_or_region(data, country):
    units = data.units[data.units["country"] == country]
    with_parents = units["region_code"] != ""
    if with_parents.any():  # ISO has regions here: each unit lies in one, or is one (Brussels, Ceuta)
        assert set(units.loc[~with_parents, "id"]) == UNITS_WITHOUT_REGION.get(country, set())
    else:
        assert (units["iso_code"] != "").all()


@pytest.mark.parametrize(
    "region,inside",
    [
        ("MA-06", (33.5731, -7.5898)),  # Casablanca
        ("MA-07", (31.6295, -7.9811)),  # Marrakech
        ("MA-04", (34.0209, -6.8416)),  # Rabat
        ("MA-01", (35.7595, -5.8340)),  # Tangier
        ("MA-03", (34.0181, -5.0078)),  # Fès
    ],
)
def test_moroccos_units_lie_in_their_2015_regions(data, region, inside):
    ids, _ = data.find_units("MAR", region)
    shape = shapely.union_all([data.unit_shapes[i] for i in ids])
    assert shape.contains(shapely.Point(inside[1], inside[0]))


def test_units_that_straddle_two_moroccan_regions_get_none(data):
    units = data.units.set_index("id")
    # Taza - Al Hoceima - Taounate went to Fès-Meknès and to Tanger-Tétouan-Al Hoceïma in 2015
    assert units.loc["MAR-taza-al-hoceima-taounate", "region_code"] == ""


def test_most_units_have_an_iso_code_or_lie_in_a_subdivision(data):
    units = data.units
    coded = units["iso_code"] != ""
    tied = coded | (units["region_code"] != "")
    iso2 = units["country"].map(data.countries["iso2"])
    subdivided = iso2.map(lambda code: bool(pycountry.subdivisions.get(country_code=code)))
    assert coded.mean() >= 0.885 and tied.mean() >= 0.91, (coded.mean(), tied.mean())
    assert tied[subdivided].mean() >= 0.94  # the rest are in territories ISO 3166-2 does not subdivide


def test_french_names_of_units_and_regions(data):
    units = data.units.set_index("id")
    assert units.loc["DEU-bayern", "name_fr"] == "Bavière"
    assert units.loc["POL-greater-poland", "name_fr"] == "Grande-Pologne"
    assert units.loc["GBR-glasgow", "region_fr"] == "Écosse"
    assert units.loc["BEL-antwerp", ["name_fr", "region_fr"]].tolist() == ["Anvers", "Région flamande"]


def test_name_indexes_are_built_once_per_country(data):
    fresh = load_boundaries(data.directory)
    fresh.find_units("BEL", "Flandre")
    index = fresh.name_index("BEL")
    fresh.find_units("BEL", "Anvers")
    assert fresh.name_index("BEL") is index and set(fresh._indexes) == {"BEL"}
