"""Literal scans before slow searches: a prefilter may only skip windows where the search fails.

Each test runs the plain search (without the prefilter) and the function with it on sentences
written for the purpose, where the searched phrases occur in many spellings.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extraction import coverage, indicators, partners

SENTENCES = [
    "Peace Corps volunteers worldwide numbered 7,000, serving in 60 countries around the world.",
    "Programs across more than 60 host countries, world-wide and globally, reached 3 million people.",
    "The embassy aims to send 100,000 students by 2030, and the plan would add $5 million.",
    "Exports rose by $5 billion, an increase of nearly 6 percent, while imports fell $2 billion more.",
    "Trade was up some 12 percent, down about 3 percent from 2021; the target is 40 ports.",
    "Aid throughout the globe: 45 projects in twenty-five developing countries, all over the world.",
    "The two countries signed 14 agreements; trade with Mexico totaled $807 billion.",
    "Its 240 volunteers serve in 75 countries, in nearly 30 partner countries since 2015.",
    "Goals for 2025 include 300 new grants; officials expected to hire 50 staff; 9 Will County sites.",
]


def _starts(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch.isdigit() and (i == 0 or not text[i - 1].isalnum())]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_worldwide_prefilter_skips_only_sentences_the_pattern_rejects(text: str) -> None:
    plain = bool(partners._WORLDWIDE.search(text))
    assert partners.SentencePartners(text).worldwide((0, len(text))) is plain
    if plain:
        assert partners._WORLDWIDE_WORD.search(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_the_target_and_change_prefilters_skip_only_windows_the_patterns_reject(text: str) -> None:
    for start in _starts(text):
        end = start + 1
        plain_target = bool(indicators._TARGET_BEFORE.search(text[max(0, start - 120):start].lower()))
        plain_change = bool(indicators._CHANGE_BEFORE.search(text, max(0, start - 40), start)
                            or indicators._CHANGE_AFTER.match(text, end))
        assert indicators.is_target(text, start) is plain_target
        assert indicators.is_change(text, start, end) is plain_change


def test_the_sentences_exercise_both_answers() -> None:
    """The comparisons above see each pattern both match and fail."""
    worldwide = {bool(partners._WORLDWIDE.search(t)) for t in SENTENCES}
    targets = {bool(indicators._TARGET_BEFORE.search(t[max(0, s - 120):s].lower()))
               for t in SENTENCES for s in _starts(t)}
    changes = {bool(indicators._CHANGE_BEFORE.search(t, max(0, s - 40), s)) for t in SENTENCES for s in _starts(t)}
    assert worldwide == targets == changes == {True, False}


@given(st.lists(st.sampled_from(["one", "Two", "THIRTY", "a ", "An", "half", "ſix", "\u212aone", "İ", "x", "_", "1",
                                 " ", "-", "seven", "nought", "quarters", "é", "\n"]), max_size=25).map("".join))
def test_number_word_starts_found_on_the_lower_cased_text_are_the_case_insensitive_scan_s(text: str) -> None:
    assert coverage._word_number_starts(text) == [m.start() for m in coverage._WORD_NUMBER_START.finditer(text)]
