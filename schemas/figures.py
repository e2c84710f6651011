"""Schema of `figures`: one row per figure, with its exact place in the source text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extraction.rules import (
    ADVERB_PERIODS,
    DURATION_UNITS,
    FIGURE_RULES,
    KINDS,
    MEASURE_UNITS,
    PERIODS,
    QUALIFIERS,
)
from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR

_PERIODS = sorted(set(PERIODS.values()) | set(ADVERB_PERIODS.values()))
_BASE_UNITS = sorted({"count", "percent", "rank", "times"} | set(MEASURE_UNITS.values()) | set(DURATION_UNITS.values()))
#: Allowed units: an ISO 4217 code, a base unit, "per <period>", each optionally "/<period>".
UNIT_PATTERN = (
    rf"^(?:[A-Z]{{3}}|{'|'.join(re.escape(u) for u in _BASE_UNITS)}|per (?:{'|'.join(_PERIODS)}))"
    rf"(?:/(?:{'|'.join(_PERIODS)}))?$"
)
RULE_NAMES = [rule.name for rule in FIGURE_RULES]


class Figures(pa.DataFrameModel):
    figure_id: Series[str] = pa.Field(unique=True, description="Stable id `<doc_id>:<anchor>`: the anchor hashes the figure's sentence (figures masked, digits as 0), its place among the sentence's figures and a counter for repeated sentences, so edits elsewhere and changes of its value keep it.")
    doc_id: Series[str] = pa.Field(description="The document the figure is in (documents.doc_id).")
    start: Series[int] = pa.Field(ge=0, description="Offset of the first character in the decoded document text.")
    end: Series[int] = pa.Field(gt=0, description="Offset after the last character: text == doc_text[start:end].")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The figure as written in the source.")
    kind: Series[str] = pa.Field(isin=list(KINDS), description="money, count, percent, measure, duration, rank, frequency or ratio.")
    value: Series[float] = pa.Field(description="The value, fully scaled ($807bn -> 807000000000; half -> 50).")
    value_max: Series[float] = pa.Field(nullable=True, description="Upper end of a range; null otherwise.")
    unit: Series[str] = pa.Field(str_matches=UNIT_PATTERN,
                                 description="ISO 4217 code for money; percent; count; singular unit word; rank; times; `per <period>`; a rate adds `/<period>`.")
    qualifier: Series[str] = pa.Field(isin=list(QUALIFIERS), description="exact, approx, at_least or at_most, from the words before the figure.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description="Reference year stated in the same sentence; null if none.")
    subject: Series[str] = pa.Field(str_length={"min_value": 1}, description="Short noun phrase for what the figure measures; never empty.")
    section: Series[str] = pa.Field(nullable=True, description="The heading the figure falls under; null before the first heading.")
    rule: Series[str] = pa.Field(isin=RULE_NAMES, description="Name of the extraction rule that produced the row.")

    @pa.dataframe_check(description="start < end")
    def span_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["start"] < df["end"]

    @pa.dataframe_check(description="value and value_max are finite numbers")
    def values_are_finite(cls, df: pd.DataFrame) -> pd.Series:
        return pd.Series(np.isfinite(df["value"]), index=df.index) & (
            df["value_max"].isna() | pd.Series(np.isfinite(df["value_max"].fillna(0.0)), index=df.index))

    @pa.dataframe_check(description="value_max > value where set")
    def range_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["value_max"].isna() | (df["value_max"] > df["value"])

    @pa.dataframe_check(description="money has a currency unit (ISO 4217 code) and only money does")
    def money_has_currency(cls, df: pd.DataFrame) -> pd.Series:
        is_code = df["unit"].str.match(r"^[A-Z]{3}(?:/|$)")
        return (df["kind"] == "money") == is_code

    class Config:
        strict = True
        coerce = False
