"""Blocking checks: a broken row stops the release, nothing is published, and the check says why."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import publish_tables
from pipeline.tables import CACHE_VERSION
from pipeline.validation import ValidationError, schema_check
from tests.runs import materialise

FACT_SHEET = "us-mexico-relations-fact-sheet-2024"
TABLES = ("documents", "figures", "dates", "acronyms", "sections")


def _evaluations(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    found = {}
    for event in result.all_events:
        data = event.event_specific_data
        if isinstance(data, dg.AssetCheckEvaluation):
            found[(data.asset_key.to_user_string(), data.check_name)] = data
    return found


def _release_state(output_dir: Path) -> tuple[set[str], str, str]:
    releases = {p.name for p in (output_dir / "releases").iterdir()}
    return releases, os.readlink(output_dir / "latest"), (output_dir / "releases.csv").read_text()


def _inject_figure(output_dir: Path, raw: Path) -> str:
    """Add to the cached extraction of the fact sheet a figure whose span is not its text."""
    import hashlib

    sha = hashlib.sha256((raw / f"{FACT_SHEET}.txt").read_bytes()).hexdigest()
    cached = output_dir / ".cache" / "extractions" / CACHE_VERSION / sha[:2] / f"{sha}.json"
    rows = json.loads(cached.read_text(encoding="utf-8"))
    good = rows["figures"][0]
    text = (raw / f"{FACT_SHEET}.txt").read_text(encoding="utf-8")
    assert text[0:4] != "$9bn"
    injected = {**good, "figure_id": f"{FACT_SHEET}:0", "start": 0, "end": 4, "text": "$9bn", "kind": "money",
                "value": 9e9, "value_max": None, "unit": "USD", "rule": "money_currency_prefix"}
    rows["figures"].insert(0, injected)
    cached.write_text(json.dumps(rows), encoding="utf-8")
    return str(injected["figure_id"])


def test_a_broken_row_fails_the_blocking_check_and_publishes_nothing(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    figure_id = _inject_figure(output_dir, raw_copy)
    # New inputs, so the run would publish a new release if the checks let it.
    (raw_copy / "extra-note.txt").write_text("The fund disbursed $12 million in 2022.\n", encoding="utf-8")

    result = materialise(raw_copy, output_dir)
    assert not result.success
    evaluations = _evaluations(result)
    spans = evaluations[("figures", "spans_match_text")]
    assert not spans.passed and spans.severity == dg.AssetCheckSeverity.ERROR
    assert spans.metadata["failing_rows"].value == 1
    cases = spans.metadata["failure_cases"].value
    assert "$9bn" in cases and "FACT" in cases  # the row's text and what the document says there
    assert evaluations[("figures", "schema")].passed  # only the span is wrong
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "figures" in materialised and "release" not in materialised
    assert not any(e.is_step_success and e.step_key == "release" for e in result.all_events)
    assert _release_state(output_dir) == before  # no new release directory, latest and index unchanged
    doc_id, start = figure_id.rsplit(":", 1)
    assert f"| {doc_id} |       {start} |" in cases  # the injected row, by document and offset


def test_publish_tables_refuses_broken_tables_and_writes_nothing(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    latest = output_dir / "latest"
    tables = {name: pd.read_parquet(latest / f"{name}.parquet") for name in TABLES}
    figures = tables["figures"]
    figures.loc[0, "kind"] = "gizmo"
    figures.loc[1, "year"] = 3000
    figures.loc[2, "end"] = figures.loc[2, "end"] + 1  # the span no longer matches its text
    (raw_copy / "extra-note.txt").write_text("New inputs.\n", encoding="utf-8")
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    with pytest.raises(ValidationError) as raised:
        publish_tables(paths, tables)
    failed = {(r.table, r.name): r for r in raised.value.results}
    assert set(failed) == {("figures", "schema"), ("figures", "spans_match_text")}
    schema_cases = failed[("figures", "schema")].failures
    assert {"kind", "year"} <= set(schema_cases["column"])  # lazy: every failure, not the first
    assert "nothing was published" in str(raised.value)
    assert _release_state(output_dir) == before
    assert not list((output_dir / "releases").glob(".staging-*"))


def test_schema_check_reports_every_failure_case() -> None:
    frame = pd.DataFrame({
        "doc_id": ["a", "a"], "acronym": ["X", "NASA"], "expansion": ["National", "ab"],
        "start": [0, -1], "end": [5, 9], "first_start": [0, 0], "mentions": [1, 0],
    })
    result = schema_check("acronyms", frame)
    assert not result.passed
    assert set(result.failures["column"]) >= {"acronym", "expansion", "start", "mentions"}
    assert result.n_failures >= 4


def test_asset_metadata_shows_rows_schema_and_preview(raw_copy: Path, output_dir: Path) -> None:
    result = materialise(raw_copy, output_dir)
    assert result.success
    materialisations = {
        e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata  # type: ignore[union-attr]
        for e in result.all_events if e.is_step_materialization
    }
    figures = materialisations["figures"]
    assert figures["dagster/row_count"].value > 50
    columns = {c.name: c for c in figures["dagster/column_schema"].value.columns}
    assert columns["value"].type == "float64" and columns["figure_id"].description.startswith("Stable id")
    assert "| figure_id" in figures["preview"].value
    assert materialisations["documents"]["dagster/row_count"].value == 2
    checks = _evaluations(result)
    assert all(e.passed for e in checks.values())
    assert checks[("figures", "no_overlapping_figures")].metadata["failing_rows"].value == 0
