"""Every mask and rule runs in time linear in the text (issue 9, case 12).

Each pattern is timed on its own worst input, found among adversarial repeats, at 0.25, 0.5
and 1 MB: doubling the input must not more than triple the time. A complexity test comparing
sizes, not a timing budget: CPU time of this process, best of two, so other load barely counts.
"""

from __future__ import annotations

import re
import time
from itertools import pairwise

import pytest

from pipeline.extraction.acronyms import _DEFINITION, _WORD
from pipeline.extraction.coverage import _DIGIT_START, _WORD_NUMBER_START, NUMBER_TOKEN
from pipeline.extraction.dates import _DIGIT_DATE, _FISCAL_DATE, _MASKS, _MONTH_DATE
from pipeline.extraction.rules import _SIGN_OR_DIGIT, _WORD_START, FIGURE_RULES
from pipeline.extraction.structure import _BYLINE, _PARAGRAPH, _SENTENCE_END

#: Patterns scanned over a whole text (the masks, the date and structure scans).
SCANS: dict[str, re.Pattern[str]] = {
    **{f"mask {name}": pattern for name, pattern in _MASKS},
    "dates digits": _DIGIT_DATE, "dates month": _MONTH_DATE, "dates fiscal": _FISCAL_DATE,
    "sentence ends": _SENTENCE_END, "paragraphs": _PARAGRAPH, "byline": _BYLINE,
    "acronym definitions": _DEFINITION, "acronym words": _WORD, "coverage numbers": NUMBER_TOKEN,
    "coverage digit starts": _DIGIT_START, "coverage word starts": _WORD_NUMBER_START,
    "rule starts": _SIGN_OR_DIGIT, "rule word starts": _WORD_START,
}
#: A figure rule is matched only where a number may start (`rules.starts`): not inside a word or
#: a numeral. The lookbehind says the same, so `finditer` tries the rule where extraction does.
RULES: dict[str, re.Pattern[str]] = {
    f"rule {rule.name}": re.compile(rf"(?<![^\W_]|[.,])(?:{rule.pattern.pattern})") for rule in FIGURE_RULES
}
#: Units repeated to make an adversarial text: runs of one sign, numbers glued by separators,
#: half-made dates, URLs, bylines and phrases the rules look for.
UNITS = (
    "§", "1", "1 ", "1,", "1-", "1.", "1/", "1:", "$", "$1 ", "a", "a.", "a ", "A ", "A.", "(", "(A", "\n",
    "a\n", "- ", "one ", "one-", "one one ", "(Words: 1,", "2020-", "2020 ", "May ", "May 1 ", "1 May ",
    "FY", "between 1 and ", "1 to ", "1 million ", "+1 ", "www.a", "@a.", "1 U.S.C. § ", "1 Main ",
    "over ", "1 of ", "1 in ", "1 percent ", "first ", "1st ", "top ", "1 times ",
)
KB, MB = 1_000, 1_000_000


def _seconds(pattern: re.Pattern[str], text: str, tries: int = 1) -> float:
    best = float("inf")
    for _ in range(tries):
        began = time.process_time()
        for _match in pattern.finditer(text):
            pass
        best = min(best, time.process_time() - began)
    return best


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _worst_unit(pattern: re.Pattern[str]) -> str:
    return max(UNITS, key=lambda unit: _seconds(pattern, _repeat(unit, 8 * KB)))


#: Timer noise on runs of a few milliseconds; far below what a super-linear pattern adds.
SLACK = 0.003


@pytest.mark.parametrize("name", [*SCANS, *RULES])
def test_case12_every_mask_and_rule_is_linear_on_its_worst_input(name: str) -> None:
    pattern = {**SCANS, **RULES}[name]
    unit = _worst_unit(pattern)
    # A quick look at 16 and 64 KB first, so a quadratic pattern fails in seconds, not hours.
    small, large = (_seconds(pattern, _repeat(unit, n), tries=2) for n in (16 * KB, 64 * KB))
    assert large <= 8 * small + SLACK, f"{name} on {unit!r}: 4x the text took {large / small:.1f}x the time"
    sizes = (MB // 4, MB // 2, MB)
    times = [_seconds(pattern, _repeat(unit, n)) for n in sizes]
    if not _triples_at_most(times):  # measured once; a miss is measured again, best of three
        times = [_seconds(pattern, _repeat(unit, n), tries=3) for n in sizes]
    assert _triples_at_most(times), f"{name} on {unit!r}: 0.25, 0.5, 1 MB took " + ", ".join(f"{t:.3f}" for t in times)


def _triples_at_most(times: list[float]) -> bool:
    """Whether each doubling of the input at most tripled the time."""
    return all(after <= 3 * before + SLACK for before, after in pairwise(times))


def test_case12_section_sign_runs_are_linear() -> None:
    citation = dict(_MASKS)["citation"]
    small, large = (_seconds(citation, "§" * n, tries=2) for n in (50 * KB, 200 * KB))
    assert large <= 8 * small + SLACK
    assert [m.group(0) for m in citation.finditer("under 22 U.S.C. §§ 2151 and §2152(a)")] == ["§§ 2151", "§2152(a)"]
