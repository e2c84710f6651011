"""Figures in a text: every rule tried where a number starts, the longest reading kept."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, partial

from pipeline.extraction.budget import check_budget
from pipeline.extraction.context import Clauses, YearIndex, qualifier
from pipeline.extraction.dates import DateMention, Masked
from pipeline.extraction.exclusions import excluded_by
from pipeline.extraction.indicators import (
    country_wide,
    indicator_of,
    inherits_trade,
    is_bare_trade,
    is_change,
    is_target,
)
from pipeline.extraction.numbers import NUMBER, VULGAR_FRACTIONS, NumeralTooLong
from pipeline.extraction.partners import SentencePartners
from pipeline.extraction.rates import average_period, coordinated_periods, rate_period
from pipeline.extraction.readings import Groups, Reading, RuleGroups, SharedHeadGroups
from pipeline.extraction.rules import (
    FIGURE_RULES,
    MEASURED_NUMBER,
    RULES_BY_NAME,
    SIGNED_KINDS,
    Rule,
    minus_before,
    quantity,
    starts,
)
from pipeline.extraction.spans import SpanIndex
from pipeline.extraction.structure import Sections, Sentences
from pipeline.extraction.subjects import subject_of


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    year: int | None
    subject: str
    section: str | None
    rule: str
    subject_start: int | None = None
    subject_end: int | None = None
    partner: str | None = None
    indicator: str | None = None


RULES_STARTING_WITH = {what: [r for r in FIGURE_RULES if what in r.starts] for what in ("sign", "digit", "word")}
#: The numbers rules start with, when consecutive rules share one: "$5 million" and "5 percent"
#: both begin with `quantity()`. A run of such rules is one branch of the alternation, its head
#: matched once and each rule's tail tried after it, instead of the head matched again per rule.
SHARED_HEADS = (quantity(), quantity(MEASURED_NUMBER), rf"(?P<n>{NUMBER})")
_GROUP = re.compile(r"\(\?P<(\w+)>|\(\?\((\w+)\)")


def _renamed(group: re.Match[str], rule: str, head: str = "", head_names: frozenset[str] = frozenset()) -> str:
    """A group (or a test of one) under its rule's name, or under the run's when the head defines it."""
    name = group.group(1) or group.group(2)
    owner = head if name in head_names else rule
    return f"(?P<{owner}__{name}>" if group.group(1) is not None else f"(?({owner}__{name})"


@dataclass(frozen=True)
class _Run:
    """Consecutive rules sharing a head, one branch of the alternation named `name`."""

    name: str
    rules: tuple[Rule, ...]
    head_names: frozenset[str]


@dataclass(frozen=True)
class _Combined:
    pattern: re.Pattern[str]
    runs: dict[str, _Run]


def _shared_head(rule: Rule) -> str | None:
    return next((head for head in SHARED_HEADS if rule.source.startswith(head)), None)


#: A digit start: an ASCII digit or a vulgar fraction (what `starts` calls "digit").
_DIGIT_AHEAD = "[0-9" + "".join(VULGAR_FRACTIONS) + "]"


def _guard(rule: Rule) -> str:
    """What keeps a rule to the starts it declares inside the one alternation of number rules:
    a rule for words only is never tried at a digit, one for digits only never at a word."""
    if "digit" not in rule.starts:
        return f"(?!{_DIGIT_AHEAD})"
    if "word" not in rule.starts:
        return f"(?={_DIGIT_AHEAD})"
    return ""


def _combined(rules: list[Rule]) -> _Combined:
    """All rules as one alternation, in priority order: one match call finds the rule that fits.

    Each rule's groups are renamed apart; the outer group names the rule (`lastgroup`), or the run
    of rules sharing a head, whose own groups say which rule's tail matched.
    """
    grouped: list[tuple[str | None, list[Rule]]] = []
    for rule in rules:
        head = _shared_head(rule) if not _guard(rule) else None
        if grouped and head is not None and grouped[-1][0] == head:
            grouped[-1][1].append(rule)
        else:
            grouped.append((head, [rule]))
    parts, runs = [], {}
    for head, members in grouped:
        first = members[0]
        if head is None or len(members) == 1:
            renamed = _GROUP.sub(partial(_renamed, rule=first.name), first.source)
            parts.append(f"(?P<{first.name}>{_guard(first)}{renamed})")
            continue
        run = _Run(f"{first.name}__run", tuple(members), frozenset(re.findall(r"\(\?P<(\w+)>", head)))
        tails = "|".join(
            f"(?P<{r.name}>"
            + _GROUP.sub(partial(_renamed, rule=r.name, head=run.name, head_names=run.head_names),
                         r.source[len(head):])
            + ")"
            for r in members
        )
        parts.append(f"(?P<{run.name}>{_GROUP.sub(partial(_renamed, rule=run.name), head)}(?:{tails}))")
        runs[run.name] = run
    return _Combined(re.compile("|".join(parts)), runs)


#: Digit and word starts share one alternation (each rule guarded to the starts it declares):
#: compiling it once instead of twice takes half the time every process spends importing.
_NUMBER_RULES = [r for r in FIGURE_RULES if "digit" in r.starts or "word" in r.starts]


@cache
def combined_rules() -> dict[str, _Combined]:
    """The alternations by what stands at a start, compiled on first use (about a second): a
    process that only assembles tables, as the pipeline's own while workers extract, never
    compiles them; `pipeline.extraction.warm` compiles them where workers are forked from."""
    numbers = _combined(_NUMBER_RULES)
    return {"sign": _combined(RULES_STARTING_WITH["sign"]), "digit": numbers, "word": numbers}


def _first_rule(text: str, start: int, what: str) -> tuple[Rule, Groups, int] | None:
    """The first rule in priority order that matches at `start`, its groups and where it ends:
    what matching each rule's own pattern in turn would find.

    In a run, the head is matched once and the tails tried after each reading of it, in the
    rules' order; a rule of the run before the one found may still match after another reading
    of the head (rare), so those are tried on their own first."""
    combined = combined_rules()[what]
    first = combined.pattern.match(text, start)
    if first is None or first.end() <= start or first.lastgroup is None:
        return None
    run = combined.runs.get(first.lastgroup)
    if run is None:
        return RULES_BY_NAME[first.lastgroup], RuleGroups(first, first.lastgroup), first.end()
    for rule in run.rules:
        if first.start(rule.name) >= 0:
            return rule, SharedHeadGroups(first, rule.name, run.name, run.head_names), first.end()
        own = rule.pattern.match(text, start)
        if own is not None and own.end() > start:
            return rule, own, own.end()
    raise AssertionError(f"run {run.name} matched without any of its rules")  # the tails are its only branches


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    reading: Reading


def _read(rule: Rule, groups: Groups) -> Reading | None:
    """The rule's reading; none for a numeral too long to be a figure."""
    try:
        return rule.read(groups)
    except NumeralTooLong:
        return None


