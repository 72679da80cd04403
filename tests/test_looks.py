"""A type keeps its colour and shape whatever the rows around it; the home's grey is never a type's."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import coopmap
from coopmap.looks import HOME_COLOR, MIN_DISTANCE, PALETTE, SHAPE_COUNT, assign_looks, distance
from coopmap.render import SHAPES

from .conftest import DEFAULT_CSV, TODAY

TYPES = ["Accord de coopération décentralisée", "Déclaration d'intention", "Action humanitaire"]


def colours_of(built) -> dict[str, tuple]:
    import json
    import re

    data = json.loads(re.search(r'id="coopmap-data">(.*?)</script>', built.html, re.S).group(1))
    return {t["label"]: (t["color"], t["shape"], t["mark"]) for t in data["types"]}


def test_reordered_rows_and_an_added_type_keep_every_types_look():
    frame = pd.read_csv(DEFAULT_CSV, dtype=str, keep_default_na=False)
    before = colours_of(coopmap.build(frame, today=TODAY))
    assert sorted(before) == sorted(TYPES)
    reordered = colours_of(coopmap.build(frame.iloc[::-1], today=TODAY))
    assert reordered == before
    frame.loc[0, "type"] = "Jumelage"  # one row changes type: the others keep theirs
    after = colours_of(coopmap.build(frame, today=TODAY))
    assert {t: after[t] for t in TYPES} == before
    assert len({look[:2] for look in after.values()}) == 4


@given(st.permutations(TYPES + ["Jumelage", "Convention", "Accord-cadre", "Culture", "Sport", "Santé"]))
def test_the_looks_depend_on_the_set_of_types_not_their_order(types):
    assert assign_looks(types).by_type == assign_looks(sorted(types)).by_type


def test_up_to_seven_types_each_have_their_own_colour_and_shape():
    looks = assign_looks([f"Type {i}" for i in range(7)])
    assert len({look.color for look in looks.by_type.values()}) == 7
    assert len({look.shape for look in looks.by_type.values()}) == 7
    assert looks.note == ""


def test_beyond_the_palette_colours_come_back_with_other_shapes_and_the_build_says_so():
    looks = assign_looks([f"Type {i}" for i in range(12)])
    assert len({(look.color, look.shape) for look in looks.by_type.values()}) == 12
    assert looks.note == (
        "12 agreement types for 7 colours: the types beyond the 7th share a colour and are told apart by "
        "their marker's shape"
    )
    crowded = assign_looks([f"Type {i}" for i in range(120)])
    assert crowded.note == "120 agreement types: 8 of them share a colour and a shape with another type"


def test_no_type_is_drawn_in_a_colour_close_to_the_homes():
    assert "#000000" not in PALETTE
    assert all(distance(colour, HOME_COLOR) >= MIN_DISTANCE for colour in PALETTE)
    # A home drawn in one of the palette's colours pushes that colour out of the types'.
    looks = assign_looks([f"Type {i}" for i in range(7)], home="#0072b2")
    assert "#0072b2" not in {look.color for look in looks.by_type.values()}
    assert len(SHAPES) == SHAPE_COUNT


def test_a_fixed_colour_is_kept_and_its_neighbours_avoided():
    looks = assign_looks(TYPES, fixed={"action humanitaire": "#AA0000"})
    assert looks.by_type["Action humanitaire"].color == "#aa0000"
    assert all(distance(look.color, "#aa0000") >= MIN_DISTANCE for t, look in looks.by_type.items() if t in TYPES[:2])


def test_colours_for_types_the_data_lacks_do_not_hide_that_types_share_colours():
    types = [f"Type {i}" for i in range(len(PALETTE) + 1)]
    assert assign_looks(types).note
    assert assign_looks(types, {"Absent A": "#882255", "Absent B": "#117733"}).note.startswith("8 agreement types")
