"""Validate, then publish: the one path by which tables become a release.

Besides the tables, every release holds quality_report.html/.md, one page per document under
documents/, summary.json (what later reports chart as history), CHANGES.md and datapackage.json,
written into the staging directory by the `extras` hook so the manifest hashes them too. After
each publish, outputs/index.html is rebuilt (the `index` hook).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import pandas as pd
import pyarrow.parquet as pq

from pipeline.corpus import cache_key, file_digest
from pipeline.datapackage import write_datapackage
from pipeline.dataset_card import package_metadata, render_card
from pipeline.extraction.coverage import Coverage, coverage_of_spans
from pipeline.extraction.structure import byline
from pipeline.quality_warnings import figures_per_document, quality_warnings
from pipeline.release import RELEASES_DIR, Extras, Inputs, Release, latest_release_id, publish
from pipeline.report import (
    DOCUMENTS_DIR,
    ReportData,
    document_href,
    document_pages,
    figure_changes,
    page_keys,
    release_summary,
    render_changes,
    render_html,
    render_markdown,
)
from pipeline.report_history import SUMMARY_JSON, published_summaries, read_summary, table_schemas
from pipeline.report_index import write_index
from pipeline.series import series_table
from pipeline.tables import ExtractionCache
from pipeline.texts import published_texts, write_texts
from pipeline.validation import (
    CheckKey,
    CheckResult,
    TextLoader,
    Trusted,
    ValidationError,
    texts_from,
    validate_or_quarantine,
)
from pipeline.version import PIPELINE_VERSION
from schemas.arrow import SCHEMA_VERSION, arrow_schema, declared_version, schema_differences


class Locations(Protocol):
    """Where a release is made from and written to: plain paths. The Dagster resource
    (PipelinePaths) has them, and so does `Paths` for callers without Dagster."""

    @property
    def raw(self) -> Path: ...

    @property
    def outputs(self) -> Path: ...

    @property
    def cache_dir(self) -> Path | None: ...


@dataclass(frozen=True)
class Paths:
    raw: Path
    outputs: Path
    cache_dir: Path | None = None


REPORT_HTML = "quality_report.html"
REPORT_MD = "quality_report.md"
CHANGES_MD = "CHANGES.md"
DATASET_CARD = "README.md"


def release_inputs(paths: Locations, documents: pd.DataFrame) -> Inputs:
    """The files a release is made of (sources.csv included) and the pipeline version."""
    files = [(str(name), str(sha) if isinstance(sha, str) else f"not read: {reason}")
             for name, sha, reason in zip(documents["file_name"], documents["sha256"], documents["reason"],
                                          strict=True)]
    sources = paths.raw / "sources.csv"
    if sources.exists():
        files.append(("sources.csv", file_digest(sources)[0]))
    return Inputs(tuple(sorted(files)), PIPELINE_VERSION)


def coverage_of_release(
    tables: dict[str, pd.DataFrame], load: TextLoader, cache: ExtractionCache | None = None
) -> dict[str, Coverage]:
    """Compact coverage of every readable document (no re-extraction).

    Read from the per-document summary cached with the document's rows (keyed by content and
    extractor version, computed once at extraction); a document without one is scanned from
    its text and the rows being published.
    """
    documents = tables["documents"]
    ok = documents[documents["status"] == "ok"]
    result: dict[str, Coverage] = {}
    groups: dict[str, dict[str, Any]] = {}

    def rows_of(name: str, doc_id: str) -> pd.DataFrame:
        if name not in groups:
            groups[name] = cast(dict[str, Any], tables[name].groupby("doc_id", sort=False).indices)
        positions = groups[name].get(doc_id)
        frame = tables[name]
        return frame.iloc[positions] if positions is not None else frame.iloc[0:0]

    for doc_id, sha, name in zip(ok["doc_id"].tolist(), ok["sha256"].tolist(), ok["file_name"].tolist(),
                                 strict=True):
        doc_id = str(doc_id)
        cached = cache.get_coverage(cache_key(str(sha), str(name))) if cache is not None else None
        if cached is not None:
            result[doc_id] = cached
            continue
        text = load(doc_id)
        if text is None:
            continue
        f, d = rows_of("figures", doc_id), rows_of("dates", doc_id)
        found = byline(text)
        result[doc_id] = coverage_of_spans(
            text,
            figures=list(zip(f["start"].astype(int), f["end"].astype(int), f["kind"].astype(str), strict=True)),
            dates=list(zip(d["start"].astype(int), d["end"].astype(int), d["precision"].astype(str), strict=True)),
            byline=(found.start, found.end) if found is not None else None,
            compact=True,
        )
    return result


#: The columns of the previous release that CHANGES.md and the report compare (figure_changes).
PREVIOUS_COLUMNS = {
    "figures": ("figure_id", "doc_id", "text", "kind", "value", "value_max", "unit"),
    "documents": ("doc_id", "status"),
}


def previous_tables(output_dir: Path) -> tuple[str | None, dict[str, pd.DataFrame] | None]:
    """The release `latest` points at (the one this run would follow) and its figures and documents."""
    previous = latest_release_id(output_dir)
    return previous, release_tables(output_dir, previous)


def release_tables(output_dir: Path, release_id: str | None) -> dict[str, pd.DataFrame] | None:
    """The figures and documents of a release that CHANGES.md and the warnings compare with."""
    if release_id is None:
        return None
    directory = output_dir / RELEASES_DIR / release_id
    try:
        return {name: pd.read_parquet(directory / f"{name}.parquet", columns=list(columns))
                for name, columns in PREVIOUS_COLUMNS.items()}
    except (OSError, ValueError):
        return None  # unreadable: report as if there were nothing to compare with


def schema_checks(output_dir: Path, tables: list[str]) -> list[CheckResult]:
    """Each table's Arrow schema equals the previous release's, unless schemas/arrow.py declares a change.

    A previous table written under another SCHEMA_VERSION (or before versions were declared)
    may differ; one written under this version must be identical, column for column.
    """
    previous = latest_release_id(output_dir)
    results = []
    for name in tables:
        changes: list[str] = []
        path = output_dir / RELEASES_DIR / previous / f"{name}.parquet" if previous else None
        if path is not None and path.exists():
            try:
                before = pq.read_schema(path)
            except (OSError, ValueError):
                before = None
            if before is not None and declared_version(before) == SCHEMA_VERSION:
                changes = schema_differences(before, arrow_schema(name))
        failures = pd.DataFrame({"previous_release": previous, "change": changes}) if changes else pd.DataFrame()
        results.append(CheckResult(
            "schema_as_declared", name, not changes,
            f"Arrow schema equals release {previous}'s, or its change is declared in schemas/arrow.py"
            if previous else "Arrow schema declared in schemas/arrow.py (first release)", failures))
    return results


def warnings_since(
    tables: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame] | None
) -> list[CheckResult]:
    """The warn-level checks of these tables against the previous release's (None: a first release)."""
    before = figures_per_document(previous["figures"]) if previous is not None else None
    readable = int((previous["documents"]["status"] == "ok").sum()) if previous is not None else None
    return quality_warnings(tables["documents"], tables["figures"], before, readable)


