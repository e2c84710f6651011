"""Extraction in batches of documents: what a worker runs, and how batches are planned and mapped.

A batch is a few dozen documents (BATCH_DOCUMENTS, or BATCH_BYTES of files). A worker (this
process, a process of the local pool, or a Dask worker) reads the files itself, extracts each
text and returns the batch's rows, column by column, with each document's outcome; the caller
turns them into one cache entry (`pipeline.cache.encode_batch`: Arrow tables) and never holds
more than the batches in flight. A worker imports only the extraction code: neither pyarrow,
pandas nor Pandera (a pool process stays under 50 MB). A document over the extraction work budget is
quarantined with the budget's reason; the reason travels back in the outcome and is cached
(it depends only on the text and the rules).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field, fields
from typing import Any

from pipeline.corpus import Document, read_text, text_metadata
from pipeline.extraction import Acronym, DateMention, Figure, WorkBudgetExceeded, extract
from pipeline.extraction.coverage import coverage
from pipeline.extraction.ids import figure_anchors, figure_id

#: A batch is closed at this many documents or this many bytes, whichever comes first.
BATCH_DOCUMENTS = 32
BATCH_BYTES = 1_000_000

EXTRACTED_TABLES = ("figures", "dates", "acronyms", "sections")
#: The summary fields that are the document's text metadata (`text_metadata`, `first_heading`).
META_FIELDS = ("n_chars", "word_count", "declared_word_count", "byline_publisher", "byline_date", "first_heading")
#: One summary row per document of a batch, by column: its Arrow type (`pipeline.cache.SUMMARY_SCHEMA`).
SUMMARY_COLUMNS: dict[str, str] = {
    "key": "string", "doc_id": "string", "quarantine": "string",
    **{f"n_{name}": "int64" for name in EXTRACTED_TABLES},
    "n_chars": "int64", "word_count": "int64", "declared_word_count": "int64",
    "byline_publisher": "string", "byline_date": "string", "first_heading": "string",
    "coverage": "string",
}
_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))
_DATE_FIELDS = tuple(f.name for f in fields(DateMention))
_ACRONYM_FIELDS = tuple(f.name for f in fields(Acronym))


def _columns() -> dict[str, dict[str, list[Any]]]:
    """Each table's columns as extraction makes them (the cache's Arrow schemas say which are kept)."""
    return {
        "figures": {name: [] for name in ("figure_id", "doc_id", *_FIGURE_FIELDS)},
        "dates": {name: [] for name in ("date_id", "doc_id", *_DATE_FIELDS)},
        "acronyms": {name: [] for name in ("doc_id", *_ACRONYM_FIELDS)},
        "sections": {name: [] for name in ("doc_id", "position", "heading", "start", "end", "section_end")},
    }


@dataclass
class BatchRows:
    """The rows of a batch's documents, column by column, in the order they are added, and one
    summary row per document."""

    columns: dict[str, dict[str, list[Any]]] = field(default_factory=_columns)
    summary: dict[str, list[Any]] = field(default_factory=lambda: {name: [] for name in SUMMARY_COLUMNS})

    def __bool__(self) -> bool:
        return bool(self.summary["key"])

    def add_text(self, key: str, doc_id: str, text: str) -> None:
        """Extract one text (raises WorkBudgetExceeded before adding anything)."""
        result = extract(text)
        figures, dates = result.figures, result.dates
        anchors = figure_anchors(text, [(f.start, f.end) for f in figures], result.sentences)
        out = self.columns
        out["figures"]["figure_id"] += [figure_id(doc_id, anchor) for anchor in anchors]
        out["figures"]["doc_id"] += [doc_id] * len(figures)
        for name in _FIGURE_FIELDS:
            out["figures"][name] += [getattr(f, name) for f in figures]
        out["dates"]["date_id"] += [f"{doc_id}:{d.start}" for d in dates]
        out["dates"]["doc_id"] += [doc_id] * len(dates)
        for name in _DATE_FIELDS:
            out["dates"][name] += [getattr(d, name) for d in dates]
        out["acronyms"]["doc_id"] += [doc_id] * len(result.acronyms)
        for name in _ACRONYM_FIELDS:
            out["acronyms"][name] += [getattr(a, name) for a in result.acronyms]
        sections = out["sections"]
        for i, h in enumerate(result.headings):
            for column, value in (("doc_id", doc_id), ("position", i), ("heading", h.text), ("start", h.start),
                                  ("end", h.end), ("section_end", h.section_end)):
                sections[column].append(value)
        meta = {**text_metadata(text), "first_heading": result.headings[0].text if result.headings else None}
        # Coverage depends only on the text and the rules, like the rows: computed once here and
        # cached with them, instead of re-scanning every text on every run.
        found = coverage(text, result, compact=True).to_json()
        counts = {"figures": len(figures), "dates": len(dates), "acronyms": len(result.acronyms),
                  "sections": len(result.headings)}
        self._summarise(key, doc_id, None, counts, meta, json.dumps(found, ensure_ascii=False))

    def add_rows(self, key: str, doc_id: str, rows: dict[str, list[dict[str, Any]]], meta: dict[str, Any],
                 coverage_json: str | None) -> None:
        """A document's rows as given (e.g. read back from another entry), with its summary."""
        for name in EXTRACTED_TABLES:
            for row in rows.get(name, []):
                for column, values in self.columns[name].items():
                    values.append(row.get(column))
        self._summarise(key, doc_id, None, {n: len(rows.get(n, [])) for n in EXTRACTED_TABLES}, meta, coverage_json)

    def add_quarantine(self, key: str, doc_id: str, reason: str) -> None:
        """A document extraction refused (over the work budget): no rows, the reason cached."""
        self._summarise(key, doc_id, reason, dict.fromkeys(EXTRACTED_TABLES, 0), {}, None)

    def _summarise(self, key: str, doc_id: str, quarantine: str | None, counts: dict[str, int],
                   meta: dict[str, Any], coverage_json: str | None) -> None:
        row = {"key": key, "doc_id": doc_id, "quarantine": quarantine, "coverage": coverage_json,
               **{f"n_{name}": counts[name] for name in EXTRACTED_TABLES},
               **{name: meta.get(name) for name in META_FIELDS}}
        for column, values in self.summary.items():
            values.append(row[column])


