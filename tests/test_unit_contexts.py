"""Short and scientific unit symbols: read where only a unit can stand, never in plain prose.

One-letter and two-letter symbols ("in", "t", "s", "pm") are English words or letters too; these
tests pin both sides: the contexts that make them units, and the prose that must stay counts.
"""

from __future__ import annotations

import re

import pytest

from pipeline.extraction import extract
from schemas.figures import UNIT_PATTERN


def _figures(sentence: str) -> list[tuple[str, str, float, str]]:
    return [(f.text, f.kind, f.value, f.unit) for f in extract(sentence).figures]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("the beam delivered 2.1e12 s-1 protons", "2.1e12 s-1", 2.1e12, "second^-1"),
        ("a decay rate of 0.4 s⁻¹ was measured", "0.4 s⁻¹", 0.4, "second^-1"),
        ("the collider logged 30 fb−1 by autumn", "30 fb−1", 30, "femtobarn^-1"),
        ("the sled braked at 6.5 m/s2 on the track", "6.5 m/s2", 6.5, "meter/second^2"),
        ("a density of 2.7 g/cm³ for the alloy", "2.7 g/cm³", 2.7, "gram/centimeter^3"),
        ("the pump moves 40 L/min through the filter", "40 L/min", 40, "liter/minute"),
        ("a tractor using 18 l/h in the field", "18 l/h", 18, "liter/hour"),
        ("solar input of 1,000 W/m^2 at noon", "1,000 W/m^2", 1000, "watt/meter^2"),
        ("an uplink of 64 kb per second", "64 kb per second", 64, "kilobit/second"),
        ("a basin of 12 km^2 near the coast", "12 km^2", 12, "square kilometer"),
        ("the rift widens by 7 mm/yr on average", "7 mm/yr", 7, "millimeter/year"),
    ],
)
def test_science_units_in_a_power_or_quotient(sentence: str, span: str, value: float, unit: str) -> None:
    """A symbol raised to a power or in a quotient is a unit, however short ("s-1", "l/h")."""
    assert (span, "measure", pytest.approx(value), unit) in _figures(sentence)
    assert re.match(UNIT_PATTERN, unit), f"{unit!r} must be a unit the figures schema accepts"


def test_a_power_or_quotient_adds_no_second_figure() -> None:
    """The exponent of "km^3" and the "1" of "fb−1" are no counts of their own."""
    assert _figures("a lake of 4km^3 and a run of 9 fb−1") == [
        ("4km^3", "measure", 4.0, "cubic kilometer"), ("9 fb−1", "measure", 9.0, "femtobarn^-1")]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("each bale weighs 230±5 kilograms", "230±5 kilograms", 230, "kilogram"),
        ("the rod is 2.40 +/- 0.05 meters long", "2.40 +/- 0.05 meters", 2.4, "meter"),
        ("a drift of 3.1 ± 0.4 km/s in the survey", "3.1 ± 0.4 km/s", 3.1, "kilometer/second"),
    ],
)
def test_a_tolerance_stays_with_its_value(sentence: str, span: str, value: float, unit: str) -> None:
    """"230±5 kilograms" is one figure of 230 kilograms: the tolerance is no figure of its own."""
    assert _figures(sentence) == [(span, "measure", pytest.approx(value), unit)]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("the culvert is a 24 in. concrete pipe", "24 in.", 24, "inch"),
        ("walls 6 in thick on the north side", "6 in", 6, "inch"),
        ("tiles of 1 1/2 in wide were laid", "1 1/2 in", 1.5, "inch"),
        ("the gauge read 3 in)", "3 in", 3, "inch"),
        ("rainfall over the weekend totaled 4 in", "4 in", 4, "inch"),
        ("the quarry sent 12,500 t of limestone", "12,500 t", 12500, "metric ton"),
        ("cargo of 800 t, mostly grain", "800 t", 800, "metric ton"),
        ("a plant that handles 1,200 tpd of waste", "1,200 tpd", 1200, "ton/day"),
        ("the smelter is permitted for 90,000 tpa of copper", "90,000 tpa", 90000, "metric ton/year"),
        ("a 75 cl bottle of wine", "75 cl", 75, "centiliter"),
    ],
)
def test_short_symbols_in_unambiguous_contexts(sentence: str, span: str, value: float, unit: str) -> None:
    assert (span, "measure", pytest.approx(value), unit) in _figures(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "about 4 in 10 voters backed the plan",
        "the team scored 3 in the first half",
        "exports rose 5 in 2023 alone",
        "they printed 300 t-shirts for the fair",
        "he said 2 t's were missing",
        "results for 12 s in a row",
        "a 5 s delay",
        "the clinic saw 6 N/A responses",
        "records show 12 A/C units installed",
        "the bus left at 8 am sharp",
        "a score of 7 pm standings",
    ],
)
def test_short_symbols_in_prose_are_no_units(sentence: str) -> None:
    """"4 in 10", "3 in the first half", "300 t-shirts", a bare "5 s": no measure in prose."""
    assert all(kind != "measure" for _, kind, _, _ in _figures(sentence)), _figures(sentence)


