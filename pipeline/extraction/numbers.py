"""Numbers as documents write them: numerals, words, ordinals, scale words, currencies.

Every regex fragment here is bounded (no nested unbounded repeats), so the rules built
from them scan in time linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000, "mn": 1_000_000, "mln": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
    "t": 1_000_000_000_000,
    "b": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
    "mm": 1_000_000, "dozen": 12, "dozens": 12,
}
MULTIPLIERS = {
    "once": 1, "twice": 2, "thrice": 3,
    "doubled": 2, "doubling": 2, "tripled": 3, "tripling": 3, "trebled": 3,
    "quadrupled": 4, "quadrupling": 4, "quintupled": 5, "halved": 0.5,
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


Trie = dict[str, "Trie"]


def trie(words: Iterable[str]) -> str:
    """An alternation of words factored into a trie: `re` then tries one branch per letter
    instead of every word."""
    root: Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: Trie) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def lower_in_place(text: str) -> str:
    """The text in lower case, offset for offset: a character whose lower case is longer ("İ")
    stays as it is, so a match in the lower-cased text is at the same place in the text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_UNIT19 = trie(UNITS)
_UNIT9 = trie([w for w, v in UNITS.items() if 1 <= v <= 9])
_TENS = trie(TENS)
#: Words of a number are joined by spaces or a hyphen, spaced or not: "fifty-two", "fifty - two".
_JOIN = r"(?:\s*-\s*|\s+)"
_BELOW_100 = (
    rf"(?:(?:{_TENS})(?:{_JOIN}(?:{_UNIT9})(?![\w])|(?![\w]|\s*-\s*(?:{_UNIT9})))|(?:{_UNIT19})(?![\w]))"
)

#: The denominators of fractions in words, singular and plural: "a third", "five eighths",
#: "one twenty-fifth", "fifty-four hundredths". "second" is never one ("one second" is a time).
DENOMINATORS: dict[str, int] = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _word, _value in ORDINALS.items():
    if _value >= 3:
        DENOMINATORS[_word] = _value
        DENOMINATORS[_word + "s"] = _value
for _word, _value in {"hundredth": 100, "thousandth": 1_000, "millionth": 10**6, "billionth": 10**9,
                      "trillionth": 10**12}.items():
    DENOMINATORS[_word] = _value
    DENOMINATORS[_word + "s"] = _value
_UNIT_ORDINALS = {w: v for w, v in ORDINALS.items() if v <= 9}
#: "twenty-fifth", "thirty-thirds": a tens word hyphenated to an ordinal of one to nine.
_COMPOUND_DENOMINATOR = rf"(?:{_TENS})-(?:{trie([*_UNIT_ORDINALS, *(w + 's' for w in _UNIT_ORDINALS)])})"
_DENOMINATOR = rf"(?:{_COMPOUND_DENOMINATOR}|{trie(DENOMINATORS)})(?![\w-])"
_SINGULAR = rf"(?:{trie(w for w in DENOMINATORS if not w.endswith('s') or w == 'halves')})"
_PLURAL = rf"(?:{_COMPOUND_DENOMINATOR}|{trie(w for w in DENOMINATORS if w.endswith('s'))})(?![\w-])"
#: "a half", "a third", "a quarter", "a fifth", "a tenth" need nothing after them; "a fourth",
#: "one eighth" are fractions only before "of" or where the phrase ends ("a fourth round" is an
#: ordinal).
_PLAIN_SINGULAR = r"(?:half|third|quarter|fifth|tenth)(?![\w-])"
_ENDED = r"(?=\s+of\b|\s*[^\w\s-]|\s*$)"
_ONE = r"(?:an?|one)"
#: A fraction in words: "a third", "one-eighth", "two thirds", "twenty-three fifths", "a hundred
#: trillionths". Its numerator has no "and" ("one hundred and three quarters" is a mixed number).
FRACTION_WORDS = (
    rf"(?i:\b(?:{_ONE}{_JOIN}(?:{_PLAIN_SINGULAR}|{_SINGULAR}(?![\w-]){_ENDED}|(?:{_TENS})-(?:{trie(_UNIT_ORDINALS)})(?![\w-]){_ENDED})"
    rf"|(?:(?:{_BELOW_100}|an?){_JOIN}hundred(?:\s+{_BELOW_100})?|{_BELOW_100}){_JOIN}{_PLURAL}))"
)
#: The fraction after "and" in a mixed number: "five and a quarter", "twenty and three fifths".
MIXED_TAIL = rf"(?:\s+and\s+(?:{_ONE}{_JOIN}{_SINGULAR}|{_BELOW_100}{_JOIN}{_PLURAL})(?![\w-])(?!\s+of\b))"