@dataclass(frozen=True)
class ExtractedBatch:
    """What a worker returns for a batch: the rows of what it extracted (None when it read
    nothing), and each document's (status, reason) in the batch's order."""

    rows: BatchRows | None
    outcomes: list[tuple[str, str | None]]


def extract_batch(documents: list[Document]) -> ExtractedBatch:
    """Runs on a worker: read and extract each document of the batch.

    A file that cannot be read as text is quarantined by `read_text` (not cached: the reason may
    be the file system's); a text over the work budget is quarantined with the budget's reason
    (cached). The documents given are updated too (status, reason), for an in-process caller."""
    builder = BatchRows()
    outcomes: list[tuple[str, str | None]] = []
    for doc in documents:
        text = read_text(doc)
        key = doc.cache_key
        if text is not None and key is not None:
            try:
                builder.add_text(key, doc.doc_id, text)
            except WorkBudgetExceeded as exc:
                doc.status, doc.reason = "quarantined", str(exc)
                builder.add_quarantine(key, doc.doc_id, str(exc))
        outcomes.append((doc.status, doc.reason))
    return ExtractedBatch(builder if builder else None, outcomes)


def plan_batches(documents: Iterable[Document], batch_documents: int = BATCH_DOCUMENTS,
                 batch_bytes: int = BATCH_BYTES) -> list[list[Document]]:
    """The documents in order, cut into batches of at most `batch_documents` documents or about
    `batch_bytes` bytes of files."""
    batches: list[list[Document]] = []
    batch: list[Document] = []
    size = 0
    for doc in documents:
        batch.append(doc)
        size += doc.n_bytes
        if len(batch) >= batch_documents or size >= batch_bytes:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    return batches


Batches = Iterator[tuple[list[Document], ExtractedBatch]]
#: Maps `extract_batch` over batches and yields each batch with its result, in any order.
BatchRunner = Callable[[list[list[Document]]], Batches]


def extract_in_process(batches: list[list[Document]]) -> Batches:
    """Every batch in this process, one after another."""
    for batch in batches:
        yield batch, extract_batch(batch)


def map_on_executor(executor: Executor, batches: list[list[Document]], in_flight: int) -> Batches:
    """Batches submitted to a `concurrent.futures` executor (a process pool, or a Dask client's
    executor), at most `in_flight` at a time, yielded as they complete: memory stays bounded by
    the batches in flight, whatever the corpus."""
    waiting = iter(batches)
    pending: dict[Future[ExtractedBatch], list[Document]] = {}

    def submit() -> None:
        batch = next(waiting, None)
        if batch is not None:
            pending[executor.submit(extract_batch, batch)] = batch

    for _ in range(max(1, in_flight)):
        submit()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            batch = pending.pop(future)
            yield batch, future.result()
            submit()


def extract_rows(doc_id: str, text: str) -> dict[str, list[dict[str, Any]]]:
    """One text's rows as dicts, per table, with its metadata as `_document`: what a cache entry
    holds of it (built by the same code), for tests and callers that want one document's rows."""
    builder = BatchRows()
    builder.add_text("", doc_id, text)
    rows: dict[str, list[dict[str, Any]]] = {
        name: [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
        for name, columns in builder.columns.items()}
    rows["_document"] = [{name: builder.summary[name][0] for name in META_FIELDS}]
    return rows
