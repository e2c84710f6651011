"""Extraction on a Dask LocalCluster of 2 workers publishes exactly what an in-process run does."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bench.corpus import load_sources, synthetic_document
from pipeline.cache import ExtractionCache
from pipeline.corpus import scan
from pipeline.tables import extracted_tables
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
    """raw/ plus generated variants, a duplicate under another name, an unreadable file and one over
    the extraction work budget (a batch of its own)."""
    rng = random.Random(6)
    sources = load_sources(raw_copy)
    for i in range(5):
        (raw_copy / f"variant-{i}.txt").write_text(synthetic_document(sources, rng), encoding="utf-8")
    shutil.copy(raw_copy / "variant-0.txt", raw_copy / "variant-0-copy.txt")
    (raw_copy / "binary.txt").write_bytes(b"\x00\x01 not text")
    (raw_copy / "a-runaway.txt").write_text("1-" * 500_000, encoding="utf-8")
    return raw_copy




def published(outputs: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(outputs / "latest" / f"{name}.parquet") for name in TABLES}


def test_dask_run_publishes_the_same_tables(cluster: str, corpus: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "in-process", tmp_path / "dask"
    assert materialise(corpus, local).success
    assert materialise(corpus, remote, dask_scheduler=cluster).success
    expected, got = published(local), published(remote)
    assert len(expected["figures"]) > 100
    quarantined = got["documents"].set_index("doc_id").query("status == 'quarantined'")["reason"]
    assert "binary" in quarantined.index
    assert "over the extraction work budget" in quarantined["a-runaway"]  # the reason came back from a worker
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], expected[name], check_exact=True)
        assert (local / "latest" / f"{name}.csv").read_bytes() == (remote / "latest" / f"{name}.csv").read_bytes()
    assert {p.name for p in (local / "releases").iterdir()} == {p.name for p in (remote / "releases").iterdir()}


def test_what_the_cluster_caches_is_what_in_process_extraction_makes(
    cluster: str, corpus: Path, tmp_path: Path
) -> None:
    from pipeline.distributed import dask_extractor

    on_cluster, stats = extracted_tables(scan(corpus), ExtractionCache(tmp_path / "cache"),
                                         dask_extractor(cluster, in_flight=1))
    assert "variant-3" in stats.extracted_ids and "binary" not in stats.extracted_ids
    assert "a-runaway" not in stats.extracted_ids
    # Read back in process, from the cache the cluster filled: nothing extracted, the same tables.
    from_cache, again = extracted_tables(scan(corpus), ExtractionCache(tmp_path / "cache"))
    assert again.extracted == 0 and again.from_cache == stats.extracted + stats.from_cache
    # And extracted in process without a cache: the same tables again.
    in_process, _ = extracted_tables(scan(corpus), ExtractionCache(None))
    for name, frame in on_cluster.items():
        pd.testing.assert_frame_equal(from_cache[name], frame, check_exact=True)
        pd.testing.assert_frame_equal(in_process[name], frame, check_exact=True)