#: A number in words below a thousand: "nine", "Twenty-one", "one hundred and twenty". The words
#: after "and" are no part of it when a scale or a denominator follows them ("between two hundred
#: and three hundred", "one hundred and three quarters").
_AFTER_HUNDRED = rf"(?:{_JOIN}(?:(?:and|&)\s+)?{_BELOW_100}(?![\s-]*(?:hundred\b|{_PLURAL})))"
_BELOW_1000 = rf"{_BELOW_100}(?:{_JOIN}hundred(?![\w-]){_AFTER_HUNDRED}?)?"
_SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion|lakhs?|crores?)"
#: Larger scales inside a number in words go on only to more words: "twenty-one trillion three
#: hundred", "one million two thousand"; a last "million" stays a scale word ("two million").
_LINK = (
    rf"(?:,?\s+(?:{_BELOW_100}{_JOIN}hundred(?![\w-]){_AFTER_HUNDRED}?|{_BELOW_100}(?=[\s-]+thousand\b))"
    rf"|\s+and\s+{_BELOW_1000}(?![\s-]*{_SCALE_WORDS}\b)(?!{_JOIN}{_DENOMINATOR}))"
)
#: "six thousand five-hundred", "fifty-thousand", "two thousand and twelve": thousands spelled
#: out are part of the number; a larger scale word ("million") stays a scale word.
_THOUSANDS = (
    rf"(?:[\s-]+thousand(?:,?\s+(?:and\s+)?{_BELOW_1000}(?![\w-])(?![\s-]*{_SCALE_WORDS}\b)"
    rf"(?!{_JOIN}{_DENOMINATOR}))?(?![\w-]))"
)
_CHAIN = rf"(?:{_JOIN}(?:thousand|million|billion|trillion){_LINK})*"
#: Digits after "point": "five point five", "two hundred point zero three", "nought point eleven".
_ZERO = r"(?:zero|nought|naught|oh)"
_POINT = rf"(?:\s+point(?:\s+(?:{_ZERO}|{_BELOW_100}))+)"
WORD_NUMBER = (
    rf"(?=[A-Za-z])(?>(?i:\b(?:(?:an?|one|{_BELOW_100})\s+)?(?:half|quarters?|thirds?)(?:\s+of)?(?:\s+an?)?"
    rf"(?=\s+(?:thousand|million|billion|trillion)\b)"
    rf"|\b{_BELOW_1000}{_CHAIN}{_THOUSANDS}?(?![\w])(?:{_POINT}|{MIXED_TAIL})?"
    rf"|\b(?:nought|naught|zero){_POINT}"
    rf"|\ba\s+(?:hundred|dozen)\b(?:\s+and\s+{_BELOW_100}(?![\w-]))?"
    rf"|\ba(?=\s+(?:thousand|million|billion|trillion)\b)))"
)
#: Thousands separators besides the comma: no-break, thin, narrow no-break and zero-width spaces
#: ("40\u00a0000", "1\u202f234\u202f567", "1\u200b000"), as typeset and web text groups digits.
SPACE_SEPARATORS = "\u00a0\u2009\u202f\u200b"
#: A number in digits: "1,234.5", "807", "50, 000" (a stray space after a thousands comma),
#: "40\u00a0000". Only ASCII digits are read; a numeral touching other digits (full-width,
#: Arabic-Indic: `\d` in the look-arounds) is not read at all, never read as part of a number.
#: Vulgar fraction characters ("½", "¾", "⅔") and their values, from the Unicode database.
VULGAR_FRACTIONS = {
    ch: Decimal(str(unicodedata.numeric(ch)))
    for ch in "¼½¾" + "".join(chr(c) for c in range(0x2150, 0x215F))
    if 0 < unicodedata.numeric(ch) < 1
}
_VULGAR = "[" + "".join(VULGAR_FRACTIONS) + "]"
#: Powers of ten: "1.3e6", "12.32e+14", "6.23x10^-4", and a negative power without its caret as
#: plain text flattens a superscript: "2.48×10−5", "5.5x10-3".
_EXPONENT = r"(?:[eE][+\-−]?[0-9]{1,2}|\s?[x×]\s?10(?:\^[+\-−]?|[\-−](?=[0-9]))[0-9]{1,2})(?![\w.^])"
_TIMES_TEN = re.compile(r"\s?[x×]\s?10\^?")
DIGIT_NUMBER = (
    r"(?:(?:[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![\d,])"  # Indian grouping: "12,34,567", "1,00,000"
    r"|[0-9]{1,3}(?:(?:,(?: (?=0[0-9][0-9](?![0-9])))?|[" + SPACE_SEPARATORS + r"])[0-9]{3})+(?![\d])"
    r"|[0-9]+)(?:\.[0-9]+)?(?![\d])(?:" + _EXPONENT + r"|\s?" + _VULGAR + r")?|" + _VULGAR + ")"
)
#: The words a number in words can begin with (WORD_NUMBER's first words): where coverage
#: looks for one.
WORD_NUMBER_FIRST_WORDS = (*UNITS, *TENS, "a", "an", "nought", "naught", "half", "quarter", "quarters", "third",
                           "thirds")
