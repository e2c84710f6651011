"""The extractor never raises, keeps every span exact, and runs in linear time on any text."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extraction import WorkBudgetExceeded, extract
from pipeline.extraction.budget import start_budget
from schemas.figures import UNIT_PATTERN

_UNIT = re.compile(UNIT_PATTERN)
_PIECES = [
    "$", "US$", "€", "C$", "1", "12", "1,234", "50, 000", "2.5", "2023", "1 Jul. 2020", "April 5, 2020", "million",
    "bn", "K", "percent", "%", "miles", "-", "–", " to ", " and ", "between ", "over ", "nearly ", "about ",
    "one", "Twenty-one", "ninth", "largest", "half", "a third", "times", "a year", "per day", "twice", "tripled",
    "(", ")", "[1]", "Words: 3,670", "www.state.gov", "202-647-4000", "Section 301", "COVID-19", " ", "\n", "\n\n",
    ".", ",", ";", "Mexico", "trade", "(ABC)", "Agency for Business Cooperation", "é", "İ", "\ufeff", "\x00",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(_PIECES), max_size=80).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_never_raises_and_spans_are_exact(text: str) -> None:
    result = extract(text)
    previous_end = 0
    for f in result.figures:
        assert text[f.start:f.end] == f.text
        assert f.start >= previous_end, "figures overlap"
        previous_end = f.end
        assert f.value == f.value and abs(f.value) != float("inf")
        assert f.value_max is None or f.value_max > f.value
        assert _UNIT.match(f.unit), f.unit
        assert f.subject
    for d in result.dates:
        assert text[d.start:d.end] == d.text
    for h in result.headings:
        assert text[h.start:h.end] == h.text
    for a in result.acronyms:
        assert text[a.start:a.end].endswith(f"({a.acronym})")


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging if extraction ever goes super-linear (a guard, not a benchmark)."""
    def fail(signum: int, frame: object) -> None:
        raise TimeoutError("extraction did not finish: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(300)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


MB = 1_000_000
ADVERSARIAL = {
    "commas": "1," * (MB // 2),
    "dollars": "$" * MB,
    "digits": "1" * MB,
    "numbers": "1 " * (MB // 2),
    "dots": "a." * (MB // 2),
    "hyphens": "one-" * (MB // 4),
    "ranges": "1-" * (MB // 2),
    "parentheses": "(A" * (MB // 2),
    "bylines": "(Words: 1," * (MB // 10),
    "years": "2020-" * (MB // 5),
    "between": "between 1 and " * (MB // 14),
    "phones": "+1 " * (MB // 3),
    "domains": "www.a" * (MB // 5),
    "one long word": "a" * MB,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_one_megabyte_of_adversarial_text_finishes(name: str, deadline: None) -> None:
    """Extraction finishes, or refuses a text over its work budget (and says so) before the work."""
    text = ADVERSARIAL[name]
    try:
        result = extract(text)
    except WorkBudgetExceeded as exc:
        assert exc.n_starts > start_budget(len(text))
        return
    for f in result.figures[:1000]:
        assert text[f.start:f.end] == f.text
