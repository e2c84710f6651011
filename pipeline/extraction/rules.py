"""The figure rules: each a named regex anchored where a number starts, and its reader.

A reader turns a rule's match into (kind, value, value_max, unit). The words the rules match
live in `vocabulary`, the rules that say a number is no figure in `exclusions`. Each rule
carries examples; tests/test_rules.py runs every one of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extraction.currencies import CURRENCY_SUFFIX, currency_of_suffix, millions_of
from pipeline.extraction.numbers import (
    CURRENCY_CODES,
    CURRENCY_PREFIX,
    DENOMINATORS,
    FRACTION_WORDS,
    MIXED_TAIL,
    MONEY_SCALE,
    MULTIPLIERS,
    NUMBER,
    ORDINAL,
    ORDINALS,
    SCALE_WORD,
    SPACE_SEPARATORS,
    UNITS,
    VULGAR_FRACTIONS,
    currency_of_prefix,
    lower_in_place,
    parse_number,
    parse_ordinal,
    parse_scale,
    parse_words,
    trie,
)
from pipeline.extraction.rates import RATE_ADVERB, RATE_WORDS
from pipeline.extraction.readings import Groups, Reading, RuleGroups
from pipeline.extraction.unit_table import SCIENCE_SYMBOLS, UNIT_SYMBOLS, UNIT_WORDS
from pipeline.extraction.vocabulary import (
    ADVERB_PERIODS,
    COUNT_COMPOUND_NOUNS,
    DURATION_ADJECTIVES,
    DURATION_UNITS,
    MEASURE_UNITS,
    PERIODS,
    PLAIN_UNIT_WORDS,
    SHORT_SYMBOLS,
    SIZE_ADJECTIVES,
    SUPERLATIVES,
    TRADE_UNITS,
)

__all__ = ["FIGURE_RULES", "RULES_BY_NAME", "Example", "Groups", "Reading", "Rule", "RuleGroups", "starts"]


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
    #: The regex, compiled on first use (`pattern`): extraction matches the rules combined
    #: (`pipeline.extraction.figures`), so a process compiles a rule alone only when it needs it.
    source: str
    read: Callable[[Groups], Reading | None]
    examples: tuple[Example, ...] = ()
    counter_examples: tuple[str, ...] = ()
    #: What may stand at the rule's first character: "sign" (currency), "digit", "word".
    starts: tuple[str, ...] = ("digit", "word")

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _alt(words: tuple[str, ...] | list[str] | dict[str, str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MEASURE_WORDS = [*UNIT_WORDS, *PLAIN_UNIT_WORDS]
_MEASURE_SYMBOLS = [*UNIT_SYMBOLS, *TRADE_UNITS]
#: A unit word after a space ("42 terawatt hours", "1,809 gigawatthours"), or a symbol or trade
#: abbreviation, glued or not ("128GB", "5.3 Bcf", "km²"), with its rate ("Bcf/d", "MMcf/d").
#: Symbols are matched as written: "MW" is a megawatt, "mW" a milliwatt.
MEASURE_UNIT = (
    rf"(?:\s+(?i:{trie(w.lower() for w in _MEASURE_WORDS)})(?![\w-])"
    rf"|\s?(?:{trie(_MEASURE_SYMBOLS)})(?:/(?P<per>d|day|yr|year|mo|month)\b)?(?![\w²³]))"
)
DURATION_UNIT = rf"\s+(?i:{_alt(DURATION_UNITS)})\b"
SUPERLATIVE = rf"(?i:{_alt(SUPERLATIVES)})"

# --- quantities: a number, its scale, and an optional range --------------------------------

#: A hyphen joins a range only between digits ("10-15"); "Twenty-one" is one number.
_DASH_SEP = r"(?:(?<=\d)\s?-\s?(?=[\d$€£])|\s?[–—]\s?)"
_RANGE_SEP = rf"(?:{_DASH_SEP}|\s+(?:to|or)\s+)"
#: "or" between two numbers is a range too: "three or four years", "2 or 3 percent".
#: After "from", "to" ends a change, not a range: "from $12.3 billion to $48 billion" is two figures.


#: Digits that go on a number with "thousand" or "hundred" in words: "4 thousand 3 hundred and 21",
#: "3 hundred and 21"; "3 hundred and 2 hundred" stays two numbers.
DIGIT_LINK = (
    r"(?:(?<=hundred)|(?<=thousand))(?:\s+and\s+[0-9]{1,2}(?![\d.,]|\s+(?:hundred|thousand)\b)"
    r"|,?\s+[0-9]{1,3}(?![\d.,])(?:\s+hundred\b(?:\s+and\s+[0-9]{1,2}(?![\d.,]|\s+(?:hundred|thousand)\b))?"
    r"|(?=\s+(?:hundred|thousand|million|billion)\b)))"
)


def quantity(number: str = NUMBER, scale: str = SCALE_WORD, prefix: str = "") -> str:
    """A number with its scale word, or a range of two: "5 to 7 million", "between 5 and 7".

    One alternative, so the number is read once: "and" joins a range only after "between"
    (the empty group `btw` records that, and the conditional `(?(btw)…)` tests it).
    Groups: a/as/b/bs, and acur/bcur when a currency `prefix` is given.
    """
    cur_a = rf"(?P<acur>{prefix})(?P<neg>[-−](?=[0-9]))?" if prefix else ""  # "$-99.99": a sign after the currency
    cur_b = rf"(?P<bcur>{prefix})?" if prefix else ""
    return (
        rf"(?:(?<=[Bb]etween )(?P<btw>)|(?<=[Ff]rom )(?P<frm>))?{cur_a}(?P<a>{number})(?P<as>{scale})?"
        rf"(?(as)(?P<af>{MIXED_TAIL}|{DIGIT_LINK})?)"
        rf"(?:(?(btw)\s+(?:and|to)\s+|(?(frm){_DASH_SEP}|{_RANGE_SEP})){cur_b}(?P<b>{number})(?P<bs>{scale})?(?(as)(?(bs)|(?!))))?"
    )


#: A number with a fraction, before a unit: "12 1/2 years", "3/4 mile" (digits only, so "24/7" never).
FRACTION_NUMBER = r"(?:\d{1,4}\s)?[1-9]/(?:[2-9]|1[0-6]|32|64)(?![\d/])"
MEASURED_NUMBER = rf"(?:{FRACTION_NUMBER}|{NUMBER})"


def parse_amount(text: str) -> Decimal:
    """A number as `parse_number` reads it, or one with a fraction: "12 1/2" -> 12.5."""
    if "/" not in text:
        return parse_number(text)
    whole, _, fraction = text.strip().rpartition(" ")
    numerator, denominator = fraction.split("/")
    return (Decimal(whole) if whole else Decimal(0)) + Decimal(numerator) / Decimal(denominator)


_BIG_SCALE_WORD = re.compile(r"(?i:thousand|million|billion|trillion|lakh|crore)")


def scaled_amount(number: str, scale: str | None, tail: str | None = None) -> Decimal:
    """A number times its scale word: "5.3 billion", "one billion two hundred million" (the
    words' own scales first), "3 million and a half" (the fraction of the scale)."""
    if scale and not number[:1].isdigit() and _BIG_SCALE_WORD.search(number):
        return parse_words(f"{number} {scale}")
    amount = parse_amount(number)
    if tail and any(ch.isdigit() for ch in tail):  # "4 thousand 3 hundred and 21"
        return amount * parse_scale(scale) + parse_words(tail)
    if tail:
        amount += parse_words(tail.strip()[4:])  # the words after "and"
    return amount * parse_scale(scale)


def read_quantity(m: Groups) -> tuple[Decimal, Decimal | None]:
    """Value and upper bound of a `quantity` match, with a shared scale ("5-7 million")."""
    a, a_scale = m.group("a"), m.group("as")
    lo = scaled_amount(a, a_scale, m.group("af"))
    b = m.group("b")
    if b is None:
        return lo, None
    b_scale = parse_scale(m.group("bs"))
    hi = scaled_amount(b, m.group("bs"))
    if a_scale is None and b_scale > 1 and parse_amount(a) < parse_amount(b):
        lo = parse_amount(a) * b_scale
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


#: The sign or word that makes a number a percentage.
_PERCENT_SIGN = r"(?:\s?%|\s?(?i:percents?|per\s?cent|percentage(?:\s+points?)?|pct)\b)"

# --- readers --------------------------------------------------------------------------------


def read_money_prefix(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    if m.group("neg"):
        if hi is not None:
            return None  # "$-5-7 million" is no range a document writes
        lo = -lo
    return _reading("money", lo, hi, currency_prefix_of(m) or "USD")


#: Cents without their word end the phrase: "15 dollars 50.", "17 USD 25 more", "two dollars and ten,".
_CENTS_END = r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:more|less|each|apiece)\b)"


