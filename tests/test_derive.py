"""Deriving data/boundaries/ from a small Natural Earth-shaped GeoPackage made here."""

from __future__ import annotations

import geopandas as gpd
import shapely

from coopmap.boundaries import load_boundaries
from coopmap.derive import derive_boundaries
from coopmap.isomatch import format_matching, match_units


def box(x, y, size=1.0):
    return shapely.MultiPolygon([shapely.box(x, y, x + size, y + size)])


def natural_earth_like(path):
    """Two French départements (one misspelt), two units named Cork, and a country with no ISO code."""
    units = gpd.GeoDataFrame(
        {
            "iso_a2": ["FR", "FR", "IE", "IE", "XK"],
            "name": ["Essonne", "Seien-et-Marne", "Cork", "Cork", "Pristina"],
            "gn_name": ["Departement de l'Essonne", "Departement de Seine-et-Marne", "County Cork", "Cork City", None],
            "woe_name": ["Essonne", "Seien-et-Marne", "Cork", "Cork", "Pristina"],
            "adm0_a3": ["FRA", "FRA", "IRL", "IRL", "KOS"],
            "admin": ["France", "France", "Ireland", "Ireland", "Kosovo"],
        },
        geometry=[box(2, 48), box(3, 48), box(-9, 51), box(-8, 51, 0.2), box(21, 42)],
        crs=4326,
    )
    countries = gpd.GeoDataFrame(
        {
            "iso_a2": ["FR", "IE", "XK"],
            "NAME": ["France", "Ireland", "Kosovo"],
            "ISO_A3": ["FRA", "IRL", "-99"],
        },
        geometry=[box(2, 48, 2), box(-9, 51, 1.2), box(21, 42)],
        crs=4326,
    )
    units.to_file(path, layer="states_provinces", driver="GPKG")
    countries.to_file(path, layer="countries", driver="GPKG")


def test_derive_gives_stable_ids_iso_codes_and_fixed_names(tmp_path):
    gpkg = tmp_path / "world_map.gpkg"
    natural_earth_like(gpkg)
    derived = derive_boundaries(gpkg, tmp_path / "boundaries")
    assert derived.files == {"admin1": 5, "countries": 3, "basemap": 3}
    data = load_boundaries(tmp_path / "boundaries")
    units = data.units.set_index("id", drop=False)
    assert sorted(units.index) == ["FRA-essonne", "FRA-seine-et-marne", "IRL-cork", "IRL-cork-city", "XKX-pristina"]
    assert units.loc["FRA-seine-et-marne", "name"] == "Seine-et-Marne"
    assert (units.loc["FRA-essonne", "iso_code"], units.loc["FRA-essonne", "region_fr"]) == ("FR-91", "Île-de-France")
    assert sorted(data.find_units("FRA", "Île-de-France")[0]) == ["FRA-essonne", "FRA-seine-et-marne"]
    assert data.find_units("IRL", "Cork") == ({"IRL-cork", "IRL-cork-city"}, True)
    assert data.find_country("Kosovo") == "XKX"


