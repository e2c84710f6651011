"""Schema of `series`: one row per (partner, indicator, year), from every figure that states it."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extraction.countries import is_partner_code
from pipeline.extraction.indicators import INDICATORS_BY_ID
from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR


class SeriesTable(pa.DataFrameModel):
    """One row per (partner, indicator, year) that some figure states: the value, every figure and document stating it, and whether they disagree."""

    series_id: Series[str] = pa.Field(unique=True, description="`<partner>:<indicator>:<year>` (year empty when the figures state none).")
    partner: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code of the partner country (figures.partner).")
    indicator: Series[str] = pa.Field(isin=list(INDICATORS_BY_ID), description="Indicator id (figures.indicator; the vocabulary is in the data dictionary).")
    label: Series[str] = pa.Field(description="The indicator's label.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description="Reference year the figures state; null when they state none.")
    value: Series[float] = pa.Field(description="The value: the most precise exact figure's (figure_id).")
    unit: Series[str] = pa.Field(description="Its unit (figures.unit): ISO 4217 code for money, count, mile…")
    value_low: Series[float] = pa.Field(description="Lowest value any of the figures states.")
    value_high: Series[float] = pa.Field(description="Highest value any of the figures states.")
    n_figures: Series[int] = pa.Field(ge=1, description="How many figures state it.")
    n_sources: Series[int] = pa.Field(ge=1, description="How many documents state it.")
    n_agreeing: Series[int] = pa.Field(ge=0, description="How many documents state a value that agrees with `value` up to rounding.")
    conflict: Series[bool] = pa.Field(description="True when some figure disagrees with `value` beyond its rounding (or is in another unit).")
    figure_id: Series[str] = pa.Field(description="The figure whose value is `value` (figures.figure_id).")
    figure_ids: Series[str] = pa.Field(description="Every figure that states it, separated by `/` (no file name holds one), by document and offset.")
    doc_ids: Series[str] = pa.Field(description="Every document that states it, separated by `/`.")

    @pa.dataframe_check(description="partner is an ISO 3166-1 alpha-3 code (pycountry), never USA")
    def partner_is_a_country(cls, df: pd.DataFrame) -> pd.Series:
        return df["partner"].map(lambda code: isinstance(code, str) and is_partner_code(code))

    @pa.dataframe_check(description="value_low <= value <= value_high; n_agreeing <= n_sources <= n_figures")
    def counts_and_range_are_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return ((df["value_low"] <= df["value"]) & (df["value"] <= df["value_high"])
                & (df["n_agreeing"] <= df["n_sources"]) & (df["n_sources"] <= df["n_figures"]))

    @pa.dataframe_check(description="one row per (partner, indicator, year)")
    def one_row_per_key(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["partner", "indicator", "year"])

    class Config:
        strict = True
        coerce = False
