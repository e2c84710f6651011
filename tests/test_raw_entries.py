"""Issue 9, cases 4 and 15: what raw/ holds besides regular UTF-8 files is quarantined with a
reason, listed in `documents`, and never opened or read."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import pipeline.corpus as corpus
from pipeline.corpus import raw_state, scan
from tests.runs import materialise

SEEDS = ("us-mexico-bilateral-forum-higher-education-2020", "us-mexico-relations-fact-sheet-2024")
SECRET = "Secret ledger\n\nThe vault holds $987 million in 2023 and 4,321 keys.\n"


def published(outputs: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    latest = outputs / "latest"
    return pd.read_parquet(latest / "documents.parquet"), pd.read_parquet(latest / "figures.parquet")


def every_output_byte(outputs: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((outputs / "latest").iterdir()) if p.is_file())


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A readable file next to raw/, not in it: nothing of it may reach a release."""
    path = tmp_path / "elsewhere" / "ledger.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_case04_symlink_leaving_raw_is_quarantined(raw_copy: Path, output_dir: Path, outside: Path) -> None:
    (raw_copy / "ledger.txt").symlink_to(outside)
    (raw_copy / "up.txt").symlink_to(Path("..") / outside.parent.name / outside.name)  # relative, still outside
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    rows = documents.set_index("doc_id")
    for doc_id in ("ledger", "up"):
        assert rows.loc[doc_id, "status"] == "quarantined"
        assert "outside the raw directory" in rows.loc[doc_id, "reason"]
        assert pd.isna(rows.loc[doc_id, "sha256"]) and rows.loc[doc_id, "n_bytes"] == 0  # not even its size
    assert not figures["doc_id"].isin(["ledger", "up"]).any()
    published_bytes = every_output_byte(output_dir)
    assert b"vault" not in published_bytes and b"4,321" not in published_bytes  # no context from it
    secret_sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    assert secret_sha not in json.dumps(json.loads((output_dir / "latest" / "manifest.json").read_text()))
    assert (rows.loc[list(SEEDS), "status"] == "ok").all()


def test_case04_fifo_device_dangling_link_and_directory_are_quarantined_never_opened(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(raw_copy / "pipe.txt")
    (raw_copy / "zero.txt").symlink_to("/dev/zero")
    (raw_copy / "gone.txt").symlink_to(raw_copy / "missing-target.txt")
    (raw_copy / "folder.txt").mkdir()
    (raw_copy / "folder.txt" / "inner.txt").write_text("Inner note with 12 ports.\n", encoding="utf-8")
    (raw_copy / "alias.txt").symlink_to(f"{SEEDS[1]}.txt")  # a link that stays inside raw/ is read
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    found = {doc.doc_id: doc for doc in scan(raw_copy)}
    state = dict(raw_state(raw_copy))
    monkeypatch.undo()
    expected = {"pipe": "named pipe (FIFO)", "zero": "outside the raw directory", "gone": "dangling symbolic link",
                "folder": "a directory"}
    for doc_id, reason in expected.items():
        assert found[doc_id].status == "quarantined" and reason in str(found[doc_id].reason), doc_id
        assert state[f"{doc_id}.txt"].startswith("not read: ")
        assert not any(Path(p).name in (f"{doc_id}.txt", "zero", "missing-target.txt") for p in opened), opened
    assert found["alias"].status == "ok" and found["alias"].sha256 == found[SEEDS[1]].sha256

    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    rows = documents.set_index("doc_id")
    assert set(expected) <= set(rows.index) and (rows.loc[list(expected), "status"] == "quarantined").all()
    assert rows.loc["alias", "status"] == "ok" and (figures["doc_id"] == "alias").any()
    assert not figures["doc_id"].isin(list(expected)).any()


def test_case04_sources_csv_leaving_raw_fails_the_run_unread(raw_copy: Path, outside: Path) -> None:
    (raw_copy / "sources.csv").unlink()
    (raw_copy / "sources.csv").symlink_to(outside)
    with pytest.raises(corpus.CorpusError, match="outside the raw directory"):
        corpus.load_sources(raw_copy)


class CountingHashlib:
    """Stands in for the hashlib module in pipeline.corpus and counts every byte hashed."""

    def __init__(self) -> None:
        self.hashed = 0

    def sha256(self, data: bytes = b"") -> Any:
        counter = self
        inner = hashlib.sha256(data)
        counter.hashed += len(data)

        class Counting:
            def update(self, chunk: bytes) -> None:
                counter.hashed += len(chunk)
                inner.update(chunk)

            def hexdigest(self) -> str:
                return inner.hexdigest()

        return Counting()


def test_case15_size_limit_is_checked_with_stat_before_any_byte_is_read(
    raw_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = raw_copy / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # 8 GB, sparse: takes no space, but hashing it would read 8 GB
    seeds = sum((raw_copy / f"{seed}.txt").stat().st_size for seed in SEEDS)
    counting = CountingHashlib()
    monkeypatch.setattr(corpus, "hashlib", counting)
    found = {doc.doc_id: doc for doc in scan(raw_copy)}
    assert found["huge"].status == "quarantined" and "over the" in str(found["huge"].reason)
    assert found["huge"].n_bytes == 8 * 1024**3 and found["huge"].sha256 is None
    assert counting.hashed == seeds  # only the seed documents were read


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_case15_utf16_file_is_quarantined_as_utf16(raw_copy: Path, output_dir: Path, encoding: str) -> None:
    (raw_copy / "wide.txt").write_bytes("Trade Notes\n\nTrade reached $5 billion in 2023.\n".encode(encoding))
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    row = documents.set_index("doc_id").loc["wide"]
    assert row["status"] == "quarantined" and "UTF-16" in row["reason"] and "convert" in row["reason"]
    assert "UTF-8" in row["reason"] and not (figures["doc_id"] == "wide").any()
    assert set(documents.loc[documents["doc_id"].isin(SEEDS), "status"]) == {"ok"}