#: Beside the extraction cache: per release, the row key of each document it published (validated).
VALIDATED_DIR = "validated"


def row_keys(documents: pd.DataFrame, cache: ExtractionCache) -> dict[str, str]:
    """Each readable document's row key: its page key (its documents row, the text's sha256
    included, and the pipeline version: `page_keys`) with the digest of the cache entry its rows
    come from (`ExtractionCache.entry_digest`). Same key, same rows, byte for byte."""
    pages = page_keys(documents)
    ok = documents[documents["status"] == "ok"]
    keys = {}
    for doc_id, sha, name in zip(ok["doc_id"].tolist(), ok["sha256"].tolist(), ok["file_name"].tolist(),
                                 strict=True):
        digest = cache.entry_digest(cache_key(str(sha), str(name)))
        if digest is not None:
            keys[str(doc_id)] = hashlib.sha256(f"{pages[str(doc_id)]}:{digest}".encode()).hexdigest()[:24]
    return keys


def _validated_path(cache_dir: Path, release_id: str) -> Path:
    return cache_dir.parent / VALIDATED_DIR / f"{release_id}.json"


def record_validated(cache_dir: Path | None, release_id: str, keys: dict[str, str]) -> None:
    """Keep the row keys of a release's documents (whose rows it validated and published) for
    the runs that follow it (`trusted_documents`). Not part of the release: bookkeeping of this
    output directory's cache, which nothing published depends on."""
    if cache_dir is None:
        return
    path = _validated_path(cache_dir, release_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return  # the next run validates every row again: slower, never wrong


def trusted_documents(paths: Locations, documents: pd.DataFrame) -> Trusted:
    """The documents whose rows this run need not validate again: those whose row key is the one
    recorded when the release `latest` points at was published. Same key, same rows (from the
    same cache entry, for the same documents row and code), which passed every check then; a
    document a check quarantined has another documents row, so another key."""
    previous = latest_release_id(paths.outputs)
    if previous is None or paths.cache_dir is None:
        return frozenset()
    try:
        published = json.loads(_validated_path(paths.cache_dir, previous).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(published, dict):
        return frozenset()
    current = row_keys(documents, ExtractionCache(paths.cache_dir))
    return frozenset(doc_id for doc_id, key in current.items() if published.get(doc_id) == key)


def write_document_pages(directory: Path, data: ReportData, load: TextLoader, previous: Path | None) -> int:
    """documents/<doc_id>.html for every document: its text with each figure and uncovered number
    marked. A page of the `previous` release made of the same document, rules and templates (same
    page key) is hard-linked rather than rendered again: releases are immutable, so they can
    share the file. Returns how many pages were rendered."""
    (directory / DOCUMENTS_DIR).mkdir()
    reused: set[str] = set()
    summary = read_summary(previous) if previous is not None else None
    if previous is not None and summary is not None:
        for doc_id, key in page_keys(data.tables["documents"]).items():
            href = document_href(doc_id)
            if summary.page_keys.get(doc_id) == key:
                try:
                    os.link(previous / href, directory / href)
                except OSError:
                    continue  # gone, or another file system: rendered below
                reused.add(doc_id)
    rendered = 0
    for href, page in document_pages(data, load, skip=reused):
        (directory / href).write_text(page, encoding="utf-8")
        rendered += 1
    return rendered


def release_extras(paths: Locations, checks: list[CheckResult], load: TextLoader) -> Extras:
    """The hook that writes the texts, the report, its document pages, summary.json, CHANGES.md
    and datapackage.json into the staged release (coverage is read for it here: only a release
    being written needs it)."""

    def write(staging: Path, release_id: str, previous_id: str | None, tables: dict[str, pd.DataFrame]) -> None:
        previous = release_tables(paths.outputs, previous_id)  # called under the publish lock
        write_texts(staging, tables["documents"], load,
                    paths.outputs / RELEASES_DIR / previous_id if previous_id is not None else None)
        published = published_texts(staging)  # read back from the release: no raw file converted again
        cache = ExtractionCache(paths.cache_dir)
        coverage = coverage_of_release(tables, published, cache)
        changes = figure_changes(tables, previous, previous_id if previous is not None else None)
        data = ReportData(release_id, tables, checks, coverage, changes,
                          warnings=warnings_since(tables, previous),
                          history=published_summaries(paths.outputs),
                          schema=table_schemas(staging, list(tables)))
        (staging / REPORT_HTML).write_text(render_html(data), encoding="utf-8")
        write_document_pages(staging, data, published,
                             paths.outputs / RELEASES_DIR / previous_id if previous_id is not None else None)
        (staging / SUMMARY_JSON).write_text(release_summary(data).to_json(), encoding="utf-8")
        (staging / REPORT_MD).write_text(render_markdown(data), encoding="utf-8")
        (staging / CHANGES_MD).write_text(render_changes(release_id, changes), encoding="utf-8")
        created = dt.datetime.now(dt.UTC).replace(microsecond=0)
        (staging / DATASET_CARD).write_text(render_card(release_id, created, tables), encoding="utf-8")
        write_datapackage(staging, release_id, list(tables), package_metadata(created, tables["documents"]))
        record_validated(paths.cache_dir, release_id, row_keys(tables["documents"], cache))

    return write


def publish_tables(
    paths: Locations, tables: dict[str, pd.DataFrame], already_passed: frozenset[CheckKey] = frozenset()
) -> Release:
    """Every check must pass before anything is written: a document whose own rows fail a check
    is quarantined with the check and the row (the rest is published); any other failure stops
    the release, all failures reported at once (`validate_or_quarantine`).

    `already_passed`: checks, by (table, name), that passed on exactly these tables earlier in
    the same run (the release asset passes its run's blocking asset checks); they are not run
    twice. Every other check runs here; by default, all of them.

    Inputs published already (the same content key: same files, same pipeline version) are
    neither validated nor reported again: `publish` finds their release and only points `latest`
    at it. Validation, coverage, the report and CHANGES.md are made only for a new release.
    (Quarantining keeps every file's sha256, so the key is the same before and after it.)
    """
    if "series" not in tables:  # derived from figures: every release publishes it
        tables = {**tables, "series": series_table(tables["figures"])}
    inputs = release_inputs(paths, tables["documents"])

    def contents() -> tuple[dict[str, pd.DataFrame], Extras]:
        load = texts_from(paths.raw, tables["documents"])
        validated, results = validate_or_quarantine(tables, load, already_passed)
        schema = schema_checks(paths.outputs, list(validated))  # no document explains a schema change
        results += schema
        if not all(r.passed for r in schema):
            raise ValidationError(results)
        return validated, release_extras(paths, results, load)

    return publish(paths.outputs, contents, inputs, index=write_index)
