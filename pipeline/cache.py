"""The extraction cache: what extraction made of each document, columnar, one file per batch.

An entry is the result of one batch of documents (`pipeline.batches.extract_batch`): their rows
of figures, dates, acronyms and sections as Arrow tables, and one summary row per document (its
text metadata, its compact coverage, or the reason it was quarantined). It is keyed by each
document's content (`Document.cache_key`: the sha256 of its bytes) under a directory named by the
version of the code that made it (CACHE_VERSION), so a changed document or a changed rule is
re-extracted and nothing else is.

An entry file is one JSON header line, then Arrow IPC streams (LZ4-compressed), one per table:

    {"format": 1, "keys": [...], "sections": {"summary": [offset, length, sha256], "figures": ...}}

The header lists the documents' keys, so a run indexes the cache by reading header lines only.
Nothing read back is trusted on its word: every section must have its sha256 and the table's
columns and types, the summary must list the header's keys and count every row. An entry that
fails is not used, with a warning in `rejected` and the log, and its documents are extracted
again: a damaged or hand-edited entry never publishes wrong rows, and never crashes a run.
Writes are atomic (temp file, then rename); an entry that cannot be written is kept in memory
for the run.
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
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline import corpus
from pipeline.batches import EXTRACTED_TABLES, META_FIELDS, SUMMARY_COLUMNS, BatchRows
from pipeline.extraction import EXTRACTOR_VERSION
from pipeline.extraction.coverage import Coverage
from pipeline.formats import FORMATS_VERSION

logger = logging.getLogger(__name__)

__all__ = ["EXTRACTED_TABLES", "META_FIELDS", "ExtractionCache", "encode_batch"]
ENTRY_FORMAT = 1
ENTRY_SUFFIX = ".arrows"
TEMP_PREFIX = ".tmp-"
#: LZ4: a third of the size, read back 10x faster than zstd (0.016 s vs 0.165 s per 1,000 documents).
IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")

#: One row per document of a batch: what the documents table and the report need of it.
SUMMARY_SCHEMA = pa.schema([(name, pa.type_for_alias(kind)) for name, kind in SUMMARY_COLUMNS.items()])
@functools.cache
def row_schema(name: str) -> pa.Schema:
    """The cached rows of table `name`: the published columns and types, every one nullable (the
    Pandera schemas, not the cache, decide what is allowed)."""
    from schemas.arrow import arrow_schema  # Pandera: imported where entries are encoded and read

    return pa.schema([field.with_nullable(True).remove_metadata() for field in arrow_schema(name)])


def encode_batch(rows: BatchRows) -> bytes:
    """A batch's rows (`pipeline.batches.extract_batch`) as a cache entry: Arrow tables with the
    published columns and types (a column extraction makes that no table publishes is left out)."""
    tables = {name: pa.Table.from_pydict({f.name: rows.columns[name][f.name] for f in row_schema(name)},
                                         schema=row_schema(name)) for name in EXTRACTED_TABLES}
    return encode_entry(pa.Table.from_pydict(rows.summary, schema=SUMMARY_SCHEMA), tables)


def code_hash(files: Iterable[Path]) -> str:
    """A short hash of these files' bytes: any edit to them gives a new value."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


#: Besides the rules (pipeline/extraction/) and the converters (pipeline/formats/), the code that
#: shapes an entry: this file (its layout), batches.py (the rows) and corpus.py (text metadata).
ENTRY_SHAPING_FILES = (Path(__file__), Path(__file__).with_name("batches.py"), Path(corpus.__file__))
#: The cache directory's name: an entry is reused only by the code that made it.
CACHE_VERSION = f"{EXTRACTOR_VERSION}-{FORMATS_VERSION}-{code_hash(ENTRY_SHAPING_FILES)}"


def encode_entry(summary: pa.Table, tables: dict[str, pa.Table]) -> bytes:
    """An entry's bytes: the header line, then the summary and each table as an Arrow IPC stream."""
    body = bytearray()
    sections: dict[str, list[Any]] = {}
    for name, table in (("summary", summary), *((n, tables[n]) for n in EXTRACTED_TABLES)):
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema, options=IPC_OPTIONS) as writer:
            writer.write_table(table)
        data = sink.getvalue().to_pybytes()
        sections[name] = [len(body), len(data), hashlib.sha256(data).hexdigest()]
        body += data
    keys = summary.column("key").to_pylist()
    header = json.dumps({"format": ENTRY_FORMAT, "keys": keys, "sections": sections}, sort_keys=True)
    return header.encode() + b"\n" + bytes(body)


class DamagedEntry(ValueError):
    """An entry that is not what `encode_entry` writes; says why."""


def _header(line: bytes) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except ValueError:
        raise DamagedEntry("no readable header") from None
    if not (isinstance(header, dict) and header.get("format") == ENTRY_FORMAT
            and isinstance(header.get("keys"), list) and all(isinstance(k, str) for k in header["keys"])
            and isinstance(header.get("sections"), dict)
            and set(header["sections"]) == {"summary", *EXTRACTED_TABLES}):
        raise DamagedEntry("header of the wrong shape")
    return header


