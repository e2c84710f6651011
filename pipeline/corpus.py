"""Reading raw/: one record per file, bad files quarantined with a reason, never dropped."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extraction.countries import is_partner_code, partner_of_title
from pipeline.extraction.structure import byline
from pipeline.formats import FormatError, check_content, document_text, format_of, text_extractor

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "url", "title", "publisher", "published", "partner")
#: A fact sheet is ~25 KB; a text this large is not a document of this kind.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class CorpusError(ValueError):
    """The raw directory or its sources.csv cannot be read; names the file and the reason."""


class UnreadableEntry(OSError):
    """A raw entry that must not be opened (a link leaving raw/, a FIFO, a device...); says why."""


@dataclass(frozen=True)
class Source:
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    partner: str | None = None


@dataclass
class Document:
    """What the pipeline knows of one raw file before extraction."""

    doc_id: str
    file_name: str
    path: Path
    sha256: str | None  # None when the file was not read (quarantined before hashing)
    n_bytes: int
    status: str = "ok"
    reason: str | None = None
    source: Source = field(default_factory=Source)

    @property
    def format(self) -> str:
        """'text', 'html' or 'pdf', by the file's extension."""
        return format_of(self.file_name) or "text"

    @property
    def cache_key(self) -> str | None:
        """What the extraction cache keeps this document's rows under (see `cache_key`)."""
        return cache_key(self.sha256, self.file_name)


def cache_key(sha256: str | None, file_name: str) -> str | None:
    """The bytes' sha256, plus the format when the text is converted: the same bytes read as a
    .txt and as an .html are two different texts, and must never share cached rows. None for a
    file never hashed (never cached)."""
    fmt = format_of(file_name) or "text"
    return sha256 if sha256 is None or fmt == "text" else f"{sha256}.{fmt}"


def load_sources(raw_dir: Path) -> dict[str, Source]:
    """raw/sources.csv as file name -> Source; a missing file means no metadata, not an error.

    A malformed file is an error that names the file, the line and the reason: a row with more
    or fewer cells than the header (an unquoted comma shifts every column after it), an
    unterminated quote, a NUL byte, a file listed twice, an empty 'file' cell, a 'published'
    that is not an ISO date, a 'partner' that is not an ISO 3166-1 alpha-3 code (the optional
    `partner` column names the country a document is about). A UTF-8 byte-order mark (as
    spreadsheets write) is accepted.
    """
    path = raw_dir / SOURCES_FILE
    if not os.path.lexists(path):
        return {}
    try:
        text = read_raw_bytes(path).decode("utf-8-sig")
    except UnreadableEntry as exc:
        raise CorpusError(f"{path}: {exc}") from exc
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
            partner = (row.get("partner") or "").upper() or None
            if partner and not is_partner_code(partner):
                raise CorpusError(f"{path}, line {line}: 'partner' must be an ISO 3166-1 alpha-3 code of a "
                                  f"country other than the United States, got {row['partner']!r}")
            lines[name] = line
            sources[name] = Source(
                url=row.get("url") or None,
                title=row.get("title") or None,
                publisher=row.get("publisher") or None,
                published=published,
                partner=partner,
            )
        return sources
    except csv.Error as exc:
        raise CorpusError(f"{path}, line {line}: malformed CSV ({exc})") from exc


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read once in chunks (the size is of the bytes hashed)."""
    with path.open("rb") as handle:
        return _digest_of(handle)


def _digest_of(handle: io.BufferedIOBase | io.BufferedReader) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def inspect_entry(path: Path, root: Path) -> tuple[Path, int]:
    """The real path and size of a raw entry that may be read, found without opening it.

    Raises UnreadableEntry with the reason for anything else: a symbolic link that leaves the
    raw directory (never followed, not even to read its size), a dangling link, a directory, a
    FIFO, a device or a socket. A link that stays inside the raw directory is followed.
    `root` is the raw directory as resolved (`Path.resolve()`).
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise UnreadableEntry(f"cannot be examined ({exc.strerror})") from exc
    real = path
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(root):
            raise UnreadableEntry("symbolic link to a path outside the raw directory (not followed)")
        try:
            info = os.stat(real)
        except FileNotFoundError:
            raise UnreadableEntry("dangling symbolic link (its target does not exist)") from None
        except OSError as exc:
            raise UnreadableEntry(f"symbolic link that cannot be resolved ({exc.strerror})") from exc
    kind = _NOT_A_FILE.get(stat.S_IFMT(info.st_mode))
    if kind is not None:
        raise UnreadableEntry(f"{kind}, not a regular file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableEntry("not a regular file")
    return real, info.st_size


_NOT_A_FILE = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def open_inside(path: Path, root: Path) -> io.BufferedReader:
    """Open a raw entry for reading only if `inspect_entry` allows it, and check again on the
    open file: a file swapped for a link or a FIFO between the two is refused, never read or
    waited on (O_NOFOLLOW on the resolved path, O_NONBLOCK, then fstat)."""
    real, _ = inspect_entry(path, root)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise UnreadableEntry(f"cannot be opened ({exc.strerror})") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnreadableEntry("not a regular file")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_raw_bytes(path: Path) -> bytes:
    """The bytes of a regular file of the raw directory (`path.parent`); see `open_inside`."""
    with open_inside(path, path.parent.resolve()) as handle:
        return handle.read()


def raw_state(raw_dir: Path) -> list[tuple[str, str]]:
    """Sorted (file name, sha256) of every input a release is made of: documents and sources.csv.

    Only reads, and only inside the raw directory: an entry that may not be opened is recorded
    by why (a link leaving raw/ changes nothing here until it is replaced). What a sensor
    compares to decide whether anything changed.
    """
    root = raw_dir.resolve()
    names = document_paths(raw_dir)
    sources = raw_dir / SOURCES_FILE
    if os.path.lexists(sources):
        names.append(sources)
    state = []
    for path in names:
        try:
            with open_inside(path, root) as handle:
                digest = _digest_of(handle)[0]
        except UnreadableEntry as exc:
            digest = f"not read: {exc}"
        state.append((printable_name(path.name), digest))
    return sorted(state)


def document_paths(raw_dir: Path) -> list[Path]:
    """Every entry of raw_dir whose extension is a document format (.txt, .html, .htm, .pdf), by
    name, whatever it is: links, FIFOs and directories included (they are quarantined, not skipped)."""
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
    """Every document entry in raw_dir (.txt, .html, .htm, .pdf), sorted by name; what cannot be
    used is quarantined.

    Quarantined (kept in the documents table with a reason, never read): anything
    `inspect_entry` refuses (a link leaving raw/, a dangling link, a directory, a FIFO, a
    device), an empty file, a file over `max_bytes` (by `stat`, before any byte is read), a
    file whose name is not valid UTF-8, and a file whose doc_id (its name without the
    extension, NFC-normalised) is already taken by another file: the same document in two
    formats, or two names that differ only in Unicode normalisation. The first by name is
    read. Only the others are opened and hashed.
    """
    if not raw_dir.is_dir():
        raise CorpusError(f"{raw_dir}: raw directory does not exist (set PIPELINE_RAW_DIR)")
    root = raw_dir.resolve()
    sources = load_sources(raw_dir)
    documents: list[Document] = []
    taken: dict[str, str] = {}
    for path in document_paths(raw_dir):
        name = printable_name(path.name)
        doc = Document(doc_id_of(name), name, path, None, 0, source=sources.get(name, Source()))
        reason = None
        try:
            _, doc.n_bytes = inspect_entry(path, root)
        except UnreadableEntry as exc:
            reason = str(exc)
        if reason is not None:
            pass
        elif name != path.name:
            reason = "file name is not valid UTF-8 (rename the file)"
        elif doc.doc_id in taken:
            other = taken[doc.doc_id]
            reason = (
                f"same doc_id as {other!r} (the names differ only in Unicode normalisation)"
                if format_of(other) == doc.format and other.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1]
                else f"same doc_id as {other!r}, which is read instead (one document in two formats: keep one file)"
            )
        elif doc.n_bytes == 0:
            reason = "empty file"
        elif doc.n_bytes > max_bytes:
            reason = f"{doc.n_bytes / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit"
        else:
            try:
                with open_inside(path, root) as handle:
                    doc.sha256, doc.n_bytes = _digest_of(handle)
            except UnreadableEntry as exc:
                reason = str(exc)
            else:
                if doc.n_bytes > max_bytes:  # grew after the stat
                    reason = f"{doc.n_bytes / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit"
        if reason is not None:
            doc.status, doc.reason = "quarantined", reason
        if doc.doc_id in taken:
            doc.doc_id = f"{doc.doc_id} ({len(documents)})"  # ids stay unique even for the quarantined
        taken.setdefault(doc.doc_id, name)
        documents.append(doc)
    return documents


