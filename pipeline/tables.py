"""From raw documents to the published tables: extraction per document, cached.

Pure of Dagster: the assets, the benchmark and the Dask path all call these functions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline import corpus
from pipeline.corpus import Document, document_row, read_text, text_metadata
from pipeline.extraction import EXTRACTOR_VERSION, extract
from pipeline.extraction.coverage import Coverage, coverage
from pipeline.extraction.ids import figure_anchors, figure_id
from pipeline.extraction.structure import Heading, headings
from pipeline.formats import FORMATS_VERSION
from schemas import SCHEMAS

TABLES = tuple(SCHEMAS)
#: Besides the rules (pipeline/extraction/) and the converters (pipeline/formats/), the code that
#: shapes a cached entry: extract_rows and document_meta here, text_metadata in corpus.py.
ENTRY_SHAPING_FILES = (Path(__file__), Path(corpus.__file__))


def code_hash(files: Iterable[Path]) -> str:
    """A short hash of these files' bytes: any edit to them gives a new value."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


#: The cache directory's name: an entry is reused only by the code that made it.
CACHE_VERSION = f"{EXTRACTOR_VERSION}-{FORMATS_VERSION}-{code_hash(ENTRY_SHAPING_FILES)}"
logger = logging.getLogger(__name__)
Rows = dict[str, list[dict[str, Any]]]


def document_meta(text: str, found: list[Heading]) -> dict[str, Any]:
    """The documents-table fields that come from the text itself (cached with the rows)."""
    return {**text_metadata(text), "first_heading": found[0].text if found else None}


def extract_rows(doc_id: str, text: str) -> Rows:
    """Rows of figures, dates, acronyms and sections for one document's text."""
    result = extract(text)
    anchors = figure_anchors(text, [(f.start, f.end) for f in result.figures])
    figures = [{"figure_id": figure_id(doc_id, anchor), "doc_id": doc_id, **asdict(f)}
               for f, anchor in zip(result.figures, anchors, strict=True)]
    dates = [
        {"date_id": f"{doc_id}:{d.start}", "doc_id": doc_id, **asdict(d)} for d in result.dates
    ]
    acronyms = [{"doc_id": doc_id, **asdict(a)} for a in result.acronyms]
    sections = [
        {"doc_id": doc_id, "position": i, "heading": h.text, "start": h.start, "end": h.end,
         "section_end": h.section_end}
        for i, h in enumerate(result.headings)
    ]
    document = document_meta(text, result.headings)
    # Coverage depends only on the text and the rules, like the rows: computed once here and
    # cached with them, instead of re-scanning every text on every run.
    found = coverage(text, result, compact=True)
    return {"figures": figures, "dates": dates, "acronyms": acronyms, "sections": sections,
            "_document": [document], "_coverage": [found.to_json()]}


