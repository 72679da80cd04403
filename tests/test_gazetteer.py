"""The gazetteer: cities by folded name within a country, own names apart from alternate names."""

from __future__ import annotations

import gzip

import pytest

from coopmap.gazetteer import DEFAULT_FILE, load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_a_city_by_its_own_name_accents_and_case_ignored(gazetteer):
    (rennes,) = gazetteer.find("RENNES", ("FR",))
    assert (rennes.name, round(rennes.lat, 1), round(rennes.lon, 1)) == ("Rennes", 48.1, -1.7)
    assert [p.name for p in gazetteer.find("fes", ("MA",))] == ["Fes"]


def test_french_and_english_names_are_alternates(gazetteer):
    assert gazetteer.find("Coni", ("IT",)) == []
    assert [p.name for p in gazetteer.find("Coni", ("IT",), alternates=True)] == ["Cuneo"]
    assert [p.name for p in gazetteer.find("Kiev", ("UA",), alternates=True)] == ["Kyiv"]


def test_namesakes_come_most_populous_first(gazetteer):
    sendai = gazetteer.find("Sendai", ("JP",))
    assert len(sendai) == 2 and sendai[0].population > 5 * sendai[1].population
    assert sendai[0].lat == pytest.approx(38.27, abs=0.05)


def test_french_overseas_places_belong_to_france(gazetteer):
    saint_denis = gazetteer.find("Saint-Denis", ("FR",))
    assert {p.country for p in saint_denis} >= {"FR", "RE"}


def test_small_french_communes_are_there(gazetteer):
    small = gazetteer.find("Zuydcoote", ("FR",))
    assert small and small[0].population < 5000
    assert len(gazetteer.by_country["FR"]) > 15_000


def test_a_name_anywhere_for_suggestions(gazetteer):
    countries = {p.country for p in gazetteer.find_anywhere("Brest")}
    assert countries == {"FR", "BY"}


def test_machine_transliterations_and_codes_are_not_names(gazetteer):
    assert gazetteer.find("RNS", ("FR",), alternates=True) == []  # Rennes' airport code
    assert gazetteer.find("rhena", ("FR",), alternates=True) == []  # a transliteration, all lower-case


def test_the_file_is_compact_and_sorted():
    rows = gzip.decompress(DEFAULT_FILE.read_bytes()).decode("utf-8").splitlines()
    assert DEFAULT_FILE.stat().st_size < 5_000_000 and len(rows) > 80_000
    ids = [int(line.split("\t")[0]) for line in rows[1:]]
    assert ids == sorted(ids)


def test_french_communes_carry_their_insee_code(gazetteer):
    assert gazetteer.by_code("69123").name == "Lyon"
    assert gazetteer.by_code("2a004").name == "Ajaccio"
    assert gazetteer.by_code("75056").name == "Paris"
    assert gazetteer.by_code("00000") is None


def test_insee_codes_go_only_to_one_place_of_one_commune():
    from coopmap.communes import insee_codes

    places = {
        "1": {"name": "Saint-Martin", "countrycode": "FR", "admin1code": "76", "alternatenames": []},
        "2": {"name": "Saint-Martin", "countrycode": "FR", "admin1code": "76", "alternatenames": []},
        "3": {"name": "Dunkirk", "countrycode": "FR", "admin1code": "32", "alternatenames": ["Dunkerque"]},
        "4": {"name": "Brest", "countrycode": "BY", "admin1code": "01", "alternatenames": []},
        "5": {"name": "Brest", "countrycode": "FR", "admin1code": "53", "alternatenames": []},
        "6": {"name": "Saint-Paul", "countrycode": "RE", "admin1code": "RE", "alternatenames": []},
    }
    communes = [
        {"code": "31001", "nom": "Saint-Martin", "region": "76"},
        {"code": "59183", "nom": "Dunkerque", "region": "32"},
        {"code": "29019", "nom": "Brest", "region": "53"},
        {"code": "97415", "nom": "Saint-Paul", "region": "04"},
    ]
    assert insee_codes(places, communes) == {
        "3": ("59183", "Dunkerque"), "5": ("29019", "Brest"), "6": ("97415", "Saint-Paul"),
    }  # fmt: skip


def test_the_communes_download_is_checked_against_its_hash(tmp_path):
    from coopmap.communes import read_communes
    from coopmap.errors import InputError

    fake = tmp_path / "decoupage-administratif-6.0.0.tgz"
    fake.write_bytes(b"not the package")
    with pytest.raises(InputError, match="integrity mismatch"):
        read_communes(fake)