NUMBER = rf"(?>{DIGIT_NUMBER}|{WORD_NUMBER})"
#: Scale words after a number: " million", "bn", "K". Abbreviations need no space.
#: South Asian documents count in lakhs (1e5) and crores (1e7): "25 lakh tonnes".
#: "3 hundred", "3 dozen" and business shorthand glued to digits ("10M", "1.2b", "1MM").
SCALE_WORD = (
    r"(?:\s+(?i:" + trie(["trillion", "billion", "million", "thousand", "hundred", "dozen", "dozens", "lakh", "lakhs",
                         "crore", "crores"]) + r")\b|\s?(?:bn|mn|mln|bln|tn|trn|K)\b"
    r"|(?<=\d)(?:k|M|MM|B|b)\b)"
)
#: Money may also use bare "m"/"b"/"k" ("$5m", "$2b", "$50k").
MONEY_SCALE = rf"(?:{SCALE_WORD}|(?:[mbkMBT]|bln|BN|MN)\b)"
ORDINAL_WORD = rf"(?i:\b(?:{trie(ORDINALS)})\b)"
ORDINAL_DIGITS = r"\b\d{1,3}(?:st|nd|rd|th)\b"
ORDINAL = rf"(?:{ORDINAL_WORD}|{ORDINAL_DIGITS})"

#: Currency signs and codes written before the amount, and the ISO 4217 code of each.
CURRENCY_PREFIXES = {
    "US$": "USD", "US $": "USD", "U.S.$": "USD", "USD": "USD", "$": "USD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "NZ$": "NZD", "NZD": "NZD", "HK$": "HKD", "HKD": "HKD", "MX$": "MXN", "Mex$": "MXN",
    "MXN": "MXN", "R$": "BRL", "BRL": "BRL", "S$": "SGD", "SGD": "SGD", "NT$": "TWD",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY",
    "CNY": "CNY", "RMB": "CNY", "₹": "INR", "INR": "INR", "Rs.": "INR", "Rs": "INR", "₩": "KRW",
    "KRW": "KRW", "₱": "PHP", "PHP": "PHP", "₦": "NGN", "NGN": "NGN", "CHF": "CHF", "ZAR": "ZAR",
    "KES": "KES", "COP": "COP", "CLP": "CLP", "ARS": "ARS", "PEN": "PEN", "EGP": "EGP",
    "₪": "ILS", "ILS": "ILS", "TRY": "TRY", "₺": "TRY", "VND": "VND", "₫": "VND", "IDR": "IDR",
    "THB": "THB", "฿": "THB", "PKR": "PKR", "BDT": "BDT", "SAR": "SAR", "AED": "AED", "RM": "MYR", "MYR": "MYR",
}
#: "C $16.4 million", "HK $3.7 billion": the letters of a dollar sign may stand apart from it.
CURRENCY_PREFIXES.update({f"{p[:-1]} $": code for p, code in list(CURRENCY_PREFIXES.items())
                          if p.endswith("$") and p[:-1].isalpha()})
