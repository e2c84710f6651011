"""All Dagster definitions, assembled in one place (what `dagster dev` loads)."""

import dagster as dg

from pipeline.assets.extract import extracted
from pipeline.assets.ingest import documents
from pipeline.assets.publish import release
from pipeline.checks import ASSET_CHECKS
from pipeline.resources import PipelinePaths

ASSETS = [documents, extracted, release]

#: Materialises every asset with its checks; the blocking checks gate the release.
publish_job = dg.define_asset_job("publish_release", selection=dg.AssetSelection.all())


def build_definitions(paths: PipelinePaths | None = None) -> dg.Definitions:
    """Definitions bound to `paths` (default: from PIPELINE_RAW_DIR / PIPELINE_OUTPUT_DIR)."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=ASSET_CHECKS,
        jobs=[publish_job],
        resources={"paths": paths or PipelinePaths.from_env()},
    )


defs = build_definitions()
