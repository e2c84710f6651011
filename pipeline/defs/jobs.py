"""The one job: materialise every asset with its checks; the blocking checks gate the release.

The schedule, the sensor and `python -m pipeline run` all launch it by this name.
"""

import dagster as dg

PUBLISH_JOB = "publish_release"

publish_job = dg.define_asset_job(PUBLISH_JOB, selection=dg.AssetSelection.all())
