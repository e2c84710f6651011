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
#: A line break (LF, CR or CRLF: the CR ends it, the LF then adds an empty stretch), or ".!?"
#: (and closing quotes) then space before a capital: starts with a class.
#: Also a period glued to the next sentence's first word ("land rights.This compact"): a lower-case
#: word before it, a capitalised word after it (so "U.S." and "e.g." never match).
_SENTENCE_END = re.compile(
    r"[.!?\r\n](?:(?<=[\r\n])|[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9$])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]{2,}\b))"
)
_LINE_BREAKS = ("\r", "\n")
#: Not text, though `str.strip` keeps it: a byte-order mark that a decoder left in place.
_BOM = "\ufeff"
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends one."""
    spans: list[tuple[int, int]] = []
    start = 1 if text.startswith(_BOM) else 0  # the mark is no part of the first sentence
    for m in _SENTENCE_END.finditer(text):
        found = m.group(0)
        if "\n" not in found and "\r" not in found:
            words = text[max(start, m.start() - 30):m.start()].rsplit(None, 1)
            token = words[-1].lower().rstrip(".") if words else ""
            if token in ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        end = m.start() if found in _LINE_BREAKS else m.start() + 1
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
#: Lines of a text that also breaks lines with CR (CRLF, or CR alone); slower to scan for.
_PARAGRAPH_CR = re.compile(r"[^\r\n]+")


def _blank_between(gap: str) -> bool:
    """Whether the stretch between two lines holds a blank line, written LF, CRLF or CR."""
    if "\r" not in gap:
        return gap.count("\n") > 1
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1


def _trimmed(line: str) -> str:
    stripped = line.strip()
    return stripped.lstrip(_BOM).lstrip() if stripped[:1] == _BOM else stripped


_DATE_LINE = re.compile(
    r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2}[ .][A-Z][a-z]+\.?[ .]\d{4}|[A-Z][a-z]+ \d{4})"
)


def _is_heading(line: str) -> bool:
    """Whether a line that stands between blank lines reads as a heading."""
    stripped = _trimmed(line)
    if not stripped or len(stripped) > 120:  # before splitting: most lines are paragraphs
        return False
    if len(stripped.split()) > 14:
        return False
    if stripped[-1] in ".,;:!" or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    if _DATE_LINE.fullmatch(stripped) or not re.search(r"[A-Za-z]{2}", stripped):
        return False
    return not re.fullmatch(r"[_\W]+", stripped)


def headings(text: str) -> list[Heading]:
    """Short standalone lines between blank lines (fact-sheet headings such as "Migration")."""
    lines = [(m.start(), m.end()) for m in (_PARAGRAPH_CR if "\r" in text else _PARAGRAPH).finditer(text)]
    found: list[tuple[int, int]] = []
    # blank_after[i]: a blank line (or the end of the text) follows line i
    blank_after = [_blank_between(text[e:lines[i + 1][0]]) for i, (_, e) in enumerate(lines[:-1])] + [True]
    for i, (s, e) in enumerate(lines):
        if not (blank_after[i] and (i == 0 or blank_after[i - 1])):
            continue
        line = text[s:e]
        if _is_heading(line):
            lead = len(line) - len(line.lstrip().lstrip(_BOM).lstrip())
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


_BYLINE = re.compile(
    r"(?:^|(?<=\r))\ufeff?\((?P<inner>[^()\r\n]{0,300}?\bWords:\s*(?P<words>\d[\d,]*)[^()\r\n]{0,50})\)", re.M
)


@dataclass(frozen=True)
class Byline:
    start: int
    end: int
    publisher: str | None
    declared_words: int | None


def byline(text: str) -> Byline | None:
    """The "(Bureau…, 16.Sep.2024, Words: 3,670)" line that wire copies of fact sheets carry."""
    # The pattern starts at any line start, so `re` cannot skip ahead: a text without its
    # literal "Words:" (most texts) is answered by one fast substring test instead of a scan.
    m = _BYLINE.search(text) if "Words:" in text else None
    if not m:
        return None
    first = m.group("inner").split(",")[0].strip()
    publisher = first if first and not first[0].isdigit() and not first.startswith("Words") else None
    words = m.group("words").replace(",", "")
    declared = int(words) if len(words) <= MAX_NUMERAL_DIGITS else None  # a byline's, not a count
    return Byline(m.start("inner") - 1, m.end(), publisher, declared)
