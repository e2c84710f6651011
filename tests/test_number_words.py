"""Numbers as documents spell them: scale chains, fractions, mixed numbers, points, signs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.extraction import extract
from pipeline.extraction.numbers import parse_number, parse_words


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ninety-nine", 99),
        ("eighty - three", 83),
        ("seventy  one", 71),
        ("four hundred and nine", 409),
        ("three hundred thousand", 300_000),
        ("one billion four hundred million", 1_400_000_000),
        ("eight million sixty thousand five hundred", 8_060_500),
        ("two lakh crore", 2_000_000_000_000),
        ("a quarter", Decimal(1) / 4),
        ("seven tenths", Decimal(7) / 10),
        ("one thirty-second", Decimal(1) / 32),
        ("nine and a half", Decimal("9.5")),
        ("forty and two thirds", 40 + Decimal(2) / 3),
        ("three hundred and one quarter", Decimal("300.25")),
        ("six and a half billion", 6_500_000_000),
        ("half a", Decimal("0.5")),
        ("three point one four", Decimal("3.14")),
        ("zero point oh six", Decimal("0.06")),
        ("ten point thirty-five", Decimal("10.35")),
    ],
)
def test_words_are_read_by_their_scales(words: str, value: Decimal | int) -> None:
    assert parse_words(words) == pytest.approx(Decimal(value))


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("3.5e3", 3500), ("7x10^-2", 0.07), ("2,50,000", 250_000), ("4½", 4.5), ("¾", 0.75), (".5", 0.5)],
)
def test_numerals_in_other_notations(numeral: str, value: float) -> None:
    assert float(parse_number(numeral)) == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "span", "kind", "value"),
    [
        ("a plot of ⅝ acre", "⅝ acre", "measure", 0.625),
        ("the rest, ⅓ of the seats, went to others", "⅓", "percent", 100 / 3),
        ("the fund shrank by -3.25 this quarter", "-3.25", "count", -3.25),
        ("a ratio of one over eight.", "one over eight", "percent", 12.5),
        ("between one million and two million people", "one million and two million", "count", 1e6),
    ],
)
def test_figures_in_words_and_signs(sentence: str, span: str, kind: str, value: float) -> None:
    [figure] = [f for f in extract(sentence).figures if f.text == span]
    assert (figure.kind, figure.value) == (kind, pytest.approx(value))


def test_a_range_in_words_keeps_both_ends() -> None:
    [figure] = extract("between one million and two million people").figures
    assert (figure.value, figure.value_max) == (1e6, 2e6)


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("costs fell 2 over 3 years", ["2", "3 years"]),  # "over" before a unit is no fraction
        ("roughly half a million voters", ["half a million"]),  # a fraction before a scale is no share
        ("3 hundred and 2 hundred seats", ["3 hundred", "2 hundred"]),  # "and" joins no two hundreds
        ("the fourth round of talks", []),  # an ordinal, not a fraction
        ("one million two years later", ["one million", "two years"]),  # no chain into a duration
    ],
)
def test_numbers_that_stay_apart(sentence: str, spans: list[str]) -> None:
    assert [f.text for f in extract(sentence).figures] == spans


def test_a_scaled_amount_is_no_range_with_a_bare_number() -> None:
    """"$2 million to 15 schools": 15 is a count of its own, and the money is kept."""
    figures = extract("The fund gave $2 million to 15 schools.").figures
    assert [(f.text, f.value, f.value_max) for f in figures] == [("$2 million", 2e6, None), ("15", 15, None)]


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("On Monday, Oct. 14, 25 cadets graduated.", ["25"]),  # the day is masked, the count kept
        ("By Oct. 14, 2019 the plant had closed.", []),
        ("The index read Oct. 14.5 points", ["14.5"]),  # no day before a decimal
    ],
)
def test_a_day_of_month_before_a_count(sentence: str, spans: list[str]) -> None:
    assert [f.text for f in extract(sentence).figures] == spans
