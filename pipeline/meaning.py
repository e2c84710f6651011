"""What figures mean across documents: the partner a figure inherits from its document.

Extraction reads a figure's partner from its own subject and clause; a figure whose text names
no country concerns the country its document is about (documents.partner), unless its sentence
says it is worldwide (`NO_PARTNER`): that one concerns no country.
"""

from __future__ import annotations

import pandas as pd

from pipeline.extraction.partners import NO_PARTNER


def _partner(own: object, document: object) -> str | None:
    if own == NO_PARTNER:
        return None
    if isinstance(own, str):
        return own
    return document if isinstance(document, str) else None


def with_document_partner(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Figures whose partner is null take their document's partner (null stays null if it has none);
    worldwide figures (`NO_PARTNER`) get null."""
    if figures.empty:
        return figures
    by_doc = dict(zip(documents["doc_id"], documents["partner"], strict=True)) if "partner" in documents.columns \
        else {}
    out = figures.copy()
    out["partner"] = [_partner(own, by_doc.get(doc)) for own, doc in zip(figures["partner"], figures["doc_id"],
                                                                         strict=True)]
    return out
