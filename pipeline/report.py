"""The data-quality report of a release: HTML pages through Jinja2 templates, Markdown, CHANGES.md.

Pure: tables, coverage, check and warning results, the previous releases' summaries in;
strings out. The HTML comes from `report_templates/` (autoescaped: every value from the data is
text, never markup), with inline CSS and inline SVG charts only (no script, no network), so
every page opens from disk: the release report, one page per document (its text with every
figure and uncovered number marked) and the index of all releases (`pipeline.report_index`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import numbers
import urllib.parse
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
import numpy as np
import pandas as pd

from pipeline.extraction.coverage import Coverage, NumberMention
from pipeline.markdown import escape_markdown
from pipeline.quality_warnings import WARN_THRESHOLDS, WARNING_NAMES
from pipeline.report_charts import (
    COVERAGE_COLOURS,
    COVERAGE_STATUSES,
    KIND_COLOURS,
    Chart,
    colours_for,
    money,
    money_by_year,
    stacked_bars,
    top_rows,
)
from pipeline.report_drilldown import figure_anchor, records, segments
from pipeline.report_history import ReleaseSummary, history_charts, schema_changes
from pipeline.report_html import marked_text, table_html
from pipeline.report_profile import about_shares, money_magnitudes, profile_tables, years_chart
from pipeline.report_series import MAX_INDEX_ROWS, series_section
from pipeline.validation import CheckResult
from pipeline.version import PIPELINE_VERSION

__all__ = ["FigureChanges", "ReportData", "document_pages", "figure_changes", "money", "render_changes",
           "render_document", "render_html", "render_markdown"]

TEMPLATES = Path(__file__).resolve().parent / "report_templates"
DOCUMENTS_DIR = "documents"  # the document pages, in the release directory
MAX_ROWS = 200  # rows listed per table in the report; the counts always cover everything

@dataclass
class FigureChanges:
    """Figures compared by figure_id with the previous release."""

    previous_release: str | None
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # figure_id, doc_id, text_before/after, value_before/after, …
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)

    @property
    def first_release(self) -> bool:
        return self.previous_release is None


@dataclass
class ReportData:
    release_id: str
    tables: dict[str, pd.DataFrame]
    checks: list[CheckResult]
    coverage: dict[str, Coverage]
    changes: FigureChanges
    warnings: list[CheckResult] = field(default_factory=list)  # warn-level: never block a release
    history: list[ReleaseSummary] = field(default_factory=list)  # the releases published before this one
    schema: dict[str, dict[str, str]] = field(default_factory=dict)  # this release's Arrow schema per table


# --- computing ---------------------------------------------------------------------------------

_COMPARED = ("value", "value_max", "unit", "kind")


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise equality where two missing values are equal (and one missing is not)."""
    a_missing, b_missing = a.isna().to_numpy(), b.isna().to_numpy()
    equal = (a == b).fillna(False).to_numpy(dtype=bool)
    return pd.Series((a_missing & b_missing) | (~a_missing & ~b_missing & equal), index=a.index)


def figure_changes(
    current: dict[str, pd.DataFrame],
    previous: dict[str, pd.DataFrame] | None,
    previous_release: str | None,
) -> FigureChanges:
    """Added, removed and changed figures (value, value_max, unit or kind differ), by figure_id."""
    figures = current["figures"]
    columns = ["figure_id", "doc_id", "text", "kind", "value", "unit"]
    if previous is None:
        empty = figures.iloc[0:0][columns]
        return FigureChanges(None, figures[columns].copy(), empty.copy(), pd.DataFrame(), [], [])
    before = previous["figures"]
    added = figures[~figures["figure_id"].isin(before["figure_id"])][columns]
    removed = before[~before["figure_id"].isin(figures["figure_id"])][columns]
    compared = ["figure_id", "doc_id", "text", *_COMPARED]
    both = before[compared].merge(figures[compared], on="figure_id", suffixes=("_before", "_after"))
    differs = pd.Series(False, index=both.index)
    for c in _COMPARED:
        differs |= ~_same(both[f"{c}_before"], both[f"{c}_after"])
    changed = both[differs]
    keep = ["figure_id", "doc_id_after", "text_before", "text_after", "value_before", "value_after",
            "unit_before", "unit_after"]
    changed = changed[keep].rename(columns={"doc_id_after": "doc_id"}).reset_index(drop=True)
    docs_now, docs_then = set(current["documents"]["doc_id"]), set(previous["documents"]["doc_id"])
    return FigureChanges(previous_release, added.reset_index(drop=True), removed.reset_index(drop=True), changed,
                         sorted(docs_now - docs_then), sorted(docs_then - docs_now))


