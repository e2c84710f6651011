"""Acronyms defined in the text as "Long Name (ACRO)", found by the Schwartz–Hearst method."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFINITION = re.compile(r"\((?P<acro>[A-Z][A-Za-z0-9&.\-]{1,11})\)")


@dataclass(frozen=True)
class Acronym:
    acronym: str
    expansion: str
    start: int  # offset of the expansion; text[start:end] == "Long Name (ACRO)"
    end: int
    first_start: int  # first offset where the acronym appears anywhere in the text
    mentions: int


def _long_form(short: str, candidate: str) -> int | None:
    """Start index in `candidate` of the long form of `short` (Schwartz & Hearst, 2003)."""
    s = len(short) - 1
    c = len(candidate) - 1
    while s >= 0:
        ch = short[s].lower()
        if not ch.isalnum():
            s -= 1
            continue
        while c >= 0 and (
            candidate[c].lower() != ch or (s == 0 and c > 0 and candidate[c - 1].isalnum())
        ):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    return max(0, c + 1)


#: Tokens that may be an acronym: they start with a capital (as every definition does).
_WORD = re.compile(r"[A-Z][A-Za-z0-9&.\-]*")


_FIND_LIMIT = 40


def _find_positions(text: str, word: str) -> list[int]:
    """Offsets where `word` stands as a whole word."""
    positions: list[int] = []
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        before = text[i - 1] if i > 0 else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "-_&.") and not (after.isalnum() or after in "-_&"):
            positions.append(i)
        i = text.find(word, i + 1)
    return positions


def _word_positions(text: str) -> dict[str, list[int]]:
    """Offsets of every capitalised token (and of it without a trailing point): one pass."""
    positions: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-_&."):
            continue
        token = m.group(0)
        positions.setdefault(token, []).append(m.start())
        bare = token.rstrip(".-")
        if bare != token:
            positions.setdefault(bare, []).append(m.start())
    return positions


def extract_acronyms(text: str) -> list[Acronym]:
    """Every acronym defined in the text, once, with its first definition."""
    found: dict[str, Acronym] = {}
    tokens: dict[str, list[int]] | None = None
    for m in _DEFINITION.finditer(text):
        acro = m.group("acro")
        letters = sum(ch.isupper() for ch in acro)
        if acro in found or letters < 2:
            continue
        window_start = max(0, m.start() - 160)
        before = text[window_start:m.start()].rstrip()
        words = before.split()
        if not words:
            continue
        n_words = min(len(words), len(acro) + 5, 2 * len(acro))
        candidate = " ".join(words[-n_words:])
        index = _long_form(acro, candidate)
        if index is None:
            continue
        expansion = candidate[index:].strip(" ,;:-–—“\"")
        if not expansion or len(expansion) <= len(acro) or not expansion[0].isalnum():
            continue
        start = text.rfind(expansion.split()[0], window_start, m.start())
        if start < 0 or " ".join(text[start:m.start()].split()) != expansion:
            continue
        if len(found) < _FIND_LIMIT:
            positions = _find_positions(text, acro)  # a C scan per acronym: fastest for a few
        else:
            if tokens is None:
                tokens = _word_positions(text)  # one pass for all: linear however many there are
            positions = tokens.get(acro, [])
        positions = positions or [m.start() + 1]
        found[acro] = Acronym(acro, expansion, start, m.end(), min(positions), len(positions))
    return sorted(found.values(), key=lambda a: a.start)
