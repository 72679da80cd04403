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
