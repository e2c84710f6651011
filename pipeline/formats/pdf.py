"""PDF -> its text layer as paragraphs, laid out as the extractor reads plain text.

pypdf reads each page's text in layout mode, which keeps a blank line where the page leaves
vertical space: that is where paragraphs and headings end. Then:

- running headers and footers are dropped: a line among the first or last `EDGE_LINES` of a
  page that repeats (digits aside, so "Page 3" repeats "Page 2") on at least half the pages,
  and on two pages or more;
- the pages are joined; a paragraph cut by a page break (its page ends without a full stop
  and the next page goes on in lower case or with a number) is joined back;
- the lines of a paragraph are joined with a space, so a line break never ends a sentence the
  author did not end; a word hyphenated at a line end is joined back ("inter-" + "national"),
  keeping the hyphen when the document writes the joined word with one elsewhere
  ("two-way"), or when it is not a broken word ("2023-" + "2024", "U.S.-" + "Mexico").
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pipeline.formats.errors import FormatError

#: How many lines at the top and at the bottom of a page may be a running header or footer.
EDGE_LINES = 2
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_DIGITS = re.compile(r"\d+")
_HYPHENATED_END = re.compile(r"(\S*[^\W\d_])[-\u00ad]$")
_WORD_START = re.compile(r"[^\W\d_][\w’']*")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")


def _page_lines(text: str) -> list[str]:
    """A page's lines, trimmed, runs of spaces (layout padding) made one; blank lines kept as ''."""
    return [_SPACES.sub(" ", line).strip() for line in text.splitlines()]


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last EDGE_LINES non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without the header and footer lines that repeat on at least half of them."""
    if len(pages) < 2:
        return pages
    seen = Counter(key for lines in pages for key in {_key(lines[i]) for i in _edges(lines)})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in seen.items() if n >= threshold}
    out = []
    for lines in pages:
        drop = {i for i in _edges(lines) if _key(lines[i]) in running}
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def join_lines(lines: list[str], vocabulary: set[str]) -> str:
    """The lines of one paragraph as one line, hyphenation at line ends repaired.

    A line ending in a hyphen after a letter, before a line starting in lower case, is a word
    broken in two: joined without the hyphen unless `vocabulary` (the document's own hyphenated
    words) has it with one. A hyphen after anything else ("2023-", "U.S.-") is kept and the
    lines are joined without a space; a soft hyphen (U+00AD) is always removed.
    """
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            broken = _HYPHENATED_END.search(out)
            following = _WORD_START.match(line)
            if broken and following and line[0].islower():
                keep = f"{broken.group(1)}-{following.group(0)}".casefold() in vocabulary
                out = (out if keep else out[:-1]) + line
            else:
                out += line
        else:
            out = f"{out} {line}"
    return out


def _continues(line: str) -> bool:
    """Whether a page's first line goes on with the sentence the page before left open."""
    return line[:1].islower() or line[:1].isdigit() or line[:1] in "$€£("


def pdf_pages(data: bytes) -> list[str]:
    """The text layer of every page (layout mode); FormatError for a PDF that cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about sloppy files are noise here
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatError("encrypted PDF: it needs a password to be read")
        return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except FormatError:
        raise
    except FileNotDecryptedError as exc:
        raise FormatError("encrypted PDF: it needs a password to be read") from exc
    except DependencyError as exc:
        raise FormatError(f"encrypted PDF that pypdf cannot decrypt here ({exc})") from exc
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        # pypdf raises all of these on damaged files; none may stop the other documents
        raise FormatError(f"corrupt PDF ({type(exc).__name__}: {exc})") from exc


def pdf_to_text(data: bytes) -> str:
    """The text of a PDF as paragraphs separated by blank lines; FormatError when there is none.

    A PDF whose pages have no text layer (a scan) is an error: it needs OCR first.
    """
    pages = drop_running_lines([_page_lines(text) for text in pdf_pages(data)])
    words = re.findall(r"\S+", "\n".join(line for lines in pages for line in lines))
    if not any(re.search(r"[^\W\d_]{2}", w) for w in words):
        raise FormatError("PDF has no text layer (a scanned document?): run OCR first")
    vocabulary = {w.strip(".,;:!?()[]\"'”’“‘").casefold() for w in words if "-" in w}
    paragraphs: list[list[str]] = []
    for lines in pages:
        found = _paragraphs(lines)
        if not found:
            continue
        if paragraphs and not _SENTENCE_END.search(paragraphs[-1][-1]) and _continues(found[0][0]):
            paragraphs[-1].extend(found.pop(0))  # a paragraph the page break cut in two
        paragraphs.extend(found)
    return "\n\n".join(join_lines(p, vocabulary) for p in paragraphs) + "\n"
