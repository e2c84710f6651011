"""The one exception every format converter raises: a reason fit for the documents table."""

from __future__ import annotations


class FormatError(ValueError):
    """The bytes cannot be turned into a document's text; the message says why, for a person."""
