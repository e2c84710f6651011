"""Currencies written after an amount, from babel's ISO 4217 data: names, plurals and codes.

"100 Chinese yuan", "1.23 billion shekels", "10,000 Swiss francs", "250 million Dutch guilders",
"20 USD", "115USD". babel (CLDR) keeps every ISO 4217 currency with its English name and plural,
so no hand list has to grow; the only hand-kept data is which currency a bare noun shared by
several means in U.S. documents ("dollars" is USD, "pesos" MXN) and the nouns too common in
English to read as money ("pounds" is a weight unless "pounds sterling" or "British pounds").
"""

from __future__ import annotations

import re
import unicodedata

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_name

from pipeline.extraction.numbers import trie

_ENGLISH = Locale("en")

#: ISO 4217 codes in use today in some territory (CLDR's territory tender currencies).
CURRENT_CODES = frozenset(
    code for entries in get_global("territory_currencies").values()
    for code, _start, end, tender in entries if end is None and tender
)
#: Codes that are also English words written in capitals ("5 ALL-CAPS", "TOP 10"): never codes after a number.
_WORD_CODES = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "PEN", "TRY", "SOS", "MAD", "BAM", "COP"})
CODES_AFTER = sorted(CURRENT_CODES - _WORD_CODES)

#: The currency a bare noun means when several currencies share it.
SHARED_NOUNS = {
    "dollar": "USD", "dollars": "USD", "peso": "MXN", "pesos": "MXN", "franc": "CHF", "francs": "CHF",
    "rupee": "INR", "rupees": "INR", "shilling": "KES", "shillings": "KES", "dinar": "IQD", "dinars": "IQD",
    "riyal": "SAR", "riyals": "SAR", "krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK",
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "sterling": "GBP", "pounds sterling": "GBP", "reais": "BRL", "rand": "ZAR", "naira": "NGN",
    "dirham": "AED", "dirhams": "AED", "shekel": "ILS", "shekels": "ILS", "lira": "TRY", "liras": "TRY",
    "ruble": "RUB", "rubles": "RUB", "peseta": "ESP", "pesetas": "ESP",
}
#: Nouns too common in English to stand alone as a currency: "5 pounds" is a weight, "3 marks" a grade.
_NOT_ALONE = frozenset({"pound", "pounds", "mark", "marks", "won", "real", "reals", "lek", "dram", "drams",
                        "gold", "value", "sol", "dong", "inti", "cupon", "austral"})
#: Adjectives documents use that CLDR names spell otherwise ("U.S. dollars", "American dollars").
_EXTRA_NAMES = {"u.s. dollars": "USD", "u.s. dollar": "USD", "american dollars": "USD", "us dollar": "USD",
                "chinese renminbi": "CNY"}


def _names() -> dict[str, str]:
    """Every English name and plural of an ISO currency, lower case, with bare nouns where unambiguous."""
    names: dict[str, str] = {}
    nouns: dict[str, set[str]] = {}
    former: dict[str, set[str]] = {}  # nouns of currencies no longer issued: "pesetas", "guilders"
    for code, name in _ENGLISH.currencies.items():
        if "(" in name or len(code) != 3 or code.startswith("X"):
            continue  # "Afghan Afghani (1927–2002)" is a superseded issue; X.. are gold, silver, SDR
        plural = get_currency_name(code, count=2, locale=_ENGLISH)
        for spelled in {name.lower(), plural.lower()}:
            names.setdefault(spelled, code)
            (nouns if code in CURRENT_CODES else former).setdefault(spelled.split()[-1], set()).add(code)
    for noun, codes in [*nouns.items(), *((n, c) for n, c in former.items() if n not in nouns)]:
        if len(codes) == 1 and noun not in _NOT_ALONE and noun not in names:
            names[noun] = next(iter(codes))
    names.update(_EXTRA_NAMES)
    names.update(SHARED_NOUNS)
    return names


CURRENCY_NAMES = _names()

def _plain(name: str) -> str:
    """A name without accents, lower case: "Colón" -> "colon"."""
    return "".join(c for c in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(c))


def _unicode_signs() -> dict[str, str]:
    """Currency signs the Unicode database names after one current currency: "₾" LARI SIGN is the
    Georgian lari, "₡" COLON SIGN the Costa Rican colón, "฿" THAI CURRENCY SYMBOL BAHT the baht.
    A sign whose name fits several currencies ("₨" RUPEE SIGN, "₼" MANAT SIGN) or none of today's
    ("₻" NORDIC MARK SIGN) is left out."""
    names = {code: _plain(name) for code, name in _ENGLISH.currencies.items() if code in CURRENT_CODES}
    signs: dict[str, str] = {}
    for sign in map(chr, [*range(0x20A0, 0x20C1), 0x058F, 0x0E3F, 0x17DB]):
        written = _plain(unicodedata.name(sign, "")).replace(" sign", "").replace("currency symbol ", "")
        if not written:
            continue
        exact = [code for code, name in names.items() if name == written]
        *qualifiers, noun = written.split()
        last = [code for code, name in names.items()
                if name.split()[-1] == noun and all(q in name.split() for q in qualifiers)]
        found = exact or last
        if len(found) == 1:
            signs[sign] = found[0]
    return signs


#: One-character signs CLDR gives English readers ("€", "£", "₪") and those Unicode names after one
#: currency ("₾", "₭"), also written after an amount ("10 €", "-15€", "100 ₡"); "$" only when no
#: number follows it ("10 $", not "10 $30").
SUFFIX_SIGNS = {
    **_unicode_signs(),
    **{sign: code for code, sign in _ENGLISH.currency_symbols.items() if len(sign) == 1 and code in CURRENT_CODES},
}

#: A currency after an amount: its name ("Swiss francs", "shekels"), or its code, spaced or glued
#: ("20 USD", "115USD"); names are matched in any case, codes in capitals.
CURRENCY_SUFFIX = (
    rf"(?:\s+(?i:{trie(CURRENCY_NAMES)})(?![\w-])"
    rf"|\s?M?(?:{trie(CODES_AFTER)})(?![\w])"
    rf"|\s?(?:{trie(SUFFIX_SIGNS)})(?!\s?\d))"
)


def currency_of_suffix(suffix: str) -> str:
    """ISO code for a currency name or code written after an amount."""
    written = re.sub(r"\s+", " ", suffix.strip())
    if written in CURRENT_CODES:
        return written
    if millions_of(written):
        return written[1:]
    if written in SUFFIX_SIGNS:
        return SUFFIX_SIGNS[written]
    return CURRENCY_NAMES[written.lower()]


def millions_of(suffix: str) -> bool:
    """"30 MUSD", "120 MEUR": a code after M counts millions of that currency (finance shorthand)."""
    written = suffix.strip()
    return len(written) == 4 and written[0] == "M" and written[1:] in CURRENT_CODES
