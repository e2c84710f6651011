"""All Dagster definitions, assembled in one place (what `dagster dev` loads)."""

import dagster as dg

from pipeline.assets.extract import extracted
from pipeline.assets.ingest import documents
from pipeline.assets.publish import release
from pipeline.checks import ASSET_CHECKS
from pipeline.resources import PipelinePaths
from pipeline.schedules import daily_publish
from pipeline.sensors import PUBLISH_JOB, raw_files_sensor

ASSETS = [documents, extracted, release]

#: Materialises every asset with its checks; the blocking checks gate the release.
publish_job = dg.define_asset_job(PUBLISH_JOB, selection=dg.AssetSelection.all())


def build_definitions(paths: PipelinePaths | None = None) -> dg.Definitions:
    """Definitions bound to `paths` (default: from PIPELINE_RAW_DIR / PIPELINE_OUTPUT_DIR).

    The daily schedule and the raw-directory sensor both launch publish_release; the sensor
    reads the raw directory through the same `paths` resource as the assets.
    """
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=ASSET_CHECKS,
        jobs=[publish_job],
        schedules=[daily_publish],
        sensors=[raw_files_sensor],
        resources={"paths": paths or PipelinePaths.from_env()},
    )


defs = build_definitions()
