"""Stage 1: the raw files as a documents table."""

import dagster as dg
import pandas as pd

from pipeline.corpus import scan
from pipeline.defs.assets.fetch import raw_snapshots
from pipeline.defs.assets.metadata import table_metadata
from pipeline.defs.resources import PipelinePaths
from pipeline.tables import ExtractionCache, documents_table


@dg.asset(group_name="ingest", kinds={"pandas"}, deps=[raw_snapshots])
def documents(context: dg.AssetExecutionContext, paths: PipelinePaths) -> dg.Output[pd.DataFrame]:
    """One row per file in the raw directory; unreadable files are kept, quarantined with a reason."""
    found = scan(paths.raw, max_bytes=paths.max_document_bytes)
    frame = documents_table(found, ExtractionCache(paths.cache_dir))
    quarantined = frame[frame["status"] == "quarantined"]
    for row in quarantined.itertuples(index=False):
        context.log.warning(f"quarantined {row.file_name}: {row.reason}")
    return dg.Output(frame, metadata={
        **table_metadata("documents", frame),
        "quarantined": dg.MetadataValue.int(len(quarantined)),
        "raw_dir": dg.MetadataValue.path(str(paths.raw)),
    })