def read_money_suffix(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    scale = parse_scale(m.group("cs")) * (1_000_000 if millions_of(m.group("curw")) else 1)
    lo, hi = lo * scale, None if hi is None else hi * scale  # "75 USD million", "30 MUSD"
    cents = m.group("cents")
    if cents is not None:  # "3 dollars 50 cents", "thirteen dollars and forty-five cents"
        if hi is not None or parse_number(cents) >= 100:
            return None
        lo += parse_number(cents) / 100
    return _reading("money", lo, hi, currency_of_suffix(m.group("curw")))


#: Minor units: a hundredth of the currency their word names (cents of a dollar, pence of a pound).
MINOR_UNITS = {"cent": "USD", "cents": "USD", "pence": "GBP", "penny": "GBP", "pennies": "GBP", "p": "GBP"}


def read_money_minor(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    hundredth = Decimal("0.01")
    return _reading("money", lo * hundredth, None if hi is None else hi * hundredth,
                    MINOR_UNITS[(m.group("minor") or m.group("minor2")).lower()])


def read_percent(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("percent", lo, hi, "percent")


def read_fraction(m: Groups) -> Reading | None:
    """"two-thirds" -> 66.67 percent: a fraction in words is a share (the guide)."""
    return Reading("percent", round(float(parse_words(m.group(0)) * 100), 6), None, "percent")


_RATE_ABBREVIATIONS = {"d": "day", "day": "day", "yr": "year", "year": "year", "mo": "month", "month": "month"}


#: "5 feet 2 inches", "6 ft 4 in": a length in feet and inches is one figure, in feet.
_INCHES_AFTER_FEET = (
    r"(?:(?:(?<=feet)|(?<=foot)|(?<=ft)|(?<=ft\.))"
    r"(?:,?\s+(?:and\s+)?(?P<inches>[0-9]{1,2}(?:\.[0-9]+)?)\s?(?:inches\b|inch\b|in\b\.?|[\"″])))?"
)
#: "44 mg to 50 mg", "between 10 km and 12 km": a range that writes its unit at both ends (after
#: "from", "to" ends a change: two figures).
_UNIT_RANGE_END = (
    rf"(?(b)|(?(frm)|(?:(?(btw)\s+(?:and|to)\s+|\s+to\s+)(?P<b2>{MEASURED_NUMBER})"
    rf"(?P<unit2>{MEASURE_UNIT.replace('(?P<per>', '(?P<per2>')}))?))"
)


def read_measure(m: Groups) -> Reading | None:
    """A measure in the unit the dataset writes; trade abbreviations scale the value ("5.3 Bcf/d")."""
    lo, hi = read_quantity(m)
    inches = m.group("inches")
    if inches is not None:
        lo += Decimal(inches) / 12
    if m.group("b2") is not None:
        hi = parse_amount(m.group("b2"))
    written = re.sub(r"\s+", " ", (m.group("unit") or m.group("sunit")).strip())  # "45 and 50 mg": its own
    per = m.group("per") or m.group("per3")
    if per:
        written = written[: -len(per) - 1]
    canonical = MEASURE_UNITS.get(written) or MEASURE_UNITS.get(written.lower())
    if canonical is None:
        return None
    _, multiplier, period = TRADE_UNITS.get(written, (canonical, 1, None))
    if per:
        period = _RATE_ABBREVIATIONS[per]
    scale = Decimal(str(multiplier))
    reading = _reading("measure", lo * scale, None if hi is None else hi * scale, canonical)
    if reading is None or period is None:
        return reading
    return Reading(reading.kind, reading.value, reading.value_max, f"{canonical}/{period}")


#: A power after a unit symbol: "s-1", "fb−1", "km^3", "m²", "s⁻¹" (written "^-1", "^3" in the unit).
_POWER = r"(?:\^[-−]?[1-4]|[-−]1|⁻[¹²³])(?![\d]|[.,]\d)"
_POWERS = {"²": "2", "³": "3", "⁻¹": "-1", "⁻²": "-2", "⁻³": "-3"}
#: Quotients the measure rule reads as one unit ("km/h", "b/d"), and ones that are no unit ("N/A", "A/C").
_NO_QUOTIENT = "|".join(re.escape(s) for s in sorted((*_MEASURE_SYMBOLS, *UNIT_WORDS), key=len, reverse=True)
                        if "/" in s)
#: A science unit where only a unit can stand: raised to a power, or in a quotient with "/" or
#: "per second" ("4e14 s-1", "1 fb−1", "-1e-3 W/min", "9.8 m/s2", "10 l/km", "two kb per second").
#: A bare symbol ("5 s", "2.1 pm", "3 t") is left to the rules that read it in context, or to none.
SCIENCE_UNIT = (
    rf"(?!(?:{_NO_QUOTIENT})(?![\w/^])|[A-Z]/[A-Z](?![\w]))"
    rf"(?P<num>{trie(SCIENCE_SYMBOLS)})(?P<npow>{_POWER})?"
    rf"(?:/(?P<den>{trie(SCIENCE_SYMBOLS)})(?P<dpow>{_POWER}|[23²³](?![\d]|[.,]\d))?|\s+per\s+(?P<denw>second|minute)\b)?"
    r"(?(npow)|(?(den)|(?(denw)|(?!))))(?![\w/^])"
)
#: "2 in." (the abbreviation's period), "3 in thick", "278,000 t of ore": a short symbol where prose
#: cannot use the word ("5 in 10", "3 in the first half", "300 t-shirts" are no units).
SHORT_SYMBOL = (
    rf"(?:(?P<sym>in)(?:\.|(?=\s+(?:{'|'.join(SIZE_ADJECTIVES)})\b|\s*[);]|\s*\Z))"
    r"|(?P<sym2>t)(?![\w'’-]))"
)
#: Inch and foot marks: '9"', '12″', '6′', and '10 " long' before a size adjective. A straight
#: quote that closes a quotation is no inch mark: the exclusion `closing_quote` checks that.
INCH_MARK = (
    rf"(?:(?P<mark>[\"″′])|\s(?P<mark2>[\"″])(?=\s+(?:{'|'.join(SIZE_ADJECTIVES)})\b))(?![\w\"″′])"
)


def tolerance(group: str) -> str:
    """A tolerance after a value: "9.83 ± 0.01", "2.5 +/- 0.1"; the value is the figure, the tolerance none."""
    return rf"(?:\s?(?:±|\+/-|\+-)\s?(?P<{group}>{NUMBER}))"


def _power(written: str | None) -> str:
    if not written:
        return ""
    return "^" + _POWERS.get(written, written.lstrip("^").replace("−", "-"))


_POWERED_NAMES = {"^2": "square", "^3": "cubic"}
_UNIT_NAMES = frozenset(MEASURE_UNITS.values())


def read_symbol_measure(m: Groups) -> Reading | None:
    """A science unit in a power or quotient, a unit after a tolerance, or a short symbol in context."""
    if m.group("num"):
        return read_science_measure(m)
    if m.group("unit"):
        return read_tolerance_measure(m)
    mark = m.group("mark") or m.group("mark2")
    if mark:
        return Reading("measure", float(parse_amount(m.group("a"))), None, "foot" if mark == "′" else "inch")
    return Reading("measure", float(parse_amount(m.group("a"))), None,
                   SHORT_SYMBOLS[m.group("sym") or m.group("sym2")])


def read_science_measure(m: Groups) -> Reading | None:
    """A measure in a science unit, its powers and quotient kept: "km/s2" -> "kilometer/second^2";
    a length squared or cubed is the area or volume unit the dataset writes ("km^3" -> "cubic kilometer")."""
    name, power = SCIENCE_SYMBOLS[m.group("num")], _power(m.group("npow"))
    powered = f"{_POWERED_NAMES.get(power, '')} {name}"
    unit = powered if powered in _UNIT_NAMES else name + power
    den = m.group("den") or m.group("denw")
    if den:
        unit += "/" + SCIENCE_SYMBOLS.get(den, den) + _power(m.group("dpow"))
    return Reading("measure", float(parse_amount(m.group("a"))), None, unit)


def read_tolerance_measure(m: Groups) -> Reading | None:
    """"2,000.45±0.01 pounds": the value in its unit; the tolerance is no figure of its own."""
    written = re.sub(r"\s+", " ", m.group("unit").strip())
    canonical = MEASURE_UNITS.get(written) or MEASURE_UNITS.get(written.lower())
    if canonical is None:
        return None
    _, multiplier, period = TRADE_UNITS.get(written, (canonical, 1, None))
    value = parse_amount(m.group("a")) * Decimal(str(multiplier))
    return Reading("measure", float(value), None, f"{canonical}/{period}" if period else canonical)


def read_duration(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("duration", lo, hi, DURATION_UNITS[m.group("unit").strip().lower()])


#: Words after which a bare number is an age in years: "median age 31", "aged 65", "ages 15-24".
_AGE_BEFORE = ("age ", "aged ", "ages ", "age of ", "ages of ", "aged between ", "ages between ")


def read_age(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    return _reading("duration", lo, hi, "year")


def read_partitive_duration(m: Groups) -> Reading | None:
    """"seven of the next ten months": seven months of the ten."""
    return Reading("duration", float(parse_number(m.group("n"))), None, DURATION_UNITS[m.group("unit").strip().lower()])


def read_hyphen_compound(m: Groups) -> Reading | None:
    value = parse_number(m.group("n"))
    noun = m.group("noun").lower()
    if noun in DURATION_UNITS:
        return Reading("duration", float(value), None, DURATION_UNITS[noun])
    if noun in MEASURE_UNITS:
        return Reading("measure", float(value), None, MEASURE_UNITS[noun])
    return Reading("count", float(value), None, "count")


def read_hyphen_range(m: Groups) -> Reading | None:
    """"8- to 16-meter": a range of the compound's unit."""
    single = read_hyphen_compound(m)
    if single is None:
        return None
    high = float(parse_number(m.group("m")))
    return Reading(single.kind, single.value, high, single.unit) if high > single.value else None


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


def read_rank_superlative(m: Groups) -> Reading | None:
    """"ninth highest"; "second or third largest" is a range of ranks."""
    value = float(parse_ordinal(m.group("ord")))
    other = m.group("ord2")
    high = float(parse_ordinal(other)) if other else None
    if high is not None and high <= value:
        return None
    return Reading("rank", value, high, "rank")


def read_rank_number(m: Groups) -> Reading | None:
    return Reading("rank", float(parse_number(m.group("n"))), None, "rank")


def read_share(m: Groups) -> Reading | None:
    part, whole = parse_number(m.group("part")), parse_number(m.group("whole"))
    if whole <= 0 or part >= whole:
        return None
    return Reading("percent", round(float(part / whole * 100), 6), None, "percent")


def read_count(m: Groups) -> Reading | None:
    lo, hi = read_quantity(m)
    if hi is None and m.group("as") is None and m.group("a") in VULGAR_FRACTIONS:
        return Reading("percent", round(float(lo * 100), 6), None, "percent")  # "⅔": a fraction is a share
    return _reading("count", lo, hi, "count")


# --- the figure rules, most specific first ---------------------------------------------------

_HYPHEN_NOUNS = tuple(DURATION_UNITS) + tuple(u for u in _MEASURE_WORDS if " " not in u) + COUNT_COMPOUND_NOUNS
#: A fraction before a scale word is a number of it ("a quarter million", "half a billion"), no share.
_NO_SCALE_AFTER = r"(?!\s+(?:of\s+)?(?:an?\s+)?(?i:thousand|million|billion|trillion|dozen)\b)"
_FRACTION = (
    rf"(?:{FRACTION_WORDS}"
    r"|(?i:\bhalf\b)(?=\s+(?i:of|the|its|their|all|a|an)\b))" + _NO_SCALE_AFTER
)

#: A fraction in words before a unit: "half a mile", "one-quarter mile", "three-quarters of an acre".
_FRACTION_OF_UNIT = rf"(?:{FRACTION_WORDS}|(?i:\bhalf\b))(?:\s+of)?(?:\s+an?)?(?=\s)"


_MEASURE_WORD_TRIE = trie(w.lower() for w in _MEASURE_WORDS)
_OF_AN_AFTER = re.compile(r"(?i)(?:\s+of)?(?:\s+an?)?$")


def read_fraction_of_unit(m: Groups) -> Reading | None:
    """"half a mile" -> 0.5 mile, "half an hour" -> 0.5 hour: a fraction of the unit, no share."""
    value = float(parse_words(_OF_AN_AFTER.sub("", m.group("frac"))))
    word = m.group("unit").strip().lower()
    if word in DURATION_UNITS:
        return Reading("duration", value, None, DURATION_UNITS[word])
    unit = MEASURE_UNITS.get(word)
    return None if unit is None else Reading("measure", value, None, unit)


RULES: tuple[Rule, ...] = (
    Rule(
        "money_currency_prefix", "money",
        quantity(scale=MONEY_SCALE, prefix=CURRENCY_PREFIX),
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
            Example("a fee of USD250 per visa", "USD250", 250, "USD"),
            Example("fares of CAD$ 40 each way", "CAD$ 40", 40, "CAD"),
            Example("a grant of EUR5m for the port", "EUR5m", 5e6, "EUR"),
            Example("funding of between $10 million and $20 million", "$10 million and $20 million",
                    10e6, "USD", 20e6),
            Example("trade grew from $4.1 billion to $9.8 billion", "$4.1 billion", 4.1e9, "USD"),
            Example("trade grew from $4.1 billion to $9.8 billion", "$9.8 billion", 9.8e9, "USD"),
        ),
        starts=("sign",),
    ),
    Rule(
        "money_currency_word", "money",
        quantity() + rf"(?P<curw>{CURRENCY_SUFFIX})"
            r"(?(as)|(?P<cs>\s+(?:thousand|million|billion|trillion)\b)?)"
            rf"(?:(?:\s+and)?\s+(?P<cents>[0-9]{{1,2}}(?![\d]|[.,]\d)|(?=[A-Za-z]){NUMBER})"
            rf"(?:\s+(?i:cents?)\b|{_CENTS_END}))?",
        read_money_suffix,
        (
            Example("a fine of 25,000 Swiss francs for the importer", "25,000 Swiss francs", 25000, "CHF"),
            Example("a deal valued at 4.6 billion shekels", "4.6 billion shekels", 4.6e9, "ILS"),
            Example("tickets at 80 Chinese yuan each", "80 Chinese yuan", 80, "CNY"),
            Example("bonds worth 90 million Dutch guilders in 1998", "90 million Dutch guilders", 90e6, "NLG"),
            Example("a fee of 45USD per container", "45USD", 45, "USD"),
            Example("entry costs 12 € for adults", "12 €", 12, "EUR"),
            Example("the toll is 4 dollars 25 cents per axle", "4 dollars 25 cents", 4.25, "USD"),
            Example("it cost eight dollars and sixty cents", "eight dollars and sixty cents", 8.6, "USD"),
            Example("a budget of 300 million pesos for schools", "300 million pesos", 300e6, "MXN"),
            Example("some 2 billion dollars in aid", "2 billion dollars", 2e9, "USD"),
            Example("grants of 500,000 Canadian dollars", "500,000 Canadian dollars", 5e5, "CAD"),
            Example("worth 12 million euros in total", "12 million euros", 12e6, "EUR"),
            Example("a ticket costs 9 dollars 75.", "9 dollars 75", 9.75, "USD"),
            Example("the fee rose to 21 CHF 40 more", "21 CHF 40", 21.4, "CHF"),
            Example("write-downs of 45 EUR million in 2022", "45 EUR million", 45e6, "EUR"),
            Example("an order worth 12.5 MUSD for turbines", "12.5 MUSD", 12.5e6, "USD"),
            Example("a loan of 3,000 ₾ to the farmer", "3,000 ₾", 3000, "GEL"),
            Example("rent of 250,000 ₸ a month", "250,000 ₸", 250000, "KZT"),
        ),
    ),
    Rule(
        "money_minor_unit", "money",
        quantity() + r"(?:\s+(?P<minor>(?i:cents?|pence|penny|pennies))\b|-(?P<minor2>cent)\b)",
        read_money_minor,
        (
            Example("gasoline rose 12 cents a gallon", "12 cents", 0.12, "USD"),
            Example("shares closed at 385 pence in London", "385 pence", 3.85, "GBP"),
            Example("a 15-cent tax on each bottle", "15-cent", 0.15, "USD"),
        ),
    ),
    Rule(
        "percent", "percent",
        quantity() + rf"(?:(?P<pct>{_PERCENT_SIGN})|(?=,?\s+and\s+{NUMBER}{_PERCENT_SIGN}))",
        read_percent,
        (
            Example("capacity by 400 percent since 2018", "400 percent", 400, "percent"),
            Example("grew 3.5% per year", "3.5%", 3.5, "percent"),
            Example("a share of 10-15 percent of output", "10-15 percent", 10, "percent", 15),
            Example("rose by two percentage points", "two percentage points", 2, "percent"),
            Example("a 40 percentage share of the market", "40 percentage", 40, "percent"),
            Example("tariffs of 8 and 12 percent on steel", "8", 8, "percent"),
        ),
    ),
    Rule(
        "percent_one_in_n", "percent",
        rf"(?P<part>{NUMBER})\s+(?:in|out\s+of|(?P<over>over))\s+(?P<whole>{NUMBER})"
            r"(?(over)(?=\s*(?:[.,;:!?)]|$)))(?!\s*(?:%|percent|years?|months?|days?)\b)",
        read_share,
        (
            Example("One out of three workers is in agriculture", "One out of three", 100 / 3, "percent"),
            Example("one in five students studies engineering", "one in five", 20, "percent"),
            Example("1 in 4 households", "1 in 4", 25, "percent"),
            Example("the odds were put at one over four.", "one over four", 25, "percent"),
        ),

    ),
    Rule(
        "measure_fraction", "measure",
        rf"(?P<frac>{_FRACTION_OF_UNIT})(?P<unit>\s+(?i:{_MEASURE_WORD_TRIE}))(?![\w-])",
        read_fraction_of_unit,
        (
            Example("the plant sits half a mile from the river", "half a mile", 0.5, "mile"),
            Example("a one-quarter mile stretch of road", "one-quarter mile", 0.25, "mile"),
            Example("about three-quarters of an acre of wetland", "three-quarters of an acre", 0.75, "acre"),
        ),
        starts=("word",),
    ),
    Rule(
        "duration_fraction", "duration",
        rf"(?P<frac>{_FRACTION_OF_UNIT})(?P<unit>{DURATION_UNIT})",
        read_fraction_of_unit,
        (
            Example("the ferry crossing takes half an hour", "half an hour", 0.5, "hour"),
            Example("talks ran for a quarter century", "a quarter century", 0.25, "century"),
        ),
        starts=("word",),
    ),
    Rule(
        "percent_fraction", "percent",
        _FRACTION,
        read_fraction,
        (
            Example("nearly half of all visitors", "half", 50, "percent"),
            Example("a third of the budget", "a third", 100 / 3, "percent"),
            Example("two-thirds of exports go north", "two-thirds", 200 / 3, "percent"),
            Example("five eighths of the crop was sold", "five eighths", 62.5, "percent"),
            Example("one-sixth of all loans went to farms", "one-sixth", 100 / 6, "percent"),
            Example("only seventeen twentieths of seats were filled", "seventeen twentieths", 85, "percent"),
            Example("a ninth of the budget", "a ninth", 100 / 9, "percent"),
        ),
        ("in the first half of 2024", "on behalf of the people", "a fourth round of talks",
         "the seventh session opened"),
        starts=("word",),
    ),
    Rule(
        "measure_symbol", "measure",
        rf"(?P<a>{MEASURED_NUMBER})(?:{tolerance('tol')}?\s?{SCIENCE_UNIT}"
            rf"|{tolerance('tol2')}(?P<unit>{MEASURE_UNIT.replace('(?P<per>', '(?:')})"
            rf"|(?<=[0-9{''.join(VULGAR_FRACTIONS)}])(?:\s?{SHORT_SYMBOL}|{INCH_MARK}))",
        read_symbol_measure,
        (
            Example("the detector counts 3e5 s-1 at peak", "3e5 s-1", 3e5, "second^-1"),
            Example("the run gathered 12 fb−1 of collisions", "12 fb−1", 12, "femtobarn^-1"),
            Example("a probe decelerating at 4.2 m/s2 on entry", "4.2 m/s2", 4.2, "meter/second^2"),
            Example("the heater draws 350 W/min at start", "350 W/min", 350, "watt/minute"),
            Example("a flux of 15 J/m^2 over the panel", "15 J/m^2", 15, "joule/meter^2"),
            Example("trucks burning 30 l/km on the grade", "30 l/km", 30, "liter/kilometer"),
            Example("a reservoir holding 6 km^3 of water", "6 km^3", 6, "cubic kilometer"),
            Example("a field of 9 T^2 strength", "9 T^2", 9, "tesla^2"),
            Example("a line rated at three Mb per second", "three Mb per second", 3, "megabit/second"),
            Example("a drift of 2.5 +/- 0.2 mm/yr along the fault", "2.5 +/- 0.2 mm/yr", 2.5, "millimeter/year"),
            Example("each crate weighs 41.5±0.5 kilograms", "41.5±0.5 kilograms", 41.5, "kilogram"),
            Example("a span of 120 +/- 3 feet", "120 +/- 3 feet", 120, "foot"),
            Example("a 12 in. drain pipe under the road", "12 in.", 12, "inch"),
            Example("steel plates 3/4 in thick", "3/4 in", 0.75, "inch"),
            Example("the panel measures 8 in;", "8 in", 8, "inch"),
            Example("the mill shipped 45,000 t of ore", "45,000 t", 45000, "metric ton"),
            Example('a 36" culvert under the levee', '36"', 36, "inch"),
            Example("a 12″ main and a 40′ mast", "40′", 40, "foot"),
            Example('a rod 10 " long', '10 "', 10, "inch"),
        ),
    ),
    Rule(
        "measure", "measure",
        quantity(MEASURED_NUMBER) + rf"(?:(?P<unit>{MEASURE_UNIT}){_INCHES_AFTER_FEET}{_UNIT_RANGE_END}"
            rf"|(?=,?\s+and\s+{MEASURED_NUMBER}(?P<sunit>{MEASURE_UNIT.replace('(?P<per>', '(?P<per3>')})))",
        read_measure,
        (
            Example("3.8 million barrels per day of crude", "3.8 million barrels", 3.8e6, "barrel"),
            Example("a 1,954 miles long border", "1,954 miles", 1954, "mile"),
            Example("about 2.5 billion cubic feet of gas", "2.5 billion cubic feet", 2.5e9, "cubic foot"),
            Example("generated 12 TWh of power", "12 TWh", 12, "terawatt hour"),
            Example("covers 5,000 square miles of desert", "5,000 square miles", 5000, "square mile"),
            Example("to limit warming to 1.5°C this century", "1.5°C", 1.5, "degree"),
            Example("pipeline flows to Ontario hit 4.1 Bcf/d last winter", "4.1 Bcf/d", 4.1e9, "cubic foot/day"),
            Example("refineries took in 1.8 million b/d of heavy crude", "1.8 million b/d", 1.8e6, "barrel/day"),
            Example("shipments of 9.6 MMst of thermal coal", "9.6 MMst", 9.6e6, "short ton"),
            Example("a harvest of 3.2 MMT of wheat and 40,000 MT of barley", "3.2 MMT", 3.2e6, "metric ton"),
            Example("hydro plants produced 18 terawatthours", "18 terawatthours", 18, "terawatt hour"),
            Example("a 250 MW solar array near the border", "250 MW", 250, "megawatt"),
            Example("a reserve of 640 sq. mi. of wetland", "640 sq. mi.", 640, "square mile"),
            Example("a basin of 3,400 km² along the river", "3,400 km²", 3400, "square kilometer"),
            Example("the scanners store 256GB of images", "256GB", 256, "gigabyte"),
            Example("trucks limited to 55mph on the bridge", "55mph", 55, "mile per hour"),
            Example("exports of 2,300 tonnes of avocados", "2,300 tonnes", 2300, "metric ton"),
            Example("a 1/4 mile stretch of fence", "1/4 mile", 0.25, "mile"),
            Example("a harvest of 12 lakh tonnes of rice", "12 lakh tonnes", 1.2e6, "metric ton"),
            Example("a dose of 20 mGy per scan", "20 mGy", 20, "milligray"),
            Example("the wall rises 10 1/2 feet", "10 1/2 feet", 10.5, "foot"),
            Example("a fence 7 feet 6 inches tall", "7 feet 6 inches", 7.5, "foot"),
            Example("posts of 4 ft 3 in each", "4 ft 3 in", 4.25, "foot"),
            Example("doses of 20 mg to 40 mg daily", "20 mg to 40 mg", 20, "milligram", 40),
            Example("wells between 300 m and 450 m deep", "300 m and 450 m", 300, "meter", 450),
            Example("wells between 300 m to 450 m deep", "300 m to 450 m", 300, "meter", 450),
            Example("spans of 40 and 65 meters", "40", 40, "meter"),
        ),
    ),
    Rule(
        "duration", "duration",
        quantity(MEASURED_NUMBER) + rf"(?:\s+(?i:{_alt(DURATION_ADJECTIVES)}))?(?P<unit>{DURATION_UNIT})",
        read_duration,
        (
            Example("over 200 years of diplomatic relations", "200 years", 200, "year"),
            Example("exports grew for 14 consecutive months", "14 consecutive months", 14, "month"),
            Example("a sentence of 8 1/2 years in federal prison", "8 1/2 years", 8.5, "year"),
            Example("the permit may be renewed for 5 more years", "5 more years", 5, "year"),
            Example("at least every six years", "six years", 6, "year"),
            Example("a program of three to six months", "three to six months", 3, "month", 6),
            Example("the crossing took 9 hrs by truck", "9 hrs", 9, "hour"),
        ),
    ),
    Rule(
        "duration_age", "duration",
        "(?:" + "|".join(rf"(?<=\b{re.escape(w)})" for w in _AGE_BEFORE) + ")" + quantity()
            + r"(?!\s*(?:%|percent|per\s?cent|years?|months?)\b)",
        read_age,
        (
            Example("a population with a median age of 29", "29", 29, "year"),
            Example("workers aged 18 to 24 in the region", "18 to 24", 18, "year", 24),
            Example("the median age 31 in the census", "31", 31, "year"),
        ),
        ("the age of discovery",),
    ),
    Rule(
        "duration_partitive", "duration",
        rf"(?P<n>{NUMBER})(?=\s+of\s+the\s+(?i:next|past|last|first|following|previous|preceding)"
            rf"\s+{NUMBER}(?P<unit>{DURATION_UNIT}))",
        read_partitive_duration,
        (
            Example("the surplus held for seven of the next ten months", "seven", 7, "month"),
            Example("rainfall fell short in 3 of the last 5 years", "3", 3, "year"),
        ),
    ),
    Rule(
        "hyphen_range", "count",
        rf"(?P<n>{NUMBER})-\s+to\s+(?P<m>{NUMBER})-(?P<noun>(?i:{_alt(_HYPHEN_NOUNS)}))(?![\w])",
        read_hyphen_range,
        (
            Example("a planned 8- to 12-meter telescope", "8- to 12-meter", 8, "meter", 12),
            Example("three- to five-year loans", "three- to five-year", 3, "year", 5),
        ),
    ),
    Rule(
        "hyphen_compound_shared", "count",
        rf"(?P<n>{NUMBER})(?=-\s+(?:and|or)\s+{NUMBER}-(?P<noun>(?i:{_alt(_HYPHEN_NOUNS)}))(?![\w]))",
        read_hyphen_compound,
        (
            Example("offers two- and four-year degrees", "two", 2, "year"),
            Example("one- or two-week courses", "one", 1, "week"),
        ),
    ),
    Rule(
        "hyphen_compound", "count",
        rf"(?P<n>{NUMBER})-(?P<noun>(?i:{_alt(_HYPHEN_NOUNS)}))(?![\w])",
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
        rf"(?P<n>(?i:once|twice|thrice)|{NUMBER}(?=\s+times\b))(?:\s+times)?"
            rf"(?=\s+(?:{RATE_WORDS}|{RATE_ADVERB}))",
        read_frequency,
        (
            Example("The group meets three times a year and", "three times", 3, "per year"),
            Example("flights land twice a day", "twice", 2, "per day"),
            Example("reports 4 times annually", "4 times", 4, "per year"),
        ),
    ),
    Rule(
        "ratio_times", "ratio",
        rf"(?P<n>(?i:twice|thrice)|{NUMBER}(?=\s+times\b))(?:\s+times)?"
            r"(?=\s+(?i:more|larger|greater|higher|bigger|as|the|over|faster|less|lower|smaller)\b)",
        read_ratio_times,
        (
            Example("trade is five times larger than in 1993", "five times", 5, "times"),
            Example("twice as many students", "twice", 2, "times"),
        ),
    ),
    Rule(
        "ratio_word", "ratio",
        rf"(?i:\b(?:{_alt([w for w in MULTIPLIERS if w.endswith(('ed', 'ing'))])})\b"
            rf"|\b(?:{_alt(list(UNITS))}|\d+)-?fold\b)",
        read_ratio_word,
        (
            Example("exports more than tripled since 2010", "tripled", 3, "times"),
            Example("a twofold increase", "twofold", 2, "times"),
        ),
    ),
    Rule(
        "rank_superlative", "rank",
        rf"(?P<ord>{ORDINAL})(?:\s+or\s+(?P<ord2>{ORDINAL}))?"
            rf"(?:-(?:{SUPERLATIVE})\b|(?=\s+(?:{SUPERLATIVE})\b)|(?=\s+and\s+{ORDINAL}[- ](?:{SUPERLATIVE})\b))",
        read_rank_superlative,
        (
            Example("the ninth highest source worldwide", "ninth", 9, "rank"),
            Example("the second-largest source of crude", "second-largest", 2, "rank"),
            Example("the 3rd largest market", "3rd", 3, "rank"),
            Example("the region's fourth and fifth largest ports", "fourth", 4, "rank"),
            Example("the region's fourth and fifth largest ports", "fifth", 5, "rank"),
            Example("the second or third biggest buyer", "second or third", 2, "rank", 3),
        ),
        ("the third High-Level Security Dialogue", "the first international treaty", "50th anniversary"),
    ),
    Rule(
        "rank_ranked", "rank",
        rf"(?:(?<=rank )|(?<=ranks )|(?<=ranked )|(?<=ranking ))(?P<ord>{ORDINAL})",
        read_rank,
        (Example("ranking first in the region", "first", 1, "rank"),),
    ),
    Rule(
        "rank_number", "rank",
        rf"(?<=number )(?P<n>{NUMBER})(?=\s+[a-z])",
        read_rank_number,
        (Example("the number one destination for travelers", "one", 1, "rank"),),
    ),
    Rule(
        "count", "count",
        quantity(),
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
            Example("a fleet of sixty - four vessels", "sixty - four", 64, "count"),
            Example("the registry lists two hundred forty-one thousand, six hundred and five names",
                    "two hundred forty-one thousand, six hundred and five", 241605, "count"),
            Example("a census of forty-two million three hundred thousand residents",
                    "forty-two million three hundred thousand", 42.3e6, "count"),
            Example("some seven and a quarter million people voted", "seven and a quarter million", 7.25e6,
                    "count"),
            Example("a herd of 12 thousand 4 hundred and 6 head", "12 thousand 4 hundred and 6", 12406, "count"),
            Example("a queue of 4 million and a half travelers", "4 million and a half", 4.5e6, "count"),
            Example("nearly half a million refugees crossed", "half a million", 5e5, "count"),
            Example("some two thirds of a million people voted", "two thirds of a million", 2e6 / 3, "count"),
            Example("they shipped three dozen crates", "three dozen", 36, "count"),
            Example("the index stood at six point zero five in June", "six point zero five", 6.05, "count"),
            Example("it grew by eleven and three eighths points", "eleven and three eighths", 11.375, "count"),
            Example("a sample of 2.4e5 cells", "2.4e5", 2.4e5, "count"),
            Example("a stock of 8x10^3 doses", "8x10^3", 8000, "count"),
            Example("a reserve of 4,50,000 bales in Punjab", "4,50,000", 450000, "count"),
            Example("the startup raised 15M in seed money", "15M", 15e6, "count"),
            Example("a balance of -14 in the ledger", "-14", -14, "count"),
            Example("the result came to negative nine", "negative nine", -9, "count"),
        ),
        ("one of the closest partners", "between our two countries", "hundreds of thousands of people"),
    ),
)

# --- signs: a minus kept is a value kept ------------------------------------------------------

#: A minus sign (hyphen-minus or U+2212) touching the figure, not inside a word, code or range
#: ("COVID-19", "2010-2015"), or the word "minus". A word of direction ("fell 3 percent") is no sign.
_MINUS_BEFORE = re.compile(r"(?:(?<![\w.,)\]%/−-])[-−]|\b(?i:minus|negative)\s+)$")
#: Kinds that take a sign: a duration, rank or frequency below zero is no reading of the text.
SIGNED_KINDS = frozenset({"money", "percent", "count", "measure", "ratio"})
SIGN_EXAMPLES = (
    Example("real GDP growth of -2.5 percent in the second quarter", "-2.5 percent", -2.5, "percent"),
    Example("a trade balance of −$12 billion with the region", "−$12 billion", -12e9, "USD"),
    Example("net flows of minus 3 percent over the year", "minus 3 percent", -3, "percent"),
    Example("a decline of -1.3% from the prior month", "-1.3%", -1.3, "percent"),
    Example("winter lows of -40°C in the north", "-40°C", -40, "degree"),
)


def minus_before(text: str, start: int) -> int | None:
    """Where a minus sign (or "minus ") written right before a figure starts, or None."""
    m = _MINUS_BEFORE.search(text, max(0, start - 9), start)
    return m.start() if m else None


#: "top N" is a rank bound after these ("among the top 10 partners", "a top-5 market"); elsewhere
#: ("the top two destinations") it counts the N items it names.
_RANK_TOP_BEFORE = ("among the top ", "among the top-", "within the top ", "into the top ", "in the top ",
                    "of the top ", " a top ", " a top-", "among its top ", "among our top ")

# Rank bounds such as "top 10" are matched apart so that they read as at_most.
TOP_N = Rule(
    "rank_top_n", "rank",
    "(?:" + "|".join(f"(?<={re.escape(before)})" for before in _RANK_TOP_BEFORE) + ")"
               rf"(?P<n>{NUMBER})(?!\s*(?:%|percent))",
    read_rank_number,
    (Example("among the top 10 trading partners", "10", 10, "rank"),
     Example("Peru is a top 5 market for wheat", "5", 5, "rank")),
)
FIGURE_RULES: tuple[Rule, ...] = (*RULES[:-1], TOP_N, RULES[-1])
RULES_BY_NAME = {rule.name: rule for rule in FIGURE_RULES}

#: Where a rule may start. Two cheap scans find them: digits and currency signs in the text,
#: and number words in its lower-cased copy (every alternative a literal, so `re` skips ahead in C).
_SIGN_OR_DIGIT = re.compile(r"[0-9$€£¥₹₩₱₦₪₺฿₫" + "".join(VULGAR_FRACTIONS) + r"][0-9]*")
_NUMBER_WORDS = sorted(
    {*UNITS, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", *ORDINALS, "half",
     "once", "twice", "thrice", "nought", "naught", "doubled", "doubling", "tripled", "tripling", "trebled",
     "quadrupled", "quadrupling", "quintupled", "halved",
     "quarter", *(f"a {w}" for w in ("hundred", "dozen", "thousand", "million", "billion", "trillion")),
     *(f"{article} {w}" for article in ("a", "an") for w in DENOMINATORS if not w.endswith("s"))},
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
        if text[p] in VULGAR_FRACTIONS:
            if not before.isdigit() and before not in "/":
                found.append((p, "digit"))  # "½ teaspoon"; the "½" of "2½" is read with its 2
            continue
        if text[p].isdigit() and (before.isalnum() or before in ".,"):
            glued = _CODE_BEFORE.search(text, max(0, p - 5), p) if before.isupper() else None
            if glued:
                found.append((glued.start(), "sign"))  # a code glued to its amount: "USD115", "EUR5m"
            continue  # inside a number or a code: "1,234", "G20"
        if (before in SPACE_SEPARATORS and _GROUP_OF_THREE.match(text, p)
                and _GROUPS_BEFORE.search(text, max(0, p - 40), p)):
            continue  # a group of "40\u00a0000": never a number of its own
        if text[p].isdigit():
            # "USD 5", "Rs. 5": only a capital, "s" or "." before the space can end a code (a cheap test first)
            prefix = _CODE_BEFORE.search(text, max(0, p - 5), p) \
                if p > 1 and text[p - 1] == " " and (text[p - 2].isupper() or text[p - 2] in "s.") else None
            if prefix:
                found.append((prefix.start(), "sign"))
            found.append((p, "digit"))
        else:
            prefix = _SIGN_BEFORE.search(text, max(0, p - 5), p + 1)
            found.append((prefix.start() if prefix else p, "sign"))
    lowered = lower_in_place(text)
    if _NUMBER_WORD.match(lowered):
        found.append((0, "word"))
    for m in _WORD_START.finditer(lowered):
        p = m.start() + 1
        if not text[p - 1].isalnum():
            found.append((p, "word"))
    return sorted(set(found))


# --- rate suffixes: "$1.7 billion a day", "400,000 people every day" -------------------------
