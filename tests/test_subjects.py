"""Subjects on sentences written like other countries' fact sheets and releases (none from raw/).

Each case is one clause rule of `pipeline/extraction/subjects.py`; the subject must be the
text's own words and, when it is one span, `text[subject_start:subject_end]`.
"""

from __future__ import annotations

import pytest

from pipeline.extraction import extract
from pipeline.extraction.structure import Sentences
from pipeline.extraction.subjects import subject_of


def subject_at(text: str, figure: str) -> str:
    found = {f.text: f for f in extract(text).figures}
    return found[figure].subject


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # quantified noun with its post-modifiers
        ("About 2.3 million U.S. citizens living in Canada are registered to vote.", "2.3 million",
         "U.S. citizens living in Canada"),
        ("There are 120 land ports of entry along the northern border.", "120",
         "land ports of entry along the northern border"),
        ("Officers seized 310 pounds of heroin hidden in a truck, the agency said.", "310 pounds",
         "heroin hidden in a truck"),
        # the subject of totaled / reached / was / stood at
        ("In 2022, U.S. goods trade with Brazil totaled $88bn.", "$88bn", "U.S. goods trade with Brazil"),
        ("U.S. exports to Chile in 2021 were $17.6 billion.", "$17.6 billion", "U.S. exports to Chile"),
        ("Peruvian investment in the United States stood at $1.2bn in 2020.", "$1.2bn",
         "Peruvian investment in the United States"),
        # money in / for
        ("The program paid $3 million in wages and benefits to farm workers.", "$3 million",
         "wages and benefits to farm workers"),
        # the noun before "of"
        ("The seized pills had an estimated street value of $420,000.", "$420,000", "street value"),
        # "with a total of": the phrase before the comma
        ("Japan holds the largest stock of direct investment in Vietnam, with a total of $71bn in 2022.", "$71bn",
         "largest stock of direct investment in Vietnam"),
        # an aside in parentheses is read around
        ("Exports to Peru grew from $2bn in 2005 (the year before the agreement) to $9bn in 2021.", "$9bn",
         "Exports to Peru"),
        # a second figure joined by "by … (x percent)" shares the clause subject
        ("U.S. total imports increased by $80 billion (4.2 percent) in 2019.", "4.2 percent", "U.S. total imports"),
        # a hyphenated measure names the noun after it
        ("The two countries share a 1,200-kilometer maritime boundary.", "1,200-kilometer", "maritime boundary"),
        # a label on its line
        ("GDP growth: 3.1%", "3.1%", "GDP growth"),
    ],
)
def test_subject_rules(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("It reached $4bn in 2020.", "$4bn"),
        ("They have contributed nearly $900,000 since 2015.", "$900,000"),
        ("The fund can be extended for an additional 10 years.", "10 years"),
    ],
)
def test_subject_is_never_a_pronoun_or_verb_fragment(sentence: str, figure: str) -> None:
    words = subject_at(sentence, figure).lower().split()
    assert words[0] not in {"it", "they", "can", "has", "have", "was", "is"}
    assert words[-1] not in {"can", "has", "have", "contributed", "reached", "extended"}


def test_subject_span_is_the_text() -> None:
    text = "Last year, 4,200 students from Ghana were enrolled at U.S. universities."
    found = next(f for f in extract(text).figures if f.text == "4,200")
    sub = subject_of(text, found.kind, found.start, found.end, Sentences(text).around(found.start))
    assert sub.start is not None and sub.end is not None
    assert text[sub.start:sub.end] == sub.text == "students from Ghana"
