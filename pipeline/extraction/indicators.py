"""The indicator vocabulary: what a figure is a value of, so that documents can be joined into series.

Kept as data: each `Indicator` has an id, a label, the kinds of figure it takes, the units it
takes (None: any currency for money) and the patterns that recognise it in a figure's subject.
Patterns are read against the subject in a normal form: lower case, the United States written
`us`, any other country written `<c>` ("U.S. goods trade with Canada" -> "us goods trade with
<c>"). The first indicator whose pattern matches (and whose kind and unit fit) wins; an
`exclude` pattern vetoes. A figure that states a change ("increased by $5bn", "a 6% rise") is
no value of its indicator and gets none: a wrong indicator is worse than none. Nor does a figure
for one U.S. state's part ("Michigan's 5 ports of entry", "crossings in Texas"): the indicators
are country-wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from pipeline.extraction.countries import HOME, phrase_mentions
from pipeline.extraction.numbers import trie


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    kinds: tuple[str, ...]
    patterns: tuple[str, ...]
    units: tuple[str, ...] | None = None  # None: any unit of the kinds (money: any currency)
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    excluded: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.patterns))
        object.__setattr__(self, "excluded", tuple(re.compile(p) for p in self.exclude))

    def fits(self, kind: str, unit: str) -> bool:
        if kind not in self.kinds:
            return False
        return self.units is None or unit in self.units

    def recognises(self, normal_subject: str) -> bool:
        return any(p.search(normal_subject) for p in self.compiled) and not any(
            p.search(normal_subject) for p in self.excluded)


_GOODS = r"(?:goods|merchandise)"
_FDI = r"(?:foreign direct investment|fdi|direct investment|(?:stock of )?investment stock)"
_IN_US = r"in (?:the )?us\b"
_NOT_A_LEVEL = (r"\b(?:increase|decrease|growth|decline|rise|drop|change|share|percent)\b",)

#: The vocabulary, most specific first.
INDICATORS: tuple[Indicator, ...] = (
    Indicator("goods_trade_balance", "U.S. goods trade balance with the partner (deficit negative or as stated)",
              ("money",), (rf"{_GOODS} trade (?:deficit|surplus|balance)", rf"(?:deficit|surplus|balance) in {_GOODS}"),
              exclude=_NOT_A_LEVEL, examples=("U.S. goods trade surplus with Morocco",)),
    Indicator("services_trade_balance", "U.S. services trade balance with the partner", ("money",),
              (r"services trade (?:deficit|surplus|balance)",), exclude=_NOT_A_LEVEL),
    Indicator("goods_services_trade", "Two-way trade in goods and services", ("money",),
              (r"goods and services trade", r"trade in goods and services"), exclude=_NOT_A_LEVEL,
              examples=("two-way trade in goods and services",)),
    Indicator("goods_trade", "Two-way goods trade (exports plus imports)", ("money",),
              (rf"two-way {_GOODS} trade", rf"{_GOODS} trade (?:with|between)", rf"^(?:us |total )*{_GOODS} trade$",
               rf"trade in {_GOODS}\b(?! and)", rf"total {_GOODS} trade"), exclude=_NOT_A_LEVEL,
              examples=("two-way goods trade", "U.S. goods trade with Canada")),
    Indicator("services_trade", "Two-way services trade", ("money",),
              (r"two-way services trade", r"services trade (?:with|between)", r"trade in services"),
              exclude=_NOT_A_LEVEL),
    Indicator("goods_exports", "U.S. goods exports to the partner", ("money",),
              (rf"{_GOODS} exports", rf"exports of (?:us )?{_GOODS}"),
              exclude=(*_NOT_A_LEVEL, r"<c> (?:goods|merchandise) exports"),
              examples=("U.S. merchandise exports to Mexico", "U.S. goods exports")),
    Indicator("goods_imports", "U.S. goods imports from the partner", ("money",),
              (rf"{_GOODS} imports", rf"imports of (?:us )?{_GOODS}"), exclude=_NOT_A_LEVEL),
    Indicator("services_exports", "U.S. services exports to the partner", ("money",),
              (r"services exports", r"exports of services"), exclude=_NOT_A_LEVEL),
    Indicator("services_imports", "U.S. services imports from the partner", ("money",),
              (r"services imports", r"imports of services"), exclude=_NOT_A_LEVEL),
    Indicator("agricultural_exports", "U.S. agricultural exports to the partner", ("money",),
              (r"(?:agricultural|farm|ag) exports", r"exports of (?:us )?(?:agricultural|farm)"),
              exclude=(*_NOT_A_LEVEL, r"projected|forecast")),
    Indicator("agricultural_imports", "U.S. agricultural imports from the partner", ("money",),
              (r"(?:agricultural|farm) imports", r"imports of (?:agricultural|farm)"), exclude=_NOT_A_LEVEL),
    Indicator("partner_fdi_in_us", "Partner's foreign direct investment (stock) in the United States", ("money",),
              (rf"<c>(?:'s|’s)? {_FDI} {_IN_US}", rf"{_FDI} (?:from|by) <c> {_IN_US}", rf"<c> {_FDI}$"),
              exclude=_NOT_A_LEVEL, examples=("Mexican FDI in the United States",)),
    Indicator("us_fdi_in_partner", "Stock of U.S. foreign direct investment in the partner", ("money",),
              (rf"^(?:us )?(?:\w+ )?(?:stock of )?(?:us )?{_FDI} in <c>", rf"us {_FDI}(?! {_IN_US})"),
              exclude=(*_NOT_A_LEVEL, _IN_US), examples=("U.S. stock of foreign direct investment in Mexico",)),
    Indicator("us_humanitarian_assistance", "U.S. humanitarian assistance", ("money",),
              (r"humanitarian (?:assistance|aid)",), exclude=_NOT_A_LEVEL),
    Indicator("us_assistance", "U.S. foreign assistance to the partner", ("money",),
              (r"^(?:total |additional )?(?:us |usaid |usg )?(?:foreign |development |economic |security |bilateral )*"
               r"(?:assistance|aid)\b",),
              exclude=_NOT_A_LEVEL),
    Indicator("us_citizens_resident", "U.S. citizens living in the partner country", ("count",),
              (r"us citizens (?:living|residing|resident|who live|live|reside)",),
              examples=("U.S. citizens living in Mexico",)),
    Indicator("partner_students_in_us", "Students from the partner in the United States", ("count",),
              (r"<c> students (?:studying |enrolled )?(?:to|in|at) (?:the )?us\b",
               r"students from <c> (?:studying |enrolled )?(?:to|in|at) (?:the )?us\b", r"^<c> students$"),
              exclude=(r"\bus students",), examples=("Mexican students to the United States",)),
    Indicator("us_students_in_partner", "U.S. students in the partner country", ("count",),
              (r"us students (?:studying |enrolled )?(?:to|in|at) <c>",), examples=("US students to Mexico",)),
    Indicator("exchange_alumni", "Alumni of U.S. government exchange programs", ("count",),
              (r"\balumni\b",)),
    Indicator("exchange_visitors", "Exchange visitors and participants from the partner", ("count",),
              (r"^(?:\w+ ){0,2}exchange (?:visitors|participants)",)),
    Indicator("peace_corps_volunteers", "Peace Corps volunteers", ("count",),
              (r"peace corps volunteers", r"volunteers (?:of|from) the peace corps")),
    Indicator("border_length", "Length of the shared border", ("measure",),
              (r"^(?:shared |common |land |international )*border$", r"border (?:with|between) "),
              units=("mile", "kilometer")),
    Indicator("land_ports_of_entry", "Land ports of entry on the shared border", ("count",),
              (r"(?:land )?ports of entry",), examples=("active land ports of entry",)),
    Indicator("border_crossings_per_day", "People crossing the border each day", ("count",),
              (r"\bcross", r"travel+ers", r"people", r"visitors", r"crossings"),
              units=("count/day",)),
    Indicator("crude_oil_imports", "U.S. crude oil imports from the partner", ("money", "measure"),
              (r"crude (?:oil|petroleum) imports", r"imports of (?:us )?crude"), exclude=_NOT_A_LEVEL),
    Indicator("crude_oil_exports", "U.S. crude oil exports to the partner", ("money", "measure"),
              (r"crude (?:oil|petroleum) exports", r"exports of (?:us )?crude"), exclude=_NOT_A_LEVEL),
    Indicator("natural_gas_exports", "U.S. natural gas exports to the partner", ("money", "measure"),
              (r"natural gas exports", r"exports of natural gas"), exclude=(*_NOT_A_LEVEL, r"\bnet\b")),
    Indicator("natural_gas_imports", "U.S. natural gas imports from the partner", ("money", "measure"),
              (r"natural gas imports", r"imports of natural gas"), exclude=(*_NOT_A_LEVEL, r"\bnet\b")),
    Indicator("electricity_exports", "U.S. electricity exports to the partner", ("money", "measure"),
              (r"electricity exports", r"exports of electricity"), exclude=(*_NOT_A_LEVEL, r"average")),
    Indicator("electricity_imports", "U.S. electricity imports from the partner", ("money", "measure"),
              (r"electricity imports", r"imports of electricity"), exclude=(*_NOT_A_LEVEL, r"average")),
    Indicator("coal_exports", "U.S. coal exports to the partner", ("money", "measure"),
              (r"^(?:us |total )*coal exports",), exclude=_NOT_A_LEVEL),
    Indicator("population", "Population of the partner country", ("count",),
              (r"^(?:total )?population(?: of <c>)?$", r"^<c>(?:'s|’s)? population$")),
    Indicator("gdp", "Gross domestic product of the partner", ("money",),
              (r"^(?:<c>(?:'s|’s)? )?(?:gdp|gross domestic product)(?: of <c>)?$",), exclude=(r"per capita",)),
    Indicator("gdp_per_capita", "GDP per person in the partner", ("money",),
              (r"(?:gdp|gross domestic product) per capita", r"per capita (?:gdp|gross domestic product)")),
    Indicator("jobs_supported", "Jobs supported or created by trade with or investment from the partner", ("count",),
              (r"^(?:us |american )?jobs\b",), examples=("jobs supported by U.S. exports",)),
    Indicator("us_military_personnel", "U.S. military personnel in the partner country", ("count",),
              (r"us (?:military personnel|troops|service members|servicemembers)",
               r"rotational us troops")),
)

INDICATORS_BY_ID = {i.id: i for i in INDICATORS}
#: Per kind, every pattern of every indicator taking that kind, as one alternation: one search
#: tells that no indicator can apply, which is the answer for most figures.
_ANY_PATTERN_OF_KIND = {
    kind: re.compile("|".join(f"(?:{p})" for i in INDICATORS if kind in i.kinds for p in i.patterns))
    for kind in {k for i in INDICATORS for k in i.kinds}
}
#: Subjects that name trade without saying whether goods or services: they take the
#: indicator of an earlier figure in the same sentence ("goods trade with Canada totaled $782bn,
#: while trade with China totaled $576bn").
_BARE_TRADE = re.compile(r"^(?:us |total |two-way )*trade(?: (?:with|between) <c>.*)?$")
_TRADE_INDICATORS = frozenset(("goods_trade", "services_trade", "goods_services_trade"))
#: Words right before or after a figure that make it a change, not a level.
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:by|up|down)|\b(?:increase|decrease|rise|drop|decline|growth|gain|jump|fall) of)\s+"
    r"(?:(?:nearly|almost|about|approximately|some|over|more than|less than|roughly|around|an|a)\s+)*$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(r"\s+(?:increase|decrease|rise|drop|decline|gain|jump|fall|more|less|higher|lower)\b")


_ASIDE = re.compile(r"\s*\([^)]*\)")


def normal_subject(subject: str) -> str:
    """The subject as the patterns read it: lower case, `us` for the United States, `<c>` for any country."""
    out: list[str] = []
    position = 0
    for m in phrase_mentions(subject):
        out.append(subject[position:m.start])
        out.append("us" if m.iso3 == HOME else "<c>")
        position = m.end
    out.append(subject[position:])
    normal = _ASIDE.sub("", "".join(out).lower().replace("u.s.", "us"))
    return " ".join(normal.split())


#: Words before a figure in its sentence that make it a goal, a plan or a projection, not a value
#: that was measured: "aims to send 100,000 students", "are projected to reach $10bn", "will provide";
#: in the same clause (no clause break between). Read in a lower-cased window.
_TARGET_BEFORE = re.compile(
    r"(?<!\w)(?:(?:aims?|aimed|aiming|plans?|planned|planning|seeks?|seeking|intends?|intended|pledged?|pledges"
    r"|expected|projected|forecast|forecasted)\s+to|goals?|targets?|will|would)(?!\w)(?:[^.;:!?,]|,(?=\d)){0,100}$"
)


#: A subject that says what its things will do ("troops will have participated in exercises") is no
#: measured value either.
_FUTURE = re.compile(r"\b(?:will|would)\b")


#: A word `_TARGET_BEFORE` or `_CHANGE_BEFORE` needs, found by a fast scan (a literal alternation)
#: before the slower search that must end at the figure, which most windows cannot pass.
_TARGET_WORD = re.compile(r"aim|plan|seek|intend|pledg|expect|project|forecast|goal|target|will|would")
_CHANGE_WORD = re.compile(r"by|up|down|of", re.IGNORECASE)


def is_target(text: str, start: int) -> bool:
    """Whether a figure is a goal, plan or projection ("aims to send 100,000 students by 2018")."""
    before = text[max(0, start - 120):start].lower()
    return _TARGET_WORD.search(before) is not None and _TARGET_BEFORE.search(before) is not None


def is_change(text: str, start: int, end: int) -> bool:
    """Whether a figure states a change ("rose by $5bn", "an increase of 6%", "$2bn more")."""
    low = max(0, start - 40)
    return bool((_CHANGE_WORD.search(text, low, start) and _CHANGE_BEFORE.search(text, low, start))
                or _CHANGE_AFTER.match(text, end))


def indicator_of(subject: str, kind: str, unit: str, is_range: bool = False) -> str | None:
    """The indicator a figure's subject names, if its kind and unit fit; None otherwise.

    A range ("three to four") is no value of a series: None.
    """
    if is_range or kind not in _ANY_PATTERN_OF_KIND:
        return None
    normal = normal_subject(subject).split(" where ", 1)[0]  # "countries where volunteers serve" counts countries
    if not _ANY_PATTERN_OF_KIND[kind].search(normal) or _FUTURE.search(normal):
        return None
    for indicator in INDICATORS:
        if indicator.fits(kind, unit) and indicator.recognises(normal):
            return indicator.id
    return None


def is_bare_trade(subject: str) -> bool:
    return bool(_BARE_TRADE.match(normal_subject(subject)))


def inherits_trade(previous: str | None) -> bool:
    return previous in _TRADE_INDICATORS


def _state_names() -> list[str]:
    """The U.S. states, district and territories (pycountry), less names that are also countries'
    ("Georgia", "Puerto Rico") and "Washington", which in these documents is the federal capital."""
    return sorted(
        s.name for s in pycountry.subdivisions.get(country_code=HOME[:2]) or []
        if pycountry.countries.get(name=s.name) is None and s.name != "Washington"
    )


_STATE = trie(_state_names())
#: A state owning the figure's thing ("Michigan's 5 ports"), or a figure placed in a state ("in Texas"),
#: in the clause before the figure (no clause break between) …
_STATE_BEFORE = re.compile(
    rf"(?:\b(?:{_STATE})(?:'s|’s|'|’)|\b(?:[Ii]n|[Tt]hroughout|[Aa]cross|[Ww]ithin) (?:the state of )?(?:{_STATE})\b)"
    r"[^;:.!?]{0,100}$")
#: … or after it, before the clause ends ("5 ports of entry in Michigan").
_STATE_AFTER = re.compile(rf"[^,;:.!?]{{0,80}}?\b(?:in|throughout|across|within) (?:the state of )?(?:{_STATE})\b")


def country_wide(indicator: str | None, text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """The indicator, unless the figure counts one U.S. state's part of it ("Michigan's 5 ports of entry",
    "In Texas, 28 ports of entry"): None then, since every indicator is country-wide."""
    if indicator is None:
        return None
    if _STATE_BEFORE.search(text, max(sentence[0], start - 150), start):
        return None
    if _STATE_AFTER.match(text, end, min(sentence[1], end + 120)):
        return None
    return indicator
