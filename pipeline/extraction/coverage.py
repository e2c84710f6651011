"""Coverage: every number in a text, and what the extractor made of it.

A number is accounted for when it lies in a figure, a date, a known non-figure span (URL,
phone, address, byline…) or when a named exclusion rule says it is not a figure (a name, a
code, a label…). What is left is *uncovered*: a number the extractor may have missed, listed
with its context so a person can judge. Pure: text and an `Extraction` in, records out.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.extraction import Extraction
from pipeline.extraction.dates import Masked, non_figure_spans
from pipeline.extraction.exclusions import excluded_by
from pipeline.extraction.figures import reading_at
from pipeline.extraction.numbers import (
    DIGIT_NUMBER,
    MAX_NUMERAL_DIGITS,
    VULGAR_FRACTIONS,
    WORD_NUMBER,
    WORD_NUMBER_FIRST_WORDS,
    integer_digits,
    lower_in_place,
    trie,
)
from pipeline.extraction.spans import leftmost_first

#: A number as a reader sees one: digits ("1,234.5", "2026") or a cardinal in words ("nine").
#: Digits other than ASCII ("１２３", "١٬٢٣٤") are never read: listed as a token of their own.
#: The definition; `number_tokens` finds the same tokens about 2.5x faster.
_DIGIT_TOKEN = re.compile(rf"(?<![\d.,]){DIGIT_NUMBER}|(?<![\w.,])\d[\d.,\u066b\u066c]*")
_WORD_TOKEN = re.compile(WORD_NUMBER)
NUMBER_TOKEN = re.compile(f"{_DIGIT_TOKEN.pattern}|{WORD_NUMBER}")
#: Where a token in digits may start: a digit or a vulgar fraction after no digit, "." or ",".
_DIGIT_START = re.compile(rf"(?<![\d.,])[\d{''.join(VULGAR_FRACTIONS)}]")
#: Where a token in words may start: a word a number in words begins with, at a word's start.
_FIRST_WORDS = trie(WORD_NUMBER_FIRST_WORDS)
_WORD_NUMBER_START = re.compile(rf"(?<![A-Za-z0-9_])(?i:{_FIRST_WORDS})(?![A-Za-z])")
#: The same on the lower-cased text, about twice as fast: the character before a first word is
#: matched (a class `re` scans for in C) instead of looked behind at every character.
_WORD_NUMBER_AFTER_BREAK = re.compile(rf"[^a-z0-9_](?={_FIRST_WORDS}(?![a-z]))")
_WORD_NUMBER_AT_START = re.compile(rf"{_FIRST_WORDS}(?![a-z])")
#: Characters `re` matches case-insensitively with an ASCII letter ("ſ" with "s", the Kelvin sign
#: with "k", the dotted and dotless i): a text holding one is scanned as it is.
_CASE_ODDITIES = ("\u017f", "\u212a", "\u0130", "\u0131")

CONTEXT_CHARS = 50


@dataclass(frozen=True)
class NumberMention:
    """One number in the text and why it is (or is not) accounted for."""

    start: int
    end: int
    text: str
    status: str  # figure | date | non_figure | excluded | uncovered
    reason: str  # the figure's kind, the masked span's kind, the exclusion rule, or "no rule"
    before: str
    after: str


#: Statuses whose mentions a report lists; figures and dates are only counted.
LISTED_STATUSES = ("uncovered", "excluded", "non_figure")


@dataclass(frozen=True)
class Coverage:
    """The numbers of one text. `totals`, when set, counts every status and `mentions` may hold
    only the listed ones (a compact coverage, as cached per document)."""

    mentions: list[NumberMention]
    totals: dict[str, int] | None = None

    @property
    def uncovered(self) -> list[NumberMention]:
        return [m for m in self.mentions if m.status == "uncovered"]

    def counts(self) -> Counter[str]:
        """How many numbers fell in each status."""
        if self.totals is not None:
            return Counter(self.totals)
        return Counter(m.status for m in self.mentions)

    def compact(self) -> Coverage:
        """The same counts, with only the mentions a report lists (not figures nor dates)."""
        return Coverage([m for m in self.mentions if m.status in LISTED_STATUSES], dict(self.counts()))

    def to_json(self) -> dict[str, Any]:
        """The compact coverage as JSON-ready data (for the per-document cache)."""
        compact = self.compact()
        return {"counts": compact.totals,
                "mentions": [[m.start, m.end, m.text, m.status, m.reason, m.before, m.after]
                             for m in compact.mentions]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Coverage:
        mentions = [NumberMention(int(s), int(e), str(t), str(st), str(r), str(b), str(a))
                    for s, e, t, st, r, b, a in data["mentions"]]
        return cls(mentions, {str(k): int(v) for k, v in data["counts"].items()})


class _Spans:
    """Labelled, possibly overlapping spans; which one (if any) overlaps [start, end)."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.reach: list[int] = []  # reach[i]: the largest end among spans[0..i]
        furthest = -1
        for _, e, _ in self.spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def find(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self.starts, end - 1)
        if i == 0 or self.reach[i - 1] <= start:
            return None  # no span that starts before `end` reaches `start`: the common case
        for s, e, label in reversed(self.spans[max(0, i - 20):i]):  # spans are short: look back a little
            if s < end and start < e:
                return label
        return None


