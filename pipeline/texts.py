"""The texts a release's offsets index: `texts/<doc_id>.txt`, one per readable document.

For a .txt file this is the file as decoded; for HTML and PDF it is the converted text the
extractor read, so `text == doc_text[start:end]` can be checked against the release alone,
whatever the format of the source.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.validation import TextLoader

TEXTS_DIR = "texts"


def text_path(doc_id: str) -> str:
    """Where a document's text is published, relative to the release directory."""
    return f"{TEXTS_DIR}/{doc_id}.txt"


def write_texts(directory: Path, documents: pd.DataFrame, load: TextLoader) -> list[Path]:
    """Write every readable document's text under directory/texts/ (UTF-8, exactly as read).

    A document whose text cannot be read any more (its file changed since extraction) is an
    error: its rows would index a text the release does not have.
    """
    target = directory / TEXTS_DIR
    target.mkdir(exist_ok=True)
    written = []
    for doc_id in documents.loc[documents["status"] == "ok", "doc_id"].astype(str):
        text = load(doc_id)
        if text is None:
            raise RuntimeError(f"{doc_id}: its text could not be read again for the release")
        path = directory / text_path(doc_id)
        with path.open("w", encoding="utf-8", newline="") as handle:  # no newline translation
            handle.write(text)
        written.append(path)
    return written
