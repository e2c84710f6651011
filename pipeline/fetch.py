"""Fetching sources from their URLs as snapshots: `python -m pipeline fetch`.

Every raw/sources.csv row with a `url` and no local file is downloaded to raw/<file>. Each
download is a snapshot: its bytes are kept unchanged under raw/snapshots/ (named by content),
and raw/snapshots.csv gets a row with the URL, the final URL after redirects, when it was
retrieved, its sha256 and the server's ETag and Last-Modified.

`refresh=True` also asks again for files fetched before (a conditional request with the
last snapshot's ETag / Last-Modified). Unchanged content changes nothing. Changed content
is a new snapshot: the old one stays in raw/snapshots/ and in snapshots.csv, and raw/<file>
becomes the new content, recorded as a new row. A local file that is not the last snapshot
(placed or edited by hand) is never replaced.

HTTP: a User-Agent naming the project; connect and read timeouts; retries with exponential
backoff on connection errors, timeouts and 429/5xx (honouring Retry-After); redirects followed
by hand, at most `MAX_REDIRECTS`, and only to the same scheme; a size cap checked against
Content-Length and while streaming; the Content-Type and the bytes must match the file's
extension. A failed row is reported with its reason and never stops the others.

Only `fetch` and the opt-in `raw_snapshots` Dagster asset call this: `make run` never does.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pipeline.corpus import SOURCES_FILE, file_digest, load_sources
from pipeline.formats import FormatError, check_content, format_of

SNAPSHOTS_FILE = "snapshots.csv"
SNAPSHOTS_DIR = "snapshots"
SNAPSHOT_COLUMNS = ("file", "url", "final_url", "retrieved_at", "sha256", "bytes", "content_type", "etag",
                    "last_modified", "snapshot")
USER_AGENT = "bilateral-figures/0.1 (Bilateral Figures data pipeline; fetches public fact sheets)"
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: Content types a server may send for each format (the bytes are checked as well).
CONTENT_TYPES = {
    "html": ("text/html", "application/xhtml+xml"),
    "pdf": ("application/pdf", "application/x-pdf", "application/octet-stream"),
    "text": ("text/plain",),
}


class FetchError(RuntimeError):
    """One source could not be fetched; the message says why, for a person."""


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 30.0  # seconds to connect, and between bytes read
    retries: int = 3
    backoff: float = 1.0  # seconds; the waits are backoff * 2**n
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Snapshot:
    """One download as snapshots.csv records it."""

    file: str
    url: str
    final_url: str
    retrieved_at: str
    sha256: str
    bytes: int
    content_type: str
    etag: str
    last_modified: str
    snapshot: str  # where its bytes are kept, relative to raw/

    def row(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in SNAPSHOT_COLUMNS}


@dataclass
class FetchOutcome:
    """What happened to one sources.csv row."""

    file: str
    url: str
    status: str  # fetched, changed, unchanged, skipped, failed
    reason: str = ""
    snapshot: Snapshot | None = None


@dataclass
class Download:
    final_url: str
    data: bytes
    content_type: str
    etag: str
    last_modified: str
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def session(settings: FetchSettings) -> requests.Session:
    """A session with the project's User-Agent and retries with exponential backoff."""
    retry = Retry(
        total=settings.retries, connect=settings.retries, read=settings.retries, status=settings.retries,
        backoff_factor=settings.backoff, status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}), respect_retry_after_header=True, raise_on_status=False,
        redirect=0,
    )
    http = requests.Session()
    http.headers["User-Agent"] = settings.user_agent
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def download(http: requests.Session, url: str, fmt: str, settings: FetchSettings,
             conditional: dict[str, str] | None = None) -> Download:
    """GET `url` following redirects to the same scheme; FetchError with the reason otherwise."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url!r}")
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            response = http.get(current, headers=conditional or {}, timeout=settings.timeout,
                                allow_redirects=False, stream=True)
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"{current}: {_describe(exc)} (after {settings.retries} retries)") from exc
        with response:
            if response.is_redirect:
                target = urljoin(current, response.headers.get("Location", ""))
                if urlsplit(target).scheme.lower() != scheme:
                    raise FetchError(f"{current}: redirect to {target} changes the scheme from {scheme}; not followed")
                current = target
                continue
            if response.status_code == 304 and conditional:
                return Download(current, b"", "", response.headers.get("ETag", ""),
                                response.headers.get("Last-Modified", ""), not_modified=True)
            if response.status_code != 200:
                raise FetchError(f"{current}: HTTP {response.status_code} {response.reason or ''}".rstrip())
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in CONTENT_TYPES[fmt]:
                raise FetchError(f"{current}: Content-Type {content_type or 'missing'!r} is not one of "
                                 f"{', '.join(CONTENT_TYPES[fmt])} (expected for a .{fmt} file)")
            data = _read_capped(response, current, settings.max_bytes)
            return Download(current, data, content_type, response.headers.get("ETag", ""),
                            response.headers.get("Last-Modified", ""))
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read_capped(response: requests.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: {int(declared) / 1e6:.1f} MB (Content-Length) is over the "
                         f"{max_bytes / 1e6:.1f} MB limit; not downloaded")
    buffer = io.BytesIO()
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            buffer.write(chunk)
            if buffer.tell() > max_bytes:
                raise FetchError(f"{url}: over the {max_bytes / 1e6:.1f} MB limit; download stopped")
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"{url}: {_describe(exc)} while reading the body") from exc
    return buffer.getvalue()


def _describe(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, requests.exceptions.Timeout) or "timed out" in text.lower():
        return "timed out"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"connection failed ({text[:200]})"
    return f"{type(exc).__name__}: {text[:200]}"


def read_snapshots(raw_dir: Path) -> list[dict[str, str]]:
    path = raw_dir / SNAPSHOTS_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _append_snapshot(raw_dir: Path, snapshot: Snapshot) -> None:
    rows = [*read_snapshots(raw_dir), snapshot.row()]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(SNAPSHOT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: r.get(k, "") for k in SNAPSHOT_COLUMNS} for r in rows)
    _write_atomic(raw_dir / SNAPSHOTS_FILE, buffer.getvalue().encode("utf-8"))


def snapshot_name(file: str, sha256: str) -> str:
    """Where a snapshot's bytes are kept: snapshots/<stem>.<first 12 of sha256><ext>, one per content."""
    stem, ext = os.path.splitext(file)
    return f"{SNAPSHOTS_DIR}/{stem}.{sha256[:12]}{ext}"


