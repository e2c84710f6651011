"""The daily schedule: materialise every asset (and publish) once a day.

A run on unchanged inputs publishes nothing new (release ids are content-keyed), so the
schedule is a safety net next to the raw-directory sensor, not a source of duplicate releases.
"""

from __future__ import annotations

import dagster as dg

from pipeline.defs.jobs import PUBLISH_JOB

DAILY_CRON = "0 6 * * *"


@dg.schedule(
    cron_schedule=DAILY_CRON,
    job_name=PUBLISH_JOB,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 06:00 UTC: materialise the graph and publish if the inputs changed.",
)
def daily_publish(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """One run per day, keyed by the scheduled date so a tick is never launched twice."""
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return dg.RunRequest(run_key=f"daily-{day}", tags={"scheduled_date": day})
