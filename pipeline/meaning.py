"""What figures mean across documents: the partner a figure inherits from its document.

Extraction reads a figure's partner from its own subject and clause; a figure whose text names
no country concerns the country its document is about (documents.partner).
"""

from __future__ import annotations

import pandas as pd


def with_document_partner(figures: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Figures whose partner is null take their document's partner (null stays null if it has none)."""
    if figures.empty or "partner" not in documents.columns:
        return figures
    by_doc = dict(zip(documents["doc_id"], documents["partner"], strict=True))
    out = figures.copy()
    out["partner"] = [
        own if isinstance(own, str) else (by_doc.get(doc) if isinstance(by_doc.get(doc), str) else None)
        for own, doc in zip(figures["partner"], figures["doc_id"], strict=True)
    ]
    return out
