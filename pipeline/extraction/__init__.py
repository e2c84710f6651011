"""The extraction library: pure functions from a document's text to table rows.

Nothing here knows about Dagster, files or DataFrames, so it runs the same in a test, an
asset, a benchmark or a Dask worker.
"""

from __future__ import annotations

from dataclasses import dataclass

# First: importing `native` decides whether the modules below come from the compiled build or
# from their sources.
from pipeline.extraction.native import COMPILED, SOURCE_HASH

# isort: split
from pipeline.extraction.acronyms import Acronym, extract_acronyms
from pipeline.extraction.budget import WorkBudgetExceeded
from pipeline.extraction.countries import phrase_mentions
from pipeline.extraction.dates import DateMention, Masked, extract_dates, non_figure_spans
from pipeline.extraction.figures import Figure, extract_figures
from pipeline.extraction.structure import Byline, Heading, Sections, Sentences, byline, headings

__all__ = [
    "COMPILED",
    "EXTRACTOR_VERSION",
    "Acronym",
    "Byline",
    "DateMention",
    "Extraction",
    "Figure",
    "Heading",
    "WorkBudgetExceeded",
    "extract",
]


#: Any change to a rule changes the extractor version (and so every cache key).
EXTRACTOR_VERSION = SOURCE_HASH


@dataclass(frozen=True)
class Extraction:
    figures: list[Figure]
    dates: list[DateMention]
    acronyms: list[Acronym]
    headings: list[Heading]
    byline: Byline | None
    masked: list[Masked]  # URLs, phones, addresses…: spans whose numbers are never figures
    sentences: Sentences  # the text's sentences, as the figures were read (figure ids reuse them)


def extract(text: str) -> Extraction:
    """Everything the pipeline reads from one document's text."""
    phrase_mentions.cache_clear()  # remembered per document: no document is faster for another's phrases
    masked = non_figure_spans(text)
    dates = extract_dates(text, masked)
    found_headings = headings(text)
    found_byline = byline(text)
    metadata = [(found_byline.start, found_byline.end)] if found_byline else []
    sentences = Sentences(text)
    figures = extract_figures(text, dates, masked, sentences, Sections(found_headings), metadata)
    return Extraction(figures, dates, extract_acronyms(text), found_headings, found_byline, masked, sentences)
