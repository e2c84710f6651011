"""Calendar dates and years mentioned in a text, and spans that hold no figures at all.

Dates are a table of their own and also tell the figure extractor which numbers are time
references ("in 2023", "16.Sep.2024", "April 5, 2020") and which year a figure refers to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_YEAR = r"(?:1[7-9]\d\d|20\d\d|21\d\d)"
_UNIT_AFTER = (
    r"\s?(?:%|percent|per cent|million|billion|thousand|bn|mn|miles?|kilomet|km|barrels?|tons?"
    r"|people|persons|students|acres|hectares|feet|meters|years|months|days|hours)"
)

DATE_PATTERN = re.compile(
    rf"(?P<dmy>(?P<d1>[0-3]?\d)(?:\.|\s+)(?P<m1>{_MONTH})(?:\.|,?\s+)(?P<y1>{_YEAR})\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH})\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH}),?\s+(?P<y3>{_YEAR})\b)"
    rf"|(?P<iso>\b(?P<y4>{_YEAR})-(?P<m4>0[1-9]|1[0-2])-(?P<d4>[0-3]\d)\b)"
    rf"|(?P<us>\b(?P<m5>1[0-2]|0?[1-9])/(?P<d5>[0-3]?\d)/(?P<y5>{_YEAR})\b)"
    rf"|(?P<fy>\bFY\s?(?P<y6>{_YEAR})\b|\b(?i:fiscal\s+year)\s+(?P<y7>{_YEAR})\b)"
    rf"|(?P<yr>(?<![\w$€£.,/])(?P<y8>{_YEAR})(?![\w]|[.,]\d|{_UNIT_AFTER}\b)"
    rf"(?:(?P<ysep>\s?[-–]\s?)(?P<y9>{_YEAR}|\d\d)(?![\w]|[.,]\d))?)"
)

#: Spans that hold numbers but never figures: URLs, e-mail, phones, addresses, times, bylines.
NON_FIGURE_PATTERN = re.compile(
    # Each alternative can start only at the start of a run of its characters (a lookbehind or
    # a fixed prefix) and uses possessive repeats, so a long run is scanned once, not per start.
    r"(?P<url>\b(?:https?://|www\.)[^\s<>()\"]++"
    r"|(?<![\w.-])[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++(?<=\.gov|\.com|\.org|\.edu|\.int|\.net)"
    r"(?:/[^\s<>()\"]*+)?)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++)"
    r"|(?P<phone>(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{3}[\s.-])\d{3,4}[\s.-]\d{4}\b"
    r"|\+\d{1,3}(?:[\s.-]\d{1,4}){2,5}\b)"
    r"|(?P<address>\b\d{1,5}\s+(?:[A-Z][\w.'-]*+\s+){1,4}(?:Avenue|Ave|Street|St|Boulevard|Blvd|Road|Rd"
    r"|Drive|Dr|Lane|Ln|Way|Place|Pl|Court|Ct|Parkway|Pkwy|Highway|Hwy|Plaza|Square|Terrace)\b\.?"
    r"(?:\s+(?:NW|NE|SW|SE)\b)?)"
    r"|(?P<postcode>(?:\b[A-Z]{2}|\bD\.C\.)\s+\d{5}(?:-\d{4})?\b)"
    rf"|(?P<day_of_month>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?![\w])|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![,.]?\d))"
    r"|(?P<time>\b\d{1,2}(?::\d{2})?\s?(?:[ap]\.m\.|[AP]M\b|[ap]m\b)|\b\d{1,2}:\d{2}\b)"
    r"|(?P<citation>\b\d++\s+(?:U\.S\.C\.|C\.F\.R\.|CFR|USC|Stat\.)(?:\s*§*\s*\d+)?|§+\s*\d[\d.()a-z-]*+)"
    r"|(?P<byline>\bWords:\s*\d[\d,]*+)"
)


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


def non_figure_spans(text: str) -> list[Masked]:
    """URLs, phone numbers, addresses and the like, whose digits are never figures."""
    return [Masked(m.start(), m.end(), m.lastgroup or "masked") for m in NON_FIGURE_PATTERN.finditer(text)]


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


def extract_dates(text: str, masked: list[Masked] | None = None) -> list[DateMention]:
    """Every date or year mention, in text order, with its role in a range ("2008 and 2024")."""
    blocked = masked if masked is not None else non_figure_spans(text)
    mentions: list[DateMention] = []
    for m in DATE_PATTERN.finditer(text):
        if any(b.start < m.end() and m.start() < b.end for b in blocked if b.reason in _HIDES_DATES):
            continue
        g = m.groupdict()
        if g["dmy"] or g["mdy"]:
            d, mo, y = (g["d1"], g["m1"], g["y1"]) if g["dmy"] else (g["d2"], g["m2"], g["y2"])
            year, month, day = int(y), _month(mo), int(d)
            if _valid_day(year, month, day):
                mentions.append(_mention(text, m.start(), m.end(), year, month, day))
        elif g["my"]:
            mentions.append(_mention(text, m.start(), m.end(), int(g["y3"]), _month(g["m3"]), None))
        elif g["iso"] or g["us"]:
            y, mo, d = (g["y4"], g["m4"], g["d4"]) if g["iso"] else (g["y5"], g["m5"], g["d5"])
            if _valid_day(int(y), int(mo), int(d)):
                mentions.append(_mention(text, m.start(), m.end(), int(y), int(mo), int(d)))
        elif g["fy"]:
            mentions.append(_mention(text, m.start(), m.end(), int(g["y6"] or g["y7"]), None, None))
        else:
            first = int(g["y8"])
            mentions.append(_mention(text, m.start("y8"), m.end("y8"), first, None, None))
            if g["y9"]:
                second = int(g["y9"]) if len(g["y9"]) == 4 else first // 100 * 100 + int(g["y9"])
                if second > first:
                    mentions.append(_mention(text, m.start("y9"), m.end("y9"), second, None, None))
    return _with_roles(text, mentions)


_RANGE_JOIN = re.compile(r"\s?[-–]\s?|\s+(?:and|to|through|until)\s+")
_RANGE_OPENER = re.compile(r"(?i:\b(?:between|from)\s+(?:(?:the\s+)?(?:end|start|beginning)\s+of\s+)?)$")
#: "a 4.5% increase from 2021", "up 17 percent over 2022": the year compared against.
_BASELINE = re.compile(r"(?i:\b(?:over|from|than|compared\s+(?:to|with)|relative\s+to|versus|vs\.)\s+(?:the\s+)?)$")
_OPEN_START = re.compile(r"(?i:\bsince\s+(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+)?(?:late\s+|early\s+)?)$")


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
