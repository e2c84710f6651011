"""The asset graph materialised in-process on a copy of raw/, and the release read back."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.resources import PipelinePaths
from tests.runs import materialise


def test_materialise_publishes_a_release(raw_copy: Path, output_dir: Path) -> None:
    result = materialise(raw_copy, output_dir)
    assert result.success
    latest = output_dir / "latest"
    assert latest.is_symlink()
    figures = pd.read_parquet(latest / "figures.parquet")
    documents = pd.read_parquet(latest / "documents.parquet")
    assert set(documents["doc_id"]) == {p.stem for p in raw_copy.glob("*.txt")}
    assert len(figures) > 50
    texts = {p.stem: p.read_text(encoding="utf-8") for p in raw_copy.glob("*.txt")}
    for row in figures.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    for name in ("documents", "figures", "dates", "acronyms", "sections"):
        assert (latest / f"{name}.parquet").exists()
        csv = pd.read_csv(latest / f"{name}.csv")
        assert len(csv) == len(pd.read_parquet(latest / f"{name}.parquet"))
    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["row_counts"]["figures"] == len(figures)
    assert {i["file"] for i in manifest["inputs"]} >= {p.name for p in raw_copy.glob("*.txt")}


def test_all_checks_pass_on_seed_documents(raw_copy: Path, output_dir: Path) -> None:
    result = materialise(raw_copy, output_dir)
    evaluations = [e.event_specific_data for e in result.all_events
                   if isinstance(e.event_specific_data, dg.AssetCheckEvaluation)]
    assert len(evaluations) >= 5 + 9
    assert all(e.passed for e in evaluations), [e.asset_check_key for e in evaluations if not e.passed]


def test_documents_table_reads_byline_and_sources(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    documents = pd.read_parquet(output_dir / "latest" / "documents.parquet").set_index("doc_id")
    fact_sheet = documents.loc["us-mexico-relations-fact-sheet-2024"]
    assert fact_sheet["declared_word_count"] == 3670
    assert (fact_sheet["published_date"], fact_sheet["published_precision"]) == (dt.date(2024, 9, 16), "day")
    assert fact_sheet["status"] == "ok"
    assert 3000 < fact_sheet["word_count"] < 4500
    assert fact_sheet["n_chars"] == len((raw_copy / "us-mexico-relations-fact-sheet-2024.txt").read_text())


def test_env_vars_choose_directories(raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_RAW_DIR", str(raw_copy))
    monkeypatch.setenv("PIPELINE_OUTPUT_DIR", str(output_dir))
    paths = PipelinePaths.from_env()
    assert (paths.raw, paths.outputs) == (raw_copy, output_dir)


def test_cli_run_prints_the_release(raw_copy: Path, output_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert main(["--raw", str(raw_copy), "--output", str(output_dir), "run"]) == 0
    out = capsys.readouterr().out
    release = os.readlink(output_dir / "latest")
    assert release.split("/")[-1] in out
