"""Stage 2b: series across documents, one row per (partner, indicator, year)."""

import dagster as dg
import pandas as pd

from pipeline.defs.assets.metadata import table_metadata
from pipeline.series import series_table


@dg.asset(group_name="extract", kinds={"pandas"})
def series(figures: pd.DataFrame) -> dg.Output[pd.DataFrame]:
    """Every (partner, indicator, year) some figure states: its value, sources and whether they disagree."""
    frame = series_table(figures)
    return dg.Output(frame, metadata={
        **table_metadata("series", frame),
        "conflicts": dg.MetadataValue.int(int(frame["conflict"].sum())),
    })
