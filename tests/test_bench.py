"""The benchmark's own arithmetic (bench/run.py): the bare-scan baseline, the estimate at scale,
the targets. The benchmark itself is `make bench`, never a test."""

from __future__ import annotations

import pytest

from bench.run import bare_scan_throughput, estimate_at_scale, summary_rows, targets


def test_bare_scan_reads_the_same_texts_it_is_compared_with() -> None:
    texts = ["Trade was $807bn in 2023.", "Über 40,000 alumni; 12 ports."]
    scan = bare_scan_throughput(texts)
    assert scan.documents == 2
    assert scan.megabytes == pytest.approx(sum(len(t.encode()) for t in texts) / 1e6)
    assert scan.seconds > 0


def dask_runs(t1: float, t2: float) -> dict[str, object]:
    return {"documents": 1000, "mb": 25.0, "e2e_seconds": {"1": t1, "2": t2}}


def test_estimate_splits_the_runs_into_client_and_extraction_and_scales_each() -> None:
    # T1 = A + W, T2 = A + W/2: W = 2 (100 - 60) = 80 s, A = 2 x 60 - 100 = 20 s = 5 s start-up + 15 ms/doc
    estimate = estimate_at_scale(dask_runs(100, 60), extract_mb_per_s=2.0, fixed_seconds=5.0,
                                 documents=1_000_000, megabytes=25_000, workers=32)
    assert estimate["client_seconds"] == round(5 + 0.015 * 1_000_000)
    assert estimate["extraction_seconds"] == round(80 * 1000 / 32)
    assert estimate["total_seconds"] == estimate["client_seconds"] + estimate["extraction_seconds"]
    assert "fit" in estimate["method"] and "80.0 s" in estimate["arithmetic"]


def test_estimate_without_a_speed_up_takes_extraction_from_the_one_core_rate() -> None:
    estimate = estimate_at_scale(dask_runs(60, 62), extract_mb_per_s=2.5, fixed_seconds=5.0,
                                 documents=1_000_000, megabytes=25_000, workers=32)
    # W = 25 MB / 2.5 MB/s = 10 s, A = 60 - 10 = 50 s = 5 s + 45 ms/doc
    assert estimate["extraction_seconds"] == round(10 * 1000 / 32)
    assert estimate["client_seconds"] == round(5 + 0.045 * 1_000_000)
    assert "one-core" in estimate["method"]


def test_targets_and_table_rows_follow_issue_13() -> None:
    results = {"sizes": [100, 10000], "corpus_mb": {"100": 2.5, "10000": 250.0},
               "e2e_seconds": {"100": 4.0, "10000": 55.0}, "per_document_ms": {"100": 40.0, "10000": 5.5},
               "peak_rss_mb": {"100": 300.0, "10000": 1100.0}, "extract_mb_per_s": 6.5,
               "extract_to_bare_scan_ratio": 22.0, "dagster_materialize_seeds_seconds": 7.5,
               "incremental_size": 10001, "incremental_seconds": 4.0, "incremental_peak_rss_mb": 900.0}
    met = {name: t["met"] for name, t in targets(results).items()}
    assert met == {"extract_mb_per_s >= 6": True, "extract_to_bare_scan_ratio <= 20": False,
                   "dagster_materialize_seeds_seconds <= 10": True, "e2e_seconds[10000] <= 60": True,
                   "peak_rss_mb[10000] <= 1024": False, "incremental_seconds <= 5": True,
                   "incremental_peak_rss_mb <= 1024": True}
    rows = summary_rows(results)
    assert [r["incremental_seconds"] for r in rows] == [None, 4.0]
    assert rows[1] == {"documents": 10000, "mb": 250.0, "e2e_seconds": 55.0, "ms_per_document": 5.5,
                       "peak_rss_mb": 1100.0, "incremental_seconds": 4.0}
