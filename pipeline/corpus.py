"""Reading raw/: one record per file, bad files quarantined with a reason, never dropped."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extraction.structure import byline

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


def load_sources(raw_dir: Path) -> dict[str, Source]:
    """raw/sources.csv as file name -> Source; a missing file means no metadata, not an error."""
    path = raw_dir / SOURCES_FILE
    if not path.exists():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("file",) if c not in (reader.fieldnames or [])]
            if missing:
                raise CorpusError(
                    f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(SOURCES_COLUMNS)}"
                )
            sources: dict[str, Source] = {}
            for line, row in enumerate(reader, start=2):
                name = (row.get("file") or "").strip()
                if not name:
                    raise CorpusError(f"{path}, line {line}: empty 'file' cell")
                published = (row.get("published") or "").strip() or None
                if published and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
                    raise CorpusError(f"{path}, line {line}: 'published' must be an ISO date, got {published!r}")
                sources[name] = Source(
                    url=(row.get("url") or "").strip() or None,
                    title=(row.get("title") or "").strip() or None,
                    publisher=(row.get("publisher") or "").strip() or None,
                    published=published,
                )
            return sources
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise CorpusError(f"{path}: malformed CSV ({exc})") from exc


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def doc_id_of(file_name: str) -> str:
    """The file's name without .txt, NFC-normalised so the same name always gives the same id."""
    return unicodedata.normalize("NFC", file_name[: -len(".txt")] if file_name.endswith(".txt") else file_name)


def scan(raw_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every *.txt file in raw_dir, sorted by name, hashed; oversize and empty files quarantined."""
    if not raw_dir.is_dir():
        raise CorpusError(f"{raw_dir}: raw directory does not exist (set PIPELINE_RAW_DIR)")
    sources = load_sources(raw_dir)
    documents: list[Document] = []
    for path in sorted(raw_dir.glob("*.txt"), key=lambda p: p.name):
        if not path.is_file():
            continue
        sha, size = _sha256(path)
        doc = Document(doc_id_of(path.name), path.name, path, sha, size, source=sources.get(path.name, Source()))
        if size == 0:
            doc.status, doc.reason = "quarantined", "empty file"
        elif size > max_bytes:
            doc.status, doc.reason = "quarantined", f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit"
        documents.append(doc)
    return documents


def read_text(doc: Document) -> str | None:
    """The document's text, or None after quarantining it (binary or not UTF-8)."""
    if doc.status != "ok":
        return None
    data = doc.path.read_bytes()
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        doc.status, doc.reason = "quarantined", "file changed while the run was reading it"
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
        "n_chars": meta.get("n_chars"),
        "title": doc.source.title or first_heading,
        "publisher": doc.source.publisher or meta.get("byline_publisher"),
        "url": doc.source.url,
        "published_date": doc.source.published or meta.get("byline_date"),
        "declared_word_count": meta.get("declared_word_count"),
        "word_count": meta.get("word_count"),
    }
