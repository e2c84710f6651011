"""From raw documents to the published tables: extraction in batches, cached, assembled in order.

Pure of Dagster: the assets, the benchmark and the Dask path all call these functions. The
documents step extracts what the cache cannot serve (`documents_table`, reading each new file
once, on every core); the extract step assembles the four tables from the cache, column by
column, in the documents' order (`extracted_tables`), so the tables are the same whatever ran
the extraction and in whatever order its batches finished.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow

from pipeline.batches import Batches, BatchRunner, extract_in_process, map_on_executor, plan_batches
from pipeline.cache import EXTRACTED_TABLES, CachedDocument, Entry, ExtractionCache, encode_batch
from pipeline.corpus import Document, document_row
from pipeline.extraction.ids import figure_id
from schemas import SCHEMAS

TABLES = tuple(SCHEMAS)
__all__ = ["EXTRACTED_TABLES", "TABLES", "ExtractionCache", "documents_table", "extracted_tables"]


@dataclass
class ExtractionStats:
    documents: int = 0
    extracted: int = 0
    from_cache: int = 0
    skipped: int = 0
    extracted_ids: list[str] = field(default_factory=list)


def pool_runner(workers: int) -> BatchRunner:
    """Batches on a pool of `workers` local processes (in this process when 1, or for one batch).

    The pool's processes are forked from a server that imported the extraction code once
    (forkserver), not from this process and its threads."""

    def run(batches: list[list[Document]]) -> Batches:
        if workers <= 1 or len(batches) <= 1:
            yield from extract_in_process(batches)
            return
        context = multiprocessing.get_context("forkserver")
        # the extraction code, without pandas, and its rules compiled once for every worker
        context.set_forkserver_preload(["pipeline.batches", "pipeline.extraction.warm"])
        with ProcessPoolExecutor(min(workers, len(batches)), mp_context=context) as pool:
            yield from map_on_executor(pool, batches, in_flight=2 * workers)

    return run


def default_workers() -> int:
    """Every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_missing(documents: list[Document], cache: ExtractionCache, runner: BatchRunner = extract_in_process,
                    rows: bool = False) -> ExtractionStats:
    """Extract every readable document the cache cannot serve, and cache what was extracted.

    `rows`: an entry counts only if its tables read back too (else its summary is enough). A
    document that cannot be read, or is over the work budget, is quarantined (its status and
    reason are set here, whichever process extracted it)."""
    cache.remove_stale_temp_files()
    stats = ExtractionStats(documents=len(documents))
    missing = [d for d in documents if d.status == "ok" and cache.lookup(d.cache_key, rows=rows) is None]
    for batch, result in runner(plan_batches(missing)):
        for doc, (status, reason) in zip(batch, result.outcomes, strict=True):
            doc.status, doc.reason = status, reason
        if result.rows is not None:
            cache.put(encode_batch(result.rows))
    stats.extracted_ids = [d.doc_id for d in missing if d.status == "ok"]
    stats.extracted = len(stats.extracted_ids)
    return stats


def documents_table(documents: list[Document], cache: ExtractionCache,
                    runner: BatchRunner = extract_in_process) -> tuple[pd.DataFrame, ExtractionStats]:
    """The documents table, after extracting every document not in the cache (each new file is
    read once, here); a file that cannot be read, or is over the extraction work budget, is
    quarantined with its reason."""
    stats = extract_missing(documents, cache, runner)
    rows = []
    for doc in documents:
        meta: dict[str, Any] = {}
        found = cache.lookup(doc.cache_key) if doc.status == "ok" else None
        if found is not None and found.summary.quarantine is not None:
            doc.status, doc.reason = "quarantined", found.summary.quarantine
        elif found is not None:
            meta = found.summary.meta
        rows.append(document_row(doc, meta, meta.get("first_heading")))
    ok = sum(doc.status == "ok" for doc in documents)
    stats.from_cache = ok - stats.extracted
    stats.skipped = len(documents) - ok
    return to_frame("documents", rows), stats


def documents_from_table(frame: pd.DataFrame, raw_dir: Path) -> list[Document]:
    """The readable documents of a documents table, ready for extraction."""
    ok = frame[frame["status"] == "ok"]
    return [
        Document(str(doc_id), str(name), raw_dir / str(name), str(sha), int(size))
        for doc_id, name, sha, size in zip(
            ok["doc_id"].tolist(), ok["file_name"].tolist(), ok["sha256"].tolist(), ok["n_bytes"].tolist(),
            strict=True,
        )
    ]


@dataclass
class _Run:
    """Consecutive rows of one entry's table: documents extracted together stay one slice."""

    entry: Entry
    start: int
    stop: int

    def table(self, name: str) -> pyarrow.Table:
        return self.entry.table(name).slice(self.start, self.stop - self.start)


