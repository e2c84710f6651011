"""Stage 0 (opt-in): the sources.csv URLs fetched into the raw directory as snapshots.

Not part of `publish_release` (the default job, which `make run`, the schedule and the sensor
launch): it runs only when materialised on purpose, in the UI or with the `fetch_sources` job,
so a scheduled run never touches the network. A new file it writes is picked up by the
raw-directory sensor like any other.
"""

import dagster as dg

from pipeline.defs.resources import PipelinePaths
from pipeline.fetch import FetchSettings, fetch_sources


@dg.asset(group_name="ingest", kinds={"python"})
def raw_snapshots(context: dg.AssetExecutionContext, paths: PipelinePaths) -> dg.MaterializeResult:
    """Every sources.csv row with a url and no local file, downloaded into raw/ (raw/snapshots.csv)."""
    settings = FetchSettings(max_bytes=paths.max_document_bytes)
    counts: dict[str, int] = {}
    for outcome in fetch_sources(paths.raw, settings):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        message = f"{outcome.status} {outcome.file} {outcome.url} {outcome.reason}".rstrip()
        (context.log.warning if outcome.status == "failed" else context.log.info)(message)
    return dg.MaterializeResult(metadata={status: dg.MetadataValue.int(n) for status, n in sorted(counts.items())})
