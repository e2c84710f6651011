"""Size and render time of the quality report: `python -m bench.report --raw DIR --output DIR`.

OUTPUT must hold a release of RAW (publish it once with `python -m pipeline run`). The tables
are read back from `latest`, coverage comes from the extraction cache and the checks are run
once, untimed; then only the report is timed, best of --repeat: the report page, every document
page (rendered, as in a first release; and shared with the release itself, as a release that
follows one of the same documents, rules and templates does), summary.json, the Markdown report
and the index. Prints sizes (bytes) and seconds as JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.publishing import coverage_of_release, previous_tables, warnings_since, write_document_pages
from pipeline.release import LATEST
from pipeline.report import ReportData, figure_changes, release_summary, render_html, render_markdown
from pipeline.report_history import published_summaries, table_schemas
from pipeline.report_index import render_index
from pipeline.tables import ExtractionCache
from pipeline.validation import texts_from, validate_all

TABLES = ("documents", "figures", "dates", "acronyms", "sections")


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(raw: Path, output: Path, repeat: int) -> dict[str, Any]:
    release = (output / LATEST).resolve()
    tables = {name: pd.read_parquet(release / f"{name}.parquet") for name in TABLES}
    load = texts_from(raw, tables["documents"])
    checks = validate_all(tables, load)
    coverage = coverage_of_release(tables, load, ExtractionCache(output / ".cache" / "extractions"))
    _, previous = previous_tables(output)
    data = ReportData(release.name, tables, checks, coverage, figure_changes(tables, previous, None),
                      warnings=warnings_since(tables, previous), history=published_summaries(output),
                      schema=table_schemas(release, list(tables)))
    report = render_html(data)
    with tempfile.TemporaryDirectory() as scratch:
        pages = Path(scratch) / "pages"
        pages.mkdir()

        def write_pages(previous: Path | None = None) -> None:
            target = Path(tempfile.mkdtemp(dir=pages))
            write_document_pages(target, data, texts_from(raw, tables["documents"]), previous)

        write_pages()
        page_sizes = [p.stat().st_size for p in next(pages.iterdir()).glob("documents/*.html")]
        seconds = {
            "report_html": best_of(repeat, lambda: render_html(data)),
            "document_pages": best_of(repeat, write_pages),
            "document_pages_shared": best_of(repeat, lambda: write_pages(release)),
            "summary_json": best_of(repeat, lambda: release_summary(data).to_json()),
            "report_md": best_of(repeat, lambda: render_markdown(data)),
            "index_html": best_of(repeat, lambda: render_index(output)),
        }
    return {
        "documents": len(tables["documents"]), "figures": len(tables["figures"]),
        "bytes": {"report_html": len(report.encode()), "document_pages_total": sum(page_sizes),
                  "document_page_largest": max(page_sizes, default=0),
                  "document_page_median": sorted(page_sizes)[len(page_sizes) // 2] if page_sizes else 0,
                  "index_html": len(render_index(output).encode())},
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "seconds_total": round(sum(seconds.values()), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", required=True, type=Path)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.raw, args.output, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
