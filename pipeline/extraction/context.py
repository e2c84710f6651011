"""What the words around a figure say about it: qualifier and reference year."""

from __future__ import annotations

import bisect
import re

from pipeline.extraction.dates import DateMention
from pipeline.extraction.vocabulary import QUALIFIER_WORDS

_QUALIFIER_OF = {tuple(phrase.split()): q for q, phrases in QUALIFIER_WORDS.items() for phrase in phrases}
_LONGEST_PHRASE = max(len(words) for words in _QUALIFIER_OF)
_QUALIFIER_AFTER = re.compile(
    r"(?P<approx>\s?\((?:\d{4}\s)?(?:est\.|estimated|approx\.)\)|\s?\(e\))|(?P<at_least>\+)(?!\d)"
)


def qualifier(text: str, start: int, end: int) -> str:
    """exact, approx, at_least or at_most, from the words right before (or a mark right after)."""
    before = text[max(0, start - 40):start]
    if before[-1:].isspace():
        words = [w.lstrip("([{\"'“‘") for w in before.lower().split()[-_LONGEST_PHRASE - 1:]]
        if words and words[-1] == "the":
            words.pop()  # "over the 40 years": the qualifier still binds
        for n in range(min(_LONGEST_PHRASE, len(words)), 0, -1):
            found = _QUALIFIER_OF.get(tuple(words[-n:]))
            if found:
                return found
    after = _QUALIFIER_AFTER.match(text, end, min(len(text), end + 16))
    if after:
        return after.lastgroup or "exact"
    return "exact"


class YearIndex:
    """The years a document states, to find the one a figure's own sentence refers to."""

    def __init__(self, mentions: list[DateMention], excluded: list[tuple[int, int]]) -> None:
        usable = [
            m for m in mentions
            if m.role in ("point", "range_end") and not any(s <= m.start < e for s, e in excluded)
        ]
        self.mentions = sorted(usable, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def year_for(self, sentence: tuple[int, int], start: int, end: int) -> int | None:
        """The year stated nearest the figure within its sentence; None if none is stated."""
        # Mentions never overlap a figure, so the nearest is just before or just after it.
        i = bisect.bisect_left(self.starts, start)
        best: tuple[int, int] | None = None
        for j in (i - 1, i):
            if 0 <= j < len(self.mentions):
                m = self.mentions[j]
                if not sentence[0] <= m.start < sentence[1]:
                    continue
                distance = start - m.end if m.end <= start else m.start - end
                if best is None or distance <= best[0]:  # a tie goes to the year after: "… to 128 million in 2020"
                    best = (distance, m.year)
        return best[1] if best else None
