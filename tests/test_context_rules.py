"""Rates, years and qualifiers read from the structure of the sentence (issue 10), on sentences
written for these tests in the style of trade, energy and border releases."""

from __future__ import annotations

import pytest

from pipeline.extraction import extract


def units(sentence: str) -> dict[str, str]:
    return {f.text: f.unit for f in extract(sentence).figures}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Roughly $900 million in produce and 45,000 trucks cross the northern border each day.",
         {"$900 million": "USD/day", "45,000": "count/day"}),
        ("Port staff cleared 2,500 cars, 640 buses and 12 freight trains from the east on a daily basis.",
         {"2,500": "count/day", "640": "count/day", "12": "count/day"}),
        ("The refinery ships 80,000 barrels to buyers in the south on an annual basis.",
         {"80,000 barrels": "barrel/year"}),
    ],
)
def test_a_period_governs_every_figure_of_its_list(sentence: str, expected: dict[str, str]) -> None:
    assert units(sentence) == expected


def test_year_over_year_is_no_rate() -> None:
    assert units("Imports rose 14% on a year-over-year basis.") == {"14%": "percent"}


def test_a_period_does_not_cross_a_clause_break() -> None:
    found = units("The fund gave $3 million in grants; 200 volunteers now serve every week.")
    assert found == {"$3 million": "USD", "200": "count/week"}