@dataclass(frozen=True)
class Summary:
    """One document's summary row: where its rows are in the entry, its metadata, or its quarantine."""

    doc_id: str
    quarantine: str | None
    meta: dict[str, Any]
    position: int  # its row in the entry's summary
    offsets: dict[str, tuple[int, int]]  # table -> (first row, number of rows)


class Entry:
    """A cache file, read and checked section by section as it is used."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        line, _, self._body = data.partition(b"\n")
        self.header = _header(line)
        self.keys: list[str] = self.header["keys"]
        self._tables: dict[str, pa.Table] = {}
        self._summaries: dict[str, Summary] | None = None
        self._coverage: list[Any] | None = None

    def _section(self, name: str, schema: pa.Schema) -> pa.Table:
        if name not in self._tables:
            try:
                offset, length, sha = self.header["sections"][name]
                data = self._body[int(offset):int(offset) + int(length)]
            except (TypeError, ValueError):
                raise DamagedEntry(f"section {name} of the wrong shape") from None
            if len(data) != length or hashlib.sha256(data).hexdigest() != sha:
                raise DamagedEntry(f"checksum of {name} does not match its rows")
            try:
                table = pa.ipc.open_stream(data).read_all()
            except (pa.ArrowException, OSError) as exc:  # any Arrow error: a damaged stream, never a crash
                raise DamagedEntry(f"{name} is not an Arrow stream ({exc})") from None
            if not table.schema.equals(schema):
                raise DamagedEntry(f"{name} without the table's columns and types")
            self._tables[name] = table
        return self._tables[name]

    def summaries(self) -> dict[str, Summary]:
        """Each key's summary; raises DamagedEntry when the summary does not fit the header."""
        if self._summaries is None:
            table = self._section("summary", SUMMARY_SCHEMA)
            columns = table.drop_columns(["coverage"]).to_pydict()  # coverage is read only when asked for
            if columns["key"] != self.keys:
                raise DamagedEntry("summary does not list the header's documents")
            found: dict[str, Summary] = {}
            starts = dict.fromkeys(EXTRACTED_TABLES, 0)
            for i, key in enumerate(self.keys):
                offsets = {}
                for name in EXTRACTED_TABLES:
                    n = columns[f"n_{name}"][i]
                    if n is None or n < 0:
                        raise DamagedEntry(f"summary with a wrong count of {name}")
                    offsets[name] = (starts[name], n)
                    starts[name] += n
                doc_id = columns["doc_id"][i]
                if not isinstance(doc_id, str):
                    raise DamagedEntry("summary without a doc_id")
                found[key] = Summary(doc_id, columns["quarantine"][i], {f: columns[f][i] for f in META_FIELDS},
                                     i, offsets)
            self._total_rows = starts
            self._summaries = found
        return self._summaries

    def release(self, name: str) -> None:
        """Let go of table `name`, decoded (once it has been copied out): it is decoded again from
        the entry's compressed bytes if it is asked for again."""
        self._tables.pop(name, None)

    def coverage(self, summary: Summary) -> str | None:
        """A document's compact coverage (`Coverage.to_json`) as JSON text. (The column is read
        once per entry: a release asks for every document's.)"""
        if self._coverage is None:
            self._coverage = self._section("summary", SUMMARY_SCHEMA).column("coverage").to_pylist()
        value = self._coverage[summary.position]
        return value if isinstance(value, str) else None

    def table(self, name: str) -> pa.Table:
        """Every row of table `name` in this entry; raises DamagedEntry when they are not the
        rows the summary counts."""
        self.summaries()
        table = self._section(name, row_schema(name))
        if table.num_rows != self._total_rows[name]:
            raise DamagedEntry(f"{table.num_rows} rows of {name}, the summary counts {self._total_rows[name]}")
        return table


@dataclass(frozen=True)
class CachedDocument:
    """A document found in the cache: its summary, and (when asked for) its entry's tables."""

    key: str
    summary: Summary
    entry: Entry

    def rows(self, name: str) -> pa.Table:
        start, length = self.summary.offsets[name]
        return self.entry.table(name).slice(start, length)

    def coverage(self) -> str | None:
        return self.entry.coverage(self.summary)


