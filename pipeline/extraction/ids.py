"""Figure ids anchored on content, so that an edit elsewhere in a document keeps them.

A figure's anchor is a hash of its sentence's *skeleton* (the sentence with every figure in it
replaced by `#` and every other digit by `0`, whitespace collapsed, case folded), the figure's
position among the figures of that sentence, and a counter for sentences whose skeleton repeats
earlier in the document. So:

- inserting or deleting text in another sentence changes no id (offsets move, skeletons do not);
- changing a figure's value ("$807 billion" -> "$798 billion", or "in 2023" -> "in 2024" beside
  it) keeps its id, so CHANGES.md pairs the new value with its old self;
- rewording a figure's own sentence gives its figures new ids (reported as removed and added).

The id is `<doc_id>:<anchor>`, the anchor 12 hex digits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from pipeline.extraction.structure import Sentences

ANCHOR_LENGTH = 12
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def skeleton(sentence: str) -> str:
    """A sentence as compared across versions: digits as 0, whitespace collapsed, case folded."""
    text = unicodedata.normalize("NFKC", sentence)
    return _SPACE.sub(" ", _DIGITS.sub("0", text)).strip().casefold()


def figure_anchors(text: str, spans: list[tuple[int, int]], sentences: Sentences | None = None) -> list[str]:
    """The anchor of each figure span (in the order given) of a document's text (`sentences`:
    the text's, when extraction has them already)."""
    sentences = sentences if sentences is not None else Sentences(text)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, (start, _) in enumerate(spans):
        by_sentence.setdefault(sentences.around(start), []).append(i)
    keys: list[str] = [""] * len(spans)
    for (s_start, s_end), members in sorted(by_sentence.items()):
        members.sort(key=lambda i: spans[i][0])
        parts, at = [], s_start
        for i in members:
            start, end = max(spans[i][0], at), min(spans[i][1], s_end)
            parts += [text[at:start], "\x00"]  # "\x00" marks a figure: its text is not the anchor
            at = max(at, end)
        parts.append(text[at:s_end])
        shape = skeleton("".join(parts)).replace("\x00", "#")
        for position, i in enumerate(members):
            keys[i] = f"{shape}\x1f{position}"
    seen: Counter[str] = Counter()
    anchors = [""] * len(spans)
    for i in sorted(range(len(spans)), key=lambda i: spans[i][0]):
        repeat = seen[keys[i]]
        seen[keys[i]] += 1
        digest = hashlib.sha256(f"{keys[i]}\x1f{repeat}".encode()).hexdigest()
        anchors[i] = digest[:ANCHOR_LENGTH]
    return anchors


def figure_id(doc_id: str, anchor: str) -> str:
    return f"{doc_id}:{anchor}"
