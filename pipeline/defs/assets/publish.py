"""Stage 3: validate every table and publish them as a versioned release."""

import json

import dagster as dg
import pandas as pd

from pipeline.corpus import load_sources
from pipeline.defs.checks import checks_passed_in_run
from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import DATASET_CARD, REPORT_HTML, publish_tables


@dg.asset(group_name="publish", kinds={"parquet", "csv"})
def release(
    context: dg.AssetExecutionContext,
    paths: PipelinePaths,
    documents: pd.DataFrame,
    figures: pd.DataFrame,
    dates: pd.DataFrame,
    acronyms: pd.DataFrame,
    sections: pd.DataFrame,
    series: pd.DataFrame,
) -> dg.MaterializeResult:
    """outputs/releases/<release_id>/ with every table, the manifest and the quality report."""
    load_sources(paths.raw)  # a malformed sources.csv fails here, before anything is written
    tables = {"documents": documents, "figures": figures, "dates": dates, "acronyms": acronyms,
              "sections": sections, "series": series}
    # The blocking checks ran on these same tables earlier in this run: what passed there is not
    # validated twice; everything else (e.g. a release materialised on its own) is validated here.
    passed = checks_passed_in_run(context.instance, context.run.run_id, tables)
    published = publish_tables(paths, tables, passed)
    verb = "published" if published.created else "unchanged, already published as"
    context.log.info(f"{verb} {published.path}")
    for repair in published.repairs:
        context.log.warning(f"repaired: {repair}")
    report = published.path.resolve() / REPORT_HTML
    # As published: a document quarantined by publishing took its rows with it.
    counts = json.loads((published.path / "manifest.json").read_text(encoding="utf-8"))["row_counts"]
    rows = "\n".join(f"| {name} | {int(n):,} |" for name, n in counts.items())
    return dg.MaterializeResult(metadata={
        "release_id": dg.MetadataValue.text(published.release_id),
        "path": dg.MetadataValue.path(str(published.path)),
        "created": dg.MetadataValue.bool(published.created),
        "quality_report": dg.MetadataValue.url(report.as_uri()),
        "dataset_card": dg.MetadataValue.path(str(published.path / DATASET_CARD)),
        "row_counts": dg.MetadataValue.md(f"| table | rows |\n|---|---:|\n{rows}"),
        **{f"rows_{name}": dg.MetadataValue.int(int(n)) for name, n in counts.items()},
        "figures": dg.MetadataValue.int(int(counts.get("figures", 0))),
        "repairs": dg.MetadataValue.text("\n".join(published.repairs)),
    })