class ExtractionCache:
    """Entries on disk under `root/version` (in memory only when `root` is None)."""

    def __init__(self, root: Path | None, version: str = CACHE_VERSION) -> None:
        self.root = root / version if root is not None else None
        self.rejected: list[str] = []  # why entries were not trusted or written, for the run's log
        self._memory: dict[str, bytes] = {}  # entries that are not on disk
        self._index: dict[str, str] | None = None  # key -> entry name
        self._digests: dict[str, str] = {}  # entry name -> sha256 of its header line
        self._entries: dict[str, Entry] = {}

    # -- reading ---------------------------------------------------------------------------------

    def _entry_names(self) -> list[str]:
        names = list(self._memory)
        if self.root is not None and self.root.is_dir():
            names += [p.name[: -len(ENTRY_SUFFIX)] for p in self.root.iterdir()
                      if p.name.endswith(ENTRY_SUFFIX) and not p.name.startswith(TEMP_PREFIX)]
        return sorted(names)  # names start with their write time: a later entry wins a key

    def _read_header(self, name: str) -> list[str]:
        if name in self._memory:
            line = self._memory[name].partition(b"\n")[0]
        else:
            assert self.root is not None
            with (self.root / f"{name}{ENTRY_SUFFIX}").open("rb") as handle:
                line = handle.readline()
        keys: list[str] = _header(line)["keys"]
        self._digests[name] = hashlib.sha256(line).hexdigest()
        return keys

    @property
    def index(self) -> dict[str, str]:
        """key -> the entry holding it, from the entries' header lines (bodies are read on use)."""
        if self._index is None:
            self._index = {}
            for name in self._entry_names():
                try:
                    keys = self._read_header(name)
                except FileNotFoundError:
                    continue
                except (OSError, DamagedEntry) as exc:
                    self._reject(name, str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc))
                    continue
                self._index.update(dict.fromkeys(keys, name))
        return self._index

    def _entry(self, name: str) -> Entry:
        if name not in self._entries:
            if name in self._memory:
                data = self._memory[name]
            else:
                assert self.root is not None
                data = (self.root / f"{name}{ENTRY_SUFFIX}").read_bytes()
            self._entries[name] = Entry(name, data)
        return self._entries[name]

    def lookup(self, key: str | None, rows: bool = False) -> CachedDocument | None:
        """The cached document with this key, its summary checked (and its entry's tables too when
        `rows`); None when absent, and when damaged (with a warning: it is extracted again)."""
        if key is None:
            return None
        name = self.index.get(key)
        if name is None:
            return None
        try:
            entry = self._entry(name)
            found = CachedDocument(key, entry.summaries()[key], entry)
            if rows:
                for table in EXTRACTED_TABLES:
                    entry.table(table)
        except FileNotFoundError:
            self._forget(name)
            return None
        except (OSError, DamagedEntry, KeyError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._reject(name, f"{why}" if not isinstance(exc, KeyError) else "summary without the document")
            return None
        return found

    def entry_digest(self, key: str | None) -> str | None:
        """The sha256 of the header line of the entry that serves this key, or None (not cached).

        The header holds the sha256 of every section, each checked against its bytes when read,
        and the keys in order: the same digest, the same rows for this key, byte for byte. A
        release records it (`pipeline.publishing.row_keys`) so that a later run knows which
        documents' rows are exactly those it published, without reading or hashing them."""
        name = self.index.get(key) if key is not None else None
        return self._digests.get(name) if name is not None else None

    def release(self, name: str) -> None:
        """Let every entry read so far go of table `name`: the caller has copied out what it needed."""
        for entry in self._entries.values():
            entry.release(name)

    def get_coverage(self, key: str | None) -> Coverage | None:
        """The document's compact coverage, or None (not cached, quarantined, or a summary that
        does not read back: that entry is rejected)."""
        found = self.lookup(key)
        text = found.coverage() if found is not None and found.summary.quarantine is None else None
        if found is None or text is None:
            return None
        try:
            return Coverage.from_json(json.loads(text))
        except (TypeError, ValueError, KeyError, AttributeError):
            self._reject(found.entry.name, "coverage summary of the wrong shape")
            return None

    def _forget(self, name: str) -> None:
        self._entries.pop(name, None)
        self._memory.pop(name, None)
        self._digests.pop(name, None)
        if self._index is not None:
            for key in [k for k, n in self._index.items() if n == name]:
                del self._index[key]

    def _reject(self, name: str, why: str) -> None:
        """Stop using an entry (and delete its file): its documents are extracted again."""
        message = f"cache entry {name}{ENTRY_SUFFIX} ignored, {why}: re-extracting its documents"
        self.rejected.append(message)
        logger.warning(message)
        self._forget(name)
        if self.root is not None:
            with contextlib.suppress(OSError):
                (self.root / f"{name}{ENTRY_SUFFIX}").unlink()

    # -- writing ---------------------------------------------------------------------------------

    def put(self, data: bytes) -> str:
        """Store an entry (`encode_entry`); its documents are served from it from now on.

        A failed write (a full disk) is a warning, never a failed run: the entry is kept in
        memory for this run instead."""
        line = data.partition(b"\n")[0]
        keys = _header(line)["keys"]
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:12]}"
        self._digests[name] = hashlib.sha256(line).hexdigest()
        if self.root is None or not self._write(name, data):
            self._memory[name] = data
        if self._index is not None:
            self._index.update(dict.fromkeys(keys, name))
        return name

    def _write(self, name: str, data: bytes) -> bool:
        assert self.root is not None
        tmp = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f"{TEMP_PREFIX}{os.getpid()}-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.root / f"{name}{ENTRY_SUFFIX}")
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            message = f"cache entry {name}{ENTRY_SUFFIX} not written ({exc.strerror}); the rows are still used"
            self.rejected.append(message)
            logger.warning(message)
            return False
        return True

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
        for stale in self.root.glob(f"{TEMP_PREFIX}*"):
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


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
