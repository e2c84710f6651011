"""Build `unit_table.py`, the measure units the rules know, from pint's unit registry.

    python -m bench.units_from_pint        # rewrite unit_table.py
    python -m bench.units_from_pint --check  # exit 1 if it is out of date

pint (a dev dependency) supplies every spelling: names, plurals, symbols, aliases and SI
prefixes with their scales, so the extractor never carries a hand list of them and never
loads pint at run time (its registry takes a second or more to load; pint is a dev dependency,
so this generator lives with the other dev tools, not in the pipeline package). What is chosen here is
only which of pint's units documents of this kind use, and the unit word the dataset writes
for each (the singular name, lower case: `kilometer`, `gigawatt hour`, `square mile`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parent.parent / "pipeline" / "extraction" / "unit_table.py"

#: pint unit -> (the unit word written in the dataset or None for pint's own name, prefixes allowed).
BASE_UNITS: dict[str, tuple[str | None, str]] = {
    "meter": (None, "kcdmµn"), "mile": (None, ""), "foot": (None, ""), "inch": (None, ""),
    "yard": (None, ""), "nautical_mile": (None, ""), "acre": (None, ""), "hectare": (None, ""),
    "liter": (None, "mkcd"), "gallon": (None, ""), "oil_barrel": ("barrel", ""), "cubic_foot": (None, ""),
    "gram": (None, "kmµ"), "short_ton": ("short ton", ""), "metric_ton": ("metric ton", ""),
    "pound": (None, ""), "ounce": (None, ""), "watt": (None, "mkMGT"), "watt_hour": (None, "kMGT"),
    "joule": (None, "kMGTP"), "electron_volt": (None, "kMGT"), "british_thermal_unit": ("btu", ""),
    "calorie": (None, "k"), "degree_Celsius": ("degree", ""), "degree_Fahrenheit": ("degree", ""),
    "byte": (None, "kMGTPE"), "mile_per_hour": ("mile per hour", ""),
    "kilometer_per_hour": ("kilometer per hour", ""), "knot": (None, ""), "hertz": (None, "kMGT"),
    "horsepower": (None, ""), "volt": (None, "k"), "bit": (None, "kMGT"), "gray": (None, "m"),
    "cup": (None, ""), "tablespoon": (None, ""), "teaspoon": (None, ""),
}
#: Spellings of units pint knows under other symbols.
EXTRA_SYMBOLS = {"km/h": "kilometer per hour", "km/hr": "kilometer per hour", "kmph": "kilometer per hour",
                 "°": "degree"}
#: Lengths whose square and cube are area and volume units ("square mile", "km²", "cubic meter").
POWERED_LENGTHS = ("meter", "kilometer", "mile", "foot", "yard", "inch", "centimeter")
#: Symbols that are also common English words or letters, never read as units in prose.
SKIPPED_SYMBOLS = frozenset({"in", "a", "t", "l", "ton", "B", "kn", "kt", "cal", "P", "acre", "V", "J", "W"})
#: Units of the sciences, each with the SI prefixes it takes: pint unit -> prefix symbols. Their
#: symbols are short and often English words or letters ("s", "t", "in", "pm", "Pa"), so the rules
#: read them only where nothing else can be meant: raised to a power ("s-1", "km^3", "fb−1") or
#: in a quotient ("W/min", "km/s2", "l/km"). The prefixes are the decimal ones documents use.
SCIENCE_UNITS: dict[str, str] = {
    "second": "fpnµm", "meter": "afpnµmcdkMG", "gram": "µmkMG", "liter": "µmcdhk",
    "joule": "kMGTP", "watt": "mkMGT", "watt_hour": "kMGT", "newton": "mkM", "pascal": "hkMG",
    "hertz": "kMGT", "volt": "mkM", "ampere": "µmk", "coulomb": "", "kelvin": "m",
    "electron_volt": "kMGT", "barn": "afpnµm", "byte": "kMGTPE", "bit": "kMGT", "mole": "nµmk",
    "gray": "m", "sievert": "µm", "becquerel": "kMG", "tesla": "nµm", "ohm": "kM",
    "metric_ton": "", "minute": "", "hour": "", "day": "", "inch": "", "foot": "", "mile": "",
    "yard": "", "pound": "", "ounce": "", "gallon": "", "bar": "m", "atmosphere": "", "psi": "",
}
#: Science symbols pint spells otherwise or not at all: a year is "yr" ("a" is the article), and
#: "kb"/"Mb"/"Gb"/"Tb" are bits as networks write them (pint's "b" is the barn).
EXTRA_SCIENCE_SYMBOLS = {"yr": "year", "L": "liter", "mL": "milliliter", "kb": "kilobit", "Mb": "megabit",
                         "Gb": "gigabit", "Tb": "terabit", "sec": "second", "hr": "hour"}
#: Names that are common words in government prose for something else.
SKIPPED_NAMES = frozenset({"knot_international", "international_knot", "short_ton", "gray"})


def _plural(word: str) -> str:
    irregular = {"foot": "feet", "inch": "inches", "hertz": "hertz", "celsius": "celsius",
                 "fahrenheit": "fahrenheit", "horsepower": "horsepower"}
    head, _, rest = word.partition(" ")
    if word.startswith("degree "):
        return "degrees " + word[len("degree "):]
    if word.endswith(" per hour"):
        return _plural(word[: -len(" per hour")]) + " per hour"
    last = word.split(" ")[-1]
    if last.endswith("s"):
        return word  # already plural ("cubic_feet" aside, pint's aliases ending in s are plurals)
    for singular, plural in irregular.items():
        if last.endswith(singular):
            return word[: len(word) - len(singular)] + plural
    del head, rest
    return word + "s"


def _word_like(alias: str) -> bool:
    """A spelled-out name ("metre", "tonne"), not a symbol or a qualified variant ("btu_iso", "US_ton")."""
    return (
        len(alias) >= 4 and alias.replace("_", "").isalpha() and alias.islower()
        and alias not in SKIPPED_NAMES and not alias.endswith(("_iso", "_th"))
        and not alias.startswith(("international", "avdp", "avoirdupois", "hydraulic", "liquid"))
    )


def build() -> tuple[dict[str, str], dict[str, str]]:
    """(unit words, lower case -> unit), (symbols, case as written -> unit), from pint."""
    import pint

    registry: Any = pint.UnitRegistry()
    words: dict[str, str] = {}
    symbols: dict[str, str] = {}
    prefixes = {p.symbol: p.name for p in registry._prefixes.values() if p.symbol}

    def add(name: str, unit: str, symbol: str | None) -> None:
        spelled = name.replace("_", " ").lower()
        plural = spelled if spelled.endswith(("feet", "inches")) else _plural(spelled)
        for form in (spelled, plural, spelled.replace(" ", "-"), plural.replace(" ", "-")):
            words.setdefault(form, unit)
        if " " in spelled:  # "gigawatthours", "watthour": the words run together
            words.setdefault(spelled.replace(" ", ""), unit)
            words.setdefault(plural.replace(" ", ""), unit)
        if symbol and symbol not in SKIPPED_SYMBOLS and not symbol.startswith("_"):
            symbols.setdefault(symbol.replace("_", " "), unit)

    for base, (written, allowed) in BASE_UNITS.items():
        definition = registry._units[base]
        unit = written or base.replace("_", " ")
        for alias in (base, *definition.aliases):
            if _word_like(alias):
                add(alias, unit, None)
        add(base, unit, definition.symbol)
        for alias in definition.aliases:
            if not alias.isalpha() and alias not in SKIPPED_SYMBOLS and "_" not in alias:
                symbols.setdefault(alias, unit)  # "°C", "ℓ"
            elif alias.isupper() and alias not in SKIPPED_SYMBOLS:
                symbols.setdefault(alias, unit)  # "BTU", "MPH"
        for prefix_symbol in allowed:
            prefix = prefixes[prefix_symbol]
            prefixed = f"{prefix}{base}"
            for alias in (base, *definition.aliases):
                if _word_like(alias):
                    add(f"{prefix}{alias}", prefixed.replace("_", " "), None)  # "kilometre" too
            if definition.symbol:
                symbols.setdefault(prefix_symbol + definition.symbol, prefixed.replace("_", " "))
                if prefix_symbol == "k" and definition.symbol in ("B", "W", "Wh"):
                    symbols.setdefault("K" + definition.symbol, prefixed.replace("_", " "))  # "KB", "KWh"
    for length in POWERED_LENGTHS:
        symbol = registry.get_symbol(length)
        for power, word in ((2, "square"), (3, "cubic")):
            unit = f"{word} {length}"
            add(unit, unit, None)
            for sign in (str(power), "²" if power == 2 else "³"):
                symbols.setdefault(symbol + sign, unit)
            short = "sq" if power == 2 else "cu"
            for form in (f"{short} {symbol}", f"{short}. {symbol}", f"{short}. {symbol}."):
                symbols.setdefault(form, unit)
    for word, unit in list(words.items()):
        if word.endswith(("gram", "grams")):  # the British spelling: "kilogrammes", "microgramme"
            words.setdefault(word.replace("gram", "gramme"), unit)
    for symbol, unit in list(symbols.items()):
        if "µ" in symbol:
            symbols.setdefault(symbol.replace("µ", "μ"), unit)  # the Greek mu documents type for the micro sign
    symbols.update(EXTRA_SYMBOLS)
    return dict(sorted(words.items())), dict(sorted(symbols.items()))


def build_science() -> dict[str, str]:
    """Science symbols, prefixed or not, as written -> the unit's name ("fb" -> "femtobarn")."""
    import pint

    registry: Any = pint.UnitRegistry()
    prefixes = {p.symbol: p.name for p in registry._prefixes.values() if p.symbol}
    symbols: dict[str, str] = dict(EXTRA_SCIENCE_SYMBOLS)
    for base in SCIENCE_UNITS:  # plain symbols first: "Pa" is a pascal before it could be a prefixed "a"
        symbols.setdefault(registry._units[base].symbol, base.replace("_", " "))
    for base, allowed in SCIENCE_UNITS.items():
        symbol = registry._units[base].symbol
        for prefix_symbol in allowed:
            symbols.setdefault(prefix_symbol + symbol, f"{prefixes[prefix_symbol]}{base}".replace("_", " "))
    for symbol, unit in list(symbols.items()):
        if "µ" in symbol:
            symbols.setdefault(symbol.replace("µ", "μ"), unit)
    return dict(sorted(symbols.items()))


def render() -> str:
    words, symbols = build()
    science = build_science()
    lines = [
        '"""Measure units and how documents spell them. GENERATED by bench/units_from_pint.py: do not edit."""',
        "",
        "#: Unit words (matched case-insensitively) -> the unit written in the dataset.",
        "UNIT_WORDS: dict[str, str] = {",
        *(f"    {k!r}: {v!r}," for k, v in words.items()),
        "}",
        "#: Unit symbols (matched as written: MW is not mW) -> the unit written in the dataset.",
        "UNIT_SYMBOLS: dict[str, str] = {",
        *(f"    {k!r}: {v!r}," for k, v in symbols.items()),
        "}",
        "#: Science unit symbols (as written), read only raised to a power or in a quotient: s-1, W/min.",
        "SCIENCE_SYMBOLS: dict[str, str] = {",
        *(f"    {k!r}: {v!r}," for k, v in science.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if unit_table.py differs from pint's")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = TABLE.read_text(encoding="utf-8") == text
        print("unit_table.py is up to date" if same else "unit_table.py is out of date: regenerate it")
        return 0 if same else 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
