"""Figures in a text: every rule tried where a number starts, the longest reading kept."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pipeline.extraction.context import YearIndex, qualifier, subject
from pipeline.extraction.dates import DateMention, Masked
from pipeline.extraction.rules import FIGURE_RULES, STARTS, Reading, Rule, excluded_by, rate_period
from pipeline.extraction.structure import Sections, Sentences


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    year: int | None
    subject: str
    section: str | None
    rule: str


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    reading: Reading


class _Blocked:
    """Spans (dates, URLs, addresses…) whose numbers are never figures; O(log n) lookup."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.spans = merged
        self.starts = [s for s, _ in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.spans[i][1] > start


def candidates(text: str, blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Non-overlapping rule matches, left to right; at each start the longest reading wins."""
    spans = _Blocked(blocked)
    found: list[Candidate] = []
    position = 0
    for start_match in STARTS.finditer(text):
        start = start_match.start()
        if start < position:
            continue
        best: Candidate | None = None
        for rule in FIGURE_RULES:
            m = rule.pattern.match(text, start)
            if m is None or m.end() <= start:
                continue
            if best is not None and m.end() <= best.end:
                continue
            reading = rule.read(m)
            if reading is not None:
                best = Candidate(start, m.end(), rule, reading)
        if best is None or spans.overlaps(best.start, best.end):
            continue
        if excluded_by(text, best.start, best.end, best.reading) is not None:
            continue
        found.append(best)
        position = best.end
    return found


def extract_figures(
    text: str,
    dates: list[DateMention],
    masked: list[Masked],
    sentences: Sentences,
    sections: Sections,
    metadata: list[tuple[int, int]],
) -> list[Figure]:
    """Every figure in the text, with its qualifier, year, subject and section."""
    blocked = [(d.start, d.end) for d in dates] + [(m.start, m.end) for m in masked] + metadata
    years = YearIndex(dates, metadata)
    figures: list[Figure] = []
    for c in candidates(text, blocked):
        reading = c.reading
        unit = reading.unit
        period = rate_period(text, c.end, reading.kind)
        if period:
            unit = f"{unit}/{period}"
        sentence = sentences.around(c.start)
        figures.append(
            Figure(
                start=c.start,
                end=c.end,
                text=text[c.start:c.end],
                kind=reading.kind,
                value=reading.value,
                value_max=reading.value_max,
                unit=unit,
                qualifier="at_most" if c.rule.name == "rank_top_n" else qualifier(text, c.start, c.end),
                year=years.year_for(sentence, c.start, c.end),
                subject=subject(text, reading.kind, c.start, c.end, sentence),
                section=sections.at(c.start),
                rule=c.rule.name,
            )
        )
    return figures
