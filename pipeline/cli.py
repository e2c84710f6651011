"""Command line: `python -m pipeline run | fetch | releases | rollback ID`.

`run` materialises every asset with its checks in-process, as `make run` does, and prints
where the release is; it never touches the network. `fetch` downloads the sources.csv URLs that
have no local file yet into the raw directory, as snapshots (pipeline/fetch.py). Paths come
from PIPELINE_RAW_DIR / PIPELINE_OUTPUT_DIR or the flags.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import dagster as dg
from dagster_shared.error import SerializableErrorInfo

from pipeline.corpus import CorpusError
from pipeline.defs.resources import PipelinePaths
from pipeline.fetch import FetchError, FetchSettings, fetch_sources
from pipeline.release import PublishError, read_index, rollback_latest
from pipeline.report_index import write_index


def root_cause(error: SerializableErrorInfo) -> str:
    """The innermost error's message: what went wrong, not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()


def run(paths: PipelinePaths) -> int:
    from pipeline.defs.definitions import build_definitions

    job = build_definitions(paths).resolve_job_def("publish_release")
    with dg.DagsterInstance.ephemeral() as instance:
        log_level = os.environ.get("PIPELINE_LOG_LEVEL", "WARNING")
        result = job.execute_in_process(
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        failed_checks = [
            e.event_specific_data
            for e in result.all_events
            if isinstance(e.event_specific_data, dg.AssetCheckEvaluation) and not e.event_specific_data.passed
        ]
        for evaluation in failed_checks:
            key = evaluation.asset_check_key
            verdict = "warning" if evaluation.severity == dg.AssetCheckSeverity.WARN else "check failed"
            print(f"{verdict}: {key.asset_key.to_user_string()}.{key.name}", file=sys.stderr)
            cases = evaluation.metadata.get("failure_cases")
            if cases is not None:
                print(cases.value, file=sys.stderr)
        if not result.success:
            for event in result.all_events:
                if event.is_step_failure and event.step_failure_data.error is not None:
                    print(f"step {event.step_key} failed: {root_cause(event.step_failure_data.error)}",
                          file=sys.stderr)
            print("run failed; nothing was published", file=sys.stderr)
            return 1
        materialization = result.asset_materializations_for_node("release")
        if not materialization:
            print("release was not materialised (a blocking check failed); nothing was published",
                  file=sys.stderr)
            return 1
        meta = materialization[-1].metadata
        path = meta["path"].value
        created = meta["created"].value
        repairs = meta["repairs"].value if "repairs" in meta else ""
    for repair in str(repairs).splitlines():
        print(f"repaired: {repair}", file=sys.stderr)
    latest = paths.outputs / "latest"
    print(f"{'published' if created else 'unchanged (same inputs already published)'}: {path}")
    print(f"latest: {latest} -> {os.readlink(latest) if latest.is_symlink() else '?'}")
    return 0


def fetch_command(paths: PipelinePaths, settings: FetchSettings, refresh: bool) -> int:
    """Fetch the sources, one line per URL; exit 1 when any failed (the others are kept)."""
    failed = 0
    for outcome in fetch_sources(paths.raw, settings, refresh=refresh):
        detail = f" ({outcome.reason})" if outcome.reason else ""
        print(f"{outcome.status:9s} {outcome.file}  {outcome.url}{detail}",
              file=sys.stderr if outcome.status == "failed" else sys.stdout)
        failed += outcome.status == "failed"
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", help="raw directory (default: $PIPELINE_RAW_DIR or raw)")
    parser.add_argument("--output", help="output directory (default: $PIPELINE_OUTPUT_DIR or outputs)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="materialise every asset and publish a release")
    sub.add_parser("releases", help="list published releases, oldest first")
    rollback = sub.add_parser("rollback", help="point outputs/latest at an earlier release")
    rollback.add_argument("release_id")
    fetch = sub.add_parser("fetch", help="download every sources.csv row with a url and no local file, as snapshots")
    fetch.add_argument("--refresh", action="store_true",
                       help="also ask again for files fetched before; changed content becomes a new snapshot")
    fetch.add_argument("--timeout", type=float, default=FetchSettings.timeout, help="seconds (default %(default)s)")
    fetch.add_argument("--retries", type=int, default=FetchSettings.retries, help="default %(default)s")
    args = parser.parse_args(argv)

    env = PipelinePaths.from_env()
    paths = PipelinePaths(
        raw_dir=args.raw or env.raw_dir,
        output_dir=args.output or env.output_dir,
        max_document_bytes=env.max_document_bytes,
        dask_scheduler=env.dask_scheduler,
        workers=env.workers,
    )
    try:
        if args.command == "run":
            return run(paths)
        if args.command == "fetch":
            return fetch_command(paths, FetchSettings(timeout=args.timeout, retries=args.retries,
                                                      max_bytes=paths.max_document_bytes), args.refresh)
        if args.command == "releases":
            latest = paths.outputs / "latest"
            current = Path(os.readlink(latest)).name if latest.is_symlink() else None
            for row in read_index(paths.outputs):
                mark = "*" if row["release_id"] == current else " "
                print(f"{mark} {row['release_id']}  {row['created_at']}  documents={row['documents']} "
                      f"figures={row['figures']}")
            return 0
        rollback_latest(paths.outputs, args.release_id, index=write_index)
        print(f"latest -> releases/{args.release_id}")
        return 0
    except (CorpusError, PublishError, FetchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
