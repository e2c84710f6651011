"""The texts a release's offsets index: `texts/<doc_id>.txt`, one per readable document.

For a .txt file this is the file as decoded; for HTML and PDF it is the converted text the
extractor read, so `text == doc_text[start:end]` can be checked against the release alone,
whatever the format of the source.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pipeline.validation import TextLoader

TEXTS_DIR = "texts"


def text_path(doc_id: str) -> str:
    """Where a document's text is published, relative to the release directory."""
    return f"{TEXTS_DIR}/{doc_id}.txt"


def write_texts(directory: Path, documents: pd.DataFrame, load: TextLoader, previous: Path | None = None) -> int:
    """Write every readable document's text under directory/texts/ (UTF-8, exactly as read).

    The text of a .txt file whose bytes are those of the same file in the `previous` release
    (same name, same sha256) is that release's text: hard-linked, not read again (releases are
    immutable, so they can share it). HTML and PDF texts are always converted again: they also
    depend on the converter. A document whose text cannot be read any more (its file changed
    since extraction) is an error: its rows would index a text the release does not have.
    Returns how many texts were written rather than linked.
    """
    target = directory / TEXTS_DIR
    target.mkdir(exist_ok=True)
    reusable = _unchanged_plain_texts(documents, previous)
    written = 0
    ok = documents[documents["status"] == "ok"]
    for doc_id in ok["doc_id"].astype(str):
        path = directory / text_path(doc_id)
        if previous is not None and doc_id in reusable:
            try:
                os.link(previous / text_path(doc_id), path)
                continue
            except OSError:
                pass  # gone, or another file system: written below
        text = load(doc_id)
        if text is None:
            raise RuntimeError(f"{doc_id}: its text could not be read again for the release")
        with path.open("w", encoding="utf-8", newline="") as handle:  # no newline translation
            handle.write(text)
        written += 1
    return written


def _unchanged_plain_texts(documents: pd.DataFrame, previous: Path | None) -> set[str]:
    """doc_ids of .txt documents with the same file name and sha256 in the previous release."""
    if previous is None:
        return set()
    try:
        before = pd.read_parquet(previous / "documents.parquet", columns=["doc_id", "file_name", "sha256", "status"])
    except (OSError, ValueError):
        return set()
    key = ["doc_id", "file_name", "sha256"]
    now = documents.loc[(documents["status"] == "ok") & documents["file_name"].astype(str).str.endswith(".txt"), key]
    same = now.merge(before.loc[before["status"] == "ok", key], on=key)
    return set(same["doc_id"].astype(str))


def published_texts(directory: Path) -> TextLoader:
    """Looks up a document's text in directory/texts/ as `write_texts` wrote it (None when it has
    none): what the report's pages show, read without converting or checking the raw file again."""

    def load(doc_id: str) -> str | None:
        try:
            with (directory / text_path(doc_id)).open(encoding="utf-8", newline="") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    return load
