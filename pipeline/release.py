"""Publishing a release: versioned, immutable, atomic, one publisher at a time.

Layout under the output directory:

    releases/<release_id>/   documents|figures|dates|acronyms|sections .parquet and .csv,
                             manifest.json, and whatever the `extras` hook writes
    latest -> releases/<release_id>     (a symlink, switched atomically)
    releases.csv                        every release in publishing order
    index.html                          every release with its report (the `index` hook)

A release id is `<UTC date>-<content key>`; the key hashes the inputs and the pipeline
version, so the same inputs never make a second release. A release is written to a staging
directory and renamed into place; `latest` is switched by renaming a new symlink over it.
A crash at any point leaves the previous release and `latest` as they were, and the next
run finishes the job. One publisher at a time: an flock on .publish.lock, which the kernel
releases when its holder dies.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.corpus import file_digest
from schemas.arrow import arrow_schema

RELEASES_DIR = "releases"
LATEST = "latest"
RELEASES_INDEX = "releases.csv"
LOCK_FILE = ".publish.lock"
STAGING_PREFIX = ".staging-"
#: Written by a rollback: the inputs (content key) `latest` was rolled back from. While a run sees
#: these same inputs, the rollback holds; any other inputs move `latest` to their release.
ROLLBACK_FILE = ".rollback.json"
INDEX_COLUMNS = ("release_id", "created_at", "content_key", "pipeline_version", "documents", "figures")


class PublishError(RuntimeError):
    """Publishing could not complete; what was published before is untouched."""


class PublishLockedError(PublishError):
    """Another live process holds the publish lock."""


@dataclass(frozen=True)
class Release:
    release_id: str
    path: Path
    created: bool  # False when the same inputs were already published
    repairs: tuple[str, ...] = ()  # damaged state found and repaired on the way, said in the run's log


@dataclass(frozen=True)
class Inputs:
    """What a release is made from: the raw files (name, sha256) and the pipeline version."""

    files: tuple[tuple[str, str], ...]
    pipeline_version: str

    def content_key(self) -> str:
        payload = json.dumps({"files": sorted(self.files), "pipeline": self.pipeline_version}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]


# --- the lock ---------------------------------------------------------------------------------


@contextlib.contextmanager
def publish_lock(output_dir: Path, timeout: float = 60.0, poll: float = 0.2) -> Iterator[None]:
    """One publisher at a time: an exclusive `flock` on outputs/.publish.lock, which holds the
    holder's pid, host and start time (for the message the others get).

    The kernel drops the lock when its holder dies, however it dies, so a lock left by a killed
    run is taken over at once: no pid guessing, no race between two runs taking over the same
    stale file. A live holder makes the others wait up to `timeout` seconds, then fail with
    PublishLockedError naming the holder. The file is removed when the lock is released.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / LOCK_FILE
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                holder = _read_lock(path)
                who = (f"pid {holder['pid']} on {holder.get('host')} since {holder.get('since')}"
                       if holder else "another process")
                raise PublishLockedError(
                    f"{path}: held by {who}; another run is publishing. Try again when it has finished "
                    f"(waited {timeout:g} s)."
                ) from None
            time.sleep(poll)
            continue
        try:
            same_file = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same_file = False
        if same_file:
            break
        os.close(fd)  # the previous holder removed the file after we opened it: lock the new one
    try:
        holder_info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                  "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder_info.encode(), 0)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # while still locked, so a waiter never locks a file that is gone
        os.close(fd)


