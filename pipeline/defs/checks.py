"""Asset checks. Blocking: the Pandera schemas, and checks that span tables; a failing one
stops the release asset in the same run, and its metadata lists every failing row, so the
Dagster UI shows why nothing was published (a failure confined to some documents' rows only warns:
the release quarantines those documents). Non-blocking (severity WARN): the warn-level
checks of `pipeline.quality_warnings`, which the report also shows.
"""


from collections.abc import Iterator

import dagster as dg
import pandas as pd

from pipeline.defs.resources import PipelinePaths
from pipeline.publishing import previous_tables, trusted_documents, warnings_since
from pipeline.quality_warnings import WARNING_NAMES, expectations
from pipeline.validation import (
    DATASET_CHECKS,
    DERIVED_TABLES,
    CheckKey,
    CheckResult,
    dataset_checks,
    derived_checks,
    failing_documents,
    schema_check,
    texts_from,
)
from schemas import SCHEMAS


def _result(
    result: CheckResult, rows: int, severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR
) -> dg.AssetCheckResult:
    metadata: dict[str, dg.MetadataValue] = {
        "description": dg.MetadataValue.text(result.description),
        "failing_rows": dg.MetadataValue.int(result.n_failures),
        "rows": dg.MetadataValue.int(rows),  # rows of the checked table: the release compares it
    }
    if not result.passed:
        cases = result.failures.head(50).astype(str)
        metadata["failure_cases"] = dg.MetadataValue.md(cases.to_markdown(index=False))
    return dg.AssetCheckResult(
        passed=result.passed,
        asset_key=result.table,
        check_name=result.name,
        severity=severity,
        metadata=metadata,
    )


def _severity(result: CheckResult, tables: dict[str, pd.DataFrame]) -> dg.AssetCheckSeverity:
    """ERROR stops the release; a failure confined to some documents' own rows only warns, for
    the release quarantines those documents (with the check and the row) and publishes the rest."""
    confined = failing_documents(result, tables) is not None
    return dg.AssetCheckSeverity.WARN if confined else dg.AssetCheckSeverity.ERROR


def _schema_check(table: str) -> dg.AssetChecksDefinition:
    """The table's Pandera schema. The rows of documents that the release `latest` points at
    published as they are now (`trusted_documents`) passed it then and are not validated again."""
    description = f"Rows satisfy the {SCHEMAS[table].__name__} Pandera schema (lazy: every failure)."
    if table == "documents":
        @dg.asset_check(asset=table, name="schema", blocking=True, description=description)
        def check_documents(paths: PipelinePaths, frame: pd.DataFrame) -> dg.AssetCheckResult:
            result = schema_check(table, frame, trusted_documents(paths, frame))
            return _result(result, len(frame), _severity(result, {table: frame}))

        return check_documents
    if table in DERIVED_TABLES:  # computed across documents: no document's rows to trust
        @dg.asset_check(asset=table, name="schema", blocking=True, description=description)
        def check_derived(frame: pd.DataFrame) -> dg.AssetCheckResult:
            result = schema_check(table, frame)
            return _result(result, len(frame), _severity(result, {table: frame}))

        return check_derived

    @dg.asset_check(asset=table, name="schema", blocking=True, description=description,
                    additional_ins={"documents": dg.AssetIn("documents")})
    def check(paths: PipelinePaths, frame: pd.DataFrame, documents: pd.DataFrame) -> dg.AssetCheckResult:
        result = schema_check(table, frame, trusted_documents(paths, documents))
        return _result(result, len(frame), _severity(result, {table: frame}))

    return check


def _dataset_specs(derived: bool) -> list[dg.AssetCheckSpec]:
    """Specs of DATASET_CHECKS on the extracted tables, or on the tables derived from them (series):
    a derived table's checks run after its inputs' blocking checks, so in a check of their own."""
    return [
        dg.AssetCheckSpec(name=check.name, asset=table, blocking=True, description=check.description[:1].upper()
                          + check.description[1:] + ".", additional_deps=list(check.needs))
        for check in DATASET_CHECKS
        for table in check.tables
        if (table in DERIVED_TABLES) == derived
    ]


_DATASET_SPECS = _dataset_specs(derived=False)
_DERIVED_SPECS = _dataset_specs(derived=True)


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
    trusted = trusted_documents(paths, documents)
    for result in dataset_checks(tables, texts_from(paths.raw, documents), trusted=trusted):
        yield _result(result, len(tables[result.table]), _severity(result, tables))


@dg.multi_asset_check(specs=_DERIVED_SPECS)
def derived_checks_of_release(figures: pd.DataFrame, series: pd.DataFrame) -> Iterator[dg.AssetCheckResult]:
    """Checks of the tables derived from figures: every series row traces back to its figures."""
    for result in derived_checks({"figures": figures, "series": series}):
        yield _result(result, len(series))


_WARNING_SPECS = [
    dg.AssetCheckSpec(name=name, asset=table, blocking=False, description=expectations()[name],
                      additional_deps=[other for other in ("documents", "figures") if other != table])
    for table, name in WARNING_NAMES
]


@dg.multi_asset_check(specs=_WARNING_SPECS)
def warnings_of_release(
    paths: PipelinePaths, documents: pd.DataFrame, figures: pd.DataFrame
) -> Iterator[dg.AssetCheckResult]:
    """Warn-level checks against the release `latest` points at (the one this run would follow)."""
    _, previous = previous_tables(paths.outputs)
    tables = {"documents": documents, "figures": figures}
    for result in warnings_since(tables, previous):
        yield _result(result, len(tables[result.table]), dg.AssetCheckSeverity.WARN)


def checks_passed_in_run(
    instance: dg.DagsterInstance, run_id: str, tables: dict[str, pd.DataFrame]
) -> frozenset[CheckKey]:
    """The checks of ASSET_CHECKS that passed in this run on these tables, by (table, name).

    The release asset validates only what is not in this set. A check counts only if every one
    of its evaluations in the run passed, evaluated the materialisation of this run, and saw as
    many rows as the table now has; anything else (a failed or missing evaluation, a re-executed
    run whose checks ran in its parent, a release materialised without its checks) is validated
    again before publishing.
    """
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    passed: set[CheckKey] = set()
    refused: set[CheckKey] = set()
    for record in records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event is not None else None
        if not isinstance(evaluation, dg.AssetCheckEvaluation):
            continue
        key = (evaluation.asset_key.to_user_string(), evaluation.check_name)
        target = evaluation.target_materialization_data
        rows = evaluation.metadata.get("rows")
        trusted = (
            evaluation.passed
            and key in CHECK_KEYS
            and key[0] in tables
            and target is not None and target.run_id == run_id
            and rows is not None and rows.value == len(tables[key[0]])
        )
        (passed if trusted else refused).add(key)
    return frozenset(passed - refused)


ASSET_CHECKS = [_schema_check(table) for table in SCHEMAS] + [dataset_checks_of_release, derived_checks_of_release,
                                                           warnings_of_release]

#: Every blocking check, by (table, name).
CHECK_KEYS: frozenset[CheckKey] = frozenset(
    [(table, "schema") for table in SCHEMAS]
    + [(spec.asset_key.to_user_string(), spec.name) for spec in _DATASET_SPECS + _DERIVED_SPECS]
)
