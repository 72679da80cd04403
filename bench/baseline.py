"""The straightforward folium map, for comparison: python bench/baseline.py PARTNERS.csv OUT.html

Read the CSV, dissolve each partner's admin-1 units, one GeoJson of all partner polygons with a popup,
a Marker per partner, save(). Leaflet and tiles come from the network, as folium does by default.
"""

from __future__ import annotations

import sys
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

BOUNDARIES = Path(__file__).resolve().parents[1] / "src" / "coopmap" / "data" / "boundaries"


def main(source: Path, target: Path) -> None:
    partners = pd.read_csv(source, dtype=str, keep_default_na=False)
    units = gpd.read_file(BOUNDARIES / "admin1.fgb").set_index("id")
    countries = gpd.read_file(BOUNDARIES / "countries.fgb").set_index("id")
    shapes = []
    for row in partners.itertuples():
        if row.areas:
            shapes.append(units.loc[row.areas.split(";")].geometry.union_all())
        else:
            shapes.append(countries.loc[row.country.split(";")].geometry.union_all())
    frame = gpd.GeoDataFrame(partners, geometry=shapes, crs=4326)
    m = folium.Map(location=[20, 0], zoom_start=2)
    folium.GeoJson(
        frame[["partner", "type", "signed", "sectors", "geometry"]],
        popup=folium.GeoJsonPopup(fields=["partner", "type", "signed", "sectors"]),
    ).add_to(m)
    points = frame.geometry.representative_point()
    for row, point in zip(frame.itertuples(), points):
        folium.Marker([point.y, point.x], popup=f"{row.partner} ({row.signed})").add_to(m)
    m.save(str(target))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
