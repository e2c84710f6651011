"""The accuracy report command works on a fresh clone: without ../shared it says so and exits 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import main, predictions


def test_without_shared_material_the_report_says_so_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--shared", str(tmp_path / "nowhere")]) == 0
    assert "no shared material" in capsys.readouterr().out


def test_predictions_are_the_extractors_figures_in_the_scorers_columns(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = "Two-way trade reached $4.2 billion in 2021, and 35 percent of it was farm goods.\n"
    (raw / "trade-note.txt").write_text(text, encoding="utf-8")
    rows = [json.loads(line) for line in predictions(raw, tmp_path / "p.jsonl").read_text().splitlines()]
    assert {(r["doc_id"], r["text"], r["kind"]) for r in rows} == {
        ("trade-note", "$4.2 billion", "money"), ("trade-note", "35 percent", "percent")
    }
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
