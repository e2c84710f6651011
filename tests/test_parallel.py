"""Extraction on a pool of processes (issue 13): the same bytes as one process, only new documents
extracted, and a document over the work budget quarantined whichever process extracted it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd
import pytest

import pipeline.batches
import pipeline.tables
from bench.corpus import load_sources, synthetic_document
from pipeline.batches import BATCH_DOCUMENTS, plan_batches
from pipeline.cache import ExtractionCache
from pipeline.corpus import scan
from pipeline.defs.resources import PipelinePaths, workers_from_env
from pipeline.tables import documents_table, extracted_tables, pool_runner
from tests.runs import materialise, snapshot

TABLES = ("documents", "figures", "dates", "acronyms", "sections", "series")
#: Far over the work budget, and over BATCH_BYTES: a batch of its own.
RUNAWAY = "1-" * 500_000


@pytest.fixture
def corpus(raw_copy: Path) -> Path:
    """raw/ plus enough generated documents for several batches, and a copy under another name."""
    rng = random.Random(13)
    sources = load_sources(raw_copy)
    for i in range(BATCH_DOCUMENTS + 8):
        (raw_copy / f"sheet-{i:02d}.txt").write_text(synthetic_document(sources, rng), encoding="utf-8")
    (raw_copy / "sheet-copy.txt").write_bytes((raw_copy / "sheet-03.txt").read_bytes())
    return raw_copy


def counts(result: dg.ExecuteInProcessResult) -> tuple[int, int]:
    [documents] = result.asset_materializations_for_node("documents")
    meta = documents.metadata
    return meta["documents_extracted"].value, meta["documents_from_cache"].value  # type: ignore[return-value]


def test_two_workers_publish_the_same_bytes_as_one(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert len(plan_batches(d for d in scan(corpus) if d.status == "ok")) >= 2
    assert materialise(corpus, one, workers=1).success
    assert materialise(corpus, two, workers=2).success
    release = [p.name for p in (one / "releases").iterdir()]
    assert release == [p.name for p in (two / "releases").iterdir()]
    first, second = snapshot(one / "latest" / "."), snapshot(two / "latest" / ".")
    tables = {f"{name}.{ext}" for name in TABLES for ext in ("parquet", "csv")}
    assert tables <= set(first)
    differ = {name for name, entry in first.items() if entry[0] == "file" and entry[1] != second[name][1]}
    assert not differ & tables, differ  # every table, byte for byte (by sha256)
    assert {f for f in first if f.startswith("texts/")} and not {f for f in differ if f.startswith("texts/")}
    figures = pd.read_parquet(one / "latest" / "figures.parquet")
    assert set(figures["doc_id"]) >= {"sheet-00", f"sheet-{BATCH_DOCUMENTS + 7:02d}", "sheet-copy"}
    copy = figures[figures["doc_id"] == "sheet-copy"]
    assert len(copy) == (figures["doc_id"] == "sheet-03").sum()
    assert copy["figure_id"].str.startswith("sheet-copy:").all()


def test_a_new_document_is_the_only_one_read_and_extracted(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = tmp_path / "out"
    first = materialise(corpus, outputs, workers=1)
    total = len(scan(corpus))
    assert first.success and counts(first) == (total, 0)
    read: list[str] = []
    real_read_text = pipeline.batches.read_text

    def counting_read_text(doc: Any) -> str | None:
        read.append(doc.file_name)
        return real_read_text(doc)

    monkeypatch.setattr(pipeline.batches, "read_text", counting_read_text)
    (corpus / "zz-new.txt").write_text("Trade News\n\nExports rose to $4 billion in 2024.\n", encoding="utf-8")
    second = materialise(corpus, outputs, workers=1)
    assert second.success and counts(second) == (1, total)
    assert read == ["zz-new.txt"]  # not one cached document read or extracted again
    figures = pd.read_parquet(outputs / "latest" / "figures.parquet")
    assert "$4 billion" in set(figures.loc[figures["doc_id"] == "zz-new", "text"])
    assert figures["doc_id"].nunique() == total + 1


def test_the_pool_carries_a_budget_quarantine_back(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "a-runaway.txt").write_text(RUNAWAY, encoding="utf-8")

    def not_in_process(batches: Any) -> Any:
        raise AssertionError("the pool extracted nothing: every batch ran in this process")

    monkeypatch.setattr(pipeline.tables, "extract_in_process", not_in_process)
    documents = scan(corpus)
    cache = ExtractionCache(tmp_path / "cache")
    frame, stats = documents_table(documents, cache, pool_runner(2))
    row = frame.set_index("doc_id").loc["a-runaway"]
    assert row["status"] == "quarantined" and "over the extraction work budget" in row["reason"]
    assert (frame["status"] == "ok").sum() == len(documents) - 1 and stats.extracted == len(documents) - 1
    # The quarantine is cached with the rows: the next run neither reads nor extracts it again.
    monkeypatch.undo()
    again, stats = documents_table(scan(corpus), ExtractionCache(tmp_path / "cache"), pool_runner(2))
    assert stats.extracted == 0 and again.equals(frame)
    tables, _ = extracted_tables(documents, ExtractionCache(tmp_path / "cache"))
    assert "a-runaway" not in set(tables["figures"]["doc_id"]) and len(tables["figures"]) > 1000


def test_workers_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_WORKERS", "3")
    assert PipelinePaths.from_env().workers == 3
    monkeypatch.delenv("PIPELINE_WORKERS")
    assert workers_from_env() == 0  # one per core
    for wrong in ("two", "-1"):
        monkeypatch.setenv("PIPELINE_WORKERS", wrong)
        with pytest.raises(ValueError, match="PIPELINE_WORKERS"):
            workers_from_env()
