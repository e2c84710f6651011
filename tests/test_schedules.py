"""The daily schedule, evaluated with Dagster's testing utilities."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg

from pipeline.defs.definitions import build_definitions
from pipeline.defs.jobs import PUBLISH_JOB
from pipeline.defs.resources import PipelinePaths
from pipeline.defs.schedules import daily_publish
from tests.runs import materialise


def tick(when: dt.datetime) -> list[dg.RunRequest]:
    data = daily_publish.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=when))
    return list(data.run_requests or [])


def test_one_run_per_day_keyed_by_date() -> None:
    monday = tick(dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC))
    again = tick(dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC))
    tuesday = tick(dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC))
    assert len(monday) == len(tuesday) == 1
    assert monday[0].run_key == again[0].run_key == "daily-2026-03-02"
    assert tuesday[0].run_key == "daily-2026-03-03"
    assert monday[0].tags["scheduled_date"] == "2026-03-02"


def test_schedule_is_daily_utc_and_on_by_default() -> None:
    from dagster._utils.schedules import cron_string_iterator

    start = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC).timestamp()
    ticks = cron_string_iterator(start, daily_publish.cron_schedule, "UTC")  # type: ignore[arg-type]
    first, second = next(ticks), next(ticks)
    assert (second - first) == dt.timedelta(days=1)
    assert daily_publish.execution_timezone == "UTC"
    assert daily_publish.default_status == dg.DefaultScheduleStatus.RUNNING


def test_registered_schedule_launches_publish_release(raw_copy: Path, output_dir: Path) -> None:
    defs = build_definitions(PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir)))
    schedule = defs.resolve_schedule_def("daily_publish")
    assert schedule.job_name == PUBLISH_JOB
    request = tick(dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC))[0]
    result = materialise(raw_copy, output_dir, tags=request.tags)
    assert result.success
    assert (output_dir / "latest" / "manifest.json").exists()