def _value_counts_order(items: list[tuple[int, int, str]]) -> list[tuple[str, int]]:
    """(kind, count) pairs, given in order of first appearance, in the order `Series.value_counts`
    lists them: pandas' descending sort (nargsort with numpy's default quicksort), ties included."""
    counts = np.array([n for _, n, _ in items])[::-1]
    order = np.arange(len(items))[::-1][counts.argsort(kind="quicksort")][::-1]
    return [(items[i][2], items[i][1]) for i in order.tolist()]


def document_summary(tables: dict[str, pd.DataFrame], coverage: dict[str, Coverage]) -> pd.DataFrame:
    """One row per document: size, declared vs counted words, figures by kind, dates, coverage."""
    documents, figures, dates = tables["documents"], tables["figures"], tables["dates"]
    doc_ids = documents["doc_id"].astype(str)
    per_kind = (pd.DataFrame({"doc_id": figures["doc_id"].to_numpy(), "kind": figures["kind"].to_numpy(),
                              "row": range(len(figures))})
                .groupby(["doc_id", "kind"], sort=False)["row"].agg(["size", "min"]))
    kinds: dict[str, list[tuple[int, int, str]]] = {}
    for key, n, first in zip(per_kind.index, per_kind["size"].tolist(), per_kind["min"].tolist(), strict=True):
        d, k = cast(tuple[str, str], key)
        kinds.setdefault(str(d), []).append((int(first), int(n), str(k)))
    by_kind = {d: ", ".join(f"{k} {n}" for k, n in _value_counts_order(sorted(items))) for d, items in kinds.items()}
    n_figures = {d: sum(n for _, n, _ in items) for d, items in kinds.items()}
    n_dates = dates.groupby("doc_id").size() if len(dates) else pd.Series(dtype="int64")
    quarantined = documents["status"] != "ok"
    status = documents["status"].astype(str).where(
        ~quarantined, documents["status"].astype(str) + ": " + documents["reason"].astype(str))
    declared = documents["declared_word_count"].astype("Int64")
    counted = documents["word_count"].astype("Int64")
    frame = pd.DataFrame({
        "document": doc_ids.to_numpy(),
        "status": status.to_numpy(),
        "characters": documents["n_chars"].astype("Int64").to_numpy(),
        "words declared": declared.to_numpy(),
        "words counted": counted.to_numpy(),
        "word difference": (counted - declared).to_numpy(),
        "figures": doc_ids.map(n_figures).fillna(0).astype("Int64").to_numpy(),
        "figures by kind": doc_ids.map(by_kind).fillna("").to_numpy(),
        "dates": doc_ids.map(n_dates).fillna(0).astype("Int64").to_numpy(),
        "uncovered numbers": pd.array([len(coverage[d].uncovered) if d in coverage else None for d in doc_ids],
                                      dtype="Int64"),
    })
    return frame


# --- formatting helpers ---------------------------------------------------------------------


def _cell(value: object) -> str:
    """A value as a table shows it: thousands separated, missing as empty. (Called per cell:
    the common types are tested first, pd.isna only for the rest.)"""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    if bool(pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value)


def _numeric(frame: pd.DataFrame, column: str) -> bool:
    return pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])


#: Columns whose value is also the cell's class (passed, FAILED, warning: coloured by the CSS).
STATUS_COLUMNS = frozenset({"result"})


@dataclass(frozen=True)
class Table:
    """A table as the `table` macro draws it: each cell as (class, text), rows not shown."""

    columns: list[str]
    numeric: list[bool]
    rows: list[list[tuple[str, str]]]
    hidden: int = 0
    links: list[str] | None = None  # per row, where its first cell links to


