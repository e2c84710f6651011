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
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import pipeline.cache as cache_module
from pipeline.cache import CACHE_VERSION, EXTRACTED_TABLES, Entry, ExtractionCache, encode_entry
from pipeline.corpus import scan
from pipeline.tables import extracted_tables
from tests.runs import materialise

FACT_SHEET = "us-mexico-relations-fact-sheet-2024"


def forge(path: Path, change: Callable[[dict[str, pa.Table]], None]) -> None:
    """Rewrite an entry with some of its tables changed, every checksum made right again: only
    the content checks can tell."""
    entry = Entry(path.stem, path.read_bytes())
    tables = {name: entry.table(name) for name in EXTRACTED_TABLES}
    tables["summary"] = entry._section("summary", cache_module.SUMMARY_SCHEMA)
    change(tables)
    summary = tables.pop("summary")
    path.write_bytes(encode_entry(summary, tables))


def flip_a_byte_of(section: str) -> Callable[[Path], None]:
    """A byte of one section changed on disk, the header (with its checksums) left as it was."""
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        header = json.loads(data.partition(b"\n")[0])
        offset, length, _ = header["sections"][section]
        at = data.index(b"\n") + 1 + offset + length // 2
        data[at] ^= 0xFF
        path.write_bytes(bytes(data))
    return damage


def _set(tables: dict[str, pa.Table], name: str, column: str, values: pa.Array) -> None:
    table = tables[name]
    tables[name] = table.set_column(table.schema.get_field_index(column), column, values)


def garbage_section(path: Path) -> None:
    """The figures section replaced by bytes that are no Arrow stream, its checksum made right."""
    line, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(line)
    garbage = b"not an Arrow stream at all"
    header["sections"]["figures"] = [len(body), len(garbage), hashlib.sha256(garbage).hexdigest()]
    path.write_bytes(json.dumps(header).encode() + b"\n" + body + garbage)


def swap_header_keys(path: Path) -> None:
    """The header's list of documents reversed, the checksummed sections left as they were."""
    line, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(line)
    assert len(header["keys"]) == 2
    header["keys"].reverse()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


TAMPERING: dict[str, Callable[[Path], None]] = {
    "empty file": lambda p: p.write_bytes(b""),
    "{}": lambda p: p.write_text("{}", encoding="utf-8"),
    "header only": lambda p: p.write_bytes(p.read_bytes().partition(b"\n")[0] + b"\n"),
    "a figure's value changed": flip_a_byte_of("figures"),
    "summary changed": flip_a_byte_of("summary"),
    "rows without a column": lambda p: forge(p, lambda t: t.update(figures=t["figures"].drop_columns(["value"]))),
    "a column of another type": lambda p: forge(p, lambda t: _set(
        t, "figures", "value", pc.cast(t["figures"].column("value"), pa.string()))),
    "more rows than the summary counts": lambda p: forge(p, lambda t: t.update(
        figures=pa.concat_tables([t["figures"], t["figures"].slice(0, 1)]))),
    "header's keys swapped": swap_header_keys,
    "no Arrow stream, checksum right": garbage_section,
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_case05_cache_entry_with_wrong_content_is_reextracted_with_a_warning(
    raw_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    root = tmp_path / "cache"
    fresh, _ = extracted_tables(scan(raw_copy), ExtractionCache(root))
    [entry] = list(root.rglob("*.arrows"))  # the two documents were extracted as one batch
    TAMPERING[kind](entry)
    cache = ExtractionCache(root)
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        again, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted == 2 and stats.from_cache == 0
    assert len(cache.rejected) == 1 and all("re-extracting" in m for m in cache.rejected)
    assert "re-extracting" in caplog.text
    for name in fresh:
        pd.testing.assert_frame_equal(again[name], fresh[name])
    later = ExtractionCache(root)
    _, third = extracted_tables(scan(raw_copy), later)
    assert third.from_cache == 2 and not later.rejected  # the entry was written anew, the damaged one removed


def test_case05_damaged_summary_is_not_trusted_by_the_documents_table(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = pd.read_parquet(output_dir / "latest" / "documents.parquet")
    for entry in (output_dir / ".cache").rglob("*.arrows"):  # reads, but is not what was written
        forge(entry, lambda t: _set(t, "summary", "n_chars", pa.array(["many"] * t["summary"].num_rows)))
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
    shard = root / CACHE_VERSION
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

    monkeypatch.setattr(cache_module.os, "fdopen", fdopen)
    root = tmp_path / "cache"
    cache = ExtractionCache(root)
    result, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted == 2 and len(result["figures"]) > 50
    assert not list(root.rglob(".tmp-*")) and not list(root.rglob("*.arrows"))
    assert any("No space left on device" in m for m in cache.rejected)