def _read_lock(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text())
        int(data["pid"])
        return data
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- writing tables ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow with the table's declared schema (`schemas.arrow`): the same types in
    every release, whatever the values (an all-null column is still `string`)."""
    schema = arrow_schema(name)
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    # pandas' own metadata is kept beside ours, so Int64 columns read back into pandas as Int64.
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **schema.metadata})


def write_table(directory: Path, name: str, frame: pd.DataFrame) -> list[Path]:
    """<name>.parquet (zstd, described fields) and <name>.csv (UTF-8, CRLF rows as RFC 4180, header,
    formula-safe): with CRLF as the row end, the csv module quotes any cell holding a CR or an LF,
    so a bare CR in a file name or a heading can never split a row."""
    parquet_path = directory / f"{name}.parquet"
    pq.write_table(arrow_table(name, frame), parquet_path, compression="zstd")
    csv_path = directory / f"{name}.csv"
    safe = csv_safe_frame(frame)
    with csv_path.open("w", encoding="utf-8", newline="") as handle:  # streamed: no copy of the whole text
        safe.to_csv(handle, index=False, lineterminator="\r\n")  # CRLF: a cell holding a bare CR gets quoted
    return [parquet_path, csv_path]


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`csv_safe` applied to every text cell: each text column is tested as one Arrow array (no
    Python call per cell), and only the cells to escape are changed; columns with nothing to
    change are shared, not copied."""
    changed: dict[str, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue
        risky = _formula_cells(values)
        if risky is not None and risky.any():
            cells = values.to_numpy(dtype=object, copy=True)
            cells[risky] = ["'" + cell for cell in cells[risky]]  # the few cells that need it
            changed[column] = pd.Series(cells, index=values.index, dtype=values.dtype)
    return frame.assign(**changed) if changed else frame


_FORMULA_FIRST = pa.array(_FORMULA_START, type=pa.string())


def _formula_cells(values: pd.Series) -> np.ndarray | None:
    """Which cells are text starting like a formula (None: the column holds no text at all)."""
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # text mixed with other objects: cell by cell
        return np.fromiter((isinstance(v, str) and v.startswith(_FORMULA_START) for v in values.tolist()),
                           dtype=bool, count=len(values))
    if pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    if not pa.types.is_string(array.type):
        return None  # dates, numbers, all null: nothing a spreadsheet would run
    first = pc.utf8_slice_codeunits(array, 0, 1)
    return np.asarray(pc.fill_null(pc.is_in(first, value_set=_FORMULA_FIRST), False), dtype=bool)


# --- the index and latest ---------------------------------------------------------------------


def read_index(output_dir: Path) -> list[dict[str, str]]:
    """The releases listed in releases.csv, oldest first; a damaged index reads as the releases
    on disk (`rebuilt_index`), so listing and rolling back work before the next run repairs it."""
    rows, problem = _load_index(output_dir)
    return rebuilt_index(output_dir) if problem is not None else rows


def _load_index(output_dir: Path) -> tuple[list[dict[str, str]], str | None]:
    """releases.csv as rows, and what is wrong with it (None when nothing is).

    Wrong: bytes that are not UTF-8, a first line that is not the header, a row without a
    release id, an index that is missing or lists none of the complete releases on disk, and
    one that misses a release older than its newest (a deleted or emptied index would
    otherwise drop them from the history for good).
    """
    path = output_dir / RELEASES_INDEX
    on_disk = _complete_releases(output_dir)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return [], (f"{RELEASES_INDEX} is missing" if on_disk else None)
    except UnicodeDecodeError as exc:
        return [], f"{RELEASES_INDEX} is not UTF-8 (byte {exc.start})"
    except OSError as exc:
        return [], f"{RELEASES_INDEX} cannot be read ({exc.strerror})"
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], f"{RELEASES_INDEX} is not valid CSV ({exc})"
    if tuple(reader.fieldnames or ()) != INDEX_COLUMNS:
        return [], f"{RELEASES_INDEX} does not start with its header line"
    if any(not row.get("release_id") or None in row for row in rows):
        return [], f"{RELEASES_INDEX} has a row without a release id or with extra cells"
    listed = {row["release_id"] for row in rows}
    newest = max((row["created_at"] for row in rows), default="")
    # A complete release that is not listed is either one a crash left before listing it (newer
    # than every listed one: the run finishes publishing it) or one the index lost (older).
    lost = sorted(r for r, m in on_disk.items() if r not in listed and str(m.get("created_at", "")) < newest)
    if on_disk and not listed:
        return [], f"{RELEASES_INDEX} lists none of the {len(on_disk)} releases on disk"
    if lost:
        return [], f"{RELEASES_INDEX} does not list {len(lost)} older release(s) on disk ({', '.join(lost[:3])})"
    return rows, None


