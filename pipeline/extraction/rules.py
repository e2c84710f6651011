"""The named rules that find figures, and the named rules that say a number is not one.

One module holds every rule. A figure rule is a regex anchored where a number starts plus a
reader that turns its match into (kind, value, value_max, unit). An exclusion rule looks at
the match in its context and names why a number is not a figure (a name, a code, a year…).
Each rule carries examples; tests/test_rules.py runs every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.extraction.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
from pipeline.extraction.numbers import (
    CURRENCY_CODES,
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    FRACTIONS,
    MONEY_SCALE,
    MULTIPLIERS,
    NUMBER,
    ORDINAL,
    ORDINALS,
    SCALE_WORD,
    SPACE_SEPARATORS,
    UNITS,
    currency_of_prefix,
    currency_of_suffix,
    parse_number,
    parse_ordinal,
    parse_scale,
    trie,
)
from pipeline.extraction.vocabulary import FIRST_YEAR, LABEL_WORDS, LAST_YEAR

KINDS = ("money", "count", "percent", "measure", "duration", "rank", "frequency", "ratio")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")


class RuleGroups:
    """One rule's groups inside a match of several rules combined, under the rule's own names."""

    __slots__ = ("match", "prefix", "rule")

    def __init__(self, match: re.Match[str], rule: str) -> None:
        self.match, self.rule, self.prefix = match, rule, rule + "__"

    def group(self, name: str | int = 0, /) -> str | Any:
        return self.match.group(self.rule if name == 0 else self.prefix + str(name))


#: What a reader reads: a rule's own match, or its groups inside a combined match.
Groups = re.Match[str] | RuleGroups


@dataclass(frozen=True)
class Reading:
    """What a rule read from its match."""

    kind: str
    value: float
    value_max: float | None
    unit: str


@dataclass(frozen=True)
class Example:
    """A sentence, the span a rule must find in it, and what it must read there."""

    sentence: str
    span: str
    value: float | None = None
    unit: str | None = None
    value_max: float | None = None


@dataclass(frozen=True)
class Rule:
    """A named figure rule: a regex matched where a number starts, and how to read it."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    read: Callable[[Groups], Reading | None]
    examples: tuple[Example, ...] = ()
    counter_examples: tuple[str, ...] = ()
    #: What may stand at the rule's first character: "sign" (currency), "digit", "word".
    starts: tuple[str, ...] = ("digit", "word")


# --- units --------------------------------------------------------------------------------