def _word_number_starts(text: str) -> list[int]:
    """Where `_WORD_NUMBER_START` matches: found on the lower-cased text when that keeps every
    offset and every case-insensitive match the same."""
    if any(ch in text for ch in _CASE_ODDITIES):
        return [m.start() for m in _WORD_NUMBER_START.finditer(text)]
    lowered = lower_in_place(text)
    found = [0] if _WORD_NUMBER_AT_START.match(lowered) else []
    found += [m.start() + 1 for m in _WORD_NUMBER_AFTER_BREAK.finditer(lowered)]
    return found


def number_tokens(text: str) -> list[tuple[int, int]]:
    """The spans `NUMBER_TOKEN.finditer(text)` finds, in order. Each of its alternatives is tried
    only where a cheap scan says one may start (a first digit, a first number word) instead of
    at every character; a token starting inside the one before is dropped, as finditer would."""
    found = [m.span() for p in _DIGIT_START.finditer(text) if (m := _DIGIT_TOKEN.match(text, p.start()))]
    found += [m.span() for p in _word_number_starts(text) if (m := _WORD_TOKEN.match(text, p))]
    return leftmost_first(found, _itself)


def _itself(span: tuple[int, int]) -> tuple[int, int]:
    return span


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = " ".join(text[max(0, start - CONTEXT_CHARS):start].split())
    after = " ".join(text[end:end + CONTEXT_CHARS].split())
    return before, after


def _exclusion(text: str, start: int) -> str | None:
    """The exclusion rule that rejects what the extractor reads at `start`, if it reads anything."""
    found = reading_at(text, start)
    return excluded_by(text, start, found.end, found.reading) if found is not None else None


def coverage(text: str, extraction: Extraction, compact: bool = False) -> Coverage:
    """Every number token in `text`, classified against what `extract(text)` found."""
    return coverage_of_spans(
        text,
        figures=[(f.start, f.end, f.kind) for f in extraction.figures],
        dates=[(d.start, d.end, d.precision) for d in extraction.dates],
        byline=(extraction.byline.start, extraction.byline.end) if extraction.byline is not None else None,
        compact=compact,
        masked=extraction.masked,
    )


def coverage_of_spans(
    text: str,
    figures: list[tuple[int, int, str]],
    dates: list[tuple[int, int, str]],
    byline: tuple[int, int] | None = None,
    compact: bool = False,
    masked: list[Masked] | None = None,
) -> Coverage:
    """`coverage` from spans (start, end, label), e.g. the rows of a published release.

    `compact`: only the listed mentions (not figures nor dates), with the counts of every status
    in `totals` — what `Coverage.compact()` would give, without building the other mentions.
    `masked`: the text's non-figure spans when already known (`Extraction.masked`)."""
    figure_spans, date_spans = _Spans(figures), _Spans(dates)
    spans = [(m.start, m.end, m.reason) for m in (masked if masked is not None else non_figure_spans(text))]
    if byline is not None:
        spans.append((byline[0], byline[1], "byline"))
    non_figures = _Spans(spans)
    mentions = []
    totals: Counter[str] = Counter()
    for start, end in number_tokens(text):
        token = text[start:end]
        status, reason = "uncovered", "no rule reads it"
        if (found := figure_spans.find(start, end)) is not None:
            status, reason = "figure", found
        elif (found := date_spans.find(start, end)) is not None:
            status, reason = "date", found
        elif (found := non_figures.find(start, end)) is not None:
            status, reason = "non_figure", found
        elif any(ch.isdigit() and not ch.isascii() for ch in token):
            status, reason = "excluded", "non_ascii_digits"
        elif integer_digits(token) > MAX_NUMERAL_DIGITS:
            status, reason = "excluded", "numeral_too_long"
        elif (found := _exclusion(text, start)) is not None:
            status, reason = "excluded", found
        elif not token[:1].isdigit():
            # A number in words that no rule reads as a figure is ordinary prose ("one of the")
            # far more often than a missed figure.
            status, reason = "excluded", "word"
        totals[status] += 1
        if compact and status not in LISTED_STATUSES:
            continue
        before, after = _context(text, start, end)
        mentions.append(NumberMention(start, end, token, status, reason, before, after))
    return Coverage(mentions, dict(totals)) if compact else Coverage(mentions)
