"""The history of a dataset across releases: one summary per release, and what changed.

Every release stores `summary.json` (row counts, figures by kind, checks, warnings, coverage
and the Arrow schema of each table), so the next report charts the history without reading
old tables. A release published before summaries existed is summarised from its manifest
and Parquet files, and what cannot be known for it (checks, coverage) is left as a gap.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from pipeline.release import RELEASES_DIR, read_index
from pipeline.report_charts import (
    COVERAGE_COLOURS,
    COVERAGE_STATUSES,
    KIND_COLOURS,
    MAX_COLUMNS,
    Chart,
    lines,
    stacked_columns,
)

SUMMARY_JSON = "summary.json"


@dataclass
class ReleaseSummary:
    """What the history charts of one release: small, and JSON as written into the release."""

    release_id: str
    rows: dict[str, int]
    figures_by_kind: dict[str, int]
    documents_ok: int
    quarantined: int
    schema: dict[str, dict[str, str]]  # table -> column -> Arrow type
    checks_passed: int | None = None  # None: not recorded by the release (older than summaries)
    checks_failed: int | None = None
    warnings: list[str] | None = None  # names of the warnings raised
    coverage: dict[str, int] | None = None  # numbers in the text by coverage status
    figures_per_document: dict[str, int] = field(default_factory=dict)
    page_keys: dict[str, str] = field(default_factory=dict)  # document pages by what they are made of

    @property
    def date(self) -> str:
        return self.release_id[:10]

    @property
    def content_key(self) -> str:
        return self.release_id[11:]

    @property
    def short_label(self) -> str:
        """'11-25 a02e': month-day and the key's start, enough to tell releases apart on an axis."""
        return f"{self.release_id[5:10]} {self.content_key[:4]}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReleaseSummary:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def table_schemas(directory: Path, tables: list[str]) -> dict[str, dict[str, str]]:
    """The Arrow schema (column -> type) of each table's Parquet file in a release directory."""
    schemas = {}
    for name in tables:
        path = directory / f"{name}.parquet"
        if path.exists():
            schema = pq.read_schema(path)
            schemas[name] = {f.name: str(f.type) for f in schema}
    return schemas


def _derived_summary(directory: Path) -> ReleaseSummary | None:
    """A summary of a release without summary.json, from its manifest and Parquet files."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        rows = {str(k): int(v) for k, v in manifest["row_counts"].items()}
        kinds = pd.read_parquet(directory / "figures.parquet", columns=["kind", "doc_id"])
        status = pd.read_parquet(directory / "documents.parquet", columns=["status"])["status"]
        schema = table_schemas(directory, list(rows))
    except (OSError, ValueError, KeyError):
        return None
    return ReleaseSummary(
        release_id=directory.name, rows=rows,
        figures_by_kind={str(k): int(n) for k, n in kinds["kind"].value_counts().items()},
        documents_ok=int((status == "ok").sum()), quarantined=int((status != "ok").sum()), schema=schema,
        figures_per_document={str(d): int(n) for d, n in kinds["doc_id"].value_counts(sort=False).items()},
    )


def read_summary(directory: Path) -> ReleaseSummary | None:
    """The release's summary.json, or one derived from its files; None when it is unreadable."""
    path = directory / SUMMARY_JSON
    if path.exists():
        try:
            return ReleaseSummary.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass
    return _derived_summary(directory)


def published_summaries(output_dir: Path) -> list[ReleaseSummary]:
    """Every listed release that can be read, in publishing order."""
    found = []
    for row in read_index(output_dir):
        summary = read_summary(output_dir / RELEASES_DIR / row["release_id"])
        if summary is not None:
            found.append(summary)
    return found


@dataclass(frozen=True)
class SchemaChange:
    release_id: str
    previous_release: str
    table: str
    change: str


def schema_changes(history: list[ReleaseSummary]) -> list[SchemaChange]:
    """Tables and columns added or removed, and column types changed, release by release."""
    changes = []
    for before, after in itertools.pairwise(history):
        for table in sorted(set(before.schema) | set(after.schema)):
            if table not in before.schema:
                changes.append(SchemaChange(after.release_id, before.release_id, table, "table added"))
                continue
            if table not in after.schema:
                changes.append(SchemaChange(after.release_id, before.release_id, table, "table removed"))
                continue
            old, new = before.schema[table], after.schema[table]
            for column in new:
                if column not in old:
                    changes.append(SchemaChange(after.release_id, before.release_id, table,
                                                f"column {column} added ({new[column]})"))
                elif old[column] != new[column]:
                    changes.append(SchemaChange(after.release_id, before.release_id, table,
                                                f"column {column}: {old[column]} → {new[column]}"))
            changes.extend(SchemaChange(after.release_id, before.release_id, table, f"column {column} removed")
                           for column in old if column not in new)
    return changes


def history_charts(history: list[ReleaseSummary]) -> list[Chart]:
    """Rows per table, figures by kind, checks and warnings, coverage and quarantines, release by release."""
    shown = history[-MAX_COLUMNS:]
    note = f" (latest {len(shown)} of {len(history)} releases)" if len(shown) < len(history) else ""
    labels = [s.short_label for s in shown]
    tables = list(dict.fromkeys(t for s in shown for t in s.rows))
    kinds = [k for k in KIND_COLOURS if any(k in s.figures_by_kind for s in shown)]
    check_colours = {"checks passed": "#009E73", "checks failed": "#B3261E", "warnings raised": "#E69F00"}
    return [
        lines(f"Rows per table{note}", labels, {t: [s.rows.get(t) for s in shown] for t in tables}),
        stacked_columns(f"Figures by kind{note}", [(s.short_label, {k: float(s.figures_by_kind.get(k, 0))
                                                                     for k in kinds}) for s in shown],
                        kinds, {k: KIND_COLOURS[k] for k in kinds}),
        stacked_columns(f"Checks passed and failed, warnings raised{note}",
                        [(s.short_label, _check_counts(s)) for s in shown], list(check_colours), check_colours),
        stacked_columns(f"Numbers in the text by coverage status{note}",
                        [(s.short_label, {k: float(v) for k, v in (s.coverage or {}).items()}) for s in shown],
                        COVERAGE_STATUSES, COVERAGE_COLOURS),
        stacked_columns(f"Documents: readable and quarantined{note}",
                        [(s.short_label, {"ok": float(s.documents_ok), "quarantined": float(s.quarantined)})
                         for s in shown], ["ok", "quarantined"], {"ok": "#0072B2", "quarantined": "#D55E00"}),
    ]


def _check_counts(summary: ReleaseSummary) -> dict[str, float]:
    counts: dict[str, float] = {}
    if summary.checks_passed is not None:
        counts["checks passed"] = float(summary.checks_passed)
    if summary.checks_failed is not None:
        counts["checks failed"] = float(summary.checks_failed)
    if summary.warnings is not None:
        counts["warnings raised"] = float(len(summary.warnings))
    return counts
