"""Stage 2: figures, dates, acronyms and sections extracted from each readable document."""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from pipeline.cache import EXTRACTED_TABLES, ExtractionCache
from pipeline.defs.assets.metadata import table_metadata
from pipeline.defs.resources import PipelinePaths
from pipeline.extraction import EXTRACTOR_VERSION
from pipeline.meaning import with_document_partner
from pipeline.tables import documents_from_table, extracted_tables


@dg.multi_asset(
    group_name="extract",
    outs={
        "figures": dg.AssetOut(kinds={"pandas"},
                               description="Every figure: value, unit, qualifier, year, subject, span."),
        "dates": dg.AssetOut(kinds={"pandas"}, description="Every calendar date or year mentioned."),
        "acronyms": dg.AssetOut(kinds={"pandas"}, description="Acronyms defined as 'Long Name (ACRO)'."),
        "sections": dg.AssetOut(kinds={"pandas"}, description="Headings and the text they govern."),
    },
)
def extracted(
    context: dg.AssetExecutionContext, paths: PipelinePaths, documents: pd.DataFrame
) -> Iterator[dg.Output[pd.DataFrame]]:
    """The four tables, assembled from the extraction cache in the documents' order (the documents step
    extracted what was new; anything the cache no longer serves is extracted again here)."""
    readable = documents_from_table(documents, paths.raw)
    cache = ExtractionCache(paths.cache_dir)
    tables, stats = extracted_tables(readable, cache, paths.extractor())
    for problem in cache.rejected:
        context.log.warning(problem)
    tables["figures"] = with_document_partner(tables["figures"], documents)
    context.log.info(
        f"{stats.documents} documents: {stats.extracted} extracted, {stats.from_cache} from cache, "
        f"{stats.skipped} unreadable"
    )
    for name in EXTRACTED_TABLES:
        yield dg.Output(tables[name], output_name=name, metadata={
            **table_metadata(name, tables[name]),
            "extractor_version": dg.MetadataValue.text(EXTRACTOR_VERSION),
            "documents_extracted": dg.MetadataValue.int(stats.extracted),
            "documents_from_cache": dg.MetadataValue.int(stats.from_cache),
        })
