"""Schema of `sections`: the headings of each document and the text they govern."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Sections(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(description="The document (documents.doc_id).")
    position: Series[int] = pa.Field(ge=0, description="0 for the first heading of the document, then 1, 2…")
    heading: Series[str] = pa.Field(str_length={"min_value": 1}, description="The heading line as written.")
    start: Series[int] = pa.Field(ge=0, description="Offset of the heading: heading == doc_text[start:end].")
    end: Series[int] = pa.Field(gt=0, description="Offset after the heading line.")
    section_end: Series[int] = pa.Field(gt=0, description="Offset where the next heading (or the text) begins.")

    @pa.dataframe_check(description="start < end <= section_end")
    def spans_are_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return (df["start"] < df["end"]) & (df["end"] <= df["section_end"])

    class Config:
        strict = True