def test_derive_is_reproducible_and_neighbours_still_touch(tmp_path):
    gpkg = tmp_path / "world_map.gpkg"
    natural_earth_like(gpkg)
    derive_boundaries(gpkg, tmp_path / "a")
    derive_boundaries(gpkg, tmp_path / "b")
    for name in ("admin1.fgb", "countries.fgb", "basemap.fgb"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    units = load_boundaries(tmp_path / "a").units.set_index("id")
    assert units.loc["FRA-essonne", "geometry"].touches(units.loc["FRA-seine-et-marne", "geometry"])


def belgium_and_morocco_like(path):
    """Belgian provinces named in English, one unit no name source knows amid Flemish ones, and Moroccan
    pre-2015 regions: one inside a 2015 region, one across two."""
    names = [
        ("BE", "Antwerp", "Provincie Antwerpen", box(4, 51)),
        ("BE", "East Flanders", "Provincie Oost-Vlaanderen", box(3, 51)),
        ("BE", "Limburg", "Provincie Limburg", box(5, 51)),
        ("BE", "Nowhere", None, box(4, 50)),  # touches only Flemish units
        ("BE", "Liege", "Province de Liege", box(6, 49)),
        ("MA", "Tanger - Tétouan", "Region de Tanger-Tetouan", box(-6, 35)),
        ("MA", "Taza - Al Hoceima - Taounate", "Taza-Al Hoceima-Taounate", box(-5, 34)),
    ]
    units = gpd.GeoDataFrame(
        {
            "iso_a2": [n[0] for n in names],
            "name": [n[1] for n in names],
            "gn_name": [n[2] for n in names],
            "adm0_a3": ["BEL" if n[0] == "BE" else "MAR" for n in names],
            "admin": ["Belgium" if n[0] == "BE" else "Morocco" for n in names],
        },
        geometry=[n[3] for n in names],
        crs=4326,
    )
    countries = gpd.GeoDataFrame(
        {"iso_a2": ["BE", "MA"], "NAME": ["Belgium", "Morocco"], "ISO_A3": ["BEL", "MAR"]},
        geometry=[box(3, 49, 4), box(-6, 34, 2)],
        crs=4326,
    )
    units.to_file(path, layer="states_provinces", driver="GPKG")
    countries.to_file(path, layer="countries", driver="GPKG")


def test_derive_matches_units_by_every_name_then_by_where_they_lie(tmp_path):
    gpkg = tmp_path / "world_map.gpkg"
    belgium_and_morocco_like(gpkg)
    derived = derive_boundaries(gpkg, tmp_path / "boundaries")
    units = load_boundaries(tmp_path / "boundaries").units.set_index("id")
    columns = ["iso_code", "name_fr", "region_code", "region_fr", "matched_by"]
    antwerp = ["BE-VAN", "Anvers", "BE-VLG", "Région flamande", "translation"]
    assert units.loc["BEL-antwerp", columns].tolist() == antwerp
    assert units.loc["BEL-nowhere", columns].tolist() == ["", "Nowhere", "BE-VLG", "Région flamande", "neighbours"]
    assert units.loc["BEL-liege", ["iso_code", "region_code"]].tolist() == ["BE-WLG", "BE-WAL"]
    assert units.loc["MAR-tanger-tetouan", ["region_code", "matched_by"]].tolist() == ["MA-01", "parts"]
    assert units.loc["MAR-taza-al-hoceima-taounate", ["region_code", "matched_by"]].tolist() == ["", ""]
    assert "Flandre" in units.loc["BEL-antwerp", "region_alt"].split(";")
    assert derived.matching["BEL"] == {
        "units": 5, "code": 4, "region": 5, "by name": 3, "by translation": 1, "by neighbours": 1,
    }  # fmt: skip
    assert format_matching(derived.matching).splitlines() == [
        "ISO 3166-2: 4 of 7 units have a code (57.1%), 6 a code or a region (85.7%)",
        "  BEL: 4/5 with a code, 5 with a region (name 3, neighbours 1, translation 1)",
        "  MAR: 0/2 with a code, 1 with a region (nothing 1, parts 1)",
    ]


def test_geonames_places_tell_the_region_of_units_no_name_matches():
    units = gpd.GeoDataFrame(
        {
            "country": ["GBR"] * 4,
            "name": ["Cardiff", "Bristol", "Mystery", "Borderland"],
            "gn_name": [None] * 4,
            "woe_label": [None] * 4,
            "woe_name": [None] * 4,
            "fips": [None] * 4,
        },
        geometry=[box(0, 0), box(10, 0), box(0, 10), box(20, 20)],  # apart: no unit has a neighbour
        crs=4326,
    )

    def place(x, y, admin1, population=10_000):
        return {"longitude": x, "latitude": y, "admin1code": admin1, "population": population}

    places = {
        "GB": [
            place(0.5, 0.5, "WLS", 300_000),  # Cardiff teaches that WLS is Wales
            place(10.5, 0.5, "ENG", 500_000),  # Bristol that ENG is England
            place(0.2, 10.2, "WLS"),
            place(0.8, 10.8, "WLS"),  # Mystery: all its people in Wales
            place(20.2, 20.2, "WLS"),
            place(20.8, 20.8, "ENG"),  # Borderland: half and half
        ]
    }
    matches = match_units(units, {"GBR": "GB"}, places)
    assert [(m.code, m.region, m.how) for m in matches] == [
        ("GB-CRF", "GB-WLS", "name"),
        ("GB-BST", "GB-ENG", "name"),
        ("", "GB-WLS", "places"),
        ("", "", ""),
    ]
