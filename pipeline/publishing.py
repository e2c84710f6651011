"""Validate, then publish: the one path by which tables become a release.

Besides the tables, every release holds quality_report.html/.md, CHANGES.md and
datapackage.json, written into the staging directory by the `extras` hook so the manifest
hashes them too.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.datapackage import write_datapackage
from pipeline.extraction.coverage import Coverage, coverage_of_spans
from pipeline.extraction.structure import byline
from pipeline.release import RELEASES_DIR, Extras, Inputs, Release, latest_release_id, publish
from pipeline.report import ReportData, figure_changes, render_changes, render_html, render_markdown
from pipeline.resources import PipelinePaths
from pipeline.validation import CheckResult, TextLoader, ValidationError, texts_from, validate_all
from pipeline.version import PIPELINE_VERSION

REPORT_HTML = "quality_report.html"
REPORT_MD = "quality_report.md"
CHANGES_MD = "CHANGES.md"


def release_inputs(paths: PipelinePaths, documents: pd.DataFrame) -> Inputs:
    """The files a release is made of (sources.csv included) and the pipeline version."""
    files = [(str(name), str(sha)) for name, sha in zip(documents["file_name"], documents["sha256"], strict=True)]
    sources = paths.raw / "sources.csv"
    if sources.exists():
        from pipeline.release import sha256_file

        files.append(("sources.csv", sha256_file(sources)))
    return Inputs(tuple(sorted(files)), PIPELINE_VERSION)


def coverage_of_release(tables: dict[str, pd.DataFrame], load: TextLoader) -> dict[str, Coverage]:
    """Coverage of every readable document, from the rows being published (no re-extraction)."""
    figures = tables["figures"].groupby("doc_id")
    dates = tables["dates"].groupby("doc_id")
    result: dict[str, Coverage] = {}
    for doc_id in tables["documents"].loc[tables["documents"]["status"] == "ok", "doc_id"]:
        text = load(str(doc_id))
        if text is None:
            continue
        f = figures.get_group(doc_id) if doc_id in figures.groups else tables["figures"].iloc[0:0]
        d = dates.get_group(doc_id) if doc_id in dates.groups else tables["dates"].iloc[0:0]
        found = byline(text)
        result[str(doc_id)] = coverage_of_spans(
            text,
            figures=list(zip(f["start"].astype(int), f["end"].astype(int), f["kind"].astype(str), strict=True)),
            dates=list(zip(d["start"].astype(int), d["end"].astype(int), d["precision"].astype(str), strict=True)),
            byline=(found.start, found.end) if found is not None else None,
        )
    return result


def previous_tables(output_dir: Path) -> tuple[str | None, dict[str, pd.DataFrame] | None]:
    """The release `latest` points at (the one this release follows) and its figures and documents."""
    previous = latest_release_id(output_dir)
    if previous is None:
        return None, None
    directory = output_dir / RELEASES_DIR / previous
    try:
        return previous, {name: pd.read_parquet(directory / f"{name}.parquet") for name in ("figures", "documents")}
    except (OSError, ValueError):
        return previous, None  # unreadable: report as if there were nothing to compare with


def release_extras(paths: PipelinePaths, checks: list[CheckResult], coverage: dict[str, Coverage]) -> Extras:
    """The hook that writes the report, CHANGES.md and datapackage.json into the staged release."""

    def write(staging: Path, release_id: str, tables: dict[str, pd.DataFrame]) -> None:
        previous_id, previous = previous_tables(paths.outputs)  # called under the publish lock
        changes = figure_changes(tables, previous, previous_id if previous is not None else None)
        data = ReportData(release_id, tables, checks, coverage, changes)
        (staging / REPORT_HTML).write_text(render_html(data), encoding="utf-8")
        (staging / REPORT_MD).write_text(render_markdown(data), encoding="utf-8")
        (staging / CHANGES_MD).write_text(render_changes(release_id, changes), encoding="utf-8")
        write_datapackage(staging, release_id, list(tables))

    return write


def publish_tables(paths: PipelinePaths, tables: dict[str, pd.DataFrame]) -> Release:
    """Every check must pass (all failures are reported at once) before anything is written."""
    load = texts_from(paths.raw, tables["documents"])
    results = validate_all(tables, load)
    if not all(r.passed for r in results):
        raise ValidationError(results)
    coverage = coverage_of_release(tables, load)
    return publish(paths.outputs, tables, release_inputs(paths, tables["documents"]),
                   extras=release_extras(paths, results, coverage))
