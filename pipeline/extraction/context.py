"""What the words around a figure say about it: qualifier, reference year, subject."""

from __future__ import annotations

import bisect
import re

from pipeline.extraction.dates import DateMention

_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?P<approx>approximately|approx\.|about|around|roughly|some|an\s+estimated|estimated|circa|ca\.)"
    r"|\b(?P<at_least>over|more\s+than|above|at\s+least|exceeding|in\s+excess\s+of|upwards\s+of|greater\s+than"
    r"|no\s+(?:less|fewer)\s+than|just\s+over|well\s+over|nearly\s+over|beyond)"
    r"|\b(?P<at_most>nearly|almost|close\s+to|under|up\s+to|less\s+than|fewer\s+than|below|at\s+most"
    r"|no\s+more\s+than|as\s+(?:many|much)\s+as|just\s+under|not\s+more\s+than))"
    r"\s+(?:the\s+)?$"
)
_QUALIFIER_AFTER = re.compile(
    r"(?P<approx>\s?\((?:\d{4}\s)?(?:est\.|estimated|approx\.)\)|\s?\(e\))|(?P<at_least>\+)(?!\d)"
)


def qualifier(text: str, start: int, end: int) -> str:
    """exact, approx, at_least or at_most, from the words right before (or a mark right after)."""
    m = _QUALIFIER_BEFORE.search(text, max(0, start - 40), start)
    if m:
        return m.lastgroup or "exact"
    after = _QUALIFIER_AFTER.match(text, end, min(len(text), end + 16))
    if after:
        return after.lastgroup or "exact"
    return "exact"