@pytest.mark.parametrize(
    ("sentence", "span", "kind", "value", "unit"),
    [
        ("the plant sits half a mile from the river", "half a mile", "measure", 0.5, "mile"),
        ("a one-quarter mile stretch of road", "one-quarter mile", "measure", 0.25, "mile"),
        ("the ferry crossing takes half an hour", "half an hour", "duration", 0.5, "hour"),
        ("half of all visitors came by car", "half", "percent", 50, "percent"),
        ("nearly half a million people voted", "half a million", "count", 5e5, "count"),
    ],
)
def test_a_fraction_of_a_unit_is_that_unit(sentence: str, span: str, kind: str, value: float, unit: str) -> None:
    """"half a mile" is 0.5 mile, no share of 50 percent; "half of all visitors" stays a share."""
    assert (span, kind, pytest.approx(value), unit) in _figures(sentence)


@pytest.mark.parametrize(
    ("sentence", "first", "unit"),
    [
        ("tariffs of 8 and 12 percent on steel", ("8", "percent", 8.0, "percent"), "percent"),
        ("doses of 15 and 30 mg a day", ("15", "measure", 15.0, "milligram/day"), "milligram/day"),
    ],
)
def test_a_unit_written_once_serves_both_numbers(sentence: str, first: tuple[str, str, float, str], unit: str) -> None:
    """"8 and 12 percent": two figures, each a percentage (the guide: two figures, one unit)."""
    found = _figures(sentence)
    assert found[0] == first
    assert found[1][3] == unit


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("a ratio of 3.1×10−4 in the samples", "3.1×10−4", 3.1e-4),
        ("a ratio of 7.2x10-6 in the samples", "7.2x10-6", 7.2e-6),
        ("a mass of 1.5e−3 grams", "1.5e−3 grams", 1.5e-3),
    ],
)
def test_powers_of_ten_written_flat(sentence: str, span: str, value: float) -> None:
    """"3.1×10−4" is one number, not 3.1, 10 and 4."""
    found = _figures(sentence)
    assert [(f[0], f[2]) for f in found] == [(span, pytest.approx(value))]


def test_between_to_is_a_range() -> None:
    """"between 5 to 7 percent" is how many write "between 5 and 7 percent"."""
    assert _figures("a margin of between 5 to 7 percent") == [("5 to 7 percent", "percent", 5.0, "percent")]
    [f] = extract("wells between 300 m to 450 m deep").figures
    assert (f.value, f.value_max, f.unit) == (300, 450, "meter")


def test_a_sign_after_the_currency_is_kept() -> None:
    """"$-4.50": the minus after the dollar sign is the amount's sign."""
    assert _figures("a net of $-4.50 per share") == [("$-4.50", "money", -4.5, "USD")]


def test_ampersand_joins_number_words() -> None:
    assert _figures("it cost two hundred & sixty dollars") == [
        ("two hundred & sixty dollars", "money", 260.0, "USD")]


@pytest.mark.parametrize(
    "sentence",
    ["the ferry left at 6.45 am sharp", "polls closed at 8.00 p.m. on Sunday", "the object J0313.2+1806 was imaged"],
)
def test_clock_times_and_code_tails_are_no_figures(sentence: str) -> None:
    assert _figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ('crews laid a 48" water main', '48"', 48, "inch"),
        ("a 30\u2033 culvert and a 20\u2032 gate", "20\u2032", 20, "foot"),
        ('the bolt is 6 " long', '6 "', 6, "inch"),
    ],
)
def test_inch_and_foot_marks(sentence: str, span: str, value: float, unit: str) -> None:
    assert (span, "measure", pytest.approx(value), unit) in _figures(sentence)


@pytest.mark.parametrize(
    "sentence", ['the mayor said "we hired 12" at the fair', 'they named it "Lot 7" in May'],
)
def test_a_quote_closing_after_a_number_is_no_inch_mark(sentence: str) -> None:
    assert all(kind != "measure" for _, kind, _, _ in _figures(sentence)), _figures(sentence)


def test_british_gramme_spellings() -> None:
    assert _figures("a dose of 250 milligrammes in each vial") == [("250 milligrammes", "measure", 250.0, "milligram")]


def test_a_fraction_of_a_scale_word_is_a_count() -> None:
    """"three quarters of a million" is 750,000, not a share of 75 percent and a million."""
    assert _figures("three quarters of a million people voted") == [
        ("three quarters of a million", "count", 750000.0, "count")]


@pytest.mark.parametrize("sentence", ["the valve SCP2-173m failed", "order part 4410 L-17 today"])
def test_code_tails_are_no_measures(sentence: str) -> None:
    assert _figures(sentence) == []
