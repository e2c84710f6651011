"""Which country a figure concerns: named in its subject, else before it in its sentence.

The document's own partner (raw/sources.csv or its title) is the fallback, applied where the
documents table is known (`pipeline.meaning.with_document_partner`); the United States is the
home country, never a partner.
"""

from __future__ import annotations

import re

from pipeline.extraction.countries import HOME, Mention, mentions, phrase_mentions

#: A comma (not inside a number), semicolon, colon or dash ends a clause.
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:—–]")


class SentencePartners:
    """Country mentions per sentence, read once however many figures the sentence holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[int, int], list[Mention]] = {}

    def _in(self, sentence: tuple[int, int]) -> list[Mention]:
        found = self._cache.get(sentence)
        if found is None:
            found = [m for m in mentions(self.text, sentence[0], sentence[1]) if m.iso3 != HOME]
            self._cache[sentence] = found
        return found

    def partner(self, sentence: tuple[int, int], start: int, subject: str) -> str | None:
        """The one country the subject names; else the one named before the figure in its clause.

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
        return clause.pop() if len(clause) == 1 else None
