"""Rates written after a figure: "$1.7 billion a day", "400,000 people every day"."""

from __future__ import annotations

import re

from pipeline.extraction.vocabulary import ADVERB_PERIODS, PERIODS

#: "a year", "per day", "every week" (not "a year ago").
RATE_WORDS = r"(?:a|per|each|every)\s+(?P<per>year|month|week|day|quarter)\b(?!\s+(?:ago|later|earlier|before|after)\b)"
#: "annually", "daily".
RATE_ADVERB = rf"(?P<adv>{'|'.join(sorted(ADVERB_PERIODS, key=len, reverse=True))})\b"

RATE_AFTER = re.compile(
    rf"(?:\s+(?:[a-z][\w’'-]*)){{0,5}}?,?\s+(?:{RATE_WORDS}|{RATE_ADVERB}|per\s+(?P<annum>annum)\b)"
)


_RATE_HINTS = ("year", "month", "week", "day", "quarter", "annum", "ly")


def rate_period(text: str, end: int, kind: str) -> str | None:
    """The period of a rate written just after a figure, or None."""
    if kind in ("frequency", "duration", "rank", "ratio"):
        return None
    limit = min(len(text), end + 80)
    window = text[end:limit]
    if not any(hint in window for hint in _RATE_HINTS):
        return None  # cheap test first: most figures are no rate
    m = RATE_AFTER.match(text, end, limit)
    if not m:
        return None
    if m.group("annum"):
        return "year"
    if m.group("per"):
        return PERIODS[m.group("per")]
    return ADVERB_PERIODS[m.group("adv").lower()]