def is_utf16(data: bytes) -> bool:
    """A byte-order mark of UTF-16, or its NUL pattern: text in the Latin range stored as
    UTF-16 has a NUL in every other byte (odd bytes for little-endian, even for big-endian)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    even, odd = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
    return (odd >= 0.9 * pairs and even == 0) or (even >= 0.9 * pairs and odd == 0)


def read_text(doc: Document) -> str | None:
    """The document's text, or None after quarantining it (binary, UTF-16, not UTF-8, a name
    that lies about the content, an HTML page or a PDF with no text to read: see
    pipeline.formats). Read only through `read_raw_bytes`: never outside the raw directory.

    The extraction work budget is not checked here: `extract()` checks it, once, and the batch
    that extracts the document quarantines it (`pipeline.batches.extract_batch`)."""
    if doc.status != "ok":
        return None
    try:
        data = read_raw_bytes(doc.path)
    except UnreadableEntry as exc:
        doc.status, doc.reason = "quarantined", str(exc)
        return None
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
    if is_utf16(data):
        doc.status, doc.reason = "quarantined", "UTF-16 text: convert the file to UTF-8"
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
    return len(_WORD.findall(text))  # the list is built in C: faster than counting matches one by one


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


_PRECISIONS = {1: "year", 2: "month", 3: "day"}


def published_period(iso: object) -> tuple[dt.date | None, str | None]:
    """An ISO date as stated (2024, 2024-09 or 2024-09-16) as its first day and its precision."""
    if not isinstance(iso, str) or not iso:
        return None, None
    parts = [int(p) for p in iso.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day), _PRECISIONS[len(parts)]


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def document_row(doc: Document, meta: dict[str, object], first_heading: object) -> dict[str, object]:
    """The documents-table row for one file; `meta` is `text_metadata` ({} when quarantined)."""
    published, precision = published_period(doc.source.published or meta.get("byline_date"))
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
        "partner": doc.source.partner or partner_of_title(doc.source.title or _str(first_heading)),
        "publisher": doc.source.publisher or meta.get("byline_publisher"),
        "url": doc.source.url,
        "published_date": published,
        "published_precision": precision,
        "declared_word_count": meta.get("declared_word_count"),
        "word_count": meta.get("word_count"),
    }
