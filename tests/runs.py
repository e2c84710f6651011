"""Helpers shared by the run-level tests: materialise in process, snapshot a directory tree."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from pipeline.defs.definitions import build_definitions
from pipeline.defs.jobs import PUBLISH_JOB
from pipeline.defs.resources import PipelinePaths


def materialise(
    raw: Path,
    outputs: Path,
    *,
    instance: dg.DagsterInstance | None = None,
    tags: dict[str, str] | None = None,
    **settings: Any,
) -> dg.ExecuteInProcessResult:
    """The publish job of the project's definitions, run in process on `raw` into `outputs`.

    `settings` are further PipelinePaths fields (e.g. dask_scheduler); `instance` defaults to
    a fresh ephemeral one; `tags` are the run's tags (as a schedule or sensor would set them).
    """
    paths = PipelinePaths(raw_dir=str(raw), output_dir=str(outputs), **settings)
    job = build_definitions(paths).resolve_job_def(PUBLISH_JOB)
    return job.execute_in_process(instance=instance or dg.DagsterInstance.ephemeral(), tags=tags,
                                  raise_on_error=False)


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[object, ...]]:
    """Every entry under root: files by sha256, size and mtime; symlinks by target; directories."""
    found: dict[str, tuple[object, ...]] = {}
    for directory, dirs, files in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(directory, root)
        if rel_dir.split(os.sep)[0] in skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = Path(directory) / name
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if rel.split(os.sep)[0] in skip:
                continue
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir",)
            else:
                stat = path.stat()
                found[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns)
    return found


def latest_id(outputs: Path) -> str:
    return Path(os.readlink(outputs / "latest")).name


def assert_release_intact(release: Path) -> None:
    """Every file the manifest lists is there with its sha256, and every table reads back."""
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == entry["sha256"], name
    for table, rows in manifest["row_counts"].items():
        assert len(pd.read_parquet(release / f"{table}.parquet")) == rows


def release_dirs(outputs: Path) -> list[str]:
    releases = outputs / "releases"
    return sorted(p.name for p in releases.iterdir()) if releases.exists() else []