class YearIndex:
    """The years a document states, to find the one a figure's own sentence refers to."""

    def __init__(self, mentions: list[DateMention], excluded: list[tuple[int, int]]) -> None:
        usable = [
            m for m in mentions
            if m.role in ("point", "range_end") and not any(s <= m.start < e for s, e in excluded)
        ]
        self.mentions = sorted(usable, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def year_for(self, sentence: tuple[int, int], start: int, end: int) -> int | None:
        """The year stated nearest the figure within its sentence; None if none is stated."""
        lo = bisect.bisect_left(self.starts, sentence[0])
        hi = bisect.bisect_left(self.starts, sentence[1])
        best: tuple[int, int] | None = None
        for m in self.mentions[lo:hi]:
            distance = start - m.end if m.end <= start else m.start - end
            if best is None or distance < best[0]:
                best = (distance, m.year)
        return best[1] if best else None


# --- subject ---------------------------------------------------------------------------------

_STOP_AFTER = {
    "and", "or", "that", "which", "who", "whom", "whose", "to", "in", "on", "at", "by", "for",
    "from", "with", "as", "than", "is", "are", "was", "were", "have", "has", "had", "will",
    "would", "can", "could", "be", "been", "being", "each", "per", "since", "during", "through",
    "between", "under", "over", "while", "but", "plus", "including", "across", "throughout",
    "into", "via", "a", "an", "the", "this", "these", "those", "it", "its", "their", "our",
    "started", "received", "live", "lives", "cross", "came", "come", "provide", "provides",
    "totaling", "totalling", "worth", "every", "annually", "after", "before", "when", "where",
    "if", "so", "such", "among", "against", "toward", "towards", "until", "within", "without",
    "directly", "also", "currently", "only", "all", "both", "most", "containing", "covering",
    "spanning", "involving", "benefiting", "providing", "resulting", "helping",
}
_VERBS_BEFORE = re.compile(
    r"(?i:\s+(?:totaled|totalled|totaling|totalling|stood\s+at|reached|was|were|is|are|of|at|to|by|"
    r"amounted\s+to|worth|reaching|valued\s+at|increased|decreased|grew|rose|fell|has|have|had|"
    r"provided|provides|awarded|received|mobilized|invested|appropriated|committed\s+to\s+invest|"
    r"included|includes|supported|supports|with|a\s+total\s+of|about|approximately|over|nearly|"
    r"more\s+than|some|an\s+estimated|estimated|almost|around|roughly|up\s+to|close\s+to|invest|"
    r"contributed|benefited|benefiting|providing|than|the|an?|its|their|our|under|on|for|from|into|"
    r"through|across|every|each|per|at\s+least|additional|last|past|in|be|extended|scheduled))+\s*$"
)
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()—–]|\b(?:while|but|which|that|who|as|In|in\s+\d{4})\b")
_LEADING = re.compile(r"^(?:(?i:the|a|an|our|its|their|total|some|this|these|other|of|with)\s+)+")
_SENTENCE_VERB = re.compile(
    r"(?i:is|are|was|were|has|have|had|will|can|could|would|may|remains?|remained|became|becomes"
    r"|includes?|included|meets?|met|provides?|provided|supports?|supported|\w+ed)"
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_TOKEN = re.compile(r"[\w$’'.&/-]+|[^\w\s]")


def _phrase_after(text: str, end: int, limit: int) -> str:
    words: list[str] = []
    for m in _TOKEN.finditer(text, end, min(limit, end + 160)):
        token = m.group(0)
        if not re.match(r"[\w$]", token) or re.fullmatch(r"\d[\d,.]*", token):
            break
        lower = token.lower().rstrip(".")
        if lower in _STOP_AFTER and not (lower == "of" and words):
            if lower == "and" and words and len(words) < 4:
                words.append(token)
                continue
            break
        words.append(token if _INITIALS.fullmatch(token) else token.rstrip("."))
        if len(words) >= 7:
            break
    while words and words[-1].lower() in ("of", "the", "and", "s"):
        words.pop()
    return " ".join(words)


_LABEL = re.compile(r"(?:^|\n)\s*([A-Z][\w .’'/()-]{1,40}?):\s*$")


def _phrase_before(text: str, start: int, sentence_start: int) -> str:
    window = text[max(sentence_start, start - 160):start]
    label = _LABEL.search(window)
    if label:
        return label.group(1).strip()  # "GDP growth: 3.2%"
    window = _VERBS_BEFORE.sub("", window)
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    words = window.split()[-7:]
    phrase = " ".join(words).strip(" ,;:")
    return _LEADING.sub("", phrase)


def _sentence_subject(text: str, sentence: tuple[int, int]) -> str:
    """The words that open a sentence, up to its first verb: a last resort."""
    words: list[str] = []
    clause = re.split(r",(?!\d)", text[sentence[0]:sentence[1]])
    body = clause[-1] if len(clause) > 1 and re.match(r"\s*(?:In|As|Since|By|On|Over)\b", clause[0]) else clause[0]
    for token in body.split():
        if _SENTENCE_VERB.fullmatch(token) or re.match(r"[$\d]", token):
            break
        words.append(token)
    return _LEADING.sub("", " ".join(words[:7])).strip(" ,;:")


def subject(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    """A short noun phrase for what a figure measures, from the words next to it."""
    return _subject(text, kind, start, end, sentence) or _sentence_subject(text, sentence)


def _subject(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    after = text[end:sentence[1]]
    if start > 0 and text[start - 1] == "(":
        return _phrase_before(text, start - 1, sentence[0])  # "Summer Work Travel (5,501)"
    if kind in ("money", "percent"):
        m = re.match(r"\s+(?:in|for|of|on)\s+", after)
        if m and not re.match(r"\d{4}\b", after[m.end():]):
            phrase = _phrase_after(text, end + m.end(), sentence[1])
            if phrase:
                return phrase
        return _phrase_before(text, start, sentence[0]) or _phrase_after(text, end, sentence[1])
    if kind == "rank":
        m = re.match(r"[-\s]+\w+\s+", after)
        offset = end + (m.end() if m else 0)
        return _phrase_after(text, offset, sentence[1]) or _phrase_before(text, start, sentence[0])
    if kind in ("duration", "frequency", "ratio"):
        m = re.match(r"\s+of\s+", after)
        if m:
            phrase = _phrase_after(text, end + m.end(), sentence[1])
            if phrase:
                return phrase
        return _phrase_before(text, start, sentence[0]) or _phrase_after(text, end, sentence[1])
    return _phrase_after(text, end, sentence[1]) or _phrase_before(text, start, sentence[0])