#: "USD$ 15", "CAD$15": a code written with the dollar sign it names.
CURRENCY_PREFIXES.update({f"{code}$": code for p, code in list(CURRENCY_PREFIXES.items())
                          if p.endswith("$") and p[:-1].isalpha()})
#: Signs of two letters or more are matched in any case ("hk $ 10", "usd$ 5"); a one-letter sign
#: only as written, so "a $300mn loan" is no Australian dollar.
def _letters(sign: str) -> int:
    return sum(c.isalpha() for c in sign)



_PREFIX_BY_UPPER = {p.upper(): code for p, code in CURRENCY_PREFIXES.items()}
_SIGN_PREFIXES = [p for p in CURRENCY_PREFIXES if not p.isalpha() or p == "Rs"]
#: Codes that are also words or acronyms ("COP 28", "PEN", "TRY") count only after an amount.
_AMBIGUOUS_CODES = ("COP", "PEN", "TRY")
_CODE_PREFIXES = [p for p in CURRENCY_PREFIXES if p.isalpha() and p != "Rs" and p not in _AMBIGUOUS_CODES]
CURRENCY_CODES = tuple(sorted(_CODE_PREFIXES, key=len, reverse=True))
#: Codes need a space and a digit after them ("USD 5"); signs may touch the digit ("$5", "US $5").
CURRENCY_PREFIX = (
    rf"(?:(?<![\w$])(?:(?i:{_alt([re.escape(p) for p in _SIGN_PREFIXES if _letters(p) >= 2])})"
    rf"|{_alt([re.escape(p) for p in _SIGN_PREFIXES if _letters(p) < 2])})\s?"
    rf"|\b(?:{_alt(_CODE_PREFIXES)})\s?(?=\d))"
)

def currency_of_prefix(prefix: str) -> str:
    """ISO code for a currency sign or code written before an amount."""
    key = re.sub(r"\s+", " ", prefix.strip()).upper()
    if key in _PREFIX_BY_UPPER:
        return _PREFIX_BY_UPPER[key]
    return _PREFIX_BY_UPPER.get(key.replace(" ", ""), "USD")


for _tens_word, _tens_value in TENS.items():  # "twenty-fifth", "thirty-seconds"
    for _word, _value in _UNIT_ORDINALS.items():
        DENOMINATORS[f"{_tens_word}-{_word}"] = DENOMINATORS[f"{_tens_word}-{_word}s"] = _tens_value + _value
_ZERO_WORDS = frozenset({"zero", "nought", "naught", "oh"})
_BIG_SCALES = {w: Decimal(v) for w, v in SCALES.items() if v >= 1000}


def _words_of(text: str) -> list[str]:
    """Tokens of a number in words; a hyphenated denominator ("twenty-fifth") stays one token."""
    tokens: list[str] = []
    for piece in re.split(r"[\s,]+", text.lower()):
        if piece == "&":
            tokens.append("and")  # "two hundred & forty"
        elif piece in DENOMINATORS:
            tokens.append(piece)
        else:
            tokens.extend(t for t in piece.split("-") if t)
    return tokens


def _accumulate(tokens: list[str], text: str) -> Decimal:
    """Value of number words by scales: "one million two thousand", "three lakh crore", "half a"."""
    total = Decimal(0)
    current = Decimal(0)
    for token in tokens:
        if token in ("a", "an"):
            current = current or Decimal(1)
        elif token in ("and", "of") or token in _ZERO_WORDS:  # "two thirds of a million"
            continue
        elif token.isdigit():
            current += int(token)
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or Decimal(1)) * 100
        elif token in ("dozen", "dozens"):
            current = (current or Decimal(1)) * 12
        elif token in DENOMINATORS:
            current = (current or Decimal(1)) / DENOMINATORS[token]
        elif token in _BIG_SCALES:
            scale = _BIG_SCALES[token]
            if not current and total:
                total *= scale  # "three lakh crore"
            elif scale > total:
                total = (total + (current or Decimal(1))) * scale
            else:
                total += current * scale
            current = Decimal(0)
        else:
            raise ValueError(f"not a number word: {token!r} in {text!r}")
    return total + current


