"""Vocabularies the extraction rules and the table schemas share, each declared once.

Plain data only (no patterns, no functions): a rule and a schema that disagree on one of
these would publish rows the schema then rejects, which stops a whole release.
"""

from __future__ import annotations

#: The years a document can plausibly mention as dates: U.S. background notes cite the
#: 1780s-1790s (first treaties, first consuls); targets reach "by 2050" and, rarely, "by 2100".
#: A four-digit number outside this range is never read as a year.
FIRST_YEAR = 1700
LAST_YEAR = 2100

#: Words whose number is a label, not a quantity nor a date: "Section 301", "Suite 2150",
#: "Item 1999", "No. 2024".
LABEL_WORDS = frozenset({
    "page", "pages", "p", "pp", "paragraph", "para", "section", "article", "chapter", "figure",
    "table", "annex", "appendix", "item", "no", "number", "resolution", "rule", "tier", "phase",
    "grade", "title", "class", "version", "route", "highway", "interstate", "flight", "room",
    "suite", "box", "exit", "gate", "terminal", "step", "stage", "round", "part", "clause",
    "vol", "volume", "issue", "edition", "session", "district", "level", "category", "law",
})