def _checked_name(file: str) -> str:
    """The sources.csv file name, if it is a plain document name fetch may write."""
    if not file or file != os.path.basename(file) or file.startswith(".") or "\\" in file:
        raise FetchError(f"{file!r}: the file name must be a plain name inside raw/ (no directory, not hidden)")
    if format_of(file) is None:
        raise FetchError(f"{file!r}: the file name must end in .txt, .html, .htm or .pdf")
    return file


def fetch_source(raw_dir: Path, file: str, url: str, http: requests.Session, settings: FetchSettings,
                 refresh: bool = False, now: dt.datetime | None = None) -> FetchOutcome:
    """Fetch one source into raw/<file> as a snapshot (see the module docstring)."""
    try:
        name = _checked_name(file)
    except FetchError as exc:
        return FetchOutcome(file, url, "failed", str(exc))
    fmt = format_of(name) or "text"
    target = raw_dir / name
    history = [r for r in read_snapshots(raw_dir) if r.get("file") == name]
    last = history[-1] if history else None
    conditional: dict[str, str] = {}
    if os.path.lexists(target):
        if not refresh:
            return FetchOutcome(name, url, "skipped", "local file exists")
        if last is None or not target.is_file() or file_digest(target)[0] != last.get("sha256"):
            return FetchOutcome(name, url, "skipped", "local file is not the last snapshot of this URL "
                                "(placed or edited by hand); not replaced")
        if last.get("etag"):
            conditional["If-None-Match"] = last["etag"]
        if last.get("last_modified"):
            conditional["If-Modified-Since"] = last["last_modified"]
    try:
        got = download(http, url, fmt, settings, conditional)
        if got.not_modified:
            return FetchOutcome(name, url, "unchanged", "HTTP 304 Not Modified")
        check_content(got.data, fmt, os.path.splitext(name)[1])
    except FetchError as exc:
        return FetchOutcome(name, url, "failed", str(exc))
    except FormatError as exc:
        return FetchOutcome(name, url, "failed", f"{url}: {exc}")
    sha = hashlib.sha256(got.data).hexdigest()
    if last is not None and last.get("sha256") == sha and target.is_file():
        return FetchOutcome(name, url, "unchanged", "same sha256 as the last snapshot")
    retrieved = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    kept = snapshot_name(name, sha)
    (raw_dir / SNAPSHOTS_DIR).mkdir(exist_ok=True)
    if last is not None and not (raw_dir / last.get("snapshot", "")).is_file():
        # the previous snapshot's copy went missing: keep the file about to be replaced (its sha256 matched)
        _write_atomic(raw_dir / snapshot_name(name, last["sha256"]), target.read_bytes())
    if not (raw_dir / kept).exists():  # named by content: an existing file has these very bytes
        _write_atomic(raw_dir / kept, got.data)
    _write_atomic(target, got.data)
    snap = Snapshot(name, url, got.final_url, retrieved, sha, len(got.data), got.content_type, got.etag,
                    got.last_modified, kept)
    _append_snapshot(raw_dir, snap)
    status = "changed" if last is not None else "fetched"
    reason = f"new content; the previous snapshot is kept as {last.get('snapshot')}" if last is not None else ""
    return FetchOutcome(name, url, status, reason, snap)


def fetch_sources(
    raw_dir: Path, settings: FetchSettings | None = None, refresh: bool = False
) -> Iterator[FetchOutcome]:
    """Every sources.csv row with a url, fetched one after another (see `fetch_source`)."""
    settings = settings or FetchSettings()
    if not raw_dir.is_dir():
        raise FetchError(f"{raw_dir}: raw directory does not exist (set PIPELINE_RAW_DIR)")
    sources = load_sources(raw_dir)  # a malformed sources.csv is a CorpusError naming the line
    if not sources and not (raw_dir / SOURCES_FILE).exists():
        return
    with session(settings) as http:
        for file, source in sources.items():
            if source.url:
                yield fetch_source(raw_dir, file, source.url, http, settings, refresh=refresh)
