"""Blocking asset checks: the Pandera schemas, and checks that span tables.
A failing check stops the release asset in the same run, and its metadata lists every
failing row, so the Dagster UI shows why nothing was published.
"""


from collections.abc import Iterator

import dagster as dg
import pandas as pd

from pipeline.resources import PipelinePaths
from pipeline.validation import CheckResult, dataset_checks, schema_check, texts_from
from schemas import SCHEMAS


def _result(result: CheckResult) -> dg.AssetCheckResult:
    metadata: dict[str, dg.MetadataValue] = {
        "description": dg.MetadataValue.text(result.description),
        "failing_rows": dg.MetadataValue.int(result.n_failures),
    }
    if not result.passed:
        cases = result.failures.head(50).astype(str)
        metadata["failure_cases"] = dg.MetadataValue.md(cases.to_markdown(index=False))
    return dg.AssetCheckResult(
        passed=result.passed,
        asset_key=result.table,
        check_name=result.name,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
    )


def _schema_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name="schema", blocking=True,
                    description=f"Rows satisfy the {SCHEMAS[table].__name__} Pandera schema (lazy: every failure).")
    def check(frame: pd.DataFrame) -> dg.AssetCheckResult:
        return _result(schema_check(table, frame))

    return check


_DATASET_SPECS = [
    dg.AssetCheckSpec(name="doc_id_in_documents", asset=table, blocking=True,
                      description="Every row's doc_id is in documents.", additional_deps=["documents"])
    for table in ("figures", "dates", "acronyms", "sections")
] + [
    dg.AssetCheckSpec(name="spans_match_text", asset=table, blocking=True,
                      description="text == doc_text[start:end] for every row.")
    for table in ("figures", "dates", "sections")
] + [
    dg.AssetCheckSpec(name="figure_id_unique_and_stable", asset="figures", blocking=True,
                      description="figure_id is unique and derived from the span."),
    dg.AssetCheckSpec(name="no_overlapping_figures", asset="figures", blocking=True,
                      description="No two figures of a document overlap."),
]


@dg.multi_asset_check(specs=_DATASET_SPECS)
def dataset_checks_of_release(
    paths: PipelinePaths,
    documents: pd.DataFrame,
    figures: pd.DataFrame,
    dates: pd.DataFrame,
    acronyms: pd.DataFrame,
    sections: pd.DataFrame,
) -> Iterator[dg.AssetCheckResult]:
    """Checks that need more than one table: joins, spans against the raw text, ids, overlaps."""
    tables = {"documents": documents, "figures": figures, "dates": dates, "acronyms": acronyms,
              "sections": sections}
    for result in dataset_checks(tables, texts_from(paths.raw, documents)):
        yield _result(result)


ASSET_CHECKS = [_schema_check(table) for table in SCHEMAS] + [dataset_checks_of_release]