def _decimals(tokens: list[str]) -> str:
    """Digits after "point": "zero three" -> "03", "seventy-one" -> "71", "eleven" -> "11"."""
    digits = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _ZERO_WORDS:
            digits += "0"
        elif token in TENS and i + 1 < len(tokens) and 1 <= UNITS.get(tokens[i + 1], 0) <= 9:
            digits += str(TENS[token] + UNITS[tokens[i + 1]])
            i += 1
        elif token in TENS or token in UNITS:
            digits += str(TENS.get(token, UNITS.get(token)))
        else:
            raise ValueError(f"not a digit word: {token!r}")
        i += 1
    return digits


def parse_words(text: str) -> Decimal:
    """Value of a number in words: "Twenty-one" -> 21, "six thousand five-hundred" -> 6500,
    "two and a half" -> 2.5, "five eighths" -> 0.625, "one point five" -> 1.5."""
    tokens = _words_of(text)
    if "point" in tokens:
        at = tokens.index("point")
        return _accumulate(tokens[:at], text) + Decimal("0." + _decimals(tokens[at + 1:]))
    fractions = [i for i, t in enumerate(tokens) if t in DENOMINATORS]
    ands = [i for i, t in enumerate(tokens) if t == "and" and fractions and i < fractions[-1]]
    if not ands:
        return _accumulate(tokens, text)
    # a mixed number: "one hundred and three quarters", "two and a half billion"
    split, last = ands[-1], fractions[-1]
    value = _accumulate(tokens[:split], text) + _accumulate(tokens[split + 1:last + 1], text)
    for token in tokens[last + 1:]:
        value *= _BIG_SCALES.get(token, Decimal(1))
    return value


#: More digits than this before the decimal point is not a figure a document states (the
#: world's GDP in dollars has 14): such a numeral is a serial, a hash or garbage, and reading it
#: would give an infinite float, a decimal overflow or a conversion past `int`'s digit limit.
MAX_NUMERAL_DIGITS = 18


class NumeralTooLong(ValueError):
    """A numeral with more than MAX_NUMERAL_DIGITS digits before its decimal point."""


def integer_digits(numeral: str) -> int:
    """How many digits a numeral has before its decimal point ("1,234.5" -> 4)."""
    whole = numeral.split(".", 1)[0]
    return sum(1 for ch in whole if ch.isdigit())


_NOT_DIGITS = str.maketrans("", "", ", " + SPACE_SEPARATORS)


def parse_number(text: str) -> Decimal:
    """Value of a numeral ("1,234.5", "50, 000") or a number in words.

    Raises NumeralTooLong past MAX_NUMERAL_DIGITS integer digits: not read as a number at all."""
    stripped = text.strip()
    if stripped[-1:] in VULGAR_FRACTIONS:  # "2½", "½"
        whole = stripped[:-1].strip()
        return (parse_number(whole) if whole else Decimal(0)) + VULGAR_FRACTIONS[stripped[-1]]
    if "10" in stripped and ("x" in stripped or "×" in stripped):
        stripped = _TIMES_TEN.sub("e", stripped)
    stripped = stripped.replace("−", "-")
    if stripped[:1].isdigit() or stripped[:1] == ".":
        if integer_digits(stripped) > MAX_NUMERAL_DIGITS:
            raise NumeralTooLong(f"{integer_digits(stripped)} digits: {stripped[:24]}…")
        try:
            return Decimal(stripped.translate(_NOT_DIGITS))
        except InvalidOperation as exc:  # pragma: no cover - the regex only admits digits
            raise ValueError(f"not a numeral: {text!r}") from exc
    return parse_words(stripped)


def parse_scale(text: str | None) -> Decimal:
    """Multiplier of a scale word: " million" -> 1e6, "bn" -> 1e9, None -> 1."""
    if not text or not text.strip():
        return Decimal(1)
    return Decimal(SCALES[text.strip().lower()])


def parse_ordinal(text: str) -> int:
    """Value of an ordinal: "ninth" -> 9, "21st" -> 21."""
    lowered = text.lower()
    if lowered in ORDINALS:
        return ORDINALS[lowered]
    return int(re.sub(r"\D", "", lowered))