def table_of(frame: pd.DataFrame, limit: int = MAX_ROWS, total: int | None = None,
             links: list[str] | None = None) -> Table:
    """The first `limit` rows of `frame`, formatted; `total`: how many rows there are in all
    when `frame` holds only the first ones."""
    shown = frame.head(limit)
    hidden = (len(frame) if total is None else total) - len(shown)
    numeric = [_numeric(frame, c) for c in frame.columns]
    cells = []
    for column, is_numeric in zip(shown.columns, numeric, strict=True):  # column by column: no row objects
        texts = [_cell(v) for v in shown[column].tolist()]
        cls = "num" if is_numeric else ""
        cells.append([(t, t) for t in texts] if column in STATUS_COLUMNS else [(cls, t) for t in texts])
    return Table([str(c) for c in frame.columns], numeric,
                 [list(row) for row in zip(*cells, strict=True)] if cells else [], max(0, hidden),
                 links[:len(shown)] if links is not None else None)


def document_href(doc_id: str) -> str:
    """The document page of a release, relative to the release directory."""
    return f"{DOCUMENTS_DIR}/{urllib.parse.quote(doc_id, safe='')}.html"


@functools.cache
def templates() -> jinja2.Environment:
    """The report templates; autoescaped, and an undefined name is an error, not an empty string."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cell"] = _cell
    env.filters["pct"] = lambda share: f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"
    env.filters["count"] = _count
    env.globals["KIND_COLOURS"] = KIND_COLOURS
    env.globals["table_html"] = table_html
    return env


def _count(n: int, noun: str) -> str:
    """'1 figure', '2,040 figures': a count with its noun, in the plural when it is not one."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def render_chart(chart: Chart) -> str:
    """One chart as inline SVG (what the report pages embed)."""
    return templates().get_template("chart.html").render(chart=chart)


def _cards(data: ReportData) -> list[tuple[str, int, str]]:
    bad_when_any = ("checks failed", "quarantined", "uncovered numbers", "warnings")
    counts = {**_summary_counts(data), "warnings": sum(1 for w in data.warnings if not w.passed)}
    return [(label, n, "bad" if label in bad_when_any and n else "good" if label == "checks failed" else "")
            for label, n in counts.items()]


def warnings_frame(warnings: list[CheckResult]) -> pd.DataFrame:
    return pd.DataFrame([{"table": w.table, "warning": w.name, "expectation": w.description,
                          "result": "passed" if w.passed else "warning", "cases": w.n_failures}
                         for w in warnings], columns=["table", "warning", "expectation", "result", "cases"])


def release_summary(data: ReportData) -> ReleaseSummary:
    """What the history of later releases keeps of this one (written as summary.json)."""
    tables, documents = data.tables, data.tables["documents"]
    coverage_counts: dict[str, int] = {s: 0 for s in COVERAGE_STATUSES}
    for c in data.coverage.values():
        for status, n in c.counts().items():
            coverage_counts[status] = coverage_counts.get(status, 0) + n
    figures = tables["figures"]
    return ReleaseSummary(
        release_id=data.release_id,
        rows={name: len(frame) for name, frame in tables.items()},
        figures_by_kind={str(k): int(n) for k, n in figures["kind"].value_counts().items()},
        documents_ok=int((documents["status"] == "ok").sum()),
        quarantined=int((documents["status"] != "ok").sum()),
        schema=data.schema,
        checks_passed=sum(1 for c in data.checks if c.passed),
        checks_failed=sum(1 for c in data.checks if not c.passed),
        warnings=[w.name for w in data.warnings if not w.passed],
        coverage=coverage_counts,
        figures_per_document={str(d): int(n) for d, n in figures["doc_id"].value_counts(sort=False).items()},
        page_keys=page_keys(documents),
    )