MEASURE_UNITS = {
    "mile": "mile", "miles": "mile", "mi": "mile", "nautical mile": "nautical mile",
    "nautical miles": "nautical mile", "kilometer": "kilometer", "kilometers": "kilometer",
    "kilometre": "kilometer", "kilometres": "kilometer", "km": "kilometer", "meter": "meter",
    "meters": "meter", "metre": "meter", "metres": "meter", "foot": "foot", "feet": "foot",
    "yard": "yard", "yards": "yard", "inch": "inch", "inches": "inch",
    "square mile": "square mile", "square miles": "square mile", "sq mi": "square mile",
    "square kilometer": "square kilometer", "square kilometers": "square kilometer",
    "square kilometre": "square kilometer", "square kilometres": "square kilometer",
    "sq km": "square kilometer", "km2": "square kilometer", "km²": "square kilometer",
    "square meter": "square meter", "square meters": "square meter", "square feet": "square foot",
    "square foot": "square foot", "hectare": "hectare", "hectares": "hectare", "acre": "acre",
    "acres": "acre", "acre-feet": "acre-foot", "acre-foot": "acre-foot",
    "barrel": "barrel", "barrels": "barrel", "bbl": "barrel", "cubic foot": "cubic foot",
    "cubic feet": "cubic foot", "cubic meter": "cubic meter", "cubic meters": "cubic meter",
    "cubic metre": "cubic meter", "cubic metres": "cubic meter", "gallon": "gallon",
    "gallons": "gallon", "liter": "liter", "liters": "liter", "litre": "liter", "litres": "liter",
    "ton": "ton", "tons": "ton", "tonne": "ton", "tonnes": "ton", "metric ton": "metric ton",
    "metric tons": "metric ton", "short tons": "ton", "pound": "pound", "pounds": "pound",
    "lb": "pound", "lbs": "pound", "kilogram": "kilogram", "kilograms": "kilogram", "kg": "kilogram",
    "gram": "gram", "grams": "gram", "ounce": "ounce", "ounces": "ounce",
    "megawatt": "megawatt", "megawatts": "megawatt", "MW": "megawatt", "gigawatt": "gigawatt",
    "gigawatts": "gigawatt", "GW": "gigawatt", "kilowatt": "kilowatt", "kilowatts": "kilowatt",
    "terawatt hour": "terawatt hour", "terawatt hours": "terawatt hour",
    "terawatt-hours": "terawatt hour", "TWh": "terawatt hour", "gigawatt hour": "gigawatt hour",
    "gigawatt hours": "gigawatt hour", "gigawatt-hours": "gigawatt hour", "GWh": "gigawatt hour",
    "megawatt hour": "megawatt hour", "megawatt hours": "megawatt hour",
    "megawatt-hours": "megawatt hour", "MWh": "megawatt hour", "kilowatt hour": "kilowatt hour",
    "kilowatt hours": "kilowatt hour", "kilowatt-hours": "kilowatt hour", "kWh": "kilowatt hour",
    "British thermal units": "btu", "Btu": "btu", "BTU": "btu", "degrees": "degree", "°C": "degree",
    "°F": "degree", "degrees Celsius": "degree", "degrees Fahrenheit": "degree",
    "degree": "degree", "TEU": "teu", "TEUs": "teu", "twenty-foot equivalent units": "teu",
}
DURATION_UNITS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
    "minute": "minute", "minutes": "minute", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century", "semester": "semester", "semesters": "semester",
}
#: Nouns that make a hyphenated count: "eleven-member", "10-point", "three-nation".
COUNT_COMPOUND_NOUNS = (
    "member", "person", "people", "nation", "country", "state", "party", "seat", "bed", "story",
    "storey", "lane", "point", "step", "part", "page", "room", "vehicle", "truck", "unit",
    "delegation", "school", "city", "county", "agency", "team", "strong",
)
PERIODS = {"annum": "year", "year": "year", "month": "month", "week": "week", "day": "day",
           "hour": "hour", "quarter": "quarter"}
ADVERB_PERIODS = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week",
                  "daily": "day", "hourly": "hour", "quarterly": "quarter"}

SUPERLATIVES = (
    "largest", "biggest", "highest", "greatest", "lowest", "smallest", "top", "leading", "busiest",
    "fastest", "fastest-growing", "strongest", "richest", "poorest", "best", "worst", "longest",
    "oldest", "newest", "most", "least", "heaviest", "deadliest", "costliest", "wealthiest",
    "youngest", "closest", "farthest", "furthest", "cheapest", "safest", "tallest", "widest",
    "deepest", "hottest", "coldest", "wettest", "driest", "most-visited", "most-populous",
)


