"""Checks: a row that breaks a check quarantines its document (issue 9, case 3) and the rest is
published; a failure no single document explains stops the release, and the check says why."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.batches import BatchRows
from pipeline.cache import EXTRACTED_TABLES, ExtractionCache, encode_batch
from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import publish_tables
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


def _inject_figure(output_dir: Path, raw: Path, **changes: object) -> dict[str, object]:
    """Put into the cached extraction of the fact sheet (a valid entry, checksum and all) one more
    figure whose span is not its text; `changes` alter it further."""
    sha = hashlib.sha256((raw / f"{FACT_SHEET}.txt").read_bytes()).hexdigest()
    cache = ExtractionCache(output_dir / ".cache" / "extractions")
    found = cache.lookup(sha, rows=True)
    assert found is not None
    rows = {name: found.rows(name).to_pylist() for name in EXTRACTED_TABLES}
    text = (raw / f"{FACT_SHEET}.txt").read_text(encoding="utf-8")
    assert text[0:4] != "$9bn"
    injected = {**rows["figures"][0], "figure_id": f"{FACT_SHEET}:{'0' * 12}", "start": 0, "end": 4,
                "text": "$9bn", "kind": "money", "value": 9e9, "value_max": None, "unit": "USD",
                "rule": "money_currency_prefix", **changes}
    rows["figures"].insert(1, injected)  # not first: the document's own rows keep their doc_id
    entry = BatchRows()
    entry.add_rows(sha, FACT_SHEET, rows, found.summary.meta, found.coverage())
    cache.put(encode_batch(entry))  # written later than the entry it replaces: it wins the key
    return injected


def test_case03_a_bad_row_quarantines_its_document_and_the_rest_is_published(
    raw_copy: Path, output_dir: Path
) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    _inject_figure(output_dir, raw_copy)
    (raw_copy / "extra-note.txt").write_text("Trade Note\n\nThe fund disbursed $12 million in 2022.\n",
                                             encoding="utf-8")

    result = materialise(raw_copy, output_dir)
    assert result.success
    spans = _evaluations(result)[("figures", "spans_match_text")]
    assert not spans.passed and spans.severity == dg.AssetCheckSeverity.WARN  # confined to one document
    assert "$9bn" in spans.metadata["failure_cases"].value
    assert _release_state(output_dir)[0] > before[0]  # a new release
    latest = output_dir / "latest"
    published = {name: pd.read_parquet(latest / f"{name}.parquet") for name in TABLES}
    documents = published["documents"].set_index("doc_id")
    assert documents.loc[FACT_SHEET, "status"] == "quarantined"
    reason = documents.loc[FACT_SHEET, "reason"]
    assert "figures.spans_match_text" in reason and "'$9bn'" in reason and "start=0" in reason
    for name in ("figures", "dates", "acronyms", "sections"):
        assert not (published[name]["doc_id"] == FACT_SHEET).any(), name
    for doc_id in ("us-mexico-bilateral-forum-higher-education-2020", "extra-note"):
        assert documents.loc[doc_id, "status"] == "ok" and (published["figures"]["doc_id"] == doc_id).any()


def test_a_failure_no_document_explains_blocks_the_release(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    _inject_figure(output_dir, raw_copy, doc_id="ghost", figure_id="ghost:" + "0" * 12)  # a row of no document
    (raw_copy / "extra-note.txt").write_text("The fund disbursed $12 million in 2022.\n", encoding="utf-8")

    result = materialise(raw_copy, output_dir)
    assert not result.success
    unknown = _evaluations(result)[("figures", "doc_id_in_documents")]
    assert not unknown.passed and unknown.severity == dg.AssetCheckSeverity.ERROR
    assert "ghost" in unknown.metadata["failure_cases"].value
    materialised = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "figures" in materialised and "release" not in materialised
    assert _release_state(output_dir) == before  # no new release directory, latest and index unchanged


def test_publish_tables_refuses_what_no_document_explains_and_writes_nothing(
    raw_copy: Path, output_dir: Path
) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    latest = output_dir / "latest"
    tables = {name: pd.read_parquet(latest / f"{name}.parquet") for name in TABLES}
    figures = tables["figures"]
    figures.loc[0, "doc_id"] = "ghost"  # a row of no document: blocks
    figures.loc[1, "kind"] = "gizmo"  # one document's row: would only quarantine it
    figures.loc[2, "year"] = 3000
    # New inputs (sources.csv is one of them): inputs published already are not validated again
    with (raw_copy / "sources.csv").open("a", encoding="utf-8") as sources:
        sources.write("extra-note.txt,,Extra note,,,\n")
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    with pytest.raises(ValidationError) as raised:
        publish_tables(paths, tables)
    failed = {(r.table, r.name): r for r in raised.value.results}
    assert {("figures", "doc_id_in_documents"), ("figures", "schema")} <= set(failed)
    schema_cases = failed[("figures", "schema")].failures
    assert {"kind", "year"} <= set(schema_cases["column"])  # lazy: every failure, not the first
    assert "nothing was published" in str(raised.value)
    assert _release_state(output_dir) == before
    assert not list((output_dir / "releases").glob(".staging-*"))


def test_case03_publish_tables_quarantines_documents_whose_rows_fail_the_schema(
    raw_copy: Path, output_dir: Path
) -> None:
    assert materialise(raw_copy, output_dir).success
    latest = output_dir / "latest"
    tables = {name: pd.read_parquet(latest / f"{name}.parquet") for name in TABLES}
    figures = tables["figures"]
    rows = figures.index[figures["doc_id"] == FACT_SHEET]
    figures.loc[rows[3], "kind"] = "gizmo"
    figures.loc[rows[5], "year"] = 3000
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir.parent / "fresh-outputs"))
    published = publish_tables(paths, tables)
    assert published.created
    documents = pd.read_parquet(published.path / "documents.parquet").set_index("doc_id")
    reason = documents.loc[FACT_SHEET, "reason"]
    assert documents.loc[FACT_SHEET, "status"] == "quarantined" and "figures.schema" in reason
    assert "gizmo" in reason or "3000" in reason  # the failing row's value
    assert pd.isna(documents.loc[FACT_SHEET, "n_chars"])
    others = pd.read_parquet(published.path / "figures.parquet")
    assert not (others["doc_id"] == FACT_SHEET).any() and len(others) > 0
    assert (documents.drop(index=FACT_SHEET)["status"] == "ok").all()


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