def _history_table(history: list[ReleaseSummary]) -> pd.DataFrame:
    changed = {c.release_id for c in schema_changes(history)}
    return pd.DataFrame([{
        "release": s.release_id, "documents": s.rows.get("documents", 0), "figures": s.rows.get("figures", 0),
        "quarantined": s.quarantined,
        "checks failed": s.checks_failed, "warnings": ", ".join(s.warnings) if s.warnings is not None else None,
        "uncovered numbers": (s.coverage or {}).get("uncovered"),
        "schema changed": "yes" if s.release_id in changed else "",
    } for s in reversed(history)])


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    tables, figures, documents = data.tables, data.tables["figures"], data.tables["documents"]
    summary = document_summary(tables, data.coverage)
    doc_ids = [str(d) for d in documents["doc_id"]]
    quarantined = summary[documents["status"].to_numpy() != "ok"]
    kinds = list(figures["kind"].value_counts().index)
    kind_counts: dict[str, dict[str, int]] = {}
    for key, n in figures.groupby(["doc_id", "kind"], sort=False).size().items():
        d, k = cast(tuple[str, str], key)
        kind_counts.setdefault(str(d), {})[str(k)] = int(n)
    kind_rows, kind_note = top_rows([(d, {k: kind_counts.get(d, {}).get(k, 0) for k in kinds})
                                     for d, ok in zip(doc_ids, documents["status"] == "ok", strict=True) if ok],
                                    lambda v: (sum(v.values()),))
    coverage_rows, coverage_note = top_rows(
        [(doc_id, {s: c.counts().get(s, 0) for s in COVERAGE_STATUSES}) for doc_id, c in data.coverage.items()],
        lambda v: (v.get("uncovered", 0), sum(v.values())))
    uncovered, n_uncovered = listed_mentions(data.coverage, ("uncovered",))
    excluded, n_excluded = listed_mentions(data.coverage, ("excluded", "non_figure"), with_reason=True)
    history = [*data.history, release_summary(data)]
    added, removed, changed = _changes_frames(data.changes)
    context: dict[str, Any] = {
        "release_id": data.release_id,
        "changes_sentence": _changes_sentence(data.changes),
        "cards": _cards(data),
        "documents": table_of(summary, links=[document_href(d) for d in doc_ids]),
        "quarantined": table_of(quarantined[["document", "status"]], limit=len(quarantined))
        if len(summary) > MAX_ROWS and len(quarantined) else None,
        "document_links": [(d, document_href(d)) for d in doc_ids],
        "kinds_chart": stacked_bars(f"Figures by kind per document{kind_note}", kind_rows, kinds,
                                    colours_for(kinds)),
        "money_chart": money_by_year(figures),
        "coverage_chart": stacked_bars(f"Numbers in the text, by what the extractor made of them{coverage_note}",
                                       coverage_rows, COVERAGE_STATUSES, COVERAGE_COLOURS),
        "uncovered": table_of(uncovered, total=n_uncovered) if not uncovered.empty else None,
        "excluded": table_of(excluded, total=n_excluded),
        "n_excluded": n_excluded,
        "checks": table_of(checks_frame(data.checks)),
        "failures": [(f"{c.table}.{c.name} ({c.n_failures:,})", table_of(c.failures.astype(str)))
                     for c in data.checks if not c.passed],
        "warnings": table_of(warnings_frame(data.warnings)),
        "warning_cases": [(f"{w.table}.{w.name} ({w.n_failures:,})", table_of(w.failures.astype(str)))
                          for w in data.warnings if not w.passed],
        "thresholds": WARN_THRESHOLDS,
        "warnings_declared": len(WARNING_NAMES),
        "profiles": profile_tables(tables),
        "about": about_shares(figures),
        "magnitudes_chart": money_magnitudes(figures),
        "years_chart": years_chart(figures),
        "history_charts": history_charts(history),
        "history_table": table_of(_history_table(history), links=[
            f"../{s.release_id}/quality_report.html" for s in reversed(history)]),
        "schema_changes": [c for c in schema_changes(history) if c.release_id == data.release_id],
        "all_schema_changes": table_of(pd.DataFrame(
            [{"release": c.release_id, "since": c.previous_release, "table": c.table, "change": c.change}
             for c in reversed(schema_changes(history))], columns=["release", "since", "table", "change"])),
        **series_context(tables.get("series"), figures),
        "first_release": data.changes.first_release,
        "added": table_of(added), "removed": table_of(removed), "changed": table_of(changed),
        "n_added": len(added), "n_removed": len(removed), "n_changed": len(changed),
    }
    return templates().get_template("report.html").render(context)


def series_context(series: pd.DataFrame | None, figures: pd.DataFrame) -> dict[str, Any]:
    """What series.html shows: the section (`pipeline.report_series`), its index and conflicts as tables."""
    section = series_section(series, figures)
    if section is None:
        return {"series": None, "series_index": None, "series_conflicts": None}
    return {"series": section, "series_index": table_of(section.index, limit=MAX_INDEX_ROWS),
            "series_conflicts": table_of(section.conflicts)}


#: The columns of a document page's figures table, in order (those the figures table has).
PAGE_COLUMNS = ("text", "kind", "value", "value_max", "unit", "qualifier", "year", "subject", "partner",
                "indicator", "section", "rule")


