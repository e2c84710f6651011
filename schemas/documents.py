"""Schema of `documents`: one row per raw file, quarantined files included."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import Date
from pandera.typing import Series

from pipeline.extraction.countries import is_partner_code
from pipeline.formats import SUFFIXES
from schemas.dates import PRECISIONS

STATUSES = ["ok", "quarantined"]
FORMATS = sorted(set(SUFFIXES.values()))


class Documents(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1},
                                   description="The raw file's name without its extension (.txt, .html, .htm, .pdf); joins every other table.")
    file_name: Series[str] = pa.Field(unique=True, description="The raw file's name in raw/.")
    status: Series[str] = pa.Field(isin=STATUSES, description="ok, or quarantined when the file could not be read as a document.")
    reason: Series[str] = pa.Field(nullable=True, description="Why the file was quarantined; null when status is ok.")
    sha256: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$",
                                   description="SHA-256 of the file's bytes; null when the file was quarantined "
                                               "without being read (a link leaving raw/, a FIFO, over the size limit).")
    n_bytes: Series[int] = pa.Field(ge=0, description="Size of the file in bytes.")
    format: Series[str] = pa.Field(isin=FORMATS, description="The file's format by its extension: text (.txt), html (.html, .htm) or pdf (.pdf).")
    text_extractor: Series[str] = pa.Field(nullable=True, description="Library and version that turned an HTML page or a PDF into the text the figures' offsets index (published as `texts/<doc_id>.txt`); null for .txt files, read as UTF-8 as they are.")
    n_chars: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Characters of the decoded text; null when quarantined.")
    title: Series[str] = pa.Field(nullable=True, description="Title from raw/sources.csv, else the document's first heading.")
    partner: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{3}$",
        description="ISO 3166-1 alpha-3 code of the country the document is about: raw/sources.csv's partner, "
                    "else the one country its title names; null when neither says.")
    publisher: Series[str] = pa.Field(nullable=True, description="Publisher from raw/sources.csv, else the byline's.")
    url: Series[str] = pa.Field(nullable=True, description="Source URL from raw/sources.csv, when known.")
    published_date: Series[Date] = pa.Field(nullable=True,
                                            description="Publication date from raw/sources.csv, else from the byline; the first day of the month or year when only that is known.")
    published_precision: Series[str] = pa.Field(nullable=True, isin=PRECISIONS,
                                                description="day, month or year: how much of published_date the source states; null when there is no date.")
    declared_word_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0,
                                                          description="The byline's own word count (\"Words: 3,670\"), when present.")
    word_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Words counted in the text.")

    @pa.dataframe_check(description="partner is an ISO 3166-1 alpha-3 code (pycountry), never USA")
    def partner_is_a_country(cls, df: pd.DataFrame) -> pd.Series:
        return df["partner"].isna() | df["partner"].map(lambda code: isinstance(code, str) and is_partner_code(code))

    class Config:
        strict = True
        coerce = False

    @pa.dataframe_check(description="published_precision is set exactly when published_date is")
    def precision_with_date(cls, df: pd.DataFrame) -> pd.Series:
        return df["published_date"].isna() == df["published_precision"].isna()
