"""Publishing a release: versioned, immutable, atomic, one publisher at a time.

Layout under the output directory:

    releases/<release_id>/   documents|figures|dates|acronyms|sections .parquet and .csv,
                             manifest.json, and whatever the `extras` hook writes
    latest -> releases/<release_id>     (a symlink, switched atomically)
    releases.csv                        every release in publishing order

A release id is `<UTC date>-<content key>`; the key hashes the inputs and the pipeline
version, so the same inputs never make a second release. A release is written to a staging
directory and renamed into place; `latest` is switched by renaming a new symlink over it.
A crash at any point leaves the previous release and `latest` as they were.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
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

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import SCHEMAS

RELEASES_DIR = "releases"
LATEST = "latest"
RELEASES_INDEX = "releases.csv"
LOCK_FILE = ".publish.lock"
STAGING_PREFIX = ".staging-"
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


@dataclass(frozen=True)
class Inputs:
    """What a release is made from: the raw files (name, sha256) and the pipeline version."""

    files: tuple[tuple[str, str], ...]
    pipeline_version: str

    def content_key(self) -> str:
        payload = json.dumps({"files": sorted(self.files), "pipeline": self.pipeline_version}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]


# --- the lock ---------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def publish_lock(output_dir: Path, timeout: float = 60.0, poll: float = 0.2) -> Iterator[None]:
    """An exclusive lock file holding the holder's pid; a dead holder's lock is taken over."""
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / LOCK_FILE
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(path)
            if holder is not None and holder.get("host") == socket.gethostname() and not _pid_alive(int(holder["pid"])):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()  # stale: its process is gone
                continue
            if time.monotonic() >= deadline:
                who = f"pid {holder['pid']} since {holder.get('since')}" if holder else "another process"
                raise PublishLockedError(
                    f"{path}: held by {who}; another run is publishing. Wait for it, or remove the file if "
                    "that process is gone."
                ) from None
            time.sleep(poll)
            continue
        with os.fdopen(fd, "w") as handle:
            json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                       "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, handle)
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


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
    """The frame as Arrow, each field carrying its schema description as metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = SCHEMAS[name].to_schema().columns
    described = [
        f.with_metadata({"description": fields[f.name].description or ""}) if f.name in fields else f
        for f in table.schema
    ]
    schema = pa.schema(described, metadata={
        **(table.schema.metadata or {}),  # keeps pandas' dtypes (Int64 years read back as Int64)
        b"table": name.encode(),
        b"description": (SCHEMAS[name].__doc__ or "").encode(),
    })
    return table.cast(schema)


def write_table(directory: Path, name: str, frame: pd.DataFrame) -> list[Path]:
    """<name>.parquet (zstd, described fields) and <name>.csv (UTF-8, header, formula-safe)."""
    parquet_path = directory / f"{name}.parquet"
    pq.write_table(arrow_table(name, frame), parquet_path, compression="zstd")
    csv_path = directory / f"{name}.csv"
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(csv_safe)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    csv_path.write_text(buffer.getvalue(), encoding="utf-8")
    return [parquet_path, csv_path]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the index and latest ---------------------------------------------------------------------


def read_index(output_dir: Path) -> list[dict[str, str]]:
    path = output_dir / RELEASES_INDEX
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _append_index(output_dir: Path, row: dict[str, str]) -> None:
    rows = [r for r in read_index(output_dir) if r["release_id"] != row["release_id"]] + [row]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(INDEX_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: r.get(k, "") for k in INDEX_COLUMNS} for r in rows)
    _write_atomic(output_dir / RELEASES_INDEX, buffer.getvalue())


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


def _clean_staging(releases: Path) -> None:
    """Remove staging directories left by runs that died mid-publish."""
    for stale in releases.glob(f"{STAGING_PREFIX}*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not _pid_alive(int(pid)) or int(pid) == os.getpid():
            shutil.rmtree(stale, ignore_errors=True)


# --- publishing ------------------------------------------------------------------------------

Extras = Callable[[Path, str, dict[str, pd.DataFrame]], None]


def publish(
    output_dir: Path,
    tables: dict[str, pd.DataFrame],
    inputs: Inputs,
    extras: Extras | None = None,
    now: dt.datetime | None = None,
    lock_timeout: float = 60.0,
) -> Release:
    """Write a release of `tables` unless these inputs were published already; point latest at it."""
    releases = output_dir / RELEASES_DIR
    key = inputs.content_key()
    with publish_lock(output_dir, timeout=lock_timeout):
        releases.mkdir(parents=True, exist_ok=True)
        _clean_staging(releases)
        for row in read_index(output_dir):
            if row.get("content_key") == key and (releases / row["release_id"] / "manifest.json").exists():
                point_latest(output_dir, row["release_id"])
                return Release(row["release_id"], releases / row["release_id"], created=False)
        created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        release_id = f"{created_at:%Y-%m-%d}-{key}"
        final = releases / release_id
        if not (final / "manifest.json").exists():
            if final.exists():
                shutil.rmtree(final)  # never listed nor pointed at: an unfinished leftover
            staging = releases / f"{STAGING_PREFIX}{release_id}-{os.getpid()}"
            staging.mkdir()
            try:
                _write_release(staging, release_id, created_at, tables, inputs, latest_release_id(output_dir), extras)
                os.rename(staging, final)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
        point_latest(output_dir, release_id)
        _append_index(output_dir, {
            "release_id": release_id,
            "created_at": manifest["created_at"],
            "content_key": key,
            "pipeline_version": inputs.pipeline_version,
            "documents": str(manifest["row_counts"].get("documents", 0)),
            "figures": str(manifest["row_counts"].get("figures", 0)),
        })
        return Release(release_id, final, created=True)


def _write_release(
    directory: Path,
    release_id: str,
    created_at: dt.datetime,
    tables: dict[str, pd.DataFrame],
    inputs: Inputs,
    previous: str | None,
    extras: Extras | None,
) -> None:
    for name, frame in tables.items():
        write_table(directory, name, frame)
    if extras is not None:
        extras(directory, release_id, tables)
    files = {
        p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size}
        for p in sorted(directory.iterdir()) if p.is_file()
    }
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
