"""Issue 9, cases 5 and 11: the extraction cache is never trusted on its word, and never leaks."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import pipeline.tables as tables_module
from pipeline.corpus import scan
from pipeline.tables import CACHE_VERSION, ExtractionCache, extracted_tables
from tests.runs import materialise

FACT_SHEET = "us-mexico-relations-fact-sheet-2024"


def rewrite(path: Path, payload: Any) -> None:
    """Replace a cache file's payload, keeping its (now wrong) checksum header."""
    header = path.read_bytes().partition(b"\n")[0]
    path.write_bytes(header + b"\n" + json.dumps(payload).encode())


def change_a_value(path: Path) -> None:
    """A plausible edit the shape check cannot see: one figure's value, checksum left as it was."""
    header, _, payload = path.read_bytes().partition(b"\n")
    rows = json.loads(payload)
    rows["figures"][0]["value"] = 1.0
    path.write_bytes(header + b"\n" + json.dumps(rows).encode())


TAMPERING: dict[str, Callable[[Path], None]] = {
    "empty rows {}": lambda p: p.write_text("{}", encoding="utf-8"),
    "{} with a valid checksum": lambda p: p.write_bytes(
        json.dumps({"payload_sha256": hashlib.sha256(b"{}").hexdigest()}).encode() + b"\n{}"),
    "wrong shape": lambda p: rewrite(p, {"figures": [1, 2], "dates": "x", "acronyms": [], "sections": []}),
    "rows without columns": lambda p: rewrite(p, {"figures": [{}], "dates": [], "acronyms": [], "sections": []}),
    "value changed": change_a_value,
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_case05_cache_entry_with_wrong_content_is_reextracted_with_a_warning(
    raw_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    root = tmp_path / "cache"
    fresh, _ = extracted_tables(scan(raw_copy), ExtractionCache(root))
    rows_files = [p for p in root.rglob("*.json") if not p.name.endswith(".meta.json")]
    assert len(rows_files) == 2
    for path in rows_files:
        TAMPERING[kind](path)
    cache = ExtractionCache(root)
    with caplog.at_level(logging.WARNING, logger="pipeline.tables"):
        again, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted == 2 and stats.from_cache == 0
    assert len(cache.rejected) == 2 and all("re-extracting" in m for m in cache.rejected)
    assert "re-extracting" in caplog.text
    for name in fresh:
        pd.testing.assert_frame_equal(again[name], fresh[name])
    _, third = extracted_tables(scan(raw_copy), ExtractionCache(root))
    assert third.from_cache == 2  # the entry was written anew


def test_case05_damaged_summary_is_not_trusted_by_the_documents_table(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = pd.read_parquet(output_dir / "latest" / "documents.parquet")
    for meta in (output_dir / ".cache").rglob("*.meta.json"):  # parses, but is not what was written
        meta.write_text(json.dumps({"_document": [{"n_chars": "many"}], "_coverage": [{}]}), encoding="utf-8")
    (raw_copy / "note.txt").write_text("Trade Note\n\nThe port handled 4,000 trucks in 2023.\n", encoding="utf-8")
    result = materialise(raw_copy, output_dir)
    assert result.success
    after = pd.read_parquet(output_dir / "latest" / "documents.parquet").set_index("doc_id")
    for row in before.itertuples():
        assert after.loc[row.doc_id, "n_chars"] == row.n_chars and after.loc[row.doc_id, "status"] == "ok"
    figures = pd.read_parquet(output_dir / "latest" / "figures.parquet")
    assert (figures["doc_id"] == FACT_SHEET).sum() > 10  # not 0 figures with status ok


def test_case11_stale_cache_temp_files_are_removed_at_start(raw_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    extracted_tables(scan(raw_copy), ExtractionCache(root))
    shard = next((root / CACHE_VERSION).iterdir())
    dead = shard / ".tmp-999999999-abc123"  # its writer is gone (no such pid)
    old = shard / ".tmp-k2j3h4"  # an older writer's name, hours old
    live = shard / f".tmp-{os.getpid()}-live"  # being written right now by a live process
    for path in (dead, old, live):
        path.write_text('{"partial": ', encoding="utf-8")
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    extracted_tables(scan(raw_copy), ExtractionCache(root))
    assert not dead.exists() and not old.exists()
    assert live.exists()


def test_case11_full_disk_leaves_no_temp_file_and_the_run_goes_on(
    raw_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        return FullDisk(handle) if "/.tmp-" in os.readlink(f"/proc/self/fd/{fd}") else handle

    monkeypatch.setattr(tables_module.os, "fdopen", fdopen)
    root = tmp_path / "cache"
    cache = ExtractionCache(root)
    result, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted == 2 and len(result["figures"]) > 50
    assert not list(root.rglob(".tmp-*")) and not list(root.rglob("*.json"))
    assert any("No space left on device" in m for m in cache.rejected)
