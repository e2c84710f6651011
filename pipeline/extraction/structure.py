"""Sentences, headings and the byline of a document: the frame figures are read in."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.extraction.numbers import MAX_NUMERAL_DIGITS

#: Words that end with a period without ending a sentence.
ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "d.c", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "ave", "no", "inc",
    "co", "ltd", "corp", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "gov", "sen", "rep", "amb", "gen", "col", "lt", "est", "approx", "fig", "dept",
    "a.m", "p.m", "jr", "sr", "tel", "etc", "al",
}
#: A line break, or ".!?" (and closing quotes) then space before a capital: starts with a class.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9$]))")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0):
            words = text[max(start, m.start() - 30):m.start()].rsplit(None, 1)
            token = words[-1].lower().rstrip(".") if words else ""
            if token in ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        end = m.start() if m.group(0) == "\n" else m.start() + 1
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


class Sentences:
    """Finds the sentence around an offset in O(log n)."""

    def __init__(self, text: str) -> None:
        self.spans = sentence_spans(text)
        self.starts = [s for s, _ in self.spans]

    def around(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return (0, self.spans[0][1] if self.spans else 0)
        return self.spans[i]


@dataclass(frozen=True)
class Heading:
    """A heading line and the stretch of text it governs."""

    start: int
    end: int
    text: str
    section_end: int


_PARAGRAPH = re.compile(r"[^\n]+")
_DATE_LINE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2}[ .][A-Z][a-z]+\.?[ .]\d{4}|[A-Z][a-z]+ \d{4})"
)


def _is_heading(line: str, prev_blank: bool, next_blank: bool) -> bool:
    stripped = line.strip()
    if not stripped or not (prev_blank and next_blank):
        return False
    words = stripped.split()
    if len(words) > 14 or len(stripped) > 120:
        return False
    if stripped[-1] in ".,;:!" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if _DATE_LINE.fullmatch(stripped) or not re.search(r"[A-Za-z]{2}", stripped):
        return False
    return not re.fullmatch(r"[_\W]+", stripped)


def headings(text: str) -> list[Heading]:
    """Short standalone lines between blank lines (fact-sheet headings such as "Migration")."""
    lines = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    found: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(lines):
        prev_blank = i == 0 or "\n\n" in text[lines[i - 1][1]:s + 1] or text[lines[i - 1][1]:s].count("\n") > 1
        next_blank = i == len(lines) - 1 or text[e:lines[i + 1][0]].count("\n") > 1
        line = text[s:e]
        if _is_heading(line, prev_blank, next_blank):
            lead = len(line) - len(line.lstrip())
            found.append((s + lead, s + len(line.rstrip())))
    out: list[Heading] = []
    for i, (s, e) in enumerate(found):
        section_end = found[i + 1][0] if i + 1 < len(found) else len(text)
        out.append(Heading(s, e, text[s:e], section_end))
    return out


class Sections:
    """Finds the heading a figure falls under."""

    def __init__(self, found: list[Heading]) -> None:
        self.headings = found
        self.starts = [h.start for h in found]

    def at(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.headings[i].text if i >= 0 else None


_BYLINE = re.compile(r"^\((?P<inner>[^()\n]{0,300}?\bWords:\s*(?P<words>\d[\d,]*)[^()\n]{0,50})\)", re.M)


@dataclass(frozen=True)
class Byline:
    start: int
    end: int
    publisher: str | None
    declared_words: int | None


def byline(text: str) -> Byline | None:
    """The "(Bureau…, 16.Sep.2024, Words: 3,670)" line that wire copies of fact sheets carry."""
    m = _BYLINE.search(text)
    if not m:
        return None
    first = m.group("inner").split(",")[0].strip()
    publisher = first if first and not first[0].isdigit() and not first.startswith("Words") else None
    words = m.group("words").replace(",", "")
    declared = int(words) if len(words) <= MAX_NUMERAL_DIGITS else None  # a byline's, not a count
    return Byline(m.start(), m.end(), publisher, declared)
