"""Every release publishes `series` (Parquet and CSV), and a series row that does not trace
back to the release's figures blocks the release (the Dagster check and publish_tables)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd
import pytest

import pipeline.series as series_module
from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import publish_tables
from pipeline.series import ID_SEPARATOR, series_problems, series_table
from pipeline.validation import DATASET_CHECKS, ValidationError, quarantine_documents
from schemas import SCHEMAS
from tests.runs import materialise
from tests.yearly_fact_sheets import EXPECTED, PARTNER, write_sheets

FACT_SHEET = "us-mexico-relations-fact-sheet-2024"


def _published_tables(output_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(output_dir / "latest" / f"{name}.parquet") for name in SCHEMAS}


def test_a_release_on_the_seeds_publishes_series_as_parquet_and_csv(raw_copy: Path, output_dir: Path) -> None:
    result = materialise(raw_copy, output_dir)
    assert result.success
    latest = output_dir / "latest"
    series = pd.read_parquet(latest / "series.parquet")
    row = series.set_index("series_id").loc["MEX:goods_trade:2023"]
    assert (row["partner"], row["indicator"], row["year"], row["value"], row["unit"]) == (
        "MEX", "goods_trade", 2023, 807e9, "USD")
    assert not row["conflict"] and row["n_sources"] == 1
    figures = pd.read_parquet(latest / "figures.parquet").set_index("figure_id")
    assert figures.loc[row["figure_id"], "value"] == 807e9  # traces back to its figure
    assert set(row["figure_ids"].split(ID_SEPARATOR)) <= set(figures.index)
    # The CSV holds the same rows as the Parquet file.
    csv = pd.read_csv(latest / "series.csv", dtype={"year": "Int64"}, keep_default_na=False, na_values={"year": [""]})
    pd.testing.assert_frame_equal(csv, series, check_dtype=False)
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["row_counts"]["series"] == len(series) > 0
    assert {"series.parquet", "series.csv"} <= set(manifest["files"])
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "series")
    assert resource["schema"]["primaryKey"] == ["partner", "indicator", "year"]
    evaluations = {e.event_specific_data.asset_check_key.name: e.event_specific_data for e in result.all_events
                   if isinstance(e.event_specific_data, dg.AssetCheckEvaluation)}
    assert evaluations["series_traces_to_figures"].passed


def test_the_series_check_is_declared_once_and_attached_to_series() -> None:
    declared = {check.name: check for check in DATASET_CHECKS}
    assert declared["series_traces_to_figures"].tables == ("series",)
    assert declared["series_traces_to_figures"].needs == ("figures",)


@pytest.mark.parametrize("tamper", ["value", "missing_figure"])
def test_a_series_row_that_does_not_trace_back_blocks_the_release(
    raw_copy: Path, output_dir: Path, tamper: str
) -> None:
    assert materialise(raw_copy, output_dir).success
    tables = _published_tables(output_dir)
    series = tables["series"]
    key = series.index[series["series_id"] == "MEX:goods_trade:2023"][0]
    if tamper == "value":
        series.loc[key, "value"] = 812e9  # no figure states it
    else:
        series.loc[key, "figure_ids"] = f"{series.loc[key, 'figure_ids']}{ID_SEPARATOR}{FACT_SHEET}:000000000000"
    with (raw_copy / "sources.csv").open("a", encoding="utf-8") as sources:  # new inputs: a new release is due
        sources.write("extra-note.txt,,Extra note,,,\n")
    releases_before = sorted(p.name for p in (output_dir / "releases").iterdir())
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    with pytest.raises(ValidationError) as raised:
        publish_tables(paths, tables)
    failed = {(r.table, r.name): r for r in raised.value.results if not r.passed}
    assert ("series", "series_traces_to_figures") in failed  # (a value out of its range fails the schema too)
    assert {table for table, _ in failed} == {"series"}
    assert list(failed[("series", "series_traces_to_figures")].failures["series_id"]) == ["MEX:goods_trade:2023"]
    assert sorted(p.name for p in (output_dir / "releases").iterdir()) == releases_before


def test_a_quarantined_document_takes_its_figures_out_of_the_series(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    tables = _published_tables(output_dir)
    screened = quarantine_documents(tables, {FACT_SHEET: "a test quarantine"})
    assert not screened["series"]["doc_ids"].str.contains(FACT_SHEET).any()
    pd.testing.assert_frame_equal(screened["series"], series_table(screened["figures"]))
    assert "MEX:goods_trade:2023" in set(tables["series"]["series_id"])
    assert "MEX:goods_trade:2023" not in set(screened["series"]["series_id"])


def test_ids_of_documents_whose_names_hold_spaces_split_back() -> None:
    """A doc_id is a file name: "US – México relations 2024" must not split into three ids."""
    doc_id = "US – México relations, café 2024"
    figures = pd.DataFrame({
        "figure_id": [f"{doc_id}:0123456789ab", "other:0123456789ab"], "doc_id": [doc_id, "other"],
        "start": [3, 9], "partner": ["MEX", "MEX"], "indicator": ["goods_trade", "goods_trade"],
        "year": pd.array([2023, 2023], dtype="Int64"), "value": [807e9, 807.2e9], "unit": ["USD", "USD"],
        "text": ["$807bn", "$807.2 billion"], "qualifier": ["exact", "exact"],
    })
    series = series_table(figures)
    assert series.loc[0, "figure_ids"].split(ID_SEPARATOR) == list(figures["figure_id"])
    assert series.loc[0, "doc_ids"].split(ID_SEPARATOR) == [doc_id, "other"]
    assert series_problems(series, figures).empty


# --- three years of one partner's fact sheets, through a run --------------------------------------


def test_three_years_of_fact_sheets_make_series_through_a_run(tmp_path: Path) -> None:
    """Peru's sheets of 2021-2023 (our own sentences): a series row per indicator and year, the
    sources that agree counted, and the one year two sheets disagree on flagged."""
    raw, outputs = write_sheets(tmp_path / "raw"), tmp_path / "outputs"
    result = materialise(raw, outputs)
    assert result.success
    series = pd.read_parquet(outputs / "latest" / "series.parquet")
    assert (series["partner"] == PARTNER).all()
    found = {(r.indicator, r.year): (r.value, tuple(r.doc_ids.split(ID_SEPARATOR)), r.n_agreeing, r.conflict)
             for r in series.itertuples()}
    assert found == EXPECTED
    assert list(series["n_sources"]) == [len(docs) for _, docs, _, _ in (found[k] for k in zip(
        series["indicator"], series["year"], strict=True))]
    conflict = series.set_index("series_id").loc[f"{PARTNER}:goods_exports:2021"]
    figures = pd.read_parquet(outputs / "latest" / "figures.parquet").set_index("figure_id")
    stated = figures.loc[conflict["figure_ids"].split(ID_SEPARATOR), ["doc_id", "text"]]
    assert sorted(zip(stated["doc_id"], stated["text"], strict=True)) == [("peru-2022", "$11.8bn"),
                                                                          ("peru-2023", "$12.4bn")]
    assert (conflict["value_low"], conflict["value_high"], conflict["n_figures"]) == (11.8e9, 12.4e9, 2)
    agreed = series.set_index("series_id").loc[f"{PARTNER}:goods_trade:2020"]
    assert sorted(figures.loc[agreed["figure_ids"].split(ID_SEPARATOR), "text"]) == ["$15.2 billion", "$15.2bn"]
    materialised = result.asset_materializations_for_node("series")[0]
    assert materialised.metadata["conflicts"].value == 1


# --- the blocking check stops the run before the release -----------------------------------------


def _drop_a_row(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A series that forgets one (partner, indicator, year) its figures state."""
    return [r for r in rows if r["series_id"] != f"{PARTNER}:goods_trade:2021"]


