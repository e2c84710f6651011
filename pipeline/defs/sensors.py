"""A sensor on the raw directory: a run when a document (or sources.csv) is added, changed or removed.

The sensor hashes every input file and compares the sorted (file, sha256) list with the one it
saw last (kept in the cursor): an unchanged directory, or a file touched without changing its
bytes, requests nothing. The run key is the state's hash and the time of the change, so a return
to an earlier state (a file removed again, a revert) is a new run too: Dagster skips a run key
it has seen, and the state alone would leave `latest` serving what raw/ no longer holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import dagster as dg

from pipeline.corpus import raw_state
from pipeline.defs.jobs import PUBLISH_JOB
from pipeline.defs.resources import PipelinePaths

State = list[tuple[str, str]]


def state_key(state: State) -> str:
    """The run key of a raw-directory state: a hash of its sorted (file, sha256) list."""
    payload = json.dumps(sorted(state), separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def encode_cursor(state: State) -> str:
    return json.dumps({"key": state_key(state), "files": dict(sorted(state))},
                      separators=(",", ":"))


def decode_cursor(cursor: str | None) -> dict[str, str]:
    """The file -> sha256 map the sensor saw last; an empty or unreadable cursor means none."""
    if not cursor:
        return {}
    try:
        files = json.loads(cursor)["files"]
    except (ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def describe_change(before: dict[str, str], after: dict[str, str]) -> str:
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(name for name in set(after) & set(before) if after[name] != before[name])
    parts = [f"{label}: {', '.join(names)}" for label, names in
             (("added", added), ("changed", changed), ("removed", removed)) if names]
    return "; ".join(parts) or "first evaluation"


@dg.sensor(
    job_name=PUBLISH_JOB,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a publish_release run when the bytes of a file in the raw directory change.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths) -> dg.SensorResult:
    """One run per new state of the raw directory (keyed by content hash), none while it is unchanged."""
    if not paths.raw.is_dir():
        return dg.SensorResult(skip_reason=f"{paths.raw}: raw directory does not exist (set PIPELINE_RAW_DIR)")
    state = raw_state(paths.raw)
    before = decode_cursor(context.cursor)
    after = dict(state)
    if context.cursor and before == after:
        return dg.SensorResult(skip_reason=f"{paths.raw}: no file added, changed or removed")
    key = state_key(state)
    change = describe_change(before, after)
    run_key = f"{key}@{dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%S.%fZ}"
    context.log.info(f"{paths.raw}: {change}; requesting run {run_key}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags={"raw_state": key, "raw_change": change[:200]})],
        cursor=encode_cursor(state),
    )
