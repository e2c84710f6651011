"""Schema of `dates`: every calendar date or year a document mentions."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR

PRECISIONS = ["day", "month", "year"]
ROLES = ["point", "range_start", "range_end", "open_start", "baseline"]


class Dates(pa.DataFrameModel):
    date_id: Series[str] = pa.Field(unique=True, description="Stable id: `<doc_id>:<start>`.")
    doc_id: Series[str] = pa.Field(description="The document (documents.doc_id).")
    start: Series[int] = pa.Field(ge=0, description="Offset of the mention in the decoded text.")
    end: Series[int] = pa.Field(gt=0, description="Offset after the mention: text == doc_text[start:end].")
    text: Series[str] = pa.Field(description="The mention as written.")
    iso_date: Series[str] = pa.Field(str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="ISO 8601 date, as precise as the text: 2024, 2024-09, 2024-09-16.")
    precision: Series[str] = pa.Field(isin=PRECISIONS, description="day, month or year.")
    year: Series[int] = pa.Field(ge=FIRST_YEAR, le=LAST_YEAR, description="The year of the mention.")
    role: Series[str] = pa.Field(isin=ROLES, description="point; range_start/range_end ('between 2008 and 2024'); open_start ('since 2018'); baseline ('a 4% increase over 2022').")

    @pa.dataframe_check(description="start < end")
    def span_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["start"] < df["end"]

    class Config:
        strict = True