def render_document(
    document: dict[str, Any], figures: list[dict[str, Any]], table: Table, coverage: Coverage | None,
    text: str | None,
) -> str:
    """One document's page: its text with every figure and every number not read as one marked.

    `document`: its row of the documents table; `figures`: its figure rows (`records`) in text
    order, and `table` the same rows as the page's figures table; `text`: None when the document
    is not readable. Nothing on the page names the release, so a later release whose document,
    rules and templates are the same can share the page (`page_keys`)."""
    mentions = coverage.mentions if coverage is not None else []
    kind_counts = Counter(str(row["kind"]) for row in figures)
    return templates().get_template("document.html").render(
        doc_id=str(document["doc_id"]),
        meta=[(k, _cell(document.get(k))) for k in ("title", "publisher", "published_date", "url", "status",
                                                    "reason", "n_chars", "word_count") if _cell(document.get(k))],
        text_html=marked_text(segments(text, figures, mentions)) if text is not None else None,
        kinds=[(k, kind_counts[k]) for k in KIND_COLOURS if k in kind_counts],
        n_figures=len(figures),
        n_uncovered=sum(1 for m in mentions if m.status == "uncovered"),
        n_excluded=sum(1 for m in mentions if m.status in ("excluded", "non_figure")),
        figures=table,
    )


def document_pages(
    data: ReportData, load: Callable[[str], str | None], skip: Collection[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """(href relative to the release, page) of every document not in `skip`.

    The figures table is read once for all pages: its rows as dicts and its cells formatted
    column by column, then each page takes its document's rows (no DataFrame per page). Only
    the rows of the pages to render are read: an incremental release that reuses every other
    page costs the new documents' rows, not the corpus's."""
    figures, documents = data.tables["figures"], data.tables["documents"]
    if skip:
        skipped = list(skip)
        figures = figures[~figures["doc_id"].isin(skipped)]
        documents = documents[~documents["doc_id"].isin(skipped)]
    rows = records(figures)
    shown = [c for c in PAGE_COLUMNS if c in figures.columns]
    numeric = [_numeric(figures, c) for c in shown]
    cells = [[("num" if is_numeric else "", _cell(v)) for v in figures[c].tolist()]
             for c, is_numeric in zip(shown, numeric, strict=True)]
    groups = figures.groupby("doc_id", sort=False).indices
    for document in records(documents):
        doc_id = str(document["doc_id"])
        positions = sorted(groups.get(doc_id, ()), key=lambda i: int(rows[i]["start"]))  # in text order
        table = Table(shown, numeric, [[column[i] for column in cells] for i in positions],
                      links=[f"#{figure_anchor(int(rows[i]['start']))}" for i in positions])
        yield document_href(doc_id), render_document(document, [rows[i] for i in positions], table,
                                                     data.coverage.get(doc_id), load(doc_id))


def page_keys(documents: pd.DataFrame) -> dict[str, str]:
    """What each document page is made of, as a key: the document's row (its text's sha256, its
    title, url…) and the pipeline version (rules, schemas and templates). Same key, same page."""
    return {str(row["doc_id"]): hashlib.sha256(
        (json.dumps(row, sort_keys=True, default=str) + PIPELINE_VERSION).encode()).hexdigest()[:16]
        for row in records(documents)}


def _md_escape(text: str) -> str:
    return escape_markdown(text)


def md_table(frame: pd.DataFrame, limit: int = MAX_ROWS, total: int | None = None) -> str:
    if frame.empty:
        return "None.\n"
    shown = frame.head(limit)
    hidden = (len(frame) if total is None else total) - len(shown)
    lines = ["| " + " | ".join(_md_escape(str(c)) for c in frame.columns) + " |",
             "|" + "|".join("---:" if _numeric(frame, c) else "---" for c in frame.columns) + "|"]
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(_md_escape(_cell(v)) for v in row) + " |")
    if hidden > 0:
        lines.append(f"\n{hidden:,} more rows not shown.")
    return "\n".join(lines) + "\n"


# --- sections ----------------------------------------------------------------------------------


def checks_frame(checks: list[CheckResult]) -> pd.DataFrame:
    return pd.DataFrame([{"table": c.table, "check": c.name, "description": c.description,
                          "result": "passed" if c.passed else "FAILED", "failing rows": c.n_failures}
                         for c in checks], columns=["table", "check", "description", "result", "failing rows"])


def mentions_frame(doc_id: str, mentions: Iterable[NumberMention], with_reason: bool = False) -> pd.DataFrame:
    rows = []
    for m in mentions:
        row: dict[str, object] = {"document": doc_id, "offset": m.start, "number": m.text,
                                  "context": f"…{m.before} [{m.text}] {m.after}…"}
        if with_reason:
            row["why not a figure"] = m.reason
        rows.append(row)
    return pd.DataFrame(rows)


def listed_mentions(
    coverage: dict[str, Coverage], statuses: tuple[str, ...], with_reason: bool = False, limit: int = MAX_ROWS
) -> tuple[pd.DataFrame, int]:
    """The first `limit` mentions of these statuses, document by document, and how many there are."""
    total = sum(c.counts().get(status, 0) for c in coverage.values() for status in statuses)
    frames = []
    room = limit
    for doc_id, c in coverage.items():
        if room <= 0:
            break
        chosen = [m for m in c.mentions if m.status in statuses][:room]
        if chosen:
            frames.append(mentions_frame(doc_id, chosen, with_reason))
            room -= len(chosen)
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), total


