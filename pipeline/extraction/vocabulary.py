"""Vocabularies the extraction rules and the table schemas share, each declared once.

Plain data only (no patterns, no functions): a rule and a schema that disagree on one of
these would publish rows the schema then rejects, which stops a whole release. Kinds, units,
periods, qualifier words and the words that make a number no figure live here, apart from
the rules that match them (as price-parser and quantulum3 keep their data).
"""

from __future__ import annotations

from pipeline.extraction.unit_table import SCIENCE_SYMBOLS, UNIT_SYMBOLS, UNIT_WORDS

#: The years a document can plausibly mention as dates: U.S. background notes cite the
#: 1780s-1790s (first treaties, first consuls); targets reach "by 2050" and, rarely, "by 2100".
#: A four-digit number outside this range is never read as a year.
FIRST_YEAR = 1700
LAST_YEAR = 2100

#: Words whose number is a label, not a quantity nor a date: "Section 301", "Suite 2150",
#: "Item 1999", "No. 2024".
LABEL_WORDS = frozenset({
    "page", "pages", "p", "pp", "paragraph", "para", "section", "article", "chapter", "figure", "fig", "figs",
    "table", "annex", "appendix", "item", "no", "number", "resolution", "rule", "tier", "phase",
    "grade", "title", "class", "version", "route", "highway", "interstate", "flight", "room",
    "suite", "box", "exit", "gate", "terminal", "step", "stage", "round", "part", "clause",
    "vol", "volume", "issue", "edition", "session", "district", "level", "category", "law",
})

KINDS = ("money", "count", "percent", "measure", "duration", "rank", "frequency", "ratio")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")

#: The words right before a figure that qualify it ("nearly 6,000" is at most 6,000).
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "approx": ("approximately", "approx.", "about", "around", "roughly", "some", "an estimated", "estimated",
               "circa", "ca."),
    "at_least": ("over", "more than", "above", "at least", "exceeding", "in excess of", "upwards of",
                 "greater than", "no less than", "no fewer than", "just over", "well over", "beyond",
                 "exceeds", "exceeded", "exceed", "surpassed", "surpasses", "surpassing", "topped", "tops",
                 "topping"),
    "at_most": ("nearly", "almost", "close to", "under", "up to", "less than", "fewer than", "below", "at most",
                "no more than", "as many as", "as much as", "just under", "not more than", "as high as",
                "the better part of", "as low as", "as few as", "as little as"),
}
#: "an estimated cost of $120 million", "an approximate occupancy of 61%": the adjective
#: qualifies the figure its noun phrase leads to, words between or not.
APPROX_ADJECTIVES = ("estimated", "approximate", "approximated", "projected")

# --- units --------------------------------------------------------------------------------

#: Unit words (any case) the pint-built table lacks or names otherwise: a plain "ton" stays a
#: ton (the guide), "degrees" after a number is a temperature, TEU is a shipping unit.
PLAIN_UNIT_WORDS = {
    "ton": "ton", "tons": "ton", "barrel": "barrel", "barrels": "barrel", "degree": "degree", "degrees": "degree",
    "acre-feet": "acre-foot", "acre-foot": "acre-foot", "twenty-foot equivalent units": "teu",
    "square kilometre": "square kilometer", "square kilometres": "square kilometer",
    "cubic metre": "cubic meter", "cubic metres": "cubic meter", "square metre": "square meter",
    "square metres": "square meter", "lbs": "pound",
}
#: Trade abbreviations of energy, shipping and tonnage reports that pint does not define, written
#: as is (case matters: MMst, Bcf): abbreviation -> (unit, multiplier of the value, rate period).
#: The oil and gas trade's M is a thousand and MM a million (Mcf, MMcf); Mt is a megatonne.
TRADE_UNITS: dict[str, tuple[str, float, str | None]] = {
    "Tcf": ("cubic foot", 1e12, None), "Bcf": ("cubic foot", 1e9, None), "MMcf": ("cubic foot", 1e6, None),
    "Mcf": ("cubic foot", 1e3, None), "Bcm": ("cubic meter", 1e9, None), "bcm": ("cubic meter", 1e9, None),
    "bbl": ("barrel", 1, None), "MMbbl": ("barrel", 1e6, None), "Mbbl": ("barrel", 1e3, None),
    "b/d": ("barrel", 1, "day"), "bpd": ("barrel", 1, "day"), "BPD": ("barrel", 1, "day"),
    "MMb/d": ("barrel", 1e6, "day"), "MMbpd": ("barrel", 1e6, "day"),
    "MMst": ("short ton", 1e6, None), "MMT": ("metric ton", 1e6, None), "MMt": ("metric ton", 1e6, None),
    "MT": ("metric ton", 1, None), "Mt": ("metric ton", 1e6, None), "Gt": ("metric ton", 1e9, None),
    "MMBtu": ("btu", 1e6, None), "MMBTU": ("btu", 1e6, None), "TEU": ("teu", 1, None), "TEUs": ("teu", 1, None),
    "lbs": ("pound", 1, None), "mi": ("mile", 1, None),
    "tpd": ("ton", 1, "day"), "TPD": ("ton", 1, "day"), "tpy": ("ton", 1, "year"), "TPY": ("ton", 1, "year"),
    "tpa": ("metric ton", 1, "year"),
}
#: Every unit word and symbol -> the unit written in the dataset (pint's table, then the above).
MEASURE_UNITS: dict[str, str] = {
    **UNIT_WORDS, **PLAIN_UNIT_WORDS, **UNIT_SYMBOLS, **{k: unit for k, (unit, _, _) in TRADE_UNITS.items()},
}
#: Units of science symbols ("fb" -> "femtobarn"): a power or a quotient of them is a unit too,
#: written with "^" and "/" ("second^-1", "kilometer/second^2", "liter/kilometer").
SCIENCE_UNITS: frozenset[str] = frozenset(SCIENCE_SYMBOLS.values())
#: Symbols that are also English words or letters ("in", "t"), read as units only where prose
#: cannot use the word: "2 in." (the abbreviation's period), "3 in thick", "278,000 t of ore".
SHORT_SYMBOLS = {"in": "inch", "t": "metric ton"}
#: Adjectives of size after a length: "2 in thick", "3 in long".
SIZE_ADJECTIVES = ("thick", "long", "wide", "tall", "high", "deep", "across", "in diameter")
#: Words that may stand between a number and its time unit: "12 consecutive months", "5 more years".
DURATION_ADJECTIVES = ("consecutive", "straight", "successive", "more", "additional", "further", "full", "extra")
DURATION_UNITS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
    "minute": "minute", "minutes": "minute", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century", "semester": "semester", "semesters": "semester",
    "hr": "hour", "hrs": "hour", "mins": "minute", "yrs": "year",
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


# --- words around numbers that are not figures ------------------------------------------------

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
