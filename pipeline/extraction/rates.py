"""Rates written after a figure: "$1.7 billion a day", "400,000 people every day"."""

from __future__ import annotations

import re

from pipeline.extraction.vocabulary import ADVERB_PERIODS, PERIODS

#: "a year", "per day", "every week" (not "a year ago").
RATE_WORDS = (
    r"(?:a|per|each|every)\s+(?P<per>year|month|week|day|quarter)(?![\w-])"
    r"(?!\s+(?:ago|later|earlier|before|after)\b)"
)
#: "annually", "daily".
RATE_ADVERB = rf"(?P<adv>{'|'.join(sorted(ADVERB_PERIODS, key=len, reverse=True))})\b"

#: "on a daily basis", "on an annual basis".
RATE_BASIS = r"on\s+an?\s+(?P<basis>daily|weekly|monthly|quarterly|annual|yearly)\s+basis\b"
_BASIS_PERIODS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "annual": "year",
                  "yearly": "year"}

#: A rate phrase ending the figure's clause: up to twelve words after it, crossing no number and no
#: punctuation but one comma ("15 cargo trains coming from Canada and across the world on a daily basis").
RATE_AFTER = re.compile(
    rf"(?:\s+(?:[A-Za-z][\w’'-]*)){{0,12}}?,?\s+"
    rf"(?:{RATE_WORDS}|{RATE_ADVERB}|per\s+(?P<annum>annum)\b|{RATE_BASIS})"
)
#: Between two figures of one list: a few words and a comma or "and" ("passenger cars, ", " in goods and ").
_LIST_GAP = re.compile(
    r"(?:\s+[A-Za-z][\w’'-]*){0,4}\s*(?:,|,?\s+(?:and|or))\s+"
    r"(?:(?i:some|about|over|nearly|more\s+than|almost)\s+)?"
)
#: Or the later figure sits in a phrase of the earlier one ("$1 billion of programs across some 60
#: countries every year", "$40 million in grants to 300 towns each year"): the period governs both.
_PHRASE_GAP = re.compile(
    r"(?:\s+[A-Za-z][\w’'-]*){0,5}\s+(?:across|in|to|for|among)\s+"
    r"(?:(?i:some|about|around|roughly|approximately|over|nearly|more\s+than|almost)\s+)?"
)
#: Kinds a period word can make a rate of.
RATE_KINDS = frozenset({"money", "count", "measure", "percent"})


_RATE_HINTS = ("year", "month", "week", "day", "quarter", "annum", "ly", "basis")


def rate_period(text: str, end: int, kind: str) -> str | None:
    """The period of a rate written just after a figure, or None."""
    if kind in ("frequency", "duration", "rank", "ratio"):
        return None
    limit = min(len(text), end + 160)
    window = text[end:limit]
    if not any(hint in window for hint in _RATE_HINTS):
        return None  # cheap test first: most figures are no rate
    m = RATE_AFTER.match(text, end, limit)
    if not m:
        return None
    if m.group("annum"):
        return "year"
    if m.group("basis"):
        return _BASIS_PERIODS[m.group("basis")]
    if m.group("per"):
        return PERIODS[m.group("per")]
    return ADVERB_PERIODS[m.group("adv").lower()]



def coordinated_periods(text: str, figures: list[tuple[int, int, str]], periods: list[str | None]) -> list[str | None]:
    """A period governs every figure of the list it ends: in "some $2.1 billion in goods and 310,000
    travelers cross each day" both are per day. `figures` are (start, end, kind) in text order."""
    result = list(periods)
    for i in range(len(figures) - 1, 0, -1):
        before, after = figures[i - 1], figures[i]
        period = result[i]
        if period is None or result[i - 1] is not None or before[2] not in RATE_KINDS:
            continue
        if _LIST_GAP.fullmatch(text, before[1], after[0]) or _PHRASE_GAP.fullmatch(text, before[1], after[0]):
            result[i - 1] = period
    return result


#: "Monthly average exports … rose to 1,809 GWh", "average daily crossings of 5,000": an average per
#: period named before the figure in its clause makes the figure a rate (a percent change stays one).
_AVERAGE_PER = re.compile(
    r"\b(?i:(?P<adj>daily|weekly|monthly|quarterly|annual|yearly)\s+average"
    r"|average\s+(?P<adj2>daily|weekly|monthly|quarterly|annual|yearly))\b"
)
_ADJECTIVE_PERIODS = {**_BASIS_PERIODS}


def average_period(text: str, clause_start: int, start: int, kind: str) -> str | None:
    """The period of an average named earlier in the figure's clause, or None."""
    if kind not in ("money", "count", "measure"):
        return None
    found = None
    for m in _AVERAGE_PER.finditer(text, max(clause_start, start - 200), start):
        found = m
    if found is None:
        return None
    return _ADJECTIVE_PERIODS[(found.group("adj") or found.group("adj2")).lower()]
