"""Incremental runs re-extract only what changed; a run on the same inputs changes nothing."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import dagster as dg

from pipeline.cache import CACHE_VERSION, ExtractionCache
from pipeline.corpus import scan
from pipeline.tables import extracted_tables
from tests.runs import assert_release_intact, latest_id, materialise, snapshot


def extraction_counts(result: dg.ExecuteInProcessResult) -> tuple[int, int]:
    """documents_extracted and documents_from_cache, as the documents asset (which extracts what the
    cache does not hold) reported them."""
    [documents] = result.asset_materializations_for_node("documents")
    return documents.metadata["documents_extracted"].value, documents.metadata["documents_from_cache"].value  # type: ignore[return-value]


def test_second_run_reextracts_only_new_and_changed_documents(raw_copy: Path, output_dir: Path) -> None:
    first = materialise(raw_copy, output_dir)
    assert first.success and extraction_counts(first) == (2, 0)
    assert extraction_counts(materialise(raw_copy, output_dir)) == (0, 2)

    (raw_copy / "new.txt").write_text("Two-way trade reached $807 billion in 2023.\n", encoding="utf-8")
    changed = raw_copy / "us-mexico-relations-fact-sheet-2024.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOver 40,000 alumni.\n", encoding="utf-8")
    third = materialise(raw_copy, output_dir)
    assert third.success and extraction_counts(third) == (2, 1)
    assert extraction_counts(materialise(raw_copy, output_dir)) == (0, 3)


def test_extraction_stats_name_the_reextracted_documents(raw_copy: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    _, stats = extracted_tables(scan(raw_copy), cache)
    assert (stats.extracted, stats.from_cache) == (2, 0)
    (raw_copy / "new.txt").write_text("Over 5,000 students.\n", encoding="utf-8")
    tables, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted_ids == ["new"] and stats.from_cache == 2
    assert (tables["figures"]["doc_id"] == "new").any()


def test_renamed_document_comes_from_the_cache_under_its_new_id(raw_copy: Path, tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    before, _ = extracted_tables(scan(raw_copy), cache)
    os.rename(raw_copy / "us-mexico-relations-fact-sheet-2024.txt", raw_copy / "fact-sheet.txt")
    after, stats = extracted_tables(scan(raw_copy), cache)
    assert stats.extracted == 0 and stats.from_cache == 2
    old = before["figures"][before["figures"]["doc_id"] == "us-mexico-relations-fact-sheet-2024"]
    new = after["figures"][after["figures"]["doc_id"] == "fact-sheet"]
    assert list(new["start"]) == list(old["start"]) and (new["figure_id"].str.startswith("fact-sheet:")).all()


def test_a_changed_extractor_version_reextracts_everything(raw_copy: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache"
    documents = scan(raw_copy)
    current, _ = extracted_tables(documents, ExtractionCache(root))
    _, again = extracted_tables(scan(raw_copy), ExtractionCache(root))
    assert again.from_cache == 2 and again.extracted == 0
    rules_changed, stats = extracted_tables(scan(raw_copy), ExtractionCache(root, version="other-rules"))
    assert stats.extracted == 2 and stats.from_cache == 0
    assert sorted(p.name for p in root.iterdir()) == sorted([CACHE_VERSION, "other-rules"])
    assert rules_changed["figures"].equals(current["figures"])


def test_a_damaged_cache_entry_is_reextracted(raw_copy: Path, tmp_path: Path) -> None:
    extracted_tables(scan(raw_copy), ExtractionCache(tmp_path / "cache"))
    entries = list((tmp_path / "cache").rglob("*.arrows"))
    assert entries
    for entry in entries:
        entry.write_text("{truncated", encoding="utf-8")
    next_run = ExtractionCache(tmp_path / "cache")  # each run reads the cache anew
    _, stats = extracted_tables(scan(raw_copy), next_run)
    assert stats.extracted == 2
    assert next_run.rejected and all("re-extracting" in m for m in next_run.rejected)


def test_second_run_on_same_inputs_leaves_outputs_byte_identical(raw_copy: Path, output_dir: Path) -> None:
    first = materialise(raw_copy, output_dir)
    assert first.success
    before = snapshot(output_dir)
    assert "releases.csv" in before and before["latest"][0] == "link"
    second = materialise(raw_copy, output_dir)
    assert second.success
    [materialization] = second.asset_materializations_for_node("release")
    assert materialization.metadata["created"].value is False
    assert snapshot(output_dir) == before  # every file, its bytes and mtime; latest's target
    with (output_dir / "releases.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 1


def test_releases_are_listed_in_order_and_never_modified(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    first = latest_id(output_dir)
    first_files = snapshot(output_dir / "releases" / first)
    (raw_copy / "new.txt").write_text("Over 40,000 alumni.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = latest_id(output_dir)
    assert second != first
    assert snapshot(output_dir / "releases" / first) == first_files
    assert_release_intact(output_dir / "releases" / first)
    assert_release_intact(output_dir / "releases" / second)
    with (output_dir / "releases.csv").open(encoding="utf-8") as handle:
        assert [row["release_id"] for row in csv.DictReader(handle)] == [first, second]


def test_outputs_can_move_elsewhere(raw_copy: Path, output_dir: Path, tmp_path: Path) -> None:
    """latest is a relative link, so a copied outputs/ still resolves."""
    assert materialise(raw_copy, output_dir).success
    moved = tmp_path / "moved"
    shutil.copytree(output_dir, moved, symlinks=True)
    assert_release_intact(moved / "latest")
