"""Validation runs once per run, and a release is never published from tables that failed it.

The release asset skips only the checks that passed on its tables earlier in the same run
(`checks_passed_in_run`); `publish_tables` runs every other check.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.checks import CHECK_KEYS, checks_passed_in_run
from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import publish_tables
from pipeline.series import series_table
from pipeline.validation import ValidationError, texts_from, validate_all
from tests.runs import materialise
from tests.test_checks import _inject_figure, _release_state

TABLES = ("documents", "figures", "dates", "acronyms", "sections", "series")


def _tables(result: dg.ExecuteInProcessResult) -> dict[str, pd.DataFrame]:
    tables = {"documents": result.output_for_node("documents")}
    for name in TABLES[1:-1]:
        tables[name] = result.output_for_node("extracted", name)
    tables["series"] = series_table(tables["figures"])  # what the series asset computes (when figures pass)
    return tables


def test_every_check_passed_in_a_clean_run_is_trusted(raw_copy: Path, output_dir: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialise(raw_copy, output_dir, instance=instance)
        assert result.success
        tables = _tables(result)
        assert checks_passed_in_run(instance, result.run_id, tables) == CHECK_KEYS
        # Another run's evaluations, or tables of another size, are not these tables' checks.
        assert checks_passed_in_run(instance, "another-run", tables) == frozenset()
        fewer = {**tables, "figures": tables["figures"].iloc[1:]}
        trusted = checks_passed_in_run(instance, result.run_id, fewer)
        assert trusted and not any(table == "figures" for table, _ in trusted)


def test_a_failed_check_is_never_trusted(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = _release_state(output_dir)
    _inject_figure(output_dir, raw_copy, doc_id="ghost", figure_id="ghost:" + "0" * 12)  # no document: blocks
    (raw_copy / "extra-note.txt").write_text("The fund disbursed $12 million in 2022.\n", encoding="utf-8")
    failing = {("figures", "spans_match_text"), ("figures", "doc_id_in_documents")}
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialise(raw_copy, output_dir, instance=instance)
        assert not result.success
        tables = _tables(result)
        trusted = checks_passed_in_run(instance, result.run_id, tables)
        assert not failing & trusted
        assert ("figures", "schema") in trusted  # it did pass
        # Publishing these tables with what the run trusts still runs the failed checks, and refuses.
        with pytest.raises(ValidationError) as raised:
            publish_tables(PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir)), tables, trusted)
    assert {(r.table, r.name) for r in raised.value.results} == failing
    assert _release_state(output_dir) == before


def test_checks_not_already_passed_always_run(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    tables = {name: pd.read_parquet(output_dir / "latest" / f"{name}.parquet") for name in TABLES}
    tables["figures"].loc[0, "kind"] = "gizmo"
    tables["figures"].loc[2, "end"] = tables["figures"].loc[2, "end"] + 1
    load = texts_from(raw_copy, tables["documents"])

    every = validate_all(tables, load)
    failed = {(r.table, r.name) for r in every if not r.passed}
    assert failed == {("figures", "schema"), ("figures", "spans_match_text")}
    assert {(r.table, r.name) for r in every} == CHECK_KEYS

    # Skipping other checks changes nothing about these two: they still run and fail.
    skipped = validate_all(tables, load, CHECK_KEYS - failed)
    assert {(r.table, r.name) for r in skipped if not r.passed} == failed
    assert [(r.table, r.name, r.description) for r in skipped] == [(r.table, r.name, r.description) for r in every]

