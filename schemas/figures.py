"""Schema of `figures`: one row per figure, with its exact place in the source text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.extraction.countries import is_partner_code
from pipeline.extraction.indicators import INDICATORS_BY_ID
from pipeline.extraction.rules import FIGURE_RULES
from pipeline.extraction.vocabulary import (
    ADVERB_PERIODS,
    DURATION_UNITS,
    FIRST_YEAR,
    KINDS,
    LAST_YEAR,
    MEASURE_UNITS,
    PERIODS,
    QUALIFIERS,
    SCIENCE_UNITS,
)

_PERIODS = sorted(set(PERIODS.values()) | set(ADVERB_PERIODS.values()))
_BASE_UNITS = sorted({"count", "percent", "rank", "times"} | set(MEASURE_UNITS.values()) | set(DURATION_UNITS.values()))
#: A science unit with its power and quotient: "second^-1", "kilometer/second^2", "liter/kilometer".
_SCIENCE = rf"(?:{'|'.join(re.escape(u) for u in sorted(SCIENCE_UNITS | set(_BASE_UNITS), key=lambda u: (-len(u), u)))})"
_SCIENCE_UNIT = rf"{_SCIENCE}(?:\^-?[1-4])?(?:/{_SCIENCE}(?:\^-?[1-4])?)?"
#: Allowed units: an ISO 4217 code, a base unit, "per <period>", each optionally "/<period>"; a science unit.
UNIT_PATTERN = (
    rf"^(?:(?:[A-Z]{{3}}|{'|'.join(re.escape(u) for u in _BASE_UNITS)}|per (?:{'|'.join(_PERIODS)}))"
    rf"(?:/(?:{'|'.join(_PERIODS)}))?|{_SCIENCE_UNIT})$"
)
RULE_NAMES = [rule.name for rule in FIGURE_RULES]
INDICATOR_IDS = list(INDICATORS_BY_ID)


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
                                 description="ISO 4217 code for money; percent; count; singular unit word; rank; times; `per <period>`; a rate adds `/<period>`; a science unit keeps its power and quotient (`second^-1`, `kilometer/second^2`, `liter/kilometer`).")
    qualifier: Series[str] = pa.Field(isin=list(QUALIFIERS), description="exact, approx, at_least or at_most, from the words before the figure.")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description="Reference year stated in the same sentence; null if none.")
    subject: Series[str] = pa.Field(str_length={"min_value": 1}, description="Short noun phrase for what the figure measures; never empty.")
    section: Series[str] = pa.Field(nullable=True, description="The heading the figure falls under; null before the first heading.")
    rule: Series[str] = pa.Field(isin=RULE_NAMES, description="Name of the extraction rule that produced the row.")
    subject_start: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Offset of the subject in the document text when it is one span of it; null otherwise.")
    subject_end: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="Offset after the subject: subject == ' '.join(doc_text[subject_start:subject_end].split()).")
    partner: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{3}$",
        description="ISO 3166-1 alpha-3 code of the country the figure concerns: named in its subject or clause, "
                    "else the document's partner; null when none (the United States is never the partner).")
    indicator: Series[str] = pa.Field(
        nullable=True, isin=INDICATOR_IDS,
        description="What the figure is a value of, an id of the indicator vocabulary (docs/data-dictionary.md); "
                    "null when none applies.")

    @pa.dataframe_check(description="subject_start and subject_end are both set or both null, in order")
    def subject_span_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        both_null = df["subject_start"].isna() & df["subject_end"].isna()
        ordered = (df["subject_start"] < df["subject_end"]).fillna(False).astype(bool)
        return both_null | ordered

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

    @pa.dataframe_check(description="partner is an ISO 3166-1 alpha-3 code (pycountry), never USA")
    def partner_is_a_country(cls, df: pd.DataFrame) -> pd.Series:
        return df["partner"].isna() | df["partner"].map(lambda code: isinstance(code, str) and is_partner_code(code))

    class Config:
        strict = True
        coerce = False
