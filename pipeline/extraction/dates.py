"""Calendar dates and years mentioned in a text, and spans that hold no figures at all.

Dates are a table of their own and also tell the figure extractor which numbers are time
references ("in 2023", "16.Sep.2024", "April 5, 2020") and which year a figure refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extraction.spans import SpanIndex, leftmost_first
from pipeline.extraction.vocabulary import FIRST_YEAR, LABEL_WORDS, LAST_YEAR

MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
MONTH_ABBREVIATIONS = ("Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Every alternative starts with a literal letter, so `re` skips ahead to J/F/M/A/S/O/N/D in C.
_MONTH = "(?:" + "|".join([*MONTH_NAMES, *(rf"{a}\.?" for a in MONTH_ABBREVIATIONS)]) + ")"
#: Four digits; whether they are a year in range is `_year`'s call (one range: vocabulary).
_YEAR = r"[0-9]{4}"
_UNIT_AFTER = (
    r"\s?(?:%|percent|per cent|million|billion|thousand|bn|mn|miles?|kilomet|km|barrels?|tons?"
    r"|people|persons|students|acres|hectares|feet|meters|years|months|days|hours)"
)
#: At a digit not preceded by a word character, a point, comma, slash or currency sign.
_DIGIT_START = r"[0-9](?<![\w.,/$€£]\d)"

# Each pattern below begins with a literal or a character class, so `re` scans for its first
# character in C and tries the full pattern only there: linear and fast on any text.
_DIGIT_DATE = re.compile(
    _DIGIT_START
    + rf"(?:(?P<dmy>\d?(?:\.|\s+)(?P<m1>{_MONTH})(?:\.|,?\s+)(?P<y1>{_YEAR})\b)"
    r"|(?P<iso>\d{3}-(?P<m4>0[1-9]|1[0-2])-(?P<d4>[0-3]\d)\b)"
    r"|(?P<us>\d?/(?P<d5>[0-3]?\d)/(?P<y5>\d{4})\b)"
    rf"|(?P<yr>\d{{3}}(?![\w]|[.,]\d|{_UNIT_AFTER}\b))(?:(?P<ysep>\s?[-–]\s?)(?P<y9>\d{{4}}|\d\d)(?![\w]|[.,]\d))?)"
)
_MONTH_DATE = re.compile(
    rf"(?P<m>{_MONTH})(?:\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b|,?\s+(?P<ym>{_YEAR})\b)"
)
#: "FY2023", "FY 2023", "Fiscal Year 2023" ("fiscal year 2023" is found as the year itself).
_FISCAL_DATE = re.compile(rf"F(?:Y\s?|iscal\s+[Yy]ear\s+)(?P<y>{_YEAR})\b")

_ADDRESS_SUFFIX = (
    r"(?:Avenue|Ave|Street|St|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|Parkway|Pkwy"
    r"|Highway|Hwy|Plaza|Square|Terrace)"
)
#: Spans that hold numbers but never figures: URLs, e-mail, phones, addresses, times, bylines.
_MASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"https?://[^\s<>()\"]++|www\.[^\s<>()\"]++")),
    ("domain", re.compile(r"\.(?:gov|com|org|edu|int|net|mil)(?![\w])(?:/[^\s<>()\"]*+)?")),
    ("email", re.compile(r"@[\w-]++(?:\.[\w-]++)++")),
    ("phone", re.compile(
        r"\+\d{1,3}(?:[\s.-]?\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{4}\b|(?:[\s.-]\d{1,4}){2,5}\b)"
        r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{4}\b"
    )),
    ("digits", re.compile(
        _DIGIT_START
        + r"(?:(?P<phone>\d\d[\s.-]\d{3,4}[\s.-]\d{4}\b)"
        + rf"|(?P<address>\d{{0,4}}\s+(?:[A-Z][\w.'-]*+\s+){{1,4}}{_ADDRESS_SUFFIX}\b\.?(?:\s+(?:NW|NE|SW|SE)\b)?)"
        + r"|(?P<time>\d?(?::\d{2})?\s?(?:[ap]\.m\.|[AP]M\b|[ap]m\b)|\d?:\d{2}\b)"
        + r"|(?P<citation>\d*+\s+(?:U\.S\.C\.|C\.F\.R\.|CFR|USC|Stat\.)(?:\s*§*\s*\d+)?)"
        + rf"|(?P<day_of_month>\d?(?:st|nd|rd|th)?\s+{_MONTH}(?![\w])))"
    )),
    ("postcode", re.compile(r"[A-Z](?:\.C\.|[A-Z])\s+\d{5}(?:-\d{4})?\b")),
    #: "Dec. 16, 30 volunteers": a count after the day's comma is no year and no digit of the day.
    ("day_of_month", re.compile(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![,.]\d|[,.]?\s?\d{{4}}\b)")),
    #: Only the first "§" of a run starts a match: a run of n signs is scanned once, not n times
    #: (the lookbehind after the literal keeps `re`'s fast scan for "§").
    ("citation", re.compile(r"§(?<!§§)§*+\s*\d[\d.()a-z-]*+")),
    ("byline", re.compile(r"Words:\s*\d[\d,]*+")),
)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+")


#: Masks whose digits cannot be dates ("202-728-1600", "1911 Pennsylvania Ave.").
_HIDES_DATES = {"url", "email", "phone", "address", "postcode", "citation", "time"}


@dataclass(frozen=True)
class DateMention:
    """One calendar date or year in a text."""

    start: int
    end: int
    text: str
    iso_date: str
    precision: str  # day | month | year
    year: int
    role: str  # point | range_start | range_end | open_start | baseline


@dataclass(frozen=True)
class Masked:
    start: int
    end: int
    reason: str


def _extend_left(text: str, start: int) -> int:
    """Back over the host or mailbox name before ".gov" or "@" (a bounded walk)."""
    i = start
    while i > 0 and start - i < 256 and text[i - 1] in _HOST_CHARS:
        i -= 1
    return i


def _letter_before(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isalpha()


#: The url mask's two branches apart: each begins with a literal ("http", "www."), which `re`
#: finds by a fast search, where the alternation scans for either first letter.
_URL_BRANCHES = (re.compile(r"https?://[^\s<>()\"]++"), re.compile(r"www\.[^\s<>()\"]++"))


def _url_matches(text: str) -> list[re.Match[str]]:
    """The url mask's matches, as its `finditer` finds them: leftmost first, none overlapping. Both
    branches run to the end of the same non-space run, so one overlapping another ends where it
    ends, and keeping the leftmost of each overlap loses nothing the alternation would find."""
    return leftmost_first((m for branch in _URL_BRANCHES for m in branch.finditer(text)), _span_of)


def non_figure_spans(text: str) -> list[Masked]:
    """URLs, phone numbers, addresses and the like, whose digits are never figures."""
    found: list[Masked] = []
    for reason, pattern in _MASKS:
        for m in _url_matches(text) if reason == "url" else pattern.finditer(text):
            start = m.start()
            if reason in ("domain", "email"):
                start = _extend_left(text, start)
                if start == m.start():
                    continue
                reason_here = "url" if reason == "domain" else reason
            elif reason == "digits":
                reason_here = m.lastgroup or reason
            elif reason in ("postcode", "day_of_month") and _letter_before(text, start):
                continue
            else:
                reason_here = reason
            found.append(Masked(start, m.end(), reason_here))
    found.sort(key=lambda x: (x.start, -x.end))
    return found


def _mention(text: str, start: int, end: int, year: int, month: int | None, day: int | None) -> DateMention:
    if day is not None and month is not None:
        iso, precision = f"{year:04d}-{month:02d}-{day:02d}", "day"
    elif month is not None:
        iso, precision = f"{year:04d}-{month:02d}", "month"
    else:
        iso, precision = f"{year:04d}", "year"
    return DateMention(start, end, text[start:end], iso, precision, year, "point")


def _month(name: str) -> int:
    return MONTH_NUMBERS[name.rstrip(".").lower()]


def _valid_day(year: int, month: int, day: int) -> bool:
    import calendar

    return 1 <= day <= calendar.monthrange(year, month)[1]


def _year(digits: str) -> int | None:
    year = int(digits)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


#: "Suite 2150", "Item 1999:", "No. 2024", "#1850": a label's number, not a year.
_LABEL_BEFORE = re.compile(r"(?:#|\b(?P<word>[A-Za-z]+)\.?)\s{0,3}$")


def _labelled(text: str, start: int) -> bool:
    """Whether the number at `start` follows a label word or a number sign."""
    m = _LABEL_BEFORE.search(text, max(0, start - 24), start)
    return m is not None and (m.group("word") is None or m.group("word").lower() in LABEL_WORDS)


def extract_dates(text: str, masked: list[Masked] | None = None) -> list[DateMention]:
    """Every date or year mention, in text order, with its role in a range ("2008 and 2024")."""
    blocked = SpanIndex([(b.start, b.end) for b in (masked if masked is not None else non_figure_spans(text))
                         if b.reason in _HIDES_DATES])
    mentions: list[DateMention] = []
    for m in _DIGIT_DATE.finditer(text):
        start = m.start()
        if blocked.overlaps(start, m.end()):
            continue
        if m.group("dmy") is not None:
            year, month = _year(m.group("y1")), _month(m.group("m1"))
            day = int(text[start:m.start("m1")].strip(". \r\n\t"))
            if year is not None and _valid_day(year, month, day):
                mentions.append(_mention(text, start, m.end(), year, month, day))
        elif m.group("iso") is not None or m.group("us") is not None:
            if m.group("iso") is not None:
                y, mo, d = _year(text[start:start + 4]), int(m.group("m4")), int(m.group("d4"))
            else:
                y, mo, d = _year(m.group("y5")), int(text[start:m.start("d5") - 1]), int(m.group("d5"))
            if y is not None and 1 <= mo <= 12 and _valid_day(y, mo, d):
                mentions.append(_mention(text, start, m.end(), y, mo, d))
        else:
            first = _year(text[start:m.end("yr")])
            if first is None or _labelled(text, start):
                continue
            mentions.append(_mention(text, start, m.end("yr"), first, None, None))
            if m.group("y9"):
                y9 = m.group("y9")
                second = int(y9) if len(y9) == 4 else first // 100 * 100 + int(y9)
                if second > first and _year(str(second)) is not None:
                    mentions.append(_mention(text, m.start("y9"), m.end("y9"), second, None, None))
    for m in _MONTH_DATE.finditer(text):
        if _letter_before(text, m.start()) or blocked.overlaps(m.start(), m.end()):
            continue
        month = _month(m.group("m"))
        if m.group("d") is not None:
            year, day = _year(m.group("y")), int(m.group("d"))
            if year is not None and _valid_day(year, month, day):
                mentions.append(_mention(text, m.start(), m.end(), year, month, day))
        elif (year := _year(m.group("ym"))) is not None:
            mentions.append(_mention(text, m.start(), m.end(), year, month, None))
    for m in _FISCAL_DATE.finditer(text):
        if not _letter_before(text, m.start()) and (year := _year(m.group("y"))) is not None:
            mentions.append(_mention(text, m.start(), m.end(), year, None, None))
    return _with_roles(text, _without_overlaps(mentions))


def _without_overlaps(mentions: list[DateMention]) -> list[DateMention]:
    """The longest mention wins where two overlap ("1 Jul. 2020" over "2020")."""
    return leftmost_first(mentions, _span_of_mention)


def _span_of(m: re.Match[str]) -> tuple[int, int]:
    return m.span()


def _span_of_mention(d: DateMention) -> tuple[int, int]:
    return d.start, d.end


_RANGE_JOIN = re.compile(r"\s?[-–]\s?|\s++(?:and|to|through|until)\s+")
_RANGE_OPENER = re.compile(r"(?i:\b(?:between|from)\s+(?:(?:the\s+)?(?:end|start|beginning)\s+of\s+)?)$")
#: "a 4.5% increase from 2021", "up 17 percent over 2022": the year compared against.
_BASELINE = re.compile(r"(?i:\b(?:over|from|than|compared\s+(?:to|with)|relative\s+to|versus|vs\.)\s+(?:the\s+)?)$")
_OPEN_START = re.compile(
    r"(?i:\bsince\s+(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+"
    r"|(?:its|the|their|his|her)\s+(?:founding|establishment|creation|inception|launch|start|arrival)\s+in\s+)?"
    r"(?:late\s+|early\s+)?)$"
)


def _with_roles(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Mark "since 2018" as an open start and "between 2008 and 2024" as a range."""
    out = list(mentions)
    for i, mention in enumerate(out):
        before = text[max(0, mention.start - 40):mention.start]
        if _OPEN_START.search(before):
            out[i] = _replace_role(mention, "open_start")
        elif _BASELINE.search(before):
            out[i] = _replace_role(mention, "baseline")
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end:b.start]
        if not _RANGE_JOIN.fullmatch(gap) or b.year <= a.year or a.role == "open_start":
            continue
        is_dash = gap.strip() in ("-", "–")
        if is_dash or _RANGE_OPENER.search(text[max(0, a.start - 40):a.start]):
            out[i] = _replace_role(a, "range_start")
            out[i + 1] = _replace_role(b, "range_end")
    return out


def _replace_role(m: DateMention, role: str) -> DateMention:
    return DateMention(m.start, m.end, m.text, m.iso_date, m.precision, m.year, role)
