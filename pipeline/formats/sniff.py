"""What a file's bytes are, from their first bytes: so a name that lies about its content is caught.

A PDF starts with `%PDF-` (readers accept it within the first 1 KB), an HTML page with a
doctype, an `<html>` tag or another tag; images and archives have magic numbers. Anything
else is taken for text.
"""

from __future__ import annotations

import re

from pipeline.formats.errors import FormatError

#: Magic numbers of binary files that turn up where documents are expected.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"{\\rtf", "an RTF file"),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6])\b",
                         re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(rb"<(?:html|body|p|div|h[1-6]|article|main|br|table)\b[^>]*>", re.IGNORECASE)

#: How each format is named in a quarantine reason.
NAMES = {"pdf": "a PDF", "html": "an HTML page", "text": "plain text"}


def sniff(data: bytes) -> str:
    """'pdf', 'html', 'text', or a description of a binary kind ('a PNG image'…)."""
    head = data[:1024]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    for magic, kind in _MAGIC:
        if head.startswith(magic) or (kind == "pdf" and magic in head):
            return kind
    if _HTML_START.match(head):
        return "html"
    return "text"


def check_content(data: bytes, declared: str, suffix: str) -> None:
    """Raise FormatError when the bytes are not what the file's extension says.

    An HTML page must contain HTML markup (a page with no tag at all is text under the wrong
    name); a PDF must start as one; a .txt must not be a PDF, an HTML page or a binary file.
    """
    found = sniff(data)
    if declared == "html" and found == "text" and _ANY_TAG.search(data[:65536]):
        found = "html"  # markup after a preamble the sniffer does not recognise
    if found == declared:
        return
    what = NAMES.get(found, found)
    hint = f" (rename it to .{'pdf' if found == 'pdf' else 'html' if found == 'html' else 'txt'})" \
        if found in NAMES else ""
    raise FormatError(f"the name ends in {suffix} but the content is {what}{hint}")