class ExtractionCache:
    """Per-document rows keyed by (content sha256, extractor version), as JSON files.

    A changed document has a new sha256 and a changed rule set a new version, so either is
    re-extracted; everything else is read back. Writes are atomic (temp file + rename).

    Each entry is two files: `<sha256>.json`, the table rows (figures, dates, acronyms,
    sections), and `<sha256>.meta.json`, the small per-document summary (the `_`-prefixed
    keys: `_document`, the text's metadata, and `_coverage`, its compact coverage). The
    documents table and the report read only the summaries, so a cached run parses every
    document's rows once, not once per stage.

    Nothing read back is trusted on its word: each file starts with a header line holding the
    sha256 of the payload after it, and the payload must have the shape `put` writes (every
    table, every row with the table's columns, one summary). An entry that fails either is
    re-extracted, with a warning in `rejected` and the log: a damaged or hand-edited entry
    never publishes wrong rows, and never crashes a run.
    """

    def __init__(self, root: Path | None, version: str = CACHE_VERSION) -> None:
        self.root = root / version if root is not None else None
        self.rejected: list[str] = []  # why entries were not trusted, for the run's log

    def _path(self, sha256: str | None, suffix: str = ".json") -> Path | None:
        """Where an entry lives; None without a cache or for a file never hashed (never cached)."""
        if self.root is None or sha256 is None:
            return None
        return self.root / sha256[:2] / f"{sha256}{suffix}"

    def _read(self, path: Path | None, problem_of: Callable[[Any], str | None]) -> Rows | None:
        """The payload of one cache file; None when missing, and when damaged (with a warning)."""
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._reject(path, f"unreadable ({exc.strerror})")
        header, _, payload = data.partition(b"\n")
        try:
            expected = json.loads(header).get("payload_sha256")
        except (ValueError, AttributeError):
            return self._reject(path, "no checksum header")
        if hashlib.sha256(payload).hexdigest() != expected:
            return self._reject(path, "checksum does not match its rows")
        try:
            loaded = json.loads(payload)
        except ValueError:
            return self._reject(path, "not JSON")
        problem = problem_of(loaded)
        if problem is not None:
            return self._reject(path, problem)
        result: Rows = loaded
        return result

    def _reject(self, path: Path, why: str) -> Rows | None:
        """Record why an entry is not trusted; always None (no rows), for `return self._reject(...)`."""
        message = f"cache entry {path.name} ignored, {why}: re-extracting the document"
        self.rejected.append(message)
        logger.warning(message)
        return None

    def get(self, sha256: str | None) -> Rows | None:
        """Everything `put` stored for a document: its table rows and its summary."""
        rows = self._read(self._path(sha256), _tables_problem)
        meta = self.get_meta(sha256) if rows is not None else None
        if rows is None or meta is None:
            return None  # half an entry is no entry: re-extracted
        return {**rows, **meta}

    def get_meta(self, sha256: str | None) -> Rows | None:
        """The per-document summary of an entry: `_document` and `_coverage`."""
        return self._read(self._path(sha256, META_SUFFIX), _summary_problem)

    def put(self, sha256: str | None, rows: Rows) -> None:
        """Store a document's rows; a failed write (a full disk) is a warning, never a failed run."""
        path, meta_path = self._path(sha256), self._path(sha256, META_SUFFIX)
        if path is None or meta_path is None:
            return
        meta = {k: v for k, v in rows.items() if k.startswith("_")}
        tables = {k: v for k, v in rows.items() if not k.startswith("_")}
        # The summary first: an entry whose rows exist always has its summary (unless damaged).
        # Written over what is there: a put follows a miss, so an existing file was damaged.
        for target, data in ((meta_path, meta), (path, tables)):
            payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
            header = json.dumps({"payload_sha256": hashlib.sha256(payload).hexdigest()}).encode()
            tmp = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(header + b"\n" + payload)
                os.replace(tmp, target)
            except OSError as exc:
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                message = f"cache entry {target.name} not written ({exc.strerror}); the rows are still used"
                self.rejected.append(message)
                logger.warning(message)
                return

    def remove_stale_temp_files(self, max_age: float = 3600.0) -> list[Path]:
        """Delete temp files that a killed or failed writer left behind (`.tmp-<pid>-*`).

        One whose writer (by its pid) is no longer running on this machine is removed at once;
        any other once it is older than `max_age` seconds (a writer never takes that long), so a
        run never removes the file another live run is writing.
        """
        if self.root is None or not self.root.is_dir():
            return []
        removed = []
        now = time.time()
        for stale in self.root.glob(f"*/{TEMP_PREFIX}*"):
            pid = stale.name[len(TEMP_PREFIX):].split("-", 1)[0]
            try:
                old = now - stale.stat().st_mtime > max_age
                if old or (pid.isdigit() and not _running(int(pid))):
                    stale.unlink()
                    removed.append(stale)
            except FileNotFoundError:
                continue
        if removed:
            logger.warning(f"removed {len(removed)} temp file(s) left in the cache by interrupted runs")
        return removed


META_SUFFIX = ".meta.json"
TEMP_PREFIX = ".tmp-"
#: The keys a cached document summary (`document_meta`) must have, checked when it is read back.
SUMMARY_KEYS = frozenset({"n_chars", "word_count", "declared_word_count", "byline_publisher", "byline_date",
                          "first_heading"})


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tables_problem(loaded: Any) -> str | None:
    """Why a cached rows payload is not what `put` writes, or None: every extracted table, as a
    list of rows that each carry the table's columns."""
    if not isinstance(loaded, dict) or not set(EXTRACTED_TABLES) <= set(loaded):
        return f"tables {sorted(loaded) if isinstance(loaded, dict) else type(loaded).__name__}, " \
               f"expected {sorted(EXTRACTED_TABLES)}"
    for name in EXTRACTED_TABLES:
        rows, columns = loaded[name], _columns(name)
        if not isinstance(rows, list) or not all(isinstance(r, dict) and columns <= r.keys() for r in rows):
            return f"rows of {name} without the table's columns"
    return None


def _summary_problem(loaded: Any) -> str | None:
    """Why a cached summary is not what `put` writes, or None."""
    if not isinstance(loaded, dict) or set(loaded) != {"_document", "_coverage"}:
        return "summary without _document and _coverage"
    document, found = loaded["_document"], loaded["_coverage"]
    if not (isinstance(document, list) and len(document) == 1 and isinstance(document[0], dict)
            and document[0].keys() >= SUMMARY_KEYS):
        return "document summary of the wrong shape"
    try:
        Coverage.from_json(found[0])
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return "coverage summary of the wrong shape"
    return None