def extracted_tables(
    documents: list[Document],
    cache: ExtractionCache,
    runner: BatchRunner = extract_in_process,
) -> tuple[dict[str, pd.DataFrame], ExtractionStats]:
    """figures, dates, acronyms and sections of the readable documents, in their order.

    What the cache cannot serve (normally nothing: the documents step extracted it) is extracted
    first; then each table is assembled from slices of the cached Arrow tables and converted to
    a DataFrame once, so no row is ever a Python dict."""
    stats = extract_missing(documents, cache, runner, rows=True)
    pieces: dict[str, list[_Run | pyarrow.Table]] = {name: [] for name in EXTRACTED_TABLES}
    served = 0
    for doc in documents:
        found = cache.lookup(doc.cache_key, rows=True) if doc.status == "ok" else None
        if found is None or found.summary.quarantine is not None:
            continue
        served += 1
        for name in EXTRACTED_TABLES:
            start, n = found.summary.offsets[name]
            if n == 0:
                continue
            last = pieces[name][-1] if pieces[name] else None
            if found.summary.doc_id != doc.doc_id:
                pieces[name].append(_renamed(found, name, doc.doc_id))
            elif isinstance(last, _Run) and last.entry is found.entry and last.stop == start:
                last.stop += n
            else:
                pieces[name].append(_Run(found.entry, start, start + n))
    stats.from_cache = served - stats.extracted
    stats.skipped = len(documents) - served
    tables = {}
    for name in EXTRACTED_TABLES:  # one table at a time, its Arrow rows let go once converted
        parts = [p.table(name) if isinstance(p, _Run) else p for p in pieces.pop(name)]
        tables[name] = _sorted(frame_of(name, pyarrow.concat_tables(parts)) if parts else to_frame(name, []))
        del parts
        cache.release(name)
    return tables, stats


def _renamed(found: CachedDocument, name: str, doc_id: str) -> pyarrow.Table:
    """Cached rows are keyed by content; the same text under another file name gets its ids."""
    rows = found.rows(name)
    rows = rows.set_column(rows.schema.get_field_index("doc_id"), "doc_id",
                           pyarrow.array([doc_id] * rows.num_rows, pyarrow.string()))
    if name == "figures":  # the anchor is the content's: only the document part changes
        ids = [figure_id(doc_id, str(old).rsplit(":", 1)[1]) for old in rows.column("figure_id").to_pylist()]
        rows = rows.set_column(rows.schema.get_field_index("figure_id"), "figure_id", pyarrow.array(ids))
    if name == "dates":
        ids = [f"{doc_id}:{start}" for start in rows.column("start").to_pylist()]
        rows = rows.set_column(rows.schema.get_field_index("date_id"), "date_id", pyarrow.array(ids))
    return rows


def frame_of(name: str, table: pyarrow.Table) -> pd.DataFrame:
    """Cached Arrow rows as the DataFrame `to_frame` makes of the same rows: the schema's columns
    in order, nullable integers as Int64, strings as objects with None."""
    schema = _schema(name)
    frame = table.select(list(schema.columns)).to_pandas(types_mapper={pyarrow.int64(): pd.Int64Dtype()}.get)
    for column in schema.columns:
        if column not in _INT_COLUMNS and str(schema.columns[column].dtype) == "int64":
            frame[column] = frame[column].astype("int64")
    return frame


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """The table in (doc_id, start) order, as `to_frame` sorts (already so, normally: no copy)."""
    sort_keys = [k for k in ("doc_id", "start") if k in frame.columns]
    if sort_keys and not _is_sorted(frame, sort_keys):  # a stable sort of sorted rows changes nothing
        frame = frame.sort_values(sort_keys, kind="stable").reset_index(drop=True)
    return frame


def _is_sorted(frame: pd.DataFrame, keys: list[str]) -> bool:
    """Whether the rows are already in (doc_id[, start]) order, ties allowed."""
    if len(frame) < 2:
        return True
    docs = frame[keys[0]].to_numpy()
    if docs.dtype == object and not all(isinstance(d, str) for d in docs):
        return False  # mixed types: leave the ordering to sort_values
    before, after = docs[:-1], docs[1:]
    if not bool((before <= after).all()):
        return False
    if len(keys) == 1:
        return True
    starts = frame[keys[1]].to_numpy()
    if starts.dtype.kind not in "iu":
        return False
    return bool(((starts[:-1] <= starts[1:]) | (before != after)).all())


_INT_COLUMNS = {"n_chars", "declared_word_count", "word_count", "year", "subject_start", "subject_end"}


@functools.cache
def _schema(name: str) -> pa.DataFrameSchema:
    return SCHEMAS[name].to_schema()


def to_frame(name: str, rows: list[dict[str, Any]], sort: bool = True) -> pd.DataFrame:
    """Rows as a DataFrame with the schema's columns in order and its nullable dtypes."""
    schema = _schema(name)
    columns = list(schema.columns)
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns:
        if column in _INT_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif str(schema.columns[column].dtype) == "int64":
            frame[column] = frame[column].astype("int64")
        elif str(schema.columns[column].dtype) == "float64":
            frame[column] = frame[column].astype("float64")
        elif str(schema.columns[column].dtype) == "bool":
            frame[column] = frame[column].astype("bool")
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    sort_keys = [k for k in ("doc_id", "start") if k in columns]
    if sort and sort_keys:
        frame = frame.sort_values(sort_keys, kind="stable").reset_index(drop=True)
    return frame