def _phantom_figure(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A series row naming a figure that no document states (the counts kept consistent)."""
    for r in rows:
        if r["series_id"] == f"{PARTNER}:goods_trade:2021":
            r["figure_ids"] += f"{ID_SEPARATOR}peru-2022:000000000000"
            r["n_figures"] += 1
    return rows


@pytest.mark.parametrize("fault,reported", [
    (_drop_a_row, "has a partner and indicator but no series"),
    (_phantom_figure, "figures not in this release: peru-2022:000000000000"),
], ids=["row_dropped", "phantom_figure"])
def test_a_series_fault_fails_the_blocking_check_and_nothing_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    reported: str,
) -> None:
    """Through Dagster: the series asset computes a row that does not trace back (a fault injected
    into pipeline.series); its check fails with severity ERROR, and the release never runs."""
    raw, outputs = write_sheets(tmp_path / "raw"), tmp_path / "outputs"
    computed = series_module.series_rows
    monkeypatch.setattr(series_module, "series_rows", lambda figures: fault(computed(figures)))
    result = materialise(raw, outputs)
    assert not result.success
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in
                   (ev.event_specific_data for ev in result.all_events) if isinstance(e, dg.AssetCheckEvaluation)}
    check = evaluations[("series", "series_traces_to_figures")]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert reported in check.metadata["failure_cases"].value
    assert evaluations[("series", "schema")].passed  # the fault is one only the trace-back check sees
    assert evaluations[("figures", "schema")].passed
    assert result.asset_materializations_for_node("series")  # computed...
    assert not result.asset_materializations_for_node("release")  # ...but never published
    assert not (outputs / "latest").exists() and not (outputs / "releases").exists()
    monkeypatch.undo()  # the same inputs, without the fault, publish
    assert materialise(raw, outputs).success and (outputs / "latest" / "series.parquet").exists()
