"""outputs/index.html: every release with its date, content key, counts, status and links.

Rebuilt by the publisher (under the publish lock) each time it publishes or rolls back, from
releases.csv and each release's summary; written to a temporary file and renamed over the old
page, and only when its content changed, so a run that publishes nothing touches nothing.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.release import RELEASES_DIR, latest_release_id, read_index
from pipeline.report import templates
from pipeline.report_history import ReleaseSummary, history_charts, read_summary

INDEX_HTML = "index.html"
REPORT_HTML = "quality_report.html"
CHANGES_MD = "CHANGES.md"


@dataclass(frozen=True)
class IndexRow:
    release_id: str
    created_at: str
    content_key: str
    pipeline_version: str
    documents: str
    quarantined: str
    figures: str
    status: str
    status_class: str
    report: str | None  # relative link, when the release has a report
    changes: str | None


def _status(summary: ReleaseSummary | None, is_latest: bool) -> tuple[str, str]:
    parts = ["latest"] if is_latest else []
    if summary is None:
        return ", ".join([*parts, "unreadable"]), "FAILED"
    if summary.checks_failed:
        parts.append(f"{summary.checks_failed} checks failed")
    elif summary.checks_passed is not None:
        parts.append(f"{summary.checks_passed} checks passed")
    if summary.warnings:
        parts.append(f"{len(summary.warnings)} warnings ({', '.join(summary.warnings)})")
    elif summary.warnings is not None:
        parts.append("no warnings")
    return ", ".join(parts) or "published", "warning" if summary.warnings else "passed"


def index_rows(output_dir: Path) -> tuple[list[IndexRow], list[ReleaseSummary]]:
    """Every listed release, newest first, and the readable summaries, oldest first."""
    latest = latest_release_id(output_dir)
    rows, summaries = [], []
    for row in read_index(output_dir):
        release_id = row["release_id"]
        directory = output_dir / RELEASES_DIR / release_id
        summary = read_summary(directory)
        if summary is not None:
            summaries.append(summary)
        status, status_class = _status(summary, release_id == latest)
        link = f"{RELEASES_DIR}/{release_id}"
        rows.append(IndexRow(
            release_id=release_id, created_at=row.get("created_at", "").replace("T", " ").removesuffix("+00:00"),
            content_key=row.get("content_key", ""), pipeline_version=row.get("pipeline_version", ""),
            documents=f"{int(row.get('documents') or 0):,}", figures=f"{int(row.get('figures') or 0):,}",
            quarantined=f"{summary.quarantined:,}" if summary is not None else "",
            status=status, status_class=status_class,
            report=f"{link}/{REPORT_HTML}" if (directory / REPORT_HTML).exists() else None,
            changes=f"{link}/{CHANGES_MD}" if (directory / CHANGES_MD).exists() else None,
        ))
    return rows[::-1], summaries


def render_index(output_dir: Path) -> str:
    rows, summaries = index_rows(output_dir)
    charts = history_charts(summaries)[:2] if summaries else []  # rows per table, figures by kind
    return templates().get_template("index.html").render(
        releases=rows, latest=latest_release_id(output_dir), charts=charts)


def write_index(output_dir: Path) -> None:
    """Rewrite outputs/index.html when its content changed (temp file + rename)."""
    page = render_index(output_dir)
    path = output_dir / INDEX_HTML
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == page:
            return
    tmp = path.with_name(f".{INDEX_HTML}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(page)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
