"""Extraction on a Dask LocalCluster of 2 workers publishes exactly what an in-process run does."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bench.corpus import load_sources, synthetic_document
from pipeline.corpus import scan
from pipeline.tables import ExtractionCache, extract_in_process
from tests.runs import materialise

distributed = pytest.importorskip("distributed")

TABLES = ("documents", "figures", "dates", "acronyms", "sections")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=True) as local:
        yield local.scheduler_address


@pytest.fixture
def corpus(raw_copy: Path) -> Path:
    """raw/ plus generated variants, a duplicate under another name and an unreadable file."""
    rng = random.Random(6)
    sources = load_sources(raw_copy)
    for i in range(5):
        (raw_copy / f"variant-{i}.txt").write_text(synthetic_document(sources, rng), encoding="utf-8")
    shutil.copy(raw_copy / "variant-0.txt", raw_copy / "variant-0-copy.txt")
    (raw_copy / "binary.txt").write_bytes(b"\x00\x01 not text")
    return raw_copy




def published(outputs: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(outputs / "latest" / f"{name}.parquet") for name in TABLES}


def test_dask_run_publishes_the_same_tables(cluster: str, corpus: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "in-process", tmp_path / "dask"
    assert materialise(corpus, local).success
    assert materialise(corpus, remote, dask_scheduler=cluster).success
    expected, got = published(local), published(remote)
    assert len(expected["figures"]) > 100
    assert "binary" in set(expected["documents"].loc[expected["documents"]["status"] == "quarantined", "doc_id"])
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True)
        assert (local / "latest" / f"{name}.csv").read_bytes() == (remote / "latest" / f"{name}.csv").read_bytes()
    assert {p.name for p in (local / "releases").iterdir()} == {p.name for p in (remote / "releases").iterdir()}


def test_dask_extractor_keeps_order_and_uses_the_cache(cluster: str, corpus: Path, tmp_path: Path) -> None:
    from pipeline.distributed import dask_extractor

    documents = [d for d in scan(corpus) if d.status == "ok"]
    cache = ExtractionCache(tmp_path / "cache")
    extractor = dask_extractor(cluster, batch_documents=2)
    first = list(extractor(documents, cache))
    assert [d.doc_id for d, _, _ in first] == [d.doc_id for d in documents]
    fresh = {d.doc_id for d, _, f in first if f}
    assert "variant-3" in fresh and "binary" not in fresh
    # What the cluster put in the cache is what in-process extraction reads back, unchanged.
    again = list(extract_in_process(documents, cache))
    assert not any(f for _, _, f in again)
    by_id = {d.doc_id: rows for d, rows, _ in first}
    for doc, rows, _ in again:
        assert rows == by_id[doc.doc_id]
    # And a second cluster run is served from the cache, rows identical.
    second = list(extractor(documents, cache))
    assert not any(f for _, _, f in second)
    assert [rows for _, rows, _ in second] == [rows for _, rows, _ in first]

