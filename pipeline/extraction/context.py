"""What the words around a figure say about it: qualifier and reference year."""

from __future__ import annotations

import bisect
import itertools
import re

from pipeline.extraction.dates import DateMention
from pipeline.extraction.vocabulary import APPROX_ADJECTIVES, QUALIFIER_WORDS

_QUALIFIER_OF = {tuple(phrase.split()): q for q, phrases in QUALIFIER_WORDS.items() for phrase in phrases}
_LONGEST_PHRASE = max(len(words) for words in _QUALIFIER_OF)
#: Qualifier words that are also prepositions joining a figure to the one before it.
_PREPOSITIONS = frozenset({"over", "under", "above", "below", "beyond"})
#: The last word of a figure: a numeral, a scale word, a unit or a currency word.
_FIGURE_END = re.compile(r"(?:\d|million|billion|thousand|trillion|percent|%|dollars|euros|tons|barrels)\W*$")
#: "an estimated cost of $120 million", "the estimated value of the cargo is $4 million": the
#: estimate names the thing the figure is the amount of, a few words before it.
_ESTIMATED_OF = re.compile(
    rf"\b(?:an?|the)\s+(?:{'|'.join(APPROX_ADJECTIVES)})\s+(?:[a-z-]+\s+){{1,3}}"
    r"(?:of\s+(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){1,3})?(?:of|is|was|are|were|stands\s+at|stood\s+at)\s+"
    r"(?:about\s+|some\s+)?$",
    re.IGNORECASE,
)
#: How the words before a figure end when an estimate may govern it (a cheap test before the search).
_ESTIMATE_ENDS = ("of", "about", "some", "is", "was", "are", "were", "at")
_QUALIFIER_AFTER = re.compile(
    r"(?P<approx>\s?\((?:\d{4}\s)?(?:est\.|estimated|approx\.)\)|\s?\(e\))|(?P<at_least>\+)(?!\d)"
)


def qualifier(text: str, start: int, end: int) -> str:
    """exact, approx, at_least or at_most, from the words right before (or a mark right after).

    A qualifier binds to one figure: in "more than $165 million over five years" the "over"
    joins the years to the amount, so the five years are exact.
    """
    before = text[max(0, start - 60):start]
    if before[-1:].isspace():
        words = [w.lstrip("([{\"'“‘") for w in before.lower().split()[-_LONGEST_PHRASE - 3:]]
        if words and words[-1] == "the":
            words.pop()  # "over the 40 years": the qualifier still binds
        for n in range(min(_LONGEST_PHRASE, len(words)), 0, -1):
            found = _QUALIFIER_OF.get(tuple(words[-n:]))
            if found:
                if n == 1 and words[-1] in _PREPOSITIONS and len(words) > 1 and _FIGURE_END.search(words[-2]) \
                        and not words[-2].endswith((",", ";", ":")):
                    # "$165 million over five years": a preposition between two figures ("In 2016,
                    # over 16,000": after a clause's comma it is the figure's own qualifier)
                    return "exact"
                return found
        # "an estimated cost of", "the estimated value … is": searched only after such an ending
        if before.rstrip()[-8:].lower().endswith(_ESTIMATE_ENDS) and _ESTIMATED_OF.search(before):
            return "approx"
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
        #: The start of each range by the offset of its end: "From 1999 to 2011" -> 1999.
        ordered = sorted(mentions, key=lambda m: m.start)
        self.range_start_of = {
            b.start: a.year for a, b in itertools.pairwise(ordered)
            if a.role == "range_start" and b.role == "range_end"
        }

    def year_for(self, sentence: tuple[int, int], start: int, end: int, text: str, clause: tuple[int, int],
                 next_figure: int | None = None) -> int | None:
        """The year stated nearest the figure within its clause; None if none is stated.

        A year binds to its own clause ("every six years – the first is due in 2026": the six
        years have no year), unless it frames the whole sentence ("In 2023, …", "During Fiscal
        Year 2019, …"). A year that ends the "from" part of a change ("from third in 2017 to
        seventh in 2018") is not the year of the figure after "to". A year after the figure a change
        goes to or from (`next_figure`: its start) is that figure's: in "$33.8 billion, up from
        $27.4 billion in 2020" and "from $12.3 billion to $48 billion in 2015" only the second
        figure takes the year.
        """
        low, high = clause
        # Mentions never overlap a figure, so the nearest is just before or just after it.
        i = bisect.bisect_left(self.starts, start)
        if next_figure is not None:
            high = min(high, next_figure)
        usable = [m for m in self._around(i, low, high) if not (text and _not_a_reference(text, m))]
        near = [m for m in usable if m.start < start][-1:] + [m for m in usable if m.start > start][:1]
        if len(near) == 2 and text and _CHANGE_TO.fullmatch(text, near[0].end, start):
            near = near[1:]  # "from third in 2017 to the seventh largest in 2018": 2018
        best: tuple[int, int] | None = None
        for m in near:
            distance = start - m.end if m.end <= start else m.start - end
            if best is None or distance <= best[0]:  # a tie goes to the year after: "… to 128 million in 2020"
                year = _split_year_end(text, m) if text else m.year
                if m.start in self.range_start_of and text and _CHANGE_FROM.search(text, max(0, start - 12), start) \
                        and _CHANGE_TO_AFTER.match(text, end):
                    year = self.range_start_of[m.start]  # "From 1999 to 2011, … fell from 62 million to 31 million"
                best = (distance, year)
        if best is None and text:
            return self._framing_year(text, sentence, low)
        return best[1] if best else None

    def _around(self, i: int, low: int, high: int) -> list[DateMention]:
        """Up to three usable mentions in [low, high) on each side of index i, in text order."""
        window = self.mentions[max(0, i - 3):i + 3]
        return [m for m in window if low <= m.start < high]

    def _framing_year(self, text: str, sentence: tuple[int, int], clause_start: int) -> int | None:
        """The year of a sentence's opening phrase ("In 2023, …", "As of June 2024, …")."""
        opener = _OPENER_PHRASE.match(text, sentence[0], sentence[1])
        if opener is None or text[clause_start:opener.end()].strip():  # the opener must end before the clause
            return None
        i = bisect.bisect_left(self.starts, sentence[0])
        if i < len(self.mentions) and self.mentions[i].end <= opener.end():
            return self.mentions[i].year
        return None


