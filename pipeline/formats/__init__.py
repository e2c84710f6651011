"""Document formats: which files raw/ accepts and how each becomes the text the extractor reads.

Each converter is a pure function `bytes -> str` in its own module (`html.py`, `pdf.py`) that
raises `FormatError` with a reason fit for the documents table; `document_text` checks that
the bytes are what the extension says, then converts. Plain text is decoded by
`pipeline.corpus.read_text` as before; this package only checks that it is not a PDF or a page
under a .txt name.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline.formats.errors import FormatError
from pipeline.formats.sniff import check_content

#: File extension (lower case) -> format. Files with other extensions are not documents.
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
#: The library that turns each converted format into text, as named in `documents.text_extractor`.
LIBRARIES = {"html": "trafilatura", "pdf": "pypdf"}


def format_of(file_name: str) -> str | None:
    """'text', 'html' or 'pdf' by the file's extension (any case); None for any other file."""
    return SUFFIXES.get(Path(file_name).suffix.lower())


def text_extractor(fmt: str) -> str | None:
    """'trafilatura 2.3.1' or 'pypdf 7.1.0' for a converted format; None for plain text."""
    library = LIBRARIES.get(fmt)
    return f"{library} {metadata.version(library)}" if library else None


def document_text(data: bytes, fmt: str, suffix: str) -> str:
    """The text of a converted document (html, pdf); FormatError with the reason when there is none."""
    check_content(data, fmt, suffix)
    if fmt == "html":
        from pipeline.formats.html import html_to_text

        return html_to_text(data)
    if fmt == "pdf":
        from pipeline.formats.pdf import pdf_to_text

        return pdf_to_text(data)
    raise ValueError(f"{fmt!r} is not a converted format")


def _formats_version() -> str:
    """Hash of this package's code and the converters' versions: converted texts change with them."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for library in sorted(LIBRARIES.values()):
        digest.update(f"{library} {metadata.version(library)}".encode())
    return digest.hexdigest()[:8]


FORMATS_VERSION = _formats_version()

__all__ = ["FORMATS_VERSION", "SUFFIXES", "FormatError", "check_content", "document_text", "format_of",
           "text_extractor"]
