"""What a figure measures: the noun phrase next to it (its subject)."""

from __future__ import annotations

import re

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
#: Words (and pairs of words) dropped from the end of the phrase before a figure: verbs,
#: prepositions and qualifiers that join a subject to its figure ("trade totaled $5bn").
_TRAILING_WORDS = frozenset((
    "totaled", "totalled", "totaling", "totalling", "reached", "was", "were", "is", "are", "of", "at", "to",
    "by", "worth", "reaching", "increased", "decreased", "grew", "rose", "fell", "has", "have", "had",
    "provided", "provides", "awarded", "received", "mobilized", "invested", "appropriated", "included",
    "includes", "supported", "supports", "with", "about", "approximately", "over", "nearly", "some",
    "estimated", "almost", "around", "roughly", "invest", "contributed", "benefited", "benefiting", "providing",
    "than", "the", "a", "an", "its", "their", "our", "under", "on", "for", "from", "into", "through", "across",
    "every", "each", "per", "additional", "last", "past", "in", "be", "extended", "scheduled", "stood",
    "amounted", "valued", "committed", "more", "up", "close", "least", "total",
))
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()—–]")
_BREAK_WORDS = frozenset({"while", "but", "which", "that", "who", "as", "In"})
_YEAR_TOKEN = re.compile(r"\d{4}")
_LEADING = re.compile(r"^(?:[•*·▪–-]\s*)?(?:(?i:the|a|an|and|our|its|their|total|some|this|these|other|of|with)\s+)*")
_SENTENCE_VERB = re.compile(
    r"(?i:is|are|was|were|has|have|had|will|can|could|would|may|remains?|remained|became|becomes"
    r"|includes?|included|meets?|met|provides?|provided|supports?|supported|\w+ed)"
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_WORDISH = re.compile(r"[\w$]")
_NUMERAL = re.compile(r"\d[\d,.]*")
_TOKEN = re.compile(r"[\w$’'.&/-]+|[^\w\s]")


def _phrase_after(text: str, end: int, limit: int) -> str:
    words: list[str] = []
    for m in _TOKEN.finditer(text, end, min(limit, end + 160)):
        token = m.group(0)
        if not _WORDISH.match(token) or _NUMERAL.fullmatch(token):
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


def _without_trailing(tokens: list[str]) -> list[str]:
    end = len(tokens)
    while end and tokens[end - 1].lower() in _TRAILING_WORDS:
        end -= 1
    return tokens[:end]


def _label(window: str) -> str | None:
    """"GDP growth" in "GDP growth: 3.2%": a short capitalised label on the figure's line."""
    line = window[window.rfind("\n") + 1:].strip()
    if line.endswith(":") and 1 < len(line) <= 42 and line[0].isupper():
        return line[:-1].strip()
    return None


def _phrase_before(text: str, start: int, sentence_start: int) -> str:
    window = text[max(sentence_start, start - 160):start]
    label = _label(window)
    if label:
        return label
    breaks = list(_CLAUSE_BREAK.finditer(window))
    tokens = (window[breaks[-1].end():] if breaks else window).split()
    for i in range(len(tokens) - 1, -1, -1):  # a clause opener ends the phrase: "…, while trade with China"
        if tokens[i] in _BREAK_WORDS:
            tokens = tokens[i + 1:]
            break
        if tokens[i] == "in" and i + 1 < len(tokens) and _YEAR_TOKEN.fullmatch(tokens[i + 1].rstrip(",")):
            # "… partner in 2023 with total trade at $807bn", or "exports to Colombia in 2022 were $22.8bn"
            after = _without_trailing(tokens[i + 2:])
            tokens = after if after else tokens[:i]
            break
    tokens = _without_trailing(tokens)
    window = " ".join(tokens)
    words = window.split()[-7:]
    phrase = " ".join(words).strip(" ,;:")
    return _LEADING.sub("", phrase)


def _sentence_subject(text: str, sentence: tuple[int, int]) -> str:
    """The words that open a sentence (after an opening "In 2019,"), up to its first verb."""
    words: list[str] = []
    clause = _COMMA.split(text[sentence[0]:min(sentence[1], sentence[0] + 300)])
    body = clause[1] if len(clause) > 1 and _OPENER.match(clause[0]) else clause[0]
    for token in body.split(None, 12)[:12]:
        if _SENTENCE_VERB.fullmatch(token) or token[:1] in "$0123456789":
            break
        if token not in _BREAK_WORDS:
            words.append(token)
    return _LEADING.sub("", " ".join(_without_trailing(words[:7]))).strip(" ,;:")


_OPENER = re.compile(r"\s*(?:In|As|Since|By|On|Over)\b")
_COMMA = re.compile(r",(?!\d)")


def subject(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    """A short noun phrase for what a figure measures, from the words next to it."""
    sentence = (max(sentence[0], start - 300), min(sentence[1], end + 300))  # bounded: linear on any text
    found = _subject(text, kind, start, end, sentence) or _sentence_subject(text, sentence)
    if found:
        return found
    # Last resort, never empty: the words of the sentence with the figure marked.
    words = (text[sentence[0]:start] + "…" + text[end:sentence[1]]).split()
    return " ".join(words[:8]) or kind


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
