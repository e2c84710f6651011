"""Rows validated when they were published are not validated again: an incremental run checks
the new documents' rows (and what spans the whole table), not the corpus.

A document is trusted when its row key (its documents row, the pipeline version and the digest
of the cache entry its rows come from) is the one recorded when the release `latest` points at
was published; anything else is validated as in a first run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import trusted_documents
from pipeline.validation import no_overlap_check, schema_check, span_checks, stable_ids_check
from tests.runs import materialise
from tests.test_checks import FACT_SHEET, _inject_figure

FORUM = "us-mexico-bilateral-forum-higher-education-2020"


def _figures(output_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(output_dir / "latest" / "figures.parquet")


def test_published_documents_are_trusted_and_new_or_changed_ones_are_not(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    documents = pd.read_parquet(output_dir / "latest" / "documents.parquet")
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    assert trusted_documents(paths, documents) == {FACT_SHEET, FORUM}

    changed = documents.copy()
    changed.loc[changed["doc_id"] == FORUM, "title"] = "Another title"  # sources.csv edited: a new row
    assert trusted_documents(paths, changed) == {FACT_SHEET}

    _inject_figure(output_dir, raw_copy)  # the fact sheet's rows now come from another cache entry
    assert trusted_documents(paths, documents) == {FORUM}

    uncached = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir), use_cache=False)
    assert trusted_documents(uncached, documents) == frozenset()  # no record without a cache


def test_nothing_is_trusted_before_a_first_release(raw_copy: Path, output_dir: Path) -> None:
    documents = pd.DataFrame({"doc_id": ["a"], "status": ["ok"], "sha256": ["0" * 64], "file_name": ["a.txt"]})
    assert trusted_documents(PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir)), documents) == set()


def test_a_bad_row_of_a_new_document_is_still_caught_in_an_incremental_run(raw_copy: Path, output_dir: Path) -> None:
    """The injected row is in a new cache entry: its document is validated, and quarantined."""
    assert materialise(raw_copy, output_dir).success
    _inject_figure(output_dir, raw_copy)
    (raw_copy / "port-note.txt").write_text("Port Note\n\nThe port moved 4.2 million containers in 2021.\n",
                                            encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    documents = pd.read_parquet(output_dir / "latest" / "documents.parquet").set_index("doc_id")
    assert documents.loc[FACT_SHEET, "status"] == "quarantined"
    assert "spans_match_text" in str(documents.loc[FACT_SHEET, "reason"])
    assert documents.loc["port-note", "status"] == "ok" and documents.loc[FORUM, "status"] == "ok"


def test_schema_check_skips_trusted_rows_but_not_values_they_share(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    figures = _figures(output_dir)
    bad = figures.copy()
    first_forum = int(bad.index[bad["doc_id"] == FORUM][0])
    bad.loc[first_forum, "kind"] = "gizmo"  # a row the schema refuses, in the forum document
    assert not schema_check("figures", bad).passed
    assert schema_check("figures", bad, trusted=frozenset({FORUM})).passed  # its rows are not validated
    failed = schema_check("figures", bad, trusted=frozenset({FACT_SHEET}))
    assert not failed.passed and set(failed.failures["column"]) == {"kind"}

    # A figure_id of a checked row that a trusted row also has: still a duplicate.
    dup = figures.copy()
    first_fact = int(dup.index[dup["doc_id"] == FACT_SHEET][0])
    dup.loc[first_forum, "figure_id"] = dup.loc[first_fact, "figure_id"]
    failed = schema_check("figures", dup, trusted=frozenset({FACT_SHEET}))
    assert not failed.passed
    cases = failed.failures[failed.failures["check"] == "field_uniqueness"]
    assert set(cases["index"]) == {str(first_forum), str(first_fact)}


def test_row_checks_skip_trusted_documents_and_read_no_text_of_theirs(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    tables = {name: pd.read_parquet(output_dir / "latest" / f"{name}.parquet")
              for name in ("figures", "dates", "sections")}
    read: list[str] = []

    def load(doc_id: str) -> str | None:
        read.append(doc_id)
        return (raw_copy / f"{doc_id}.txt").read_text(encoding="utf-8")

    assert all(r.passed for r in span_checks(tables, load, trusted=frozenset({FACT_SHEET})))
    assert set(read) == {FORUM}

    figures = tables["figures"].copy()
    forum = figures.index[figures["doc_id"] == FORUM]
    figures.loc[forum[1], "start"] = figures.loc[forum[0], "start"]  # two forum figures overlap
    figures.loc[forum[1], "figure_id"] = "not-an-id"
    assert no_overlap_check(figures, trusted=frozenset({FORUM})).passed
    assert not no_overlap_check(figures, trusted=frozenset({FACT_SHEET})).passed
    assert stable_ids_check(figures, trusted=frozenset({FORUM})).passed
    assert not stable_ids_check(figures, trusted=frozenset({FACT_SHEET})).passed


def test_the_record_of_validated_rows_is_kept_beside_the_cache_not_in_the_release(
    raw_copy: Path, output_dir: Path
) -> None:
    assert materialise(raw_copy, output_dir).success
    release = (output_dir / "latest").resolve()
    record = output_dir / ".cache" / "validated" / f"{release.name}.json"
    assert record.is_file()
    assert not list(release.rglob("validated*"))
