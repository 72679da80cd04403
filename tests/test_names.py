"""The grammar of place names as people write them: kind words, connectors, suffixes, alternates."""

from __future__ import annotations

import pytest

from coopmap.names import CITY, COUNTRY, UNIT, PlaceName, fold, parse_place, strip_kind


@pytest.mark.parametrize(
    "text,kind,core",
    [
        ("Ville de Sendai", CITY, "sendai"),
        ("Ville d'Almaty", CITY, "almaty"),
        ("City of Exeter", CITY, "exeter"),
        ("Stadt Erlangen", CITY, "erlangen"),
        ("Comune di Milano", CITY, "milano"),
        ("Mairie de Bamako", CITY, "bamako"),
        ("Oblast de Kharkiv", UNIT, "kharkiv"),
        ("Voïvodie de Silésie", UNIT, "silesie"),
        ("Județ de Tulcea", UNIT, "tulcea"),
        ("Comté du Kent", UNIT, "kent"),
        ("Région des Hauts-Bassins", UNIT, "hauts bassins"),
        ("Région de l'Oriental", UNIT, "oriental"),
        ("Communauté autonome d'Aragon", UNIT, "aragon"),
        ("Regione Toscana", UNIT, "toscana"),
        ("Gouvernement de la Généralité de Catalogne", UNIT, "catalogne"),
        ("Conseil régional de Bretagne", UNIT, "bretagne"),
        ("Région Île-de-France", UNIT, "ile de france"),
        ("Estado do Rio de Janeiro", UNIT, "rio de janeiro"),
        ("Zhejiang Sheng", UNIT, "zhejiang"),
        ("Kharkiv Oblast", UNIT, "kharkiv"),
        ("Gyeonggi-do", UNIT, "gyeonggi"),
        ("Suwon-si", CITY, "suwon"),
        ("République de Maurice", COUNTRY, "maurice"),
        ("Gyeongsang du Nord", None, "gyeongsang du nord"),
        ("Île-de-France", None, "ile de france"),
        ("Grand Tunis", None, "grand tunis"),
        ("Land", None, "land"),
    ],
)
def test_kind_words_say_the_kind_and_leave_the_name(text, kind, core):
    parsed = parse_place(text)
    assert parsed.kind == kind
    assert parsed.names[0] == fold(text)  # as written first: an exact name wins
    assert core in parsed.names


def test_alternates_in_parentheses_are_names_too():
    parsed = parse_place("Île autonome de Ngazidja (Grande Comore)")
    assert parsed.kind == UNIT and parsed.names == ("ile autonome de ngazidja", "ngazidja", "grande comore")


def test_a_partnership_word_is_read_through():
    assert parse_place("Jumelage avec Louisville").names == ("louisville",)


@pytest.mark.parametrize(
    "text,english",
    [("Gyeongsang du Nord", "north gyeongsang"), ("Flandre-Occidentale", "west flandre"),
     ("Chungcheong du Sud", "south chungcheong"), ("Sumatra du Nord", "north sumatra")],
)  # fmt: skip
def test_compass_points_written_the_french_way_are_also_tried_the_english_way(text, english):
    assert english in parse_place(text).names


def test_strip_kind_keeps_a_name_that_is_only_a_kind_word():
    assert strip_kind("province du zhejiang") == "zhejiang"
    assert strip_kind("province") == "province"


def test_the_article_a_connector_holds_belongs_to_the_name():
    assert parse_place("Ville de La Rochelle").names[:2] == ("ville de la rochelle", "la rochelle")
    assert parse_place("Mairie du Havre").names[:2] == ("mairie du havre", "le havre")
    assert parse_place("Commune de Lyon").names == ("commune de lyon", "lyon")


@pytest.mark.parametrize("text", ["Ville-Saint-Jacques", "Ville-la-Grand", "Commune-Neuve"])
def test_a_kind_word_joined_by_a_hyphen_is_part_of_the_name(text):
    assert parse_place(text) == PlaceName(None, (fold(text),))
