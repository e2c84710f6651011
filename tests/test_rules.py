"""Every rule's own examples, run: one rule, one place, its examples beside it."""

from __future__ import annotations

import pytest

from pipeline.extraction import extract
from pipeline.extraction.exclusions import EXCLUSIONS
from pipeline.extraction.rules import FIGURE_RULES, SIGN_EXAMPLES, Example, Rule

EXAMPLES = [(rule, ex) for rule in FIGURE_RULES for ex in rule.examples]
COUNTER = [(rule, text) for rule in FIGURE_RULES for text in rule.counter_examples]
EXCLUDED = [(exclusion.name, sentence, number) for exclusion in EXCLUSIONS for sentence, number in exclusion.examples]


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule in FIGURE_RULES)
    assert len({rule.name for rule in FIGURE_RULES}) == len(FIGURE_RULES)


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{r.name}:{e.span}" for r, e in EXAMPLES])
def test_rule_example(rule: Rule, example: Example) -> None:
    figures = extract(example.sentence).figures
    found = [f for f in figures if f.text == example.span]
    assert found, f"{rule.name} did not find {example.span!r} in {example.sentence!r}: {figures}"
    figure = found[0]
    assert figure.rule == rule.name
    assert figure.kind == rule.kind or rule.name.startswith("hyphen_")  # a compound takes its noun's kind
    if example.value is not None:
        assert figure.value == pytest.approx(example.value)
    if example.unit is not None:
        # an example without a period checks the base unit; one with a period ("barrel/day") the whole unit
        assert (figure.unit if "/" in example.unit else figure.unit.split("/")[0]) == example.unit
    assert figure.value_max == (pytest.approx(example.value_max) if example.value_max is not None else None)


@pytest.mark.parametrize(("rule", "sentence"), COUNTER, ids=[f"{r.name}:{t}" for r, t in COUNTER])
def test_rule_counter_example_has_no_figure(rule: Rule, sentence: str) -> None:
    assert extract(sentence).figures == []


@pytest.mark.parametrize(("name", "sentence", "number"), EXCLUDED, ids=[f"{n}:{s}" for n, s, _ in EXCLUDED])
def test_exclusion_example(name: str, sentence: str, number: str) -> None:
    start = sentence.index(number)
    overlapping = [f for f in extract(sentence).figures if f.start < start + len(number) and start < f.end]
    assert overlapping == [], f"{name}: {number!r} should not be a figure"


def test_unit_table_is_the_one_pint_builds() -> None:
    """unit_table.py is generated from pint's registry: a hand edit or a new pint shows up here."""
    from bench.units_from_pint import TABLE, render

    assert TABLE.read_text(encoding="utf-8") == render()


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit"),
    [
        ("storage grew to 3.7 Tcf by March", "3.7 Tcf", 3.7e12, "cubic foot"),
        ("output of 850 MMcf/d from the shale play", "850 MMcf/d", 850e6, "cubic foot/day"),
        ("a 1.2 GW interconnector under the lake", "1.2 GW", 1.2, "gigawatt"),
        ("a 12 mW laser", "12 mW", 12, "milliwatt"),
    ],
)
def test_units_keep_their_case_and_trade_scale(sentence: str, span: str, value: float, unit: str) -> None:
    """Symbols are read as written (MW is not mW) and trade abbreviations scale the value (MMcf = 1e6 cf)."""
    [figure] = [f for f in extract(sentence).figures if f.text == span]
    assert (figure.kind, figure.value, figure.unit) == ("measure", pytest.approx(value), unit)


@pytest.mark.parametrize("example", SIGN_EXAMPLES, ids=[e.span for e in SIGN_EXAMPLES])
def test_signs_are_kept(example: Example) -> None:
    """A dropped minus sign is silent corruption: the span holds the sign and the value is negative."""
    [figure] = [f for f in extract(example.sentence).figures if f.text == example.span]
    assert figure.value == pytest.approx(example.value)
    assert figure.unit == example.unit


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("cases of COVID-19 fell 3 percent", "3 percent", 3),
        ("in the 2010-2015 plan, 40 percent went to roads", "40 percent", 40),
        ("a score of 5-3 and 12 percent turnout", "12 percent", 12),
        ("exports fell 4.1 percent", "4.1 percent", 4.1),
    ],
)
def test_hyphens_that_are_no_sign(sentence: str, span: str, value: float) -> None:
    [figure] = [f for f in extract(sentence).figures if f.text == span]
    assert figure.value == value
