"""Stage 1: the raw files as a documents table; each new file is read and extracted here, once."""

import dagster as dg
import pandas as pd

from pipeline.cache import ExtractionCache
from pipeline.corpus import scan
from pipeline.defs.assets.fetch import raw_snapshots
from pipeline.defs.assets.metadata import table_metadata
from pipeline.defs.resources import PipelinePaths
from pipeline.tables import documents_table


@dg.asset(group_name="ingest", kinds={"pandas"}, deps=[raw_snapshots])
def documents(context: dg.AssetExecutionContext, paths: PipelinePaths) -> dg.Output[pd.DataFrame]:
    """One row per file in the raw directory; unreadable files are kept, quarantined with a reason.

    Documents the extraction cache does not hold are extracted now, in batches on every core (the
    text metadata and a quarantine over the work budget come from extraction); the extract step
    then reads the cache."""
    found = scan(paths.raw, max_bytes=paths.max_document_bytes)
    cache = ExtractionCache(paths.cache_dir)
    frame, stats = documents_table(found, cache, paths.extractor())
    for problem in cache.rejected:
        context.log.warning(problem)
    quarantined = frame[frame["status"] == "quarantined"]
    for row in quarantined.itertuples(index=False):
        context.log.warning(f"quarantined {row.file_name}: {row.reason}")
    context.log.info(f"{stats.documents} documents: {stats.extracted} extracted, {stats.from_cache} from cache")
    return dg.Output(frame, metadata={
        **table_metadata("documents", frame),
        "quarantined": dg.MetadataValue.int(len(quarantined)),
        "raw_dir": dg.MetadataValue.path(str(paths.raw)),
        "documents_extracted": dg.MetadataValue.int(stats.extracted),
        "documents_from_cache": dg.MetadataValue.int(stats.from_cache),
    })
