"""Real partnerships written as French spreadsheets write them: every row right, or refused with candidates.

The truth of each row (tests/places/*.csv) is geographic: the city's own lat/lon, or a point its territory
must contain. ``python bench/places.py`` prints the same scores.
"""

from __future__ import annotations

import csv

import pytest

from bench.places import LISTS, score

ROWS = list(csv.DictReader(LISTS[0].open(encoding="utf-8")))


@pytest.fixture(scope="module")
def outcomes(boundaries, tmp_path_factory):
    return score(LISTS[0], boundaries, tmp_path_factory.mktemp("places"))


def _param(index: int, row: dict):
    marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row["xfail"] else []
    return pytest.param(index, id=f"{row['partner']} ({row['country']})", marks=marks)


@pytest.mark.parametrize("index", [_param(i, row) for i, row in enumerate(ROWS)])
def test_each_partner_is_placed_right_or_refused_with_candidates(outcomes, index):
    outcome = outcomes[index]
    if outcome.outcome == "refused":
        assert " could be several " in outcome.message or " but is " in outcome.message, outcome.message
    else:
        assert outcome.outcome == "right", (outcome.where, outcome.message)


def test_the_list_is_varied_and_mostly_placed(outcomes):
    countries = {o.row["country"] for o in outcomes}
    kinds = {o.row["expect"] for o in outcomes}
    assert len(outcomes) >= 100 and len(countries) >= 30 and kinds == {"city", "inside", "refuse"}
    assert sum(o.outcome == "wrong" for o in outcomes if not o.row["xfail"]) == 0
