"""HTML page -> the text of its main content, laid out as the extractor reads plain text.

trafilatura finds the main content (no navigation, header, footer, sidebar, script or
style: see docs/formats.md for how it compared with inscriptis and selectolax) and returns
it as a tree of headings, paragraphs, lists and tables. Each block becomes one line and
blocks are separated by a blank line, so a heading stands alone between blank lines as
`pipeline.extraction.structure.headings` expects; list items are `- ` lines, table rows
are cells joined by ` | `; a line break inside a paragraph starts a new block.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.formats.errors import FormatError

#: A page whose main text has no sentence of this many words is navigation, not a document.
MIN_SENTENCE_WORDS = 6
_SPACES = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _lines_of(element: etree._Element) -> list[str]:
    """The element's text as lines: a line break (`<br>`, or a newline trafilatura's fallback
    leaves between blocks it could not tell apart) ends a line; other whitespace is one space."""
    for br in element.iter("lb"):
        br.text = "\n"
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(element.itertext()).split("\n"))
    return [line for line in lines if line]


def _text_of(element: etree._Element) -> str:
    return " ".join(_lines_of(element))


def _blocks(body: etree._Element) -> list[str]:
    """One string per block of the main content, in document order."""
    blocks: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "list":
            items = [_text_of(item) for item in element.findall("item")]
            blocks.append("\n".join(f"- {item}" for item in items if item))
        elif tag == "table":
            rows = [" | ".join(c for c in (_text_of(cell) for cell in row.findall("cell")) if c)
                    for row in element.findall("row")]
            blocks.append("\n".join(row for row in rows if row))
        elif tag in ("div", "section"):
            blocks.extend(_blocks(element))
        else:  # head, p, quote, code…: each line its own block
            blocks.extend(_lines_of(element))
    return [b for b in blocks if b]


def has_sentence(text: str) -> bool:
    """Whether the text has running prose: a sentence of MIN_SENTENCE_WORDS words or more."""
    return any(len(m.group(0).split()) >= MIN_SENTENCE_WORDS for m in _SENTENCE.finditer(text))


def html_to_text(data: bytes) -> str:
    """The main text of an HTML page; FormatError when there is none worth reading.

    Raised for a page trafilatura cannot parse or finds no main content in (malformed or
    empty markup), and for one whose main content has no sentence of running text
    (`MIN_SENTENCE_WORDS` words ending in . ! or ?): a page that is all navigation or links.
    """
    import trafilatura  # imported here: loading it costs ~0.5 s that .txt-only runs never pay

    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormatError("malformed HTML: binary data (NUL bytes) in the page")

    try:
        found = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, include_images=False,
            include_formatting=False, include_links=False, with_metadata=False, deduplicate=False,
        )
    except (ValueError, etree.LxmlError) as exc:
        raise FormatError(f"malformed HTML ({exc})") from exc
    body = getattr(found, "body", None)
    if body is None:
        raise FormatError("malformed or empty HTML: no main content found")
    text = "\n\n".join(_blocks(body))
    if not has_sentence(text):
        raise FormatError(
            f"HTML page with no running text (no sentence of {MIN_SENTENCE_WORDS} or more words in its main "
            "content): navigation and links only, or broken markup"
        )
    return text + "\n"
