"""Pandera schemas, one per published table. The data dictionary is generated from them."""

from __future__ import annotations

import pandera.pandas as pa

from schemas.acronyms import Acronyms
from schemas.dates import Dates
from schemas.documents import Documents
from schemas.figures import Figures
from schemas.sections import Sections
from schemas.series import SeriesTable

#: Published table name -> its schema, in the order a release lists them.
SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents,
    "figures": Figures,
    "dates": Dates,
    "acronyms": Acronyms,
    "sections": Sections,
    "series": SeriesTable,
}

__all__ = ["SCHEMAS", "Acronyms", "Dates", "Documents", "Figures", "Sections", "SeriesTable"]
