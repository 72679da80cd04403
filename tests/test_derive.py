"""Deriving data/boundaries/ from a small Natural Earth-shaped GeoPackage made here."""

from __future__ import annotations

import geopandas as gpd
import shapely

from coopmap.boundaries import load_boundaries
from coopmap.derive import derive_boundaries


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
