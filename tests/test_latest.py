"""`latest` always serves what raw/ holds now: a return to an earlier state re-points it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.release import rollback_latest
from tests.runs import latest_id, materialise, release_dirs

NOTE = "The fund disbursed $12 million in 2022.\n"


def _documents(outputs: Path) -> set[str]:
    return set(pd.read_parquet(outputs / "latest" / "documents.parquet")["doc_id"])


def test_removing_a_file_again_points_latest_back_at_the_release_of_that_state(
    raw_copy: Path, output_dir: Path
) -> None:
    assert materialise(raw_copy, output_dir).success
    first = latest_id(output_dir)
    (raw_copy / "extra-note.txt").write_text(NOTE, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = latest_id(output_dir)
    assert second != first and "extra-note" in _documents(output_dir)
    (raw_copy / "extra-note.txt").unlink()
    assert materialise(raw_copy, output_dir).success
    assert latest_id(output_dir) == first  # the release of exactly these inputs, not a stale one
    assert "extra-note" not in _documents(output_dir)
    assert len(release_dirs(output_dir)) == 2  # nothing written again


def test_a_rollback_holds_only_while_raw_is_unchanged(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    first = latest_id(output_dir)
    (raw_copy / "extra-note.txt").write_text(NOTE, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = latest_id(output_dir)
    rollback_latest(output_dir, first)
    assert materialise(raw_copy, output_dir).success  # the daily schedule on unchanged raw/
    assert latest_id(output_dir) == first  # the operator's rollback holds
    (raw_copy / "extra-note.txt").unlink()
    (raw_copy / "other-note.txt").write_text(NOTE.replace("12", "14"), encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    third = latest_id(output_dir)
    assert third not in {first, second} and "other-note" in _documents(output_dir)
    (raw_copy / "other-note.txt").unlink()
    (raw_copy / "extra-note.txt").write_text(NOTE, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    assert latest_id(output_dir) == second  # raw/ is the second release's again: latest follows it
