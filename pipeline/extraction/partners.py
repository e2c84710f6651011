"""Which country a figure concerns: named in its subject, else before it in its sentence.

The document's own partner (raw/sources.csv or its title) is the fallback, applied where the
documents table is known (`pipeline.meaning.with_document_partner`); the United States is the
home country, never a partner. A figure whose sentence puts it in no one country ("200,000
volunteers worldwide", "programs in 60 countries") takes `NO_PARTNER`: null in the published table,
and the document's partner does not fill it.
"""

from __future__ import annotations

import re

from pipeline.extraction.countries import HOME, Mention, mentions, phrase_mentions

#: A comma (not inside a number), semicolon, colon or dash ends a clause.
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:—–]")

#: The partner of a figure that concerns no one country: published as null, never filled from
#: the document (`pipeline.meaning.with_document_partner`).
NO_PARTNER = "-"
_MANY = (r"(?:\d[\d,]*|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thirteen|fourteen|fifteen|sixteen"
         r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|hundreds?)")
#: A sentence that says its figures are worldwide or spread over many countries: "volunteers worldwide",
#: "around the world", "serve in 75 countries", "across more than 60 host countries".
_WORLDWIDE = re.compile(
    r"\b(?:world-?wide|globally|(?:around|across|throughout|all over) the (?:world|globe)"
    rf"|(?:in|across|throughout) (?:(?:more than|over|nearly|almost|about|some|roughly|approximately|all) )?{_MANY}"
    r" (?:other |host |partner |different |developing )?countries)\b",
    re.IGNORECASE,
)
#: A word every `_WORLDWIDE` phrase holds, found by a fast literal scan first: most sentences have none.
_WORLDWIDE_WORD = re.compile(r"world|glob|countries", re.IGNORECASE)


class SentencePartners:
    """Country mentions per sentence, read once however many figures the sentence holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[int, int], list[Mention]] = {}
        self._worldwide: dict[tuple[int, int], bool] = {}

    def _in(self, sentence: tuple[int, int]) -> list[Mention]:
        found = self._cache.get(sentence)
        if found is None:
            found = [m for m in mentions(self.text, sentence[0], sentence[1]) if m.iso3 != HOME]
            self._cache[sentence] = found
        return found

    def worldwide(self, sentence: tuple[int, int]) -> bool:
        """Whether the sentence says its figures are worldwide or spread over many countries."""
        found = self._worldwide.get(sentence)
        if found is None:
            found = self._worldwide[sentence] = bool(
                _WORLDWIDE_WORD.search(self.text, sentence[0], sentence[1])
                and _WORLDWIDE.search(self.text, sentence[0], sentence[1]))
        return found

    def partner(self, sentence: tuple[int, int], start: int, subject: str) -> str | None:
        """The one country the subject names; else the one named before the figure in its clause;
        else `NO_PARTNER` when the sentence says its figures are worldwide.

        A subject or clause naming two countries ("exports to Mexico and Canada") has no single
        partner: None.
        """
        named = {m.iso3 for m in phrase_mentions(subject) if m.iso3 != HOME}
        if len(named) == 1:
            return named.pop()
        if named:
            return None
        clause = {m.iso3 for m in self._in(sentence)
                  if m.end <= start and not _CLAUSE_BREAK.search(self.text, m.end, start)}
        if len(clause) == 1:
            return clause.pop()
        return NO_PARTNER if self.worldwide(sentence) else None
