"""Schema of `acronyms`: acronyms defined as "Long Name (ACRO)"."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Acronyms(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(description="The document (documents.doc_id).")
    acronym: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 12}, description="The short form.")
    expansion: Series[str] = pa.Field(str_length={"min_value": 3}, description="The long form it stands for.")
    start: Series[int] = pa.Field(ge=0, description="Offset of the definition 'Long Name (ACRO)'.")
    end: Series[int] = pa.Field(gt=0, description="Offset after the definition's closing parenthesis.")
    first_start: Series[int] = pa.Field(ge=0, description="First offset at which the acronym appears at all.")
    mentions: Series[int] = pa.Field(ge=1, description="How many times the acronym appears in the document.")

    @pa.dataframe_check(description="acronym is unique within a document")
    def one_row_per_acronym(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["doc_id", "acronym"])

    class Config:
        strict = True