@functools.cache
def _columns(name: str) -> frozenset[str]:
    return frozenset(_schema(name).columns)


def _with_doc_id(rows: Rows, doc_id: str) -> Rows:
    """Cached rows are keyed by content; the same text under another file name gets its id."""
    if all(not items or items[0].get("doc_id", doc_id) == doc_id for items in rows.values()):
        return rows  # one document's rows share one doc_id: the usual case, nothing to rewrite
    out: Rows = {}
    for table, items in rows.items():
        fixed = []
        for row in items:
            if "doc_id" in row and row["doc_id"] != doc_id:
                row = {**row, "doc_id": doc_id}
                if "figure_id" in row:  # the anchor is the content's: only the document part changes
                    row["figure_id"] = figure_id(doc_id, str(row["figure_id"]).rsplit(":", 1)[1])
                if "date_id" in row:
                    row["date_id"] = f"{doc_id}:{row['start']}"
            fixed.append(row)
        out[table] = fixed
    return out


@dataclass
class ExtractionStats:
    documents: int = 0
    extracted: int = 0
    from_cache: int = 0
    skipped: int = 0
    extracted_ids: list[str] = field(default_factory=list)


def rows_for(doc: Document, cache: ExtractionCache) -> tuple[Rows, bool]:
    """Rows for one document and whether they were freshly extracted (False: from cache)."""
    cached = cache.get(doc.cache_key)
    if cached is not None:
        return _with_doc_id(cached, doc.doc_id), False
    text = read_text(doc)
    if text is None:
        return {}, False
    rows = extract_rows(doc.doc_id, text)
    cache.put(doc.cache_key, rows)
    return rows, True


def documents_table(documents: list[Document], cache: ExtractionCache) -> pd.DataFrame:
    """The documents table; a file that cannot be read is quarantined with its reason."""
    rows = []
    for doc in documents:
        meta: dict[str, Any] = {}
        if doc.status == "ok":
            cached = cache.get_meta(doc.cache_key)
            if cached is not None and cached.get("_document"):
                meta = cached["_document"][0]
            else:
                text = read_text(doc)
                if text is not None:
                    meta = document_meta(text, headings(text))
        rows.append(document_row(doc, meta, meta.get("first_heading")))
    return to_frame("documents", rows)


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


Extractor = Callable[[list[Document], ExtractionCache], Iterable[tuple[Document, Rows, bool]]]


def extract_in_process(documents: list[Document], cache: ExtractionCache) -> Iterator[tuple[Document, Rows, bool]]:
    for doc in documents:
        rows, fresh = rows_for(doc, cache)
        yield doc, rows, fresh


EXTRACTED_TABLES = ("figures", "dates", "acronyms", "sections")


def extracted_tables(
    documents: list[Document],
    cache: ExtractionCache,
    extractor: Extractor = extract_in_process,
) -> tuple[dict[str, pd.DataFrame], ExtractionStats]:
    """figures, dates, acronyms and sections for a corpus; documents stream through one at a time.

    First removes the temp files that interrupted runs left in the cache."""
    cache.remove_stale_temp_files()
    stats = ExtractionStats(documents=len(documents))
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in EXTRACTED_TABLES}
    chunks: dict[str, list[pd.DataFrame]] = {name: [] for name in EXTRACTED_TABLES}
    pending = 0

    def flush() -> None:
        for name in EXTRACTED_TABLES:
            if collected[name]:
                chunks[name].append(to_frame(name, collected[name], sort=False))
                collected[name] = []

    for doc, rows, fresh in extractor(documents, cache):
        if not rows:
            stats.skipped += 1
            continue
        if fresh:
            stats.extracted += 1
            stats.extracted_ids.append(doc.doc_id)
        else:
            stats.from_cache += 1
        for name in EXTRACTED_TABLES:
            collected[name].extend(rows.get(name, []))
        pending += 1
        if pending >= FRAME_CHUNK_DOCUMENTS:  # rows as dicts cost ~3x their frame: convert as we go
            flush()
            pending = 0
    flush()
    return {name: _concat(name, chunks[name]) for name in EXTRACTED_TABLES}, stats


#: Rows are turned into a DataFrame every this many documents, so a large corpus never holds
#: all its rows as dicts.
FRAME_CHUNK_DOCUMENTS = 500


def _concat(name: str, chunks: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks as one table, sorted as `to_frame` sorts; the chunks list is emptied."""
    if not chunks:
        return to_frame(name, [])
    frame = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
    chunks.clear()
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
