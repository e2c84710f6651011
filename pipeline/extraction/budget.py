"""A bound on the work extraction does per document, so one pathological text cannot stall a run.

Extraction tries every figure rule wherever a number may start; the work is linear in those
places, but a text that is little else ("1-1-1-…", "one one one …") costs minutes per megabyte.
Real documents have one such place per 40 characters or more; the budget allows a document a
fixed number of them plus one per CHARS_PER_START characters. A text over budget is not
extracted: `WorkBudgetExceeded` says why, and the pipeline quarantines the document with it.
"""

from __future__ import annotations

from pipeline.extraction.rules import starts

#: Places where a number starts that every document may have, however short (a 60 KB table).
FREE_STARTS = 10_000
#: Beyond those, one place per this many characters (a dense table has one per 6 or 7).
CHARS_PER_START = 6


class WorkBudgetExceeded(RuntimeError):
    """A text with more places where a number starts than its length allows."""

    def __init__(self, n_starts: int, n_chars: int) -> None:
        super().__init__(
            f"over the extraction work budget: {n_starts:,} places where a number starts in {n_chars:,} "
            f"characters (at most {start_budget(n_chars):,}: {FREE_STARTS:,} plus one per {CHARS_PER_START} "
            "characters); not a document of this kind"
        )
        self.n_starts, self.n_chars = n_starts, n_chars


def start_budget(n_chars: int) -> int:
    """How many places where a number starts a text of `n_chars` characters may have."""
    return FREE_STARTS + n_chars // CHARS_PER_START


def check_budget(n_starts: int, n_chars: int) -> None:
    """Raise WorkBudgetExceeded when `n_starts` is over the budget of a text of `n_chars`."""
    if n_starts > start_budget(n_chars):
        raise WorkBudgetExceeded(n_starts, n_chars)


def check_work(text: str) -> None:
    """Raise WorkBudgetExceeded, before any extraction, for a text extraction would stall on."""
    if len(text) > FREE_STARTS:  # a shorter text has fewer places than FREE_STARTS
        check_budget(len(starts(text)), len(text))
