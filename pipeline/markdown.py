"""Text from the documents written into Markdown (quality_report.md, CHANGES.md) as text.

File names, headings and figure text are data: in Markdown they must render as the characters
they are, never as HTML (`<img src=x onerror=...>`), a link, emphasis, a code span or a table
cell break. The HTML report gets the same from Jinja2's autoescaping.
"""

from __future__ import annotations

import re

#: ASCII punctuation that can start or end Markdown or HTML syntax inside a line. CommonMark
#: lets any ASCII punctuation be escaped with a backslash, and the escaped character renders
#: as itself; `&` is escaped too so that an entity such as `&lt;` shows as written. An
#: underscore between two letters or digits never delimits emphasis, so `snake_case` names
#: stay as written.
_SYNTAX = re.compile(r"([\\`*{}\[\]<>()#+!|~&$]|(?<![^\W_])_|_(?![^\W_]))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown text on one line: syntax characters backslash-escaped, line
    breaks (CR, LF and the Unicode ones) turned into spaces so a cell or a list item never ends early."""
    return _SYNTAX.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
