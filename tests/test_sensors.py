"""The raw-directory sensor, evaluated with Dagster's testing utilities on a copy of raw/."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from pipeline.defs.definitions import build_definitions
from pipeline.defs.jobs import PUBLISH_JOB
from pipeline.defs.resources import PipelinePaths
from pipeline.defs.sensors import decode_cursor, raw_files_sensor, state_key
from tests.runs import materialise


def evaluate(raw: Path, cursor: str | None = None) -> dg.SensorResult:
    context = dg.build_sensor_context(cursor=cursor, resources={"paths": PipelinePaths(raw_dir=str(raw))})
    result = raw_files_sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def test_first_evaluation_requests_a_run_keyed_by_content(raw_copy: Path) -> None:
    result = evaluate(raw_copy)
    assert result.run_requests is not None and len(result.run_requests) == 1
    files = decode_cursor(result.cursor)
    assert set(files) == {p.name for p in raw_copy.iterdir()}  # every *.txt and sources.csv
    key = state_key(sorted(files.items()))
    assert result.run_requests[0].tags["raw_state"] == key and result.run_requests[0].run_key.startswith(f"{key}@")


def test_unchanged_directory_requests_nothing(raw_copy: Path) -> None:
    first = evaluate(raw_copy)
    again = evaluate(raw_copy, first.cursor)
    assert not again.run_requests
    assert again.skip_reason is not None and "no file added, changed or removed" in str(again.skip_reason)


def test_touching_a_file_without_changing_it_requests_nothing(raw_copy: Path) -> None:
    first = evaluate(raw_copy)
    document = next(raw_copy.glob("*.txt"))
    stat = document.stat()
    os.utime(document, ns=(stat.st_atime_ns + 10**10, stat.st_mtime_ns + 10**10))
    document.write_bytes(document.read_bytes())  # rewritten, same bytes
    assert not evaluate(raw_copy, first.cursor).run_requests


@pytest.mark.parametrize("change", ["added", "changed", "removed", "sources"])
def test_a_changed_state_requests_one_new_run(raw_copy: Path, change: str) -> None:
    first = evaluate(raw_copy)
    assert first.run_requests
    document = sorted(raw_copy.glob("*.txt"))[0]
    if change == "added":
        (raw_copy / "new-fact-sheet.txt").write_text("Trade reached $5 billion in 2023.\n", encoding="utf-8")
    elif change == "changed":
        document.write_text(document.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    elif change == "removed":
        document.unlink()
    else:
        with (raw_copy / "sources.csv").open("a", encoding="utf-8") as handle:
            handle.write("new-fact-sheet.txt,,New,U.S. Department of State,2025-01-01,\n")
    second = evaluate(raw_copy, first.cursor)
    assert second.run_requests is not None and len(second.run_requests) == 1
    assert second.run_requests[0].run_key != first.run_requests[0].run_key
    assert second.cursor != first.cursor
    expected = {"added": "added: new-fact-sheet.txt", "changed": f"changed: {document.name}",
                "removed": f"removed: {document.name}", "sources": "changed: sources.csv"}[change]
    assert second.run_requests[0].tags["raw_change"] == expected
    # and once seen, the new state is quiet again
    assert not evaluate(raw_copy, second.cursor).run_requests


def test_run_key_depends_on_contents_not_on_the_directory(raw_copy: Path, tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "elsewhere"
    shutil.copytree(raw_copy, other)
    first, second = evaluate(raw_copy), evaluate(other)
    assert first.run_requests and second.run_requests
    assert first.run_requests[0].tags["raw_state"] == second.run_requests[0].tags["raw_state"]


def test_a_return_to_an_earlier_state_is_a_new_run(raw_copy: Path) -> None:
    """Removing a file that was added returns raw/ to its first state: Dagster must not skip that run."""
    first = evaluate(raw_copy)
    added = raw_copy / "new-fact-sheet.txt"
    added.write_text("Trade reached $5 billion in 2023.\n", encoding="utf-8")
    second = evaluate(raw_copy, first.cursor)
    added.unlink()
    third = evaluate(raw_copy, second.cursor)
    requests = [r.run_requests[0] for r in (first, second, third) if r.run_requests]  # type: ignore[index]
    assert len(requests) == 3
    assert requests[2].tags["raw_state"] == requests[0].tags["raw_state"]
    assert len({r.run_key for r in requests}) == 3
    assert requests[2].tags["raw_change"] == "removed: new-fact-sheet.txt"


def test_missing_raw_directory_is_skipped_with_a_reason(tmp_path: Path) -> None:
    result = evaluate(tmp_path / "nowhere")
    assert not result.run_requests
    assert "raw directory does not exist" in str(result.skip_reason)


def test_registered_sensor_targets_publish_job_and_honours_pipeline_raw_dir(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (raw_copy / "only-in-the-copy.txt").write_text("Over 40,000 alumni.\n", encoding="utf-8")
    monkeypatch.setenv("PIPELINE_RAW_DIR", str(raw_copy))
    monkeypatch.setenv("PIPELINE_OUTPUT_DIR", str(output_dir))
    defs = build_definitions()
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    assert sensor.job_name == PUBLISH_JOB
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    data = sensor.evaluate_tick(dg.build_sensor_context(resources=defs.resources, definitions=defs))
    assert len(data.run_requests or []) == 1
    assert "only-in-the-copy.txt" in decode_cursor(data.cursor)
    quiet = sensor.evaluate_tick(dg.build_sensor_context(cursor=data.cursor, resources=defs.resources))
    assert not quiet.run_requests


def test_sensor_run_request_runs_the_job_and_publishes(raw_copy: Path, output_dir: Path) -> None:
    request = evaluate(raw_copy).run_requests[0]  # type: ignore[index]
    result = materialise(raw_copy, output_dir, tags=request.tags)
    assert result.success
    assert (output_dir / "latest" / "figures.parquet").exists()
    assert result.dagster_run.tags["raw_state"] == request.tags["raw_state"]


def test_sensor_never_writes_the_raw_directory(raw_copy: Path) -> None:
    from tests.runs import snapshot

    before, before_dir = snapshot(raw_copy), raw_copy.stat().st_mtime_ns
    first = evaluate(raw_copy)
    evaluate(raw_copy, first.cursor)
    assert snapshot(raw_copy) == before and raw_copy.stat().st_mtime_ns == before_dir
