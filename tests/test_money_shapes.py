"""Money written after its amount: cents without their word, a scale after the code, signs."""

from __future__ import annotations

import pytest

from pipeline.extraction import extract
from pipeline.extraction.currencies import SUFFIX_SIGNS


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("they paid 40 dollars and 20 people came", ["40 dollars", "20"]),  # a count, not cents
        ("a fee of 12 dollars 150.", ["12 dollars", "150"]),  # no cents of 100 or more
        ("an exhibit of 300 MXN coins", ["300 MXN"]),  # only M plus a code is a million
    ],
)
def test_cents_and_scales_only_where_they_belong(sentence: str, spans: list[str]) -> None:
    assert [f.text for f in extract(sentence).figures] == spans


def test_unicode_signs_name_one_current_currency() -> None:
    assert SUFFIX_SIGNS["₾"] == "GEL" and SUFFIX_SIGNS["₭"] == "LAK" and SUFFIX_SIGNS["₡"] == "CRC"
    assert "₨" not in SUFFIX_SIGNS  # RUPEE SIGN: several rupees
    assert "₻" not in SUFFIX_SIGNS  # NORDIC MARK SIGN: no current currency