def _complete_releases(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Every release directory with a readable manifest, by id."""
    found: dict[str, dict[str, Any]] = {}
    releases = output_dir / RELEASES_DIR
    if not releases.is_dir():
        return found
    for directory in releases.iterdir():
        if directory.name.startswith("."):
            continue
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
            found[directory.name] = manifest if manifest.get("release_id") == directory.name else {}
        except (OSError, ValueError, AttributeError):
            continue
    return {k: v for k, v in found.items() if v}


def rebuilt_index(output_dir: Path) -> list[dict[str, str]]:
    """The index as the release directories' manifests state it, oldest first."""
    rows = [_index_row(manifest) for manifest in _complete_releases(output_dir).values()]
    return sorted(rows, key=lambda r: (r["created_at"], r["release_id"]))


def _index_row(manifest: dict[str, Any]) -> dict[str, str]:
    counts = manifest.get("row_counts") or {}
    return {
        "release_id": str(manifest["release_id"]),
        "created_at": str(manifest.get("created_at", "")),
        "content_key": str(manifest.get("content_key", "")),
        "pipeline_version": str(manifest.get("pipeline_version", "")),
        "documents": str(counts.get("documents", 0)),
        "figures": str(counts.get("figures", 0)),
    }


def _write_index(output_dir: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(INDEX_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: r.get(k, "") for k in INDEX_COLUMNS} for r in rows)
    _write_atomic(output_dir / RELEASES_INDEX, buffer.getvalue())


def repair_state(output_dir: Path) -> list[str]:
    """Make `latest` and releases.csv usable again after damage; returns what was repaired.

    Called under the publish lock, before publishing. A damaged index (see `_load_index`) is
    rebuilt from the release directories' manifests, the damaged file kept beside it as
    `releases.csv.damaged-<time>`. A `latest` that is not a link to a complete release is
    removed so that the run points it anew: a dangling link is dropped, and a real directory
    or file in its place is moved aside as `latest.damaged-<time>` (nothing is deleted).
    """
    repairs: list[str] = []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    _, problem = _load_index(output_dir)
    if problem is not None:
        index = output_dir / RELEASES_INDEX
        if os.path.lexists(index):
            os.replace(index, output_dir / f"{RELEASES_INDEX}.damaged-{stamp}")
        rows = rebuilt_index(output_dir)
        _write_index(output_dir, rows)
        repairs.append(f"{problem}: rebuilt from the manifests of {len(rows)} release directories"
                       + (f" (the damaged file is {RELEASES_INDEX}.damaged-{stamp})" if os.path.lexists(
                           output_dir / f"{RELEASES_INDEX}.damaged-{stamp}") else ""))
    link = output_dir / LATEST
    if link.is_symlink():
        if not (link / "manifest.json").is_file():
            target = os.readlink(link)
            link.unlink()
            repairs.append(f"{LATEST} pointed at {target}, which is not a complete release: it is pointed anew")
    elif os.path.lexists(link):
        aside = output_dir / f"{LATEST}.damaged-{stamp}"
        os.replace(link, aside)
        repairs.append(f"{LATEST} was a real {'directory' if aside.is_dir() else 'file'}, not a link: "
                       f"moved aside to {aside.name} and pointed anew")
    return repairs


def previous_release(output_dir: Path, release_id: str) -> str | None:
    """The release a new release `release_id` follows: the one `latest` points at, unless that
    is `release_id` itself (a release rebuilt after its manifest was lost) or incomplete; then
    the last complete release listed before it."""
    current = latest_release_id(output_dir)
    complete = _complete_releases(output_dir)
    if current is not None and current != release_id and current in complete:
        return current
    listed = [row["release_id"] for row in read_index(output_dir)]
    if release_id in listed:
        listed = listed[:listed.index(release_id)]
    earlier = [r for r in listed if r in complete and r != release_id]
    return earlier[-1] if earlier else None


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _append_index(output_dir: Path, row: dict[str, str]) -> None:
    _write_index(output_dir, [r for r in read_index(output_dir) if r["release_id"] != row["release_id"]] + [row])


def point_latest(output_dir: Path, release_id: str) -> None:
    """Switch `latest` to a release in one rename; readers see the old or the new, never none."""
    target = Path(RELEASES_DIR) / release_id
    if not (output_dir / target / "manifest.json").exists():
        raise PublishError(f"{output_dir / target}: not a complete release (no manifest.json)")
    link = output_dir / LATEST
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    tmp = output_dir / f".{LATEST}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(target, target_is_directory=True)
    os.replace(tmp, link)


def latest_release_id(output_dir: Path) -> str | None:
    link = output_dir / LATEST
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _rolled_back_from(output_dir: Path) -> str | None:
    try:
        return str(json.loads((output_dir / ROLLBACK_FILE).read_text(encoding="utf-8"))["inputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _end_rollback(output_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (output_dir / ROLLBACK_FILE).unlink()


def rollback_latest(
    output_dir: Path, release_id: str, lock_timeout: float = 60.0, index: IndexWriter | None = None
) -> None:
    """Point `latest` at an earlier (listed) release, under the publish lock.

    It stays there while runs see the inputs it was rolled back from; as soon as a run sees other
    inputs (new ones, or those of any published release), `latest` follows raw/ again.
    """
    keys = {row["release_id"]: row.get("content_key", "") for row in read_index(output_dir)}
    if release_id not in keys:
        raise PublishError(f"{output_dir / RELEASES_INDEX}: no release {release_id!r} (see `releases`)")
    with publish_lock(output_dir, timeout=lock_timeout):
        current = latest_release_id(output_dir)
        if current is not None and current != release_id and keys.get(current):
            _write_atomic(output_dir / ROLLBACK_FILE, json.dumps({"inputs": keys[current], "to": release_id}))
        point_latest(output_dir, release_id)
        _fsync_dir(output_dir)
        if index is not None:
            index(output_dir)


def _clean_leftovers(output_dir: Path) -> None:
    """Remove what runs that died mid-publish left behind: staging directories and temp files.

    Called under the publish lock: nothing else can be writing them.
    """
    for stale in (output_dir / RELEASES_DIR).glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for pattern in (f".{LATEST}.*.tmp", f".{RELEASES_INDEX}.*.tmp", ".index.html.*.tmp"):
        for stale in output_dir.glob(pattern):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(directory: Path, durable: frozenset[tuple[int, int]] = frozenset()) -> None:
    """Flush every file of a staged release (subdirectories included) to disk before it is renamed
    into place; `durable` (device, inode) pairs are files of a published release linked into
    this one, flushed when that release was published (only their directory entry is new)."""
    for path in directory.iterdir():
        if path.is_dir():
            _fsync_tree(path, durable)
        elif path.is_file():
            info = path.stat()
            if (info.st_dev, info.st_ino) in durable:
                continue
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(directory)


def _shared_files(staging: Path, previous: Path | None) -> dict[str, tuple[tuple[int, int], dict[str, object]]]:
    """Files of the staged release that are the previous release's own files (hard links: the
    same inode), by path, with their (device, inode) and their entry in its manifest (sha256,
    bytes): a file shared with an immutable release need not be hashed or flushed again."""
    if previous is None:
        return {}
    try:
        listed = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(listed, dict):
        return {}
    shared = {}
    for name, entry in listed.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("bytes"), int)):
            continue
        try:
            ours, theirs = os.lstat(staging / name), os.lstat(previous / name)
        except (OSError, ValueError):
            continue
        if (ours.st_dev, ours.st_ino) == (theirs.st_dev, theirs.st_ino) and ours.st_size == entry["bytes"]:
            shared[name] = ((ours.st_dev, ours.st_ino), entry)
    return shared


def _unlisted_release(releases: Path, key: str) -> str | None:
    """A complete release of this content key that releases.csv does not list: renamed into
    place by a run that died before listing it. The next run finishes publishing it."""
    found = sorted(
        p.name for p in releases.glob(f"*-{key}")
        if not p.name.startswith(".") and (p / "manifest.json").is_file()
    )
    return found[0] if found else None


# --- publishing ------------------------------------------------------------------------------

#: Writes more files into the staged release: (staging directory, release id, the release it
#: follows or None, tables).
Extras = Callable[[Path, str, str | None, dict[str, pd.DataFrame]], None]
#: Rewrites what lists the releases (outputs/index.html) from the output directory, under the lock.
IndexWriter = Callable[[Path], None]
#: The tables of a release and the hook that writes the rest, made only when a release is written
#: (under the lock): inputs published already cost no validation, coverage, report or CHANGES.
Contents = Callable[[], tuple[dict[str, pd.DataFrame], Extras | None]]


def publish(
    output_dir: Path,
    tables: dict[str, pd.DataFrame] | Contents,
    inputs: Inputs,
    extras: Extras | None = None,
    now: dt.datetime | None = None,
    lock_timeout: float = 60.0,
    index: IndexWriter | None = None,
) -> Release:
    """Write a release of `tables` unless these inputs were published already; point latest at it.

    The steps, each of which a crash may interrupt without harm:
    1. write every file into releases/.staging-<id>-<pid>/ and flush it (a crash: the staging
       directory is removed by the next run; nothing else changed);
    2. rename it to releases/<id>/ (atomic; a crash after it: the next run finds the complete
       directory and finishes steps 3-4 instead of writing it again);
    3. switch `latest` by renaming a new symlink over it (atomic);
    4. list it in releases.csv (atomic replace): the release is now published, and never
       written again;
    5. `index` (when given) rewrites the page listing the releases, also when nothing new was
       published (it writes only what changed).
    Inputs that were published already write nothing; `latest` moves to their release (raw/ may
    have returned to an earlier state) unless a rollback from these same inputs holds.
    `tables` may be `Contents`, called only when a release is to be written (then its hook
    replaces `extras`): work that only a new release needs is not done for inputs published already.
    """
    releases = output_dir / RELEASES_DIR
    key = inputs.content_key()
    with publish_lock(output_dir, timeout=lock_timeout):
        releases.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(output_dir)
        repairs = repair_state(output_dir)
        held = _rolled_back_from(output_dir) == key  # a rollback holds while raw/ is what it was
        if not held:
            _end_rollback(output_dir)
        for row in read_index(output_dir):
            if row.get("content_key") == key and (releases / row["release_id"] / "manifest.json").exists():
                # These inputs were published: `latest` must serve them (raw/ may have returned to
                # an earlier state, e.g. a file removed again), unless a rollback holds.
                if not held or latest_release_id(output_dir) is None:
                    point_latest(output_dir, row["release_id"])
                if index is not None:
                    index(output_dir)
                return Release(row["release_id"], releases / row["release_id"], created=False,
                               repairs=tuple(repairs))
        release_id = _unlisted_release(releases, key)
        if release_id is None:
            created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
            release_id = f"{created_at:%Y-%m-%d}-{key}"
            final = releases / release_id
            staging = releases / f"{STAGING_PREFIX}{release_id}-{os.getpid()}"
            staging.mkdir()
            try:
                if not isinstance(tables, dict):
                    tables, extras = tables()
                previous = previous_release(output_dir, release_id)
                shared = _write_release(staging, release_id, created_at, tables, inputs, previous, extras,
                                        releases / previous if previous is not None else None)
                _fsync_tree(staging, frozenset(inode for inode, _ in shared.values()))
                if os.path.lexists(final):  # no manifest: its manifest was lost, or a crash left it
                    repairs.append(f"{RELEASES_DIR}/{release_id} had no manifest.json: written anew, "
                                   f"following {previous or 'no release'}")
                    shutil.rmtree(final)
                os.rename(staging, final)
                _fsync_dir(releases)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        final = releases / release_id
        manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
        point_latest(output_dir, release_id)
        _fsync_dir(output_dir)
        _append_index(output_dir, {
            "release_id": release_id,
            "created_at": manifest["created_at"],
            "content_key": key,
            "pipeline_version": inputs.pipeline_version,
            "documents": str(manifest["row_counts"].get("documents", 0)),
            "figures": str(manifest["row_counts"].get("figures", 0)),
        })
        if index is not None:
            index(output_dir)
        return Release(release_id, final, created=True, repairs=tuple(repairs))


def _write_release(
    directory: Path,
    release_id: str,
    created_at: dt.datetime,
    tables: dict[str, pd.DataFrame],
    inputs: Inputs,
    previous: str | None,
    extras: Extras | None,
    previous_dir: Path | None = None,
) -> dict[str, tuple[tuple[int, int], dict[str, object]]]:
    """Every file of the release, then its manifest; returns the files it shares with the
    previous release (`_shared_files`), whose sha256 the manifest takes from that release's."""
    for name, frame in tables.items():
        write_table(directory, name, frame)
    if extras is not None:
        extras(directory, release_id, previous, tables)
    shared = _shared_files(directory, previous_dir)
    files: dict[str, dict[str, object]] = {}
    for p in sorted(directory.rglob("*")):  # the report's document pages and texts/ are in subdirectories
        if p.is_file():
            name = p.relative_to(directory).as_posix()
            if name in shared:
                entry = shared[name][1]
                files[name] = {"sha256": entry["sha256"], "bytes": entry["bytes"]}
                continue
            sha, size = file_digest(p)
            files[name] = {"sha256": sha, "bytes": size}
    manifest = {
        "release_id": release_id,
        "created_at": created_at.isoformat(),
        "content_key": inputs.content_key(),
        "pipeline_version": inputs.pipeline_version,
        "previous_release": previous,
        "row_counts": {name: len(frame) for name, frame in tables.items()},
        "files": files,
        "inputs": [{"file": name, "sha256": sha} for name, sha in sorted(inputs.files)],
    }
    _write_atomic(directory / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return shared
