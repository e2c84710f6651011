"""The jobs: publish (every asset but the fetch, with its checks; the blocking checks gate the
release) and the opt-in fetch of the sources' URLs.

The schedule, the sensor and `python -m pipeline run` launch publish_release by this name.
"""

import dagster as dg

from pipeline.defs.assets.fetch import raw_snapshots

PUBLISH_JOB = "publish_release"

FETCH_JOB = "fetch_sources"

#: Everything but the fetch: a publish never touches the network.
publish_job = dg.define_asset_job(
    PUBLISH_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.assets(raw_snapshots)
)
#: The opt-in download of the sources.csv URLs (a publish follows when the sensor sees new files).
fetch_job = dg.define_asset_job(FETCH_JOB, selection=dg.AssetSelection.assets(raw_snapshots))