#: "since the pact took effect in 2001": an open start, like "since 2001", is no reference year.
_SINCE_EVENT_IN = re.compile(r"\bsince\b[^,.;:]{0,60}\bin\s+$", re.IGNORECASE)
#: "the 2019 floods": a year naming an event; "the 2023 fiscal year" still names a period.
_EVENT_YEAR_AFTER = re.compile(r"\s+(?!(?:fiscal|calendar|marketing|crop|school|academic|budget|tax)\b)[a-z]")
_THE_BEFORE = re.compile(r"\b(?:the|its|their)\s+$", re.IGNORECASE)
#: "MY 2024/25", "2023/24": a split year is its end year.
_SPLIT_YEAR = re.compile(r"/(\d\d)\b")


def _not_a_reference(text: str, m: DateMention) -> bool:
    before = text[max(0, m.start - 70):m.start]
    if _SINCE_EVENT_IN.search(before):
        return True
    return bool(_THE_BEFORE.search(before) and m.text.isdigit() and _EVENT_YEAR_AFTER.match(text, m.end))


def _split_year_end(text: str, m: DateMention) -> int:
    split = _SPLIT_YEAR.match(text, m.end)
    if split is None:
        return m.year
    end = m.year - m.year % 100 + int(split.group(1))
    return end if end > m.year else end + 100


#: A change's first figure ("fell from 62 million to 31 million") and what follows it.
_CHANGE_FROM = re.compile(r"\bfrom\s+(?:about\s+|some\s+|nearly\s+)?$", re.IGNORECASE)
_CHANGE_TO_AFTER = re.compile(r"\s+to\s+")


#: Where a clause ends: a semicolon, a spaced or em dash (not one between numbers: "2015 - 2019"),
#: or a comma before a new clause's opener.
_CLAUSE_BREAK = re.compile(
    r";|(?<!\d)\s[–—-]\s(?!\d)|(?<!\d)—(?!\d)|,\s+(?:while|but|whereas|when|which|although|though|as)\b"
)
#: The gap between the year ending a change's "from" part and the figure after it: "in 2017 to the".
_CHANGE_TO = re.compile(r"\s+(?:to|through)\s+(?:the\s+|a\s+)?")
#: A sentence's opening phrase up to its comma: "In 2023,", "During Fiscal Year 2019,", "As of June 2024,".
#: A dateline before a dash frames its line too: "May 3, 2012 — Agents seize …".
_OPENER_PHRASE = re.compile(
    r"\s*(?:(?:In|During|As\s+of|By|For|Through|At\s+the\s+end\s+of|Throughout)\s+[^,.;]{1,40}?,"
    r"|[^.;\n]{0,20}\b\d{4}\s*[—–-]\s)"
)


#: A dash break right before a digit: not a break inside the text ("2015 – 2019"), but one when the
#: figure starts at the digit ("trade – 5 million"): the figure's start ends the window searched.
_DASH_BEFORE_DIGIT = re.compile(r"(?<!\d)\s[–—-]\s(?=\d)|(?<!\d)—(?=\d)")


#: Where a clause break can start: its punctuation (a spaced dash is checked from the space before
#: it). The look-arounds after the class drop most commas and hyphens in C ("1,234", "two-way").
_BREAK_MARK = re.compile(
    r"[;,–—-](?:(?<=[;—])|(?<=\s[–-])|(?<=,)(?=\s+(?:while|but|whereas|when|which|although|though|as)\b))"
)


class Clauses:
    """Every clause break of a text, found in one scan, so a figure's clause is two bisections.

    The scan visits only the punctuation a break holds and checks `_CLAUSE_BREAK` there, which
    is four times cheaper than running `_CLAUSE_BREAK` over the whole text.
    """

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before_digit: dict[int, int] = {}
        last = -1
        for mark in _BREAK_MARK.finditer(text):
            p = mark.start()
            if p < last:
                continue
            q = p - 1 if text[p] in "–—-" and p and text[p - 1].isspace() else p
            if text[p] in "–—-":
                glued = _DASH_BEFORE_DIGIT.match(text, q) or _DASH_BEFORE_DIGIT.match(text, p)
                if glued is not None:
                    self.before_digit[glued.end()] = glued.start()
            found = _CLAUSE_BREAK.match(text, q) or (_CLAUSE_BREAK.match(text, p) if q != p else None)
            if found is None:
                continue
            self.starts.append(found.start())
            self.ends.append(found.end())
            last = found.end()

    def around(self, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
        """The clause of `sentence` holding text[start:end]: from the last break before it
        (within 300 characters) to the first break after it (within 300 characters)."""
        low, high = sentence
        window_start = max(low, start - 300)
        i = bisect.bisect_right(self.ends, start) - 1
        if i >= 0 and self.starts[i] >= window_start:
            low = self.ends[i]
        glued = self.before_digit.get(start)
        if glued is not None and glued >= window_start:
            low = start
        j = bisect.bisect_left(self.starts, end)
        if j < len(self.starts) and self.ends[j] <= min(high, end + 300):
            high = self.starts[j]
        return low, high
