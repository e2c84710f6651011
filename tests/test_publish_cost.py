"""Issue 13, the publishing half: work a run does not need is not done, and what it does is
done column by column. Counters and files, never timings (speed is `make bench`'s)."""

from __future__ import annotations

import datetime as dt

import dagster as dg
import pandas as pd

from pipeline.defs.definitions import build_definitions
from pipeline.defs.jobs import FETCH_JOB, PUBLISH_JOB
from pipeline.release import csv_safe, csv_safe_frame


def test_every_job_runs_in_one_process() -> None:
    definitions = build_definitions()
    for name in (PUBLISH_JOB, FETCH_JOB):
        assert definitions.resolve_job_def(name).executor_def is dg.in_process_executor, name
    # `dagster asset materialize --select '*'` runs the implicit asset job, which takes the default too
    assert definitions.resolve_implicit_global_asset_job_def().executor_def is dg.in_process_executor


def test_csv_safe_frame_escapes_what_csv_safe_escapes_cell_by_cell() -> None:
    cells = ["=SUM(A1:A9)", "+44 20 7946 0000", "-5 percent", "@home", "\tindent", "\rreturn", "plain",
             "", None, "'quoted", "é=accent", "5=five", " =space first"]
    frame = pd.DataFrame({
        "text": pd.Series(cells, dtype=object),
        "string_dtype": pd.Series(cells, dtype="string"),
        "mixed": pd.Series(["=1", 7, dt.date(2024, 1, 2), None] * 3 + ["-x"], dtype=object),
        "dates": pd.Series([dt.date(2024, 1, 1)] * len(cells), dtype=object),
        "value": pd.Series(range(len(cells)), dtype="Int64"),
    })
    safe = csv_safe_frame(frame)
    for column in frame.columns:
        expected = [csv_safe(v) if isinstance(v, str) else v for v in frame[column].tolist()]
        found = safe[column].tolist()
        assert [(type(a), a) for a in found if a is not pd.NA] == [(type(b), b) for b in expected if b is not pd.NA], \
            column
        assert safe[column].dtype == frame[column].dtype, column
    assert frame["text"].tolist()[0] == "=SUM(A1:A9)"  # the input frame is not changed


def test_csv_safe_frame_shares_columns_with_nothing_to_escape() -> None:
    frame = pd.DataFrame({"a": ["safe", "also safe"], "b": ["=bad", "fine"]})
    safe = csv_safe_frame(frame)
    assert safe["a"].tolist() == ["safe", "also safe"]
    assert safe["b"].tolist() == ["'=bad", "fine"]
    clean = pd.DataFrame({"a": ["x"], "n": [1]})
    assert csv_safe_frame(clean) is clean
