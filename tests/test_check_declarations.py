"""Each dataset check is declared once (validation.DATASET_CHECKS): what validation runs and
what Dagster attaches to the assets are the same checks, by the same names."""

from __future__ import annotations

import pandas as pd

from pipeline.defs.checks import CHECK_KEYS, dataset_checks_of_release, derived_checks_of_release
from pipeline.validation import DATASET_CHECKS, dataset_checks
from schemas import SCHEMAS


def test_dagster_attaches_exactly_the_declared_dataset_checks() -> None:
    declared = {(table, check.name) for check in DATASET_CHECKS for table in check.tables}
    attached = {(key.asset_key.to_user_string(), key.name)
                for checks in (dataset_checks_of_release, derived_checks_of_release) for key in checks.check_keys}
    assert attached == declared
    assert declared | {(table, "schema") for table in SCHEMAS} == CHECK_KEYS


def test_validation_runs_exactly_the_declared_dataset_checks() -> None:
    empty = {name: model.to_schema().coerce_dtype(pd.DataFrame(columns=list(model.to_schema().columns)))
             for name, model in SCHEMAS.items()}
    ran = {(r.table, r.name) for r in dataset_checks(empty, lambda doc_id: None)}
    assert ran == {(table, check.name) for check in DATASET_CHECKS for table in check.tables}