def _alt(words: tuple[str, ...] | list[str] | dict[str, str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MEASURE_WORDS = [u for u in MEASURE_UNITS if not u.isupper() and u not in ("km2", "km²")]
_MEASURE_ABBR = [u for u in MEASURE_UNITS if u.isupper() or u in ("km2", "km²", "kWh", "TEUs", "°C", "°F")]
MEASURE_UNIT = rf"(?:\s+(?i:{_alt(_MEASURE_WORDS)})(?![\w-])|\s?(?:{_alt(_MEASURE_ABBR)})(?![\w]))"
DURATION_UNIT = rf"\s+(?i:{_alt(DURATION_UNITS)})\b"
SUPERLATIVE = rf"(?i:{_alt(SUPERLATIVES)})"

# --- quantities: a number, its scale, and an optional range --------------------------------

#: A hyphen joins a range only between digits ("10-15"); "Twenty-one" is one number.
_RANGE_SEP = r"(?:(?<=\d)\s?-\s?(?=[\d$€£])|\s?[–—]\s?|\s+to\s+)"


def quantity(number: str = NUMBER, scale: str = SCALE_WORD, prefix: str = "") -> str:
    """A number with its scale word, or a range of two: "5 to 7 million", "between 5 and 7".

    One alternative, so the number is read once: "and" joins a range only after "between"
    (the empty group `btw` records that, and the conditional `(?(btw)…)` tests it).
    Groups: a/as/b/bs, and acur/bcur when a currency `prefix` is given.
    """
    cur_a = rf"(?P<acur>{prefix})" if prefix else ""
    cur_b = rf"(?P<bcur>{prefix})?" if prefix else ""
    return (
        rf"(?:(?<=[Bb]etween )(?P<btw>))?{cur_a}(?P<a>{number})(?P<as>{scale})?"
        rf"(?:(?(btw)\s+and\s+|{_RANGE_SEP}){cur_b}(?P<b>{number})(?P<bs>{scale})?)?"
    )


def read_quantity(m: Groups) -> tuple[Decimal, Decimal | None]:
    """Value and upper bound of a `quantity` match, with a shared scale ("5-7 million")."""
    a, a_scale = m.group("a"), m.group("as")
    lo = parse_number(a) * parse_scale(a_scale)
    b = m.group("b")
    if b is None:
        return lo, None
    b_scale = parse_scale(m.group("bs"))
    hi = parse_number(b) * b_scale
    if a_scale is None and b_scale > 1 and parse_number(a) < parse_number(b):
        lo = parse_number(a) * b_scale
    return lo, hi


def currency_prefix_of(m: Groups) -> str | None:
    cur = m.group("acur")
    return currency_of_prefix(cur) if cur else None


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _reading(kind: str, lo: Decimal, hi: Decimal | None, unit: str) -> Reading | None:
    if hi is not None and hi <= lo:
        return None  # "10-5" is not a range; leave it to other rules
    return Reading(kind, float(lo), _num(hi), unit)


# --- readers --------------------------------------------------------------------------------


def read_money_prefix(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("money", lo, hi, currency_prefix_of(m) or "USD")


def read_money_suffix(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("money", lo, hi, currency_of_suffix(m.group("curw")))


def read_percent(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("percent", lo, hi, "percent")


def read_fraction(m: Groups) -> Reading | None:
    words = re.split(r"[\s-]+", m.group(0).lower())
    share = FRACTIONS[words[-1]]
    count = UNITS.get(words[0], 1) if len(words) > 1 else 1
    return Reading("percent", round(share * count, 6), None, "percent")


def read_measure(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    unit = re.sub(r"\s+", " ", m.group("unit").strip())
    canonical = MEASURE_UNITS.get(unit) or MEASURE_UNITS.get(unit.lower())
    if canonical is None:
        return None
    return _reading("measure", lo, hi, canonical)


def read_duration(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("duration", lo, hi, DURATION_UNITS[m.group("unit").strip().lower()])


def read_hyphen_compound(m: Groups) -> Reading | None:
    value = parse_number(m.group("n"))
    noun = m.group("noun").lower()
    if noun in DURATION_UNITS:
        return Reading("duration", float(value), None, DURATION_UNITS[noun])
    if noun in MEASURE_UNITS:
        return Reading("measure", float(value), None, MEASURE_UNITS[noun])
    return Reading("count", float(value), None, "count")


def read_frequency(m: Groups) -> Reading | None:
    word = m.group("n").lower()
    value = Decimal(MULTIPLIERS[word]) if word in MULTIPLIERS else parse_number(word)
    period = m.group("per") or ADVERB_PERIODS.get((m.group("adv") or "").lower())
    return Reading("frequency", float(value), None, f"per {PERIODS.get(period or '', period)}")


def read_ratio_times(m: Groups) -> Reading | None:
    word = m.group("n").lower()
    value = Decimal(MULTIPLIERS[word]) if word in MULTIPLIERS else parse_number(word)
    return Reading("ratio", float(value), None, "times")


def read_ratio_word(m: Groups) -> Reading | None:
    word = m.group(0).lower()
    if word in MULTIPLIERS:
        return Reading("ratio", float(MULTIPLIERS[word]), None, "times")
    number = re.sub(r"-?fold$", "", word)
    return Reading("ratio", float(parse_number(number)), None, "times")


def read_rank(m: Groups) -> Reading | None:
    return Reading("rank", float(parse_ordinal(m.group("ord"))), None, "rank")


def read_rank_number(m: Groups) -> Reading | None:
    return Reading("rank", float(parse_number(m.group("n"))), None, "rank")


def read_share(m: Groups) -> Reading | None:
    part, whole = parse_number(m.group("part")), parse_number(m.group("whole"))
    if whole <= 0 or part >= whole:
        return None
    return Reading("percent", round(float(part / whole * 100), 6), None, "percent")


def read_count(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("count", lo, hi, "count")


# --- the figure rules, most specific first ---------------------------------------------------

_HYPHEN_NOUNS = tuple(DURATION_UNITS) + tuple(u for u in _MEASURE_WORDS if " " not in u) + COUNT_COMPOUND_NOUNS
_RATE = r"(?:a|per|each|every)\s+(?P<per>year|month|week|day|quarter)\b(?!\s+(?:ago|later|earlier|before|after)\b)"
_ADVERB = rf"(?P<adv>{_alt(ADVERB_PERIODS)})\b"
_FRACTION = (
    r"(?i:\b(?:(?:one|a)[- ](?:half|third|quarter|fifth|tenth)"
    r"|(?:two|three|four|seven|nine)[- ](?:thirds|quarters|fifths|tenths))\b"
    r"|\bhalf\b(?=\s+(?:of|the|its|their|all|a|an)\b))"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "money_currency_prefix", "money",
        re.compile(quantity(scale=MONEY_SCALE, prefix=CURRENCY_PREFIX)),
        read_money_prefix,
        (
            Example("total two-way goods trade at $807bn, surpassing China", "$807bn", 807e9, "USD"),
            Example("approximately $1.4 billion for construction", "$1.4 billion", 1.4e9, "USD"),
            Example("84 grants ($25,000 each) to 120 teams", "$25,000", 25000, "USD"),
            Example("a loan of US $2.5 million to the city", "US $2.5 million", 2.5e6, "USD"),
            Example("trade worth C$1.2bn last year", "C$1.2bn", 1.2e9, "CAD"),
            Example("a grant of €40 million for renewables", "€40 million", 40e6, "EUR"),
            Example("programs costing $5-7 million each", "$5-7 million", 5e6, "USD", 7e6),
            Example("exports reached $13.8B in 2023", "$13.8B", 13.8e9, "USD"),
            Example("imports were $300M higher", "$300M", 300e6, "USD"),
            Example("funding of between $10 million and $20 million", "$10 million and $20 million",
                    10e6, "USD", 20e6),
        ),
        starts=("sign",),
    ),
    Rule(
        "money_currency_word", "money",
        re.compile(quantity() + rf"(?P<curw>{CURRENCY_SUFFIX})"),
        read_money_suffix,
        (
            Example("a budget of 300 million pesos for schools", "300 million pesos", 300e6, "MXN"),
            Example("some 2 billion dollars in aid", "2 billion dollars", 2e9, "USD"),
            Example("grants of 500,000 Canadian dollars", "500,000 Canadian dollars", 5e5, "CAD"),
            Example("worth 12 million euros in total", "12 million euros", 12e6, "EUR"),
        ),
    ),
    Rule(
        "percent", "percent",
        re.compile(quantity() + r"(?P<pct>\s?%|\s?(?i:percent|per\s?cent|percentage\s+points?|pct)\b)"),
        read_percent,
        (
            Example("capacity by 400 percent since 2018", "400 percent", 400, "percent"),
            Example("grew 3.5% per year", "3.5%", 3.5, "percent"),
            Example("a share of 10-15 percent of output", "10-15 percent", 10, "percent", 15),
            Example("rose by two percentage points", "two percentage points", 2, "percent"),
        ),
    ),
    Rule(
        "percent_one_in_n", "percent",
        re.compile(
            rf"(?P<part>{NUMBER})\s+(?:in|out\s+of)\s+(?P<whole>{NUMBER})(?!\s*(?:%|percent|years?|months?|days?)\b)"
        ),
        read_share,
        (
            Example("One out of three workers is in agriculture", "One out of three", 100 / 3, "percent"),
            Example("one in five students studies engineering", "one in five", 20, "percent"),
            Example("1 in 4 households", "1 in 4", 25, "percent"),
        ),
    ),
    Rule(
        "percent_fraction", "percent",
        re.compile(_FRACTION),
        read_fraction,
        (
            Example("nearly half of all visitors", "half", 50, "percent"),
            Example("a third of the budget", "a third", 100 / 3, "percent"),
            Example("two-thirds of exports go north", "two-thirds", 200 / 3, "percent"),
        ),
        ("in the first half of 2024", "on behalf of the people"),
        starts=("word",),
    ),
    Rule(
        "measure", "measure",
        re.compile(quantity() + rf"(?P<unit>{MEASURE_UNIT})"),
        read_measure,
        (
            Example("3.8 million barrels per day of crude", "3.8 million barrels", 3.8e6, "barrel"),
            Example("a 1,954 miles long border", "1,954 miles", 1954, "mile"),
            Example("about 2.5 billion cubic feet of gas", "2.5 billion cubic feet", 2.5e9, "cubic foot"),
            Example("generated 12 TWh of power", "12 TWh", 12, "terawatt hour"),
            Example("covers 5,000 square miles of desert", "5,000 square miles", 5000, "square mile"),
            Example("to limit warming to 1.5°C this century", "1.5°C", 1.5, "degree"),
        ),
    ),
    Rule(
        "duration", "duration",
        re.compile(quantity() + rf"(?P<unit>{DURATION_UNIT})"),
        read_duration,
        (
            Example("over 200 years of diplomatic relations", "200 years", 200, "year"),
            Example("at least every six years", "six years", 6, "year"),
            Example("a program of three to six months", "three to six months", 3, "month", 6),
        ),
    ),
    Rule(
        "hyphen_compound", "count",
        re.compile(rf"(?P<n>{NUMBER})-(?P<noun>(?i:{_alt(_HYPHEN_NOUNS)}))(?![\w])"),
        read_hyphen_compound,
        (
            Example("a 2,000-mile shared border", "2,000-mile", 2000, "mile"),
            Example("a four-week exchange program", "four-week", 4, "week"),
            Example("an eleven-member consultative mechanism", "eleven-member", 11, "count"),
            Example("a 10-year strategy", "10-year", 10, "year"),
            Example("a 3,000-strong diaspora", "3,000-strong", 3000, "count"),
        ),
        ("two-way goods trade", "a one-stop shop"),
    ),
    Rule(
        "frequency", "frequency",
        re.compile(
            rf"(?P<n>(?i:once|twice|thrice)|{NUMBER}(?=\s+times\b))(?:\s+times)?"
            rf"(?=\s+(?:{_RATE}|{_ADVERB}))"
        ),
        read_frequency,
        (
            Example("The group meets three times a year and", "three times", 3, "per year"),
            Example("flights land twice a day", "twice", 2, "per day"),
            Example("reports 4 times annually", "4 times", 4, "per year"),
        ),
    ),
    Rule(
        "ratio_times", "ratio",
        re.compile(
            rf"(?P<n>(?i:twice|thrice)|{NUMBER}(?=\s+times\b))(?:\s+times)?"
            r"(?=\s+(?i:more|larger|greater|higher|bigger|as|the|over|faster|less|lower|smaller)\b)"
        ),
        read_ratio_times,
        (
            Example("trade is five times larger than in 1993", "five times", 5, "times"),
            Example("twice as many students", "twice", 2, "times"),
        ),
    ),
    Rule(
        "ratio_word", "ratio",
        re.compile(
            rf"(?i:\b(?:{_alt([w for w in MULTIPLIERS if w.endswith(('ed', 'ing'))])})\b"
            rf"|\b(?:{_alt(list(UNITS))}|\d+)-?fold\b)"
        ),
        read_ratio_word,
        (
            Example("exports more than tripled since 2010", "tripled", 3, "times"),
            Example("a twofold increase", "twofold", 2, "times"),
        ),
    ),
    Rule(
        "rank_superlative", "rank",
        re.compile(rf"(?P<ord>{ORDINAL})(?:-(?:{SUPERLATIVE})\b|(?=\s+(?:{SUPERLATIVE})\b))"),
        read_rank,
        (
            Example("the ninth highest source worldwide", "ninth", 9, "rank"),
            Example("the second-largest source of crude", "second-largest", 2, "rank"),
            Example("the 3rd largest market", "3rd", 3, "rank"),
        ),
        ("the third High-Level Security Dialogue", "the first international treaty", "50th anniversary"),
    ),
    Rule(
        "rank_ranked", "rank",
        re.compile(rf"(?:(?<=rank )|(?<=ranks )|(?<=ranked )|(?<=ranking ))(?P<ord>{ORDINAL})"),
        read_rank,
        (Example("ranking first in the region", "first", 1, "rank"),),
    ),
    Rule(
        "rank_number", "rank",
        re.compile(rf"(?<=number )(?P<n>{NUMBER})(?=\s+[a-z])"),
        read_rank_number,
        (Example("the number one destination for travelers", "one", 1, "rank"),),
    ),
    Rule(
        "count", "count",
        re.compile(quantity()),
        read_count,
        (
            Example("containing 47 active land ports of entry", "47", 47, "count"),
            Example("an estimated 1.6 million U.S. citizens", "1.6 million", 1.6e6, "count"),
            Example("Twenty-one cases have resulted", "Twenty-one", 21, "count"),
            Example("to bring 50, 000 US students", "50, 000", 50000, "count"),
            Example("in groups of three to four with a teacher", "three to four", 3, "count", 4),
            Example("with 100K participants", "100K", 100000, "count"),
            Example("received one hundred twenty applications", "one hundred twenty", 120, "count"),
            Example("more than a million visitors", "a million", 1e6, "count"),
        ),
        ("one of the closest partners", "between our two countries", "hundreds of thousands of people"),
    ),
)

# Rank bounds such as "top 10" are matched apart so that they read as at_most.
TOP_N = Rule(
    "rank_top_n", "rank",
    re.compile(rf"(?:(?<=top )|(?<=top-))(?P<n>{NUMBER})(?!\s*(?:%|percent))"),
    read_rank_number,
    (Example("among the top 10 trading partners", "10", 10, "rank"),),
)
FIGURE_RULES: tuple[Rule, ...] = (*RULES[:-1], TOP_N, RULES[-1])
RULES_BY_NAME = {rule.name: rule for rule in FIGURE_RULES}

#: Where a rule may start. Two cheap scans find them: digits and currency signs in the text,
#: and number words in its lower-cased copy (every alternative a literal, so `re` skips ahead in C).
_SIGN_OR_DIGIT = re.compile(r"[0-9$€£¥₹₩₱₦₪₺฿₫][0-9]*")
_NUMBER_WORDS = sorted(
    {*UNITS, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", *ORDINALS, "half",
     "once", "twice", "thrice", "doubled", "doubling", "tripled", "tripling", "trebled", "quadrupled",
     "quadrupling", "quintupled", "halved",
     *(f"a {w}" for w in ("third", "quarter", "fifth", "tenth", "hundred", "dozen", "thousand", "million",
                          "billion", "trillion"))},
    key=len, reverse=True,
)


_NUMBER_WORD = re.compile(trie(_NUMBER_WORDS))
#: A non-letter followed by a number word: scanning for the separator is cheaper than for letters.
_WORD_START = re.compile(rf"[^a-z0-9](?={_NUMBER_WORD.pattern})")
#: A lettered sign ending at a "$" ("US $", "C$") or a code just before a digit ("USD 5", "Rs. 5").
_SIGN_BEFORE = re.compile(rf"(?:{CURRENCY_PREFIX})$")
_GROUP_OF_THREE = re.compile(r"[0-9]{3}(?!\d)")
_GROUPS_BEFORE = re.compile(rf"(?<![0-9])[0-9]{{1,3}}(?:[{SPACE_SEPARATORS}][0-9]{{3}})*[{SPACE_SEPARATORS}]$")
_CODE_BEFORE = re.compile(rf"\b(?:{'|'.join(CURRENCY_CODES)}|Rs\.?)\s?$")


def starts(text: str) -> list[tuple[int, str]]:
    """Sorted offsets where a figure rule may match, each with what stands there."""
    found: list[tuple[int, str]] = []
    for m in _SIGN_OR_DIGIT.finditer(text):
        p = m.start()
        before = text[p - 1] if p > 0 else " "
        if text[p].isdigit() and (before.isalnum() or before in ".,"):
            continue  # inside a number or a code: "1,234", "G20"
        if (before in SPACE_SEPARATORS and _GROUP_OF_THREE.match(text, p)
                and _GROUPS_BEFORE.search(text, max(0, p - 40), p)):
            continue  # a group of "40\u00a0000": never a number of its own
        if text[p].isdigit():
            prefix = _CODE_BEFORE.search(text, max(0, p - 5), p) if p and text[p - 1] == " " else None
            if prefix:
                found.append((prefix.start(), "sign"))
            found.append((p, "digit"))
        else:
            prefix = _SIGN_BEFORE.search(text, max(0, p - 5), p + 1)
            found.append((prefix.start() if prefix else p, "sign"))
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets exact
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if _NUMBER_WORD.match(lowered):
        found.append((0, "word"))
    for m in _WORD_START.finditer(lowered):
        p = m.start() + 1
        if not text[p - 1].isalnum():
            found.append((p, "word"))
    return sorted(set(found))


# --- rate suffixes: "$1.7 billion a day", "400,000 people every day" -------------------------

RATE_AFTER = re.compile(
    rf"(?:\s+(?:[a-z][\w’'-]*)){{0,5}}?,?\s+(?:{_RATE}|{_ADVERB}|per\s+(?P<annum>annum)\b)"
)


_RATE_HINTS = ("year", "month", "week", "day", "quarter", "annum", "ly")


def rate_period(text: str, end: int, kind: str) -> str | None:
    """The period of a rate written just after a figure, or None."""
    if kind in ("frequency", "duration", "rank", "ratio"):
        return None
    limit = min(len(text), end + 80)
    window = text[end:limit]
    if not any(hint in window for hint in _RATE_HINTS):
        return None  # cheap test first: most figures are no rate
    m = RATE_AFTER.match(text, end, limit)
    if not m:
        return None
    if m.group("annum"):
        return "year"
    if m.group("per"):
        return PERIODS[m.group("per")]
    return ADVERB_PERIODS[m.group("adv").lower()]


# --- exclusion rules: numbers that are not figures --------------------------------------------

MONTHS = frozenset((*MONTH_NAMES, *MONTH_ABBREVIATIONS))
#: Capitalised words that may stand before a figure without making it part of a name.
OPENERS = {
    "in", "over", "about", "nearly", "approximately", "some", "more", "since", "by", "with", "of",
    "to", "and", "the", "around", "almost", "only", "just", "roughly", "under", "up", "at", "less",
    "fewer", "from", "between", "for", "during", "after", "before", "than", "each", "every",
    "currently", "today", "total", "totaling", "all", "these", "those", "its", "their", "our", "an",
    "a", "another", "additional", "approx", "estimated", "other", "overall",
    "among", "including", "then", "now", "while", "when", "where", "as", "on",
}
#: Title-case words that, right after a number, make it part of a name: "100,000 Strong".
NAME_HEADS = {
    "Strong", "Century", "Agreement", "Accord", "Accords", "Act", "Convention", "Treaty",
    "Protocol", "Declaration", "Initiative", "Plan", "Program", "Programme", "Project", "Fund",
    "Challenge", "Summit", "Agenda", "Strategy", "Framework", "Compact", "Campaign", "Alliance",
    "Dialogue", "Forum", "Club", "Award", "Awards", "Prize", "Goals", "Vision", "Report", "Index",
    "Commission", "Committee", "Conference", "Games", "Cup", "Festival", "Expo", "Group", "Network",
    "Partnership", "Partnerships", "Innovation", "Competition", "Competitions", "Fellows",
    "Fellowship", "Scholars", "Leaders", "Process", "Mission", "Coalition", "Pledge",
}
#: Nouns that, after "two", mean the bilateral pair a document is about.
PAIR_NOUNS = {
    "countries", "nations", "governments", "sides", "leaders", "presidents", "peoples",
    "economies", "neighbors", "neighbours", "partners", "administrations", "delegations",
    "militaries", "legislatures", "republics", "states",
}

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
_GLUED_AFTER = re.compile(r"[A-Za-z]|-[A-Za-z]|-\d|/\d|:\d")


def _is_year(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return (r.kind == "count" and r.value_max is None and len(span) == 4 and span.isascii() and span.isdigit()
            and FIRST_YEAR <= int(span) <= LAST_YEAR)


def _glued(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    if span[:1].isdigit() and _LETTER_BEFORE.search(before):
        return True  # COVID-19, G20, H-2B
    if r.kind == "count" and _GLUED_AFTER.match(after):
        return True  # 21CB, 5G, two-way, one-stop, 117-58, 24/7, 3:1
    return r.kind == "count" and span[:1].isdigit() and before[-1:] in ("-", "/", "#", ":")


def _name_before(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    if r.kind != "count":
        return False
    found = _word_before(text, start)
    if not found:
        return False
    word, at = found
    bare = word.rstrip(".").lower()
    if bare in LABEL_WORDS or _PAGE_OF.search(text, max(0, start - 30), start):
        return True
    if _INITIALISM.fullmatch(word) or (len(word) >= 2 and word.isalpha() and word.isupper()):
        return True  # "H.R. 3684", "COP 28", "UNSCR 1325": an acronym with a number is a name
    if not word[:1].isupper() or bare in OPENERS or word.rstrip(".") in MONTHS or word.endswith("."):
        return False  # a capitalised word that ends a sentence is no part of a name
    return not _SENTENCE_START.search(text, max(0, at - 4), at)


def _name_after(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and _word_after(text, end) in NAME_HEADS


def _vague_one(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and span.lower() in ("one", "a hundred", "a dozen")


def _bilateral_pair(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    return r.kind == "count" and span.lower() in ("two", "2") and _word_after(text, end).lower() in PAIR_NOUNS


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


def _ordinal_fraction(text: str, start: int, end: int, r: Reading, span: str) -> bool:
    if r.kind != "percent" or span[:1].isdigit():
        return False
    found = _word_before(text, start)
    return found is not None and found[0].lower() in (*ORDINALS, "last", "latter", "other", "back")


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("year", _is_year, (("launched in 2014 to expand", "2014"),)),
    Exclusion("code", _glued, (("post-pandemic levels before COVID-19.", "19"),
                               ("The 21CB ESC convened", "21"), ("total two-way goods trade", "two"),
                               ("a 24/7 hotline", "24"))),
    Exclusion("name_or_label", _name_before, (("COP 28 was held in Dubai in 2023", "28"),
                                              ("Mexico’s program Proyecta 100,000 that aims", "100,000"),
                                              ("tariffs under Section 301 of the law", "301"),
                                              ("see page 12 for details", "12"), ("Page 2 of 3", "3"),
                                              ("Congress passed H.R. 3684 in 2021", "3684"))),
    Exclusion("name", _name_after, (("the 100,000 Strong in the Americas initiative", "100,000"),
                                    ("support 100K Strong competitions", "100K"))),
    Exclusion("vague_one", _vague_one, (("Mexico is one of the few countries", "one"),)),
    Exclusion("bilateral_pair", _bilateral_pair, (("trade between the two countries", "two"),
                                                   ("the 2 presidents met in Lima", "2"))),
    Exclusion("idiom", _idiom, (("total (two way) goods trade", "two"), ("one way or another", "one"))),
    Exclusion("list_marker", _list_marker, (("1. Introduction", "1"), ("to (1) expand trade and (2) invest", "2"),
                                            ("the closest partners.[3] Trade", "3"))),
    Exclusion("ordinal_fraction", _ordinal_fraction, (("in the second half of the year", "half"),)),
)


def excluded_by(text: str, start: int, end: int, reading: Reading) -> str | None:
    """The name of the first exclusion rule that applies to a matched number, or None."""
    span = text[start:end]
    for exclusion in EXCLUSIONS:
        if exclusion.test(text, start, end, reading, span):
            return exclusion.name
    return None