def _best_at(text: str, start: int, what: str) -> Candidate | None:
    """The first rule (in priority order) that matches and reads; the longest one if it won't read."""
    found = _first_rule(text, start, what)
    if found is None:
        return None
    rule, groups, end = found
    reading = _read(rule, groups)
    if reading is not None:
        return Candidate(start, end, rule, reading)
    best: Candidate | None = None
    for other in RULES_STARTING_WITH[what]:  # rare: the first rule matched but could not read
        m = other.pattern.match(text, start)
        if m is None or m.end() <= start or (best is not None and m.end() <= best.end):
            continue
        reading = _read(other, m)
        if reading is not None:
            best = Candidate(start, m.end(), other, reading)
    return best


def reading_at(text: str, start: int) -> Candidate | None:
    """What the rules read at a number's first character, before any exclusion rule."""
    return _best_at(text, start, "digit" if text[start].isdigit() else "word")


def _signed(text: str, c: Candidate) -> Candidate:
    """The candidate with the minus sign written before it, in its span and its value."""
    r = c.reading
    if r.kind not in SIGNED_KINDS or r.value_max is not None:
        return c
    sign = minus_before(text, c.start)
    if sign is None:
        return c
    return Candidate(sign, c.end, c.rule, Reading(r.kind, -r.value, None, r.unit))


