"""The named exclusion rules: why a number a figure rule matched is not a figure after all.

Each rule looks at the match in its context (a name, a code, a year, a list marker…) and
carries examples; tests/test_rules.py runs every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extraction.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
from pipeline.extraction.numbers import ORDINALS
from pipeline.extraction.readings import Reading
from pipeline.extraction.vocabulary import FIRST_YEAR, LABEL_WORDS, LAST_YEAR, NAME_HEADS, OPENERS, PAIR_NOUNS

MONTHS = frozenset((*MONTH_NAMES, *MONTH_ABBREVIATIONS))

#: A capitalised verb of a headline before its count: "Welcomes", "Seized", "Awards", "Tops".
_HEADLINE_VERB = re.compile(r"[A-Z][a-z]{2,}(?:[^s]s|ed)")
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
_PAGE_OF = re.compile(r"(?i:\bpages?\s+\d+\s+of\s+)$")
_WORD_BEFORE = re.compile(r"[^A-Za-z]*([A-Za-z][\w.’'&-]*)")
_WORD_AFTER = re.compile(r"\s*([A-Za-z][\w’'-]*)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\r\n(\"“—–]\s*|\s[-–—]\s)$")


@dataclass(frozen=True)
class Exclusion:
    """A named reason why a matched number is not a figure, with examples of it."""

    name: str
    test: Callable[[str, int, int, Reading, str], bool]
    examples: tuple[tuple[str, str], ...]  # (sentence, the number that must not be a figure)


def _word_before(text: str, start: int) -> tuple[str, int] | None:
    """The word right before `start` (only white space between) and its offset."""
    window = text[max(0, start - 40):start]
    stripped = window.rstrip()
    if not stripped:
        return None
    cut = max(stripped.rfind(" "), stripped.rfind("\n"), stripped.rfind("\r"), stripped.rfind("\t"),
              stripped.rfind("\xa0"))
    m = _WORD_BEFORE.match(stripped, cut + 1)
    if m is None or m.end() != len(stripped):
        return None
    return m.group(1), start - len(window) + m.start(1)


def _word_after(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end, min(len(text), end + 40))
    return m.group(1) if m else ""


_LETTER_BEFORE = re.compile(r"[A-Za-z]-?$")
_CODE_DASH_BEFORE = re.compile(r"\b[A-Za-z]+[0-9]+-$")
_GLUED_AFTER = re.compile(r"[A-Za-z]|-[A-Za-z]|-\d|/\d|:\d")


def _is_year(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return (r.kind == "count" and r.value_max is None and len(span) == 4 and span.isascii() and span.isdigit()
            and FIRST_YEAR <= int(span) <= LAST_YEAR)


def _glued(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if span[:1].isdigit() and _LETTER_BEFORE.search(before):
        return True  # COVID-19, G20, H-2B
    if span[:1].isdigit() and before[-1:] == "-" and _CODE_DASH_BEFORE.search(text, max(0, start - 12), start):
        return True  # "SCP2-173m", "A4-20": the tail of a code
    if r.kind == "measure" and after[:1] == "-" and after[1:].isdigit():
        return True  # "24703 L-202": a part number, no 24,703 liters
    if r.kind == "count" and _GLUED_AFTER.match(after):
        return True  # 21CB, 5G, two-way, one-stop, 117-58, 24/7, 3:1
    if before[-1:] == "-" and (start < 2 or text[start - 2].isspace()):
        return False  # a minus sign: "-9.5", "a balance of -12"
    return r.kind == "count" and span[:1].isdigit() and before[-1:] in ("-", "/", "#", ":")


#: "J1149.5+6663", "A12+7": a number after a plus sign glued to a code is part of the code.
_CODE_PLUS_BEFORE = re.compile(r"[A-Za-z0-9.]\+$")
#: "2.13 am", "11.45 p.m.": hours and minutes before a clock word are a time, no figure.
_CLOCK_TIME = re.compile(r"(?:1[0-2]|0?[1-9])[.:][0-5][0-9]")
_CLOCK_AFTER = re.compile(r"\s?(?i:[ap]\.m\.|[ap]m\b)")


def _closing_quote(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    """'the "Top 20" list': a straight quote after a number closes a quotation when its line
    opened one before; only then is it no inch mark."""
    if r.kind != "measure" or not span.endswith('"'):
        return False
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return text.count('"', line_start, start) % 2 == 1


def _code_plus(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return (r.kind == "count" and span[:1].isdigit()
            and _CODE_PLUS_BEFORE.search(text, max(0, start - 2), start) is not None)


def _clock_time(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and _CLOCK_TIME.fullmatch(span) is not None and _CLOCK_AFTER.match(text, end) is not None


def _name_before(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    if r.kind != "count":
        return False
    found = _word_before(text, start)
    if not found:
        return False
    word, at = found
    if word.endswith(("’s", "'s", "s’", "s'")):
        return False  # "Michigan’s 5 ports": a possessive owns the count, it does not name it
    bare = word.rstrip(".").lower()
    if bare in LABEL_WORDS or _PAGE_OF.search(text, max(0, start - 30), start):
        return True
    if _INITIALISM.fullmatch(word) or (len(word) >= 2 and word.isalpha() and word.isupper()):
        return True  # "H.R. 3684", "COP 28", "UNSCR 1325": an acronym with a number is a name
    if not word[:1].isupper() or bare in OPENERS or word.rstrip(".") in MONTHS or word.endswith("."):
        return False  # a capitalised word that ends a sentence is no part of a name
    if _HEADLINE_VERB.fullmatch(word):
        return False  # "Embassy Welcomes 14 New Fellows": a headline's verb, not a name
    return not _SENTENCE_START.search(text, max(0, at - 4), at)


_CAPITALISED_AFTER = re.compile(r"[ \t\xa0]+[A-Z][a-z]")
_OF_AFTER_NAME = re.compile(r"[A-Z][\w’'-]*\s+of\s+$")


def _spelled_name(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    """"the Three Gorges Dam", "the Group of Seven": a capitalised number word inside a name."""
    if r.kind != "count" or not span[:1].isupper() or not span.replace("-", "").replace(" ", "").isalpha():
        return False
    if _SENTENCE_START.search(text, max(0, start - 4), start):
        return False  # "Twenty-one cases …" opens a sentence
    if _OF_AFTER_NAME.search(text, max(0, start - 30), start):
        return True
    return _CAPITALISED_AFTER.match(text, end) is not None


def _name_after(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and _word_after(text, end) in NAME_HEADS


#: Words after "one" that make it a pronoun or an idiom ("one of", "one another", "one day"), not a count.
_ONE_PRONOUN_AFTER = frozenset({
    "of", "another", "or", "and", "day", "point", "time", "hand", "side", "such", "that", "who", "which",
    "is", "was", "has", "had", "more", "in", "to", "at", "on", "by", "with", "from", "as", "than", "after",
    "before", "the", "a", "an", "can", "could", "may", "might", "will", "would", "should", "must", "does",
    "did", "ever", "else", "thing", "way", "ways", "for", "here", "there", "too",
})
#: Words before "one" that make it a pronoun: "no one", "the one that", "each one".
_ONE_PRONOUN_BEFORE = frozenset({"no", "the", "any", "every", "each", "this", "that", "which", "some", "anyone"})
_FOR_EVERY = re.compile(r"\s+for\s+(?:every|each)\b")
_THE_OTHER = re.compile(r"\bthe\s+other\b(?!\s+\w+s\b)")


def _vague_one(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    """"one of the few", "no one", "a dozen": a pronoun or a vague amount. "one vehicle",
    "one for every year" are counts."""
    if r.kind != "count":
        return False
    lowered = span.lower()
    if lowered in ("a hundred", "a dozen"):
        return True
    if lowered != "one":
        return False
    if text[start - 1:start] == "-":
        return True  # "one-on-one"
    before = _word_before(text, start)
    if before and before[0].lower() in _ONE_PRONOUN_BEFORE:
        return True
    after = _word_after(text, end)
    if not after or text[end:end + 1] not in (" ", "\xa0"):
        return True  # "one." "one," "one-on-one"
    if _FOR_EVERY.match(text, end):
        return False
    if _THE_OTHER.search(text, end, min(len(text), end + 100)):
        return True  # "one vessel headed north and the other south": the one of a pair
    return after.lower() in _ONE_PRONOUN_AFTER or after[:1].isupper()


_THE_TWO = re.compile(r"\b(?i:the|both)\s+$")


def _bilateral_pair(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    """"the two countries", "the two governments’ plan", and "the two" standing alone ("the two
    signed an accord"): the pair a document is about, not a count."""
    if r.kind != "count" or span.lower() not in ("two", "2"):
        return False
    word = _word_after(text, end)
    noun = word.lower().rstrip("’'")
    if noun in PAIR_NOUNS:
        return True
    # alone: punctuation or a lower-case word that is no plural noun ("the two signed", "the two have")
    alone = not noun or text[end:end + 1] in ",.;:" or (word.islower() and not noun.endswith("s"))
    return alone and _THE_TWO.search(text, max(0, start - 8), start) is not None


def _idiom(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and span.lower() in ("one", "two") and _word_after(text, end).lower() in ("way", "ways")


def _list_marker(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    """"1. Introduction", "(2) expand trade", a footnote "[3]"."""
    if r.kind != "count" or not span.isdigit():
        return False
    line_start = start == 0 or text[start - 1] in "\r\n"
    if line_start and re.match(r"[.)]\s", text[end:end + 2]):
        return True
    before, after = text[start - 1:start], text[end:end + 3]
    if before == "[" and after.startswith("]"):
        return True
    return before == "(" and bool(re.match(r"\)\s?[a-z]", after)) and len(span) <= 2 and int(span) < 30


#: Words before a fraction that make it an ordinal ("the third third", "the last quarter").
_ORDINAL_OR_LAST = frozenset(ORDINALS) | {"last", "latter", "other", "back"}


def _ordinal_fraction(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    if r.kind != "percent" or span[:1].isdigit():
        return False
    found = _word_before(text, start)
    return found is not None and found[0].lower() in _ORDINAL_OR_LAST


#: "its 787 Dreamliner to", "the 380 Maxi." : a numeral before a capitalised singular noun that ends
#: its phrase names a model; a count's noun is plural ("300 Marines", "14 New Fellows") or goes on
#: ("20 Embassy staff").
_MODEL_AFTER = re.compile(
    r"\s+[A-Z][a-z]+(?<!s)(?:\s*[.,;:)]|\s+(?:to|is|was|will|has|had|in|at|on|for|from|with|and|or|that|which)\b)"
)


def _model_number(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return (r.kind == "count" and 3 <= len(span) <= 4 and span.isdigit() and r.value_max is None
            and _MODEL_AFTER.match(text, end) is not None)


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("year", _is_year, (("launched in 2014 to expand", "2014"),)),
    Exclusion("code", _glued, (("post-pandemic levels before COVID-19.", "19"),
                               ("The 21CB ESC convened", "21"), ("total two-way goods trade", "two"),
                               ("a 24/7 hotline", "24"), ("the valve SCP2-173m failed", "173m"),
                               ("order part 4410 L-17 today", "4410 L"))),
    Exclusion("code_plus", _code_plus, (("the quasar J0313.2+1806 was imaged", "1806"),
                                        ("the pier-side crane A12+7 was idle", "7"))),
    Exclusion("closing_quote", _closing_quote, (('the report called it "Plan 9" in 2021', "9"),
                                                ('he wrote "we need 40" and left', "40"))),
    Exclusion("clock_time", _clock_time, (("the ferry left at 6.45 am sharp", "6.45"),
                                          ("the vote closed at 11.30 p.m. on Friday", "11.30"))),
    Exclusion("name_or_label", _name_before, (("COP 28 was held in Dubai in 2023", "28"),
                                              ("Mexico’s program Proyecta 100,000 that aims", "100,000"),
                                              ("tariffs under Section 301 of the law", "301"),
                                              ("see page 12 for details", "12"), ("Page 2 of 3", "3"),
                                              ("Congress passed H.R. 3684 in 2021", "3684"),
                                              ("the Protocol Annex 4 rules", "4"), ("as Fig. 7 shows", "7"))),
    Exclusion("name", _name_after, (("the 100,000 Strong in the Americas initiative", "100,000"),
                                    ("support 100K Strong competitions", "100K"))),
    Exclusion("spelled_name", _spelled_name, (("a visit to the Three Gorges Dam", "Three"),
                                              ("leaders of the Group of Seven met", "Seven"))),
    Exclusion("vague_one", _vague_one, (("Mexico is one of the few countries", "one"), ("no one was hurt", "one"),
                                        ("the one that opened first", "one"), ("a dozen groups", "a dozen"))),
    Exclusion("bilateral_pair", _bilateral_pair, (("trade between the two countries", "two"),
                                                   ("the 2 presidents met in Lima", "2"),
                                                   ("the two governments’ shared plan", "two"),
                                                   ("The two signed an accord in Lima.", "two"))),
    Exclusion("idiom", _idiom, (("total (two way) goods trade", "two"), ("one way or another", "one"))),
    Exclusion("list_marker", _list_marker, (("1. Introduction", "1"), ("to (1) expand trade and (2) invest", "2"),
                                            ("the closest partners.[3] Trade", "3"))),
    Exclusion("model_number", _model_number, (("the carrier flew its 787 Dreamliner to Lima", "787"),
                                              ("the museum shows a 747 Jumbo, then others", "747"))),
    Exclusion("ordinal_fraction", _ordinal_fraction, (("in the second half of the year", "half"),)),
)


def excluded_by(text: str, start: int, end: int, reading: Reading) -> str | None:
    """The name of the first exclusion rule that applies to a matched number, or None."""
    span = text[start:end]
    for exclusion in EXCLUSIONS:
        if exclusion.test(text, start, end, reading, span):
            return exclusion.name
    return None
