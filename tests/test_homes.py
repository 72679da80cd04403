"""The `home` column: each partnership's French side, resolved like --home, each distinct value once."""

from __future__ import annotations

import csv
import json

import pytest

from coopmap import homes as homes_module
from coopmap.errors import InputError
from coopmap.pipeline import Options, build_map, check_partners
from coopmap.resolve import resolve_home

from .conftest import ROOT, TODAY

CSV = ROOT / "tests" / "homes" / "partnerships.csv"


def page_data(html: str) -> dict:
    return json.loads(html.split('id="coopmap-data">', 1)[1].split("</script>", 1)[0])


@pytest.fixture(scope="module")
def data():
    return page_data(build_map(CSV, Options(today=TODAY)).html)


def test_each_row_starts_from_its_own_home_and_the_default_fills_the_rest(data):
    names = [h["name"] for h in data["homes"]]
    assert names == ["Lyon", "Grenoble", "Département de l'Isère", "Bretagne", "Rennes", "Île-de-France"]
    by_id = {a["id"]: names[a["home"]] for p in data["partners"] for a in p["agreements"]}
    assert by_id["lyon-turin"] == "Lyon"  # « Ville de Lyon » is Lyon: one home, both spellings searchable
    assert data["homes"][0]["also"] == ["Ville de Lyon"]
    assert by_id["rennes-erlangen"] == "Rennes"  # an INSEE code, shown by the commune's name
    assert by_id["idf-erevan"] == "Île-de-France"  # no home: --home's default
    assert data["home"] is None  # several homes: no single one


def test_homes_are_drawn_where_they_are(data):
    homes = {h["name"]: h for h in data["homes"]}
    lyon, grenoble = homes["Lyon"]["point"], homes["Grenoble"]["point"]
    assert abs(lyon[0] - 45.76) < 0.03 and abs(lyon[1] - 4.84) < 0.03
    assert abs(grenoble[0] - 45.19) < 0.03 and abs(grenoble[1] - 5.72) < 0.03
    assert homes["Lyon"]["shape"] == [] and homes["Lyon"]["kind"] == "commune"
    assert homes["Département de l'Isère"]["shape"] and homes["Département de l'Isère"]["kind"] == "departement"
    assert homes["Bretagne"]["kind"] == "region"


def test_each_distinct_value_is_resolved_once(monkeypatch):
    calls = []

    def counting(text, boundaries):
        calls.append(text)
        return resolve_home(text, boundaries)

    monkeypatch.setattr(homes_module, "resolve_home", counting)
    check_partners(CSV, Options(today=TODAY))
    assert sorted(calls) == sorted(set(calls))
    assert len(calls) == 7  # six spellings in the column, and the default


def test_a_bad_home_is_refused_at_its_cell_with_the_suggestions_of_home(tmp_path, boundaries):
    path = tmp_path / "partners.csv"
    path.write_text(CSV.read_text(encoding="utf-8") + "x,Brest-Litovsk,Ville de Minsk,Bélarus,Jumelage,2000,\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as error:
        check_partners(path, Options(today=TODAY))
    [problem] = [p for p in error.value.problems if p.column == "home"]
    assert problem.line == 9
    with pytest.raises(InputError) as direct:
        resolve_home("Brest-Litovsk", boundaries)
    assert problem.message == str(direct.value)
    frame, report, _ = check_partners(path, Options(today=TODAY, keep_going=True))
    assert report.left_out == ["x"] and "x" not in set(frame["id"])


def test_without_the_column_nothing_changes(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("id,partner,country,type,signed\na,Ville de Turin,Italie,Jumelage,1958\n", encoding="utf-8")
    data = page_data(build_map(path, Options(today=TODAY)).html)
    assert data["homes"] == [] and data["home"]["name"] == "Île-de-France"
    assert data["partners"][0]["agreements"][0]["home"] == 0


def test_the_exports_name_each_partnerships_home_and_list_every_home(tmp_path):
    from coopmap.api import export

    export(CSV, tmp_path / "out.csv", today=TODAY)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    partners = {r["id"]: r["home"] for r in rows if r["role"] == "partner"}
    assert partners["lyon-turin"] == "Lyon" and partners["idf-erevan"] == "Île-de-France"
    assert [r["partner"] for r in rows if r["role"] == "home"][:2] == ["Lyon", "Grenoble"]
    export(CSV, tmp_path / "out.geojson", today=TODAY)
    features = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))["features"]
    assert sum(f["properties"]["role"] == "home" for f in features) == 6


def test_a_partner_placed_elsewhere_by_a_later_agreement_leaves_no_territory_without_partner(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(
        "id,home,partner,country,areas,type,signed\n"
        "a,Lyon,Province de Turin,Italie,Turin,Jumelage,1958\n"
        "b,Grenoble,Province de Turin,Italie,Cuneo,Jumelage,1960\n",
        encoding="utf-8",
    )
    data = page_data(build_map(path, Options(today=TODAY)).html)
    [partner] = data["partners"]
    assert len(data["territories"]) == 1 and partner["territory"] == 0
    assert [a["home"] for a in partner["agreements"]] == [0, 1]