def candidates(text: str, blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Non-overlapping rule matches, left to right; at each start the longest reading wins."""
    spans = SpanIndex(blocked)
    found: list[Candidate] = []
    position = 0
    places = starts(text)
    check_budget(len(places), len(text))
    for start, what in places:
        if start < position or spans.overlaps(start, start + 1):
            continue  # inside the last figure, or inside a date, URL, address…: no rule can apply
        best = _best_at(text, start, what)
        if best is None or spans.overlaps(best.start, best.end):
            continue
        if excluded_by(text, best.start, best.end, best.reading) is not None:
            continue
        found.append(_signed(text, best))
        position = best.end
    return found


#: The words between the two figures of a change: "$12.3 billion to $48 billion", "$33.8 billion,
#: up from $27.4 billion", "rose to $9bn from $7bn". A year after the second is the second's.
_CHANGE_LINK = re.compile(
    r"\s*,?\s*(?:(?:up|down)\s+)?(?:from|to|compared\s+(?:with|to)|versus|vs\.)\s+"
    r"(?:(?:about|nearly|almost|some|approximately|roughly|around)\s+)?",
    re.IGNORECASE,
)


def _next_in_change(text: str, matched: list[Candidate]) -> list[int | None]:
    """For each figure, where the figure it changes from or to starts, when one follows it."""
    return [later.start if _CHANGE_LINK.fullmatch(text, c.end, later.start) else None
            for c, later in itertools.pairwise(matched)] + [None] * bool(matched)


def extract_figures(
    text: str,
    dates: list[DateMention],
    masked: list[Masked],
    sentences: Sentences,
    sections: Sections,
    metadata: list[tuple[int, int]],
) -> list[Figure]:
    """Every figure in the text, with its qualifier, year, subject and section."""
    blocked = [(d.start, d.end) for d in dates] + [(m.start, m.end) for m in masked] + metadata
    years = YearIndex(dates, metadata)
    partners = SentencePartners(text)
    clauses = Clauses(text)
    names_an_average = "average" in text.lower()  # most texts never do: no per-figure search then
    matched = candidates(text, blocked)
    periods = coordinated_periods(
        text,
        [(c.start, c.end, c.reading.kind) for c in matched],
        [rate_period(text, c.end, c.reading.kind) for c in matched],
    )
    figures: list[Figure] = []
    previous: tuple[tuple[int, int], str | None] | None = None  # the last figure's sentence and indicator
    following = _next_in_change(text, matched)
    for c, period, next_figure in zip(matched, periods, following, strict=True):
        reading = c.reading
        unit = reading.unit
        sentence = sentences.around(c.start)
        clause = clauses.around(sentence, c.start, c.end)
        if period is None and names_an_average:
            period = average_period(text, clause[0], c.start, reading.kind)
        if period and "/" not in unit:  # "5.3 Bcf/d" carries its own period
            unit = f"{unit}/{period}"
        found = subject_of(text, reading.kind, c.start, c.end, sentence)
        is_range = reading.value_max is not None
        change = is_change(text, c.start, c.end)
        measured = not change and not is_target(text, c.start)  # a goal or projection is no value of a series
        indicator = country_wide(indicator_of(found.text, reading.kind, unit, is_range), text, c.start, c.end,
                                 sentence) if measured else None
        if indicator is None and previous is not None and previous[0] == sentence and inherits_trade(previous[1]) \
                and reading.kind == "money" and measured and is_bare_trade(found.text):
            indicator = previous[1]  # "goods trade with Canada totaled $782bn, while trade with China …"
        previous = (sentence, indicator)
        figures.append(
            Figure(
                start=c.start,
                end=c.end,
                text=text[c.start:c.end],
                kind=reading.kind,
                value=reading.value,
                value_max=reading.value_max,
                unit=unit,
                qualifier="at_most" if c.rule.name == "rank_top_n" else qualifier(text, c.start, c.end),
                year=years.year_for(sentence, c.start, c.end, text, clause, next_figure),
                subject=found.text,
                section=sections.at(c.start),
                rule=c.rule.name,
                subject_start=found.start,
                subject_end=found.end,
                partner=partners.partner(sentence, c.start, found.text),
                indicator=indicator,
            )
        )
    return figures
