"""Reading raw/: one record per file, bad files quarantined with a reason, never dropped."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extraction.structure import byline
from pipeline.formats import FormatError, check_content, document_text, format_of, text_extractor

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "url", "title", "publisher", "published")
#: A fact sheet is ~25 KB; a text this large is not a document of this kind.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class CorpusError(ValueError):
    """The raw directory or its sources.csv cannot be read; names the file and the reason."""


@dataclass(frozen=True)
class Source:
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


@dataclass
class Document:
    """What the pipeline knows of one raw file before extraction."""

    doc_id: str
    file_name: str
    path: Path
    sha256: str
    n_bytes: int
    status: str = "ok"
    reason: str | None = None
    source: Source = field(default_factory=Source)

    @property
    def format(self) -> str:
        """'text', 'html' or 'pdf', by the file's extension."""
        return format_of(self.file_name) or "text"


def load_sources(raw_dir: Path) -> dict[str, Source]:
    """raw/sources.csv as file name -> Source; a missing file means no metadata, not an error.

    A malformed file is an error that names the file, the line and the reason: a row with more
    or fewer cells than the header (an unquoted comma shifts every column after it), an
    unterminated quote, a NUL byte, a file listed twice, an empty 'file' cell, a 'published'
    that is not an ISO date. A UTF-8 byte-order mark (as spreadsheets write) is accepted.
    """
    path = raw_dir / SOURCES_FILE
    if not path.exists():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CorpusError(f"{path}, line {line}: contains a NUL byte (not a text CSV file)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header = [h.strip() for h in next(reader, [])]
        if "file" not in header:
            raise CorpusError(
                f"{path}: no 'file' column in the header line; expected {', '.join(SOURCES_COLUMNS)}"
            )
        sources: dict[str, Source] = {}
        lines: dict[str, int] = {}
        while True:
            line = reader.line_num + 1  # where the next record starts
            record = next(reader, None)
            if record is None:
                break
            if not record:
                continue  # a blank line
            if len(record) != len(header):
                hint = " (quote cells that contain a comma)" if len(record) > len(header) else ""
                raise CorpusError(
                    f"{path}, line {line}: {len(record)} cells, the header has {len(header)}{hint}"
                )
            row = dict(zip(header, (cell.strip() for cell in record), strict=True))
            name = row["file"]
            if not name:
                raise CorpusError(f"{path}, line {line}: empty 'file' cell")
            if name in lines:
                raise CorpusError(f"{path}, line {line}: {name!r} is already listed on line {lines[name]}")
            published = row.get("published") or None
            if published and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
                raise CorpusError(f"{path}, line {line}: 'published' must be an ISO date, got {published!r}")
            lines[name] = line
            sources[name] = Source(
                url=row.get("url") or None,
                title=row.get("title") or None,
                publisher=row.get("publisher") or None,
                published=published,
            )
        return sources
    except csv.Error as exc:
        raise CorpusError(f"{path}, line {line}: malformed CSV ({exc})") from exc


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read once in chunks (the size is of the bytes hashed)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def raw_state(raw_dir: Path) -> list[tuple[str, str]]:
    """Sorted (file name, sha256) of every input a release is made of: documents and sources.csv.

    Only reads: what a sensor compares to decide whether anything changed.
    """
    names = [p for p in document_paths(raw_dir) if p.is_file()]
    sources = raw_dir / SOURCES_FILE
    if sources.is_file():
        names.append(sources)
    return sorted((printable_name(p.name), file_digest(p)[0]) for p in names)


def document_paths(raw_dir: Path) -> list[Path]:
    """Every entry of raw_dir whose extension is a document format (.txt, .html, .htm, .pdf), by name."""
    return sorted((p for p in raw_dir.iterdir() if format_of(p.name) is not None), key=lambda p: p.name)


def doc_id_of(file_name: str) -> str:
    """The file's name without its extension, NFC-normalised so the same name always gives the same id."""
    stem = file_name.rsplit(".", 1)[0] if format_of(file_name) is not None else file_name
    return unicodedata.normalize("NFC", stem)


def printable_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 are shown as \\xNN (they cannot be
    written to Parquet, CSV or JSON as they are)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def scan(raw_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every document file in raw_dir (.txt, .html, .htm, .pdf), sorted by name, hashed; files that
    cannot be used are quarantined.

    Quarantined (kept in the documents table with a reason, never read): an empty file, a file
    over `max_bytes`, a file whose name is not valid UTF-8, and a file whose doc_id (its name
    without the extension, NFC-normalised) is already taken by another file: the same document
    in two formats, or two names that differ only in Unicode normalisation. The first by name
    is read.
    """
    if not raw_dir.is_dir():
        raise CorpusError(f"{raw_dir}: raw directory does not exist (set PIPELINE_RAW_DIR)")
    sources = load_sources(raw_dir)
    documents: list[Document] = []
    taken: dict[str, str] = {}
    for path in document_paths(raw_dir):
        if not path.is_file():
            continue
        sha, size = file_digest(path)
        name = printable_name(path.name)
        doc = Document(doc_id_of(name), name, path, sha, size, source=sources.get(name, Source()))
        if name != path.name:
            doc.status, doc.reason = "quarantined", "file name is not valid UTF-8 (rename the file)"
        elif doc.doc_id in taken:
            other = taken[doc.doc_id]
            doc.status, doc.reason = "quarantined", (
                f"same doc_id as {other!r} (the names differ only in Unicode normalisation)"
                if format_of(other) == doc.format and other.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1]
                else f"same doc_id as {other!r}, which is read instead (one document in two formats: keep one file)"
            )
        elif size == 0:
            doc.status, doc.reason = "quarantined", "empty file"
        elif size > max_bytes:
            doc.status, doc.reason = "quarantined", f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit"
        if doc.doc_id in taken:
            doc.doc_id = f"{doc.doc_id} ({len(documents)})"  # ids stay unique even for the quarantined
        taken.setdefault(doc.doc_id, name)
        documents.append(doc)
    return documents


def read_text(doc: Document) -> str | None:
    """The document's text, or None after quarantining it (binary, not UTF-8, a name that lies
    about the content, an HTML page or a PDF with no text to read: see pipeline.formats)."""
    if doc.status != "ok":
        return None
    data = doc.path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        doc.status, doc.reason = "quarantined", "file changed while the run was reading it"
        return None
    try:
        if doc.format != "text":
            return document_text(data, doc.format, doc.path.suffix)
        check_content(data, "text", doc.path.suffix)
    except FormatError as exc:
        doc.status, doc.reason = "quarantined", str(exc)
        return None
    if b"\x00" in data:
        doc.status, doc.reason = "quarantined", "binary file (contains NUL bytes)"
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.status, doc.reason = "quarantined", f"not valid UTF-8 ({exc.reason} at byte {exc.start})"
        return None
    if not text.strip():
        doc.status, doc.reason = "quarantined", "no text (only whitespace)"
        return None
    return text


_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def text_metadata(text: str) -> dict[str, object]:
    """What the text itself says about the document: size, words, byline."""
    found = byline(text)
    published = None
    if found is not None:
        from pipeline.extraction.dates import extract_dates

        days = [d for d in extract_dates(text[found.start:found.end]) if d.precision == "day"]
        published = days[0].iso_date if days else None
    return {
        "n_chars": len(text),
        "word_count": word_count(text),
        "declared_word_count": found.declared_words if found else None,
        "byline_publisher": found.publisher if found else None,
        "byline_date": published,
    }


def document_row(doc: Document, meta: dict[str, object], first_heading: object) -> dict[str, object]:
    """The documents-table row for one file; `meta` is `text_metadata` ({} when quarantined)."""
    return {
        "doc_id": doc.doc_id,
        "file_name": doc.file_name,
        "status": doc.status,
        "reason": doc.reason,
        "sha256": doc.sha256,
        "n_bytes": doc.n_bytes,
        "format": doc.format,
        "text_extractor": text_extractor(doc.format),
        "n_chars": meta.get("n_chars"),
        "title": doc.source.title or first_heading,
        "publisher": doc.source.publisher or meta.get("byline_publisher"),
        "url": doc.source.url,
        "published_date": doc.source.published or meta.get("byline_date"),
        "declared_word_count": meta.get("declared_word_count"),
        "word_count": meta.get("word_count"),
    }