def _summary_counts(data: ReportData) -> dict[str, int]:
    documents = data.tables["documents"]
    return {
        "documents": len(documents),
        "quarantined": int((documents["status"] != "ok").sum()),
        "figures": len(data.tables["figures"]),
        "dates": len(data.tables["dates"]),
        "checks failed": sum(1 for c in data.checks if not c.passed),
        "uncovered numbers": sum(c.counts().get("uncovered", 0) for c in data.coverage.values()),
    }


def _changes_frames(changes: FigureChanges) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return changes.added, changes.removed, changes.changed


def _changes_sentence(changes: FigureChanges) -> str:
    if changes.first_release:
        return f"First release: no previous release to compare with; all {len(changes.added):,} figures are new."
    return (f"Since {changes.previous_release}: {len(changes.added):,} figures added, "
            f"{len(changes.removed):,} removed, {len(changes.changed):,} changed value; "
            f"{len(changes.documents_added)} documents added, {len(changes.documents_removed)} removed.")


def render_markdown(data: ReportData) -> str:
    """The same report as Markdown (charts are in the HTML version)."""
    lines = ["# Bilateral Figures — data-quality report", "",
             f"Release `{data.release_id}`. {_changes_sentence(data.changes)}", ""]
    lines += [f"- {label}: {n:,}" for label, n in _summary_counts(data).items()]
    lines += ["", "Charts are in `quality_report.html`.", "", "## Documents", "",
              md_table(summary := document_summary(data.tables, data.coverage))]
    quarantined = summary[data.tables["documents"]["status"].to_numpy() != "ok"]
    if len(summary) > MAX_ROWS and len(quarantined):
        lines += [f"### Quarantined documents ({len(quarantined):,})", "",
                  md_table(quarantined[["document", "status"]], limit=len(quarantined))]
    lines += ["## Coverage", "",
              "Numbers that are neither a figure, a date, a known non-figure nor excluded by a named rule:", ""]
    uncovered, n_uncovered = listed_mentions(data.coverage, ("uncovered",))
    lines.append(md_table(uncovered, total=n_uncovered) if not uncovered.empty
                 else "None: every number in the text is accounted for.\n")
    lines += ["## Validation", "", md_table(checks_frame(data.checks))]
    for check in data.checks:
        if not check.passed:
            lines += [f"### Failure cases: {check.table}.{check.name} ({check.n_failures:,})", "",
                      md_table(check.failures.astype(str))]
    lines += ["## Warnings", "", md_table(warnings_frame(data.warnings))]
    lines += ["## Changes since the previous release", "", render_changes_body(data.changes)]
    return "\n".join(lines)


def render_changes_body(changes: FigureChanges) -> str:
    lines = [_changes_sentence(changes), ""]
    if changes.first_release:
        return "\n".join(lines)
    for title, docs in (("Documents added", changes.documents_added), ("Documents removed", changes.documents_removed)):
        if docs:
            lines += [f"### {title}", "", *[f"- {escape_markdown(d)}" for d in docs], ""]
    added, removed, changed = _changes_frames(changes)
    for title, frame in (("Figures added", added), ("Figures removed", removed), ("Figures changed", changed)):
        lines += [f"### {title} ({len(frame):,})", "", md_table(frame)]
    return "\n".join(lines)


def render_changes(release_id: str, changes: FigureChanges) -> str:
    """CHANGES.md of a release."""
    return f"# Changes in release {release_id}\n\n{render_changes_body(changes)}"
