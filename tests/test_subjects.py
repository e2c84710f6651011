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
        # a second figure joined by "by … (x percent)" is the same change
        ("U.S. total imports increased by $80 billion (4.2 percent) in 2019.", "4.2 percent",
         "increase in U.S. total imports"),
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


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # the amount of a change: "<change> in <what changed>"
        ("Canadian goods exports rose 4.1% in 2022.", "4.1%", "increase in Canadian goods exports"),
        ("Exports of beef to Korea grew by $300 million last year.", "$300 million",
         "growth in Exports of beef to Korea"),
        ("The number of visas issued increased by 2,500 in 2019.", "2,500", "increase in number of visas"),
        # a labelled line: the label is what changed, the level after "to" is the label itself
        ("Total imports of farm goods: Increased by $12.5 billion (8.2 percent) to $164.3 billion", "$12.5 billion",
         "increase in Total imports of farm goods"),
        ("Total imports of farm goods: Increased by $12.5 billion (8.2 percent) to $164.3 billion", "8.2 percent",
         "increase in Total imports of farm goods"),
        ("Total imports of farm goods: Increased by $12.5 billion (8.2 percent) to $164.3 billion", "$164.3 billion",
         "Total imports of farm goods"),
        # a change named after its amount refers to the clause before it
        ("Rice exports totaled 3.1 million tons, a 12% decline from 2021.", "12%", "decline in Rice exports"),
        ("U.S. services exports in 2021 were $4.1 billion, up 12 percent from the previous year.", "12 percent",
         "increase in U.S. services exports"),
        # "in volume" / "in value" say which side of the thing changed
        ("Most of the growth came from soybean exports (table 3), which increased in volume by 2 million tons.",
         "2 million tons", "increase in volume of soybean exports"),
        # levels a thing changed from and to are the thing's own values; an adverb is read past
        ("Wheat sales to Egypt fell sharply from $900 million in 2020 to $450 million in 2021.", "$900 million",
         "Wheat sales to Egypt"),
        ("Wheat sales to Egypt fell sharply from $900 million in 2020 to $450 million in 2021.", "$450 million",
         "Wheat sales to Egypt"),
        ("Steel imports in 2021 averaged $2 billion a month, up from $1.5 billion in 2020.", "$1.5 billion",
         "Steel imports"),
        # a rate after the figure is no noun of its own
        ("Steel imports in 2021 averaged $2 billion a month, up from $1.5 billion in 2020.", "$2 billion",
         "Steel imports"),
        # "up to" is a bound, not a change
        ("Each school may receive up to $50,000 in grants for teacher exchanges.", "$50,000",
         "grants for teacher exchanges"),
        # an -ing noun ends a subject like any noun; a participle does not (and the act on it is said)
        ("The new volunteers completed 12 weeks of in-country training before their service.", "12 weeks",
         "in-country training completed by new volunteers"),
    ],
)
def test_change_rules(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # a count a verb acts on: the things, the act and its doer
        ("Canadian exports supported an estimated 900,000 jobs in 2021.", "900,000",
         "jobs supported by Canadian exports"),
        ("Last year the embassy trained 1,200 police officers in forensic techniques.", "1,200",
         "police officers trained by embassy"),
        ("The program reached 40 villages, directly benefiting over 12,000 farmers.", "12,000", "farmers benefited"),
        # a participle after a noun modifies it and is no act on the figure
        ("The two countries share a 900-mile border containing 12 official crossings.", "12", "official crossings"),
        # a participle that ends a listed item stays ("farmers trained")
        ("Results to date: over 20,000 farmers trained, over 500 wells dug.", "20,000", "farmers trained"),
        # a duration in a time phrase is the period of its clause's event
        ("The foundation has contributed nearly $2 million in the last five years to expand exchanges.",
         "five years", "period of foundation"),
        ("The foundation has contributed nearly $2 million in the last five years to expand exchanges.",
         "$2 million", "foundation"),
        ("Over the last three years, Chile became a leading supplier of copper to U.S. markets.", "three years",
         "period in which Chile became a leading supplier of copper to U.S. markets"),
        # "X has been Y for …": what X is says more than X
        ("Peru has been a net importer of wheat for two decades.", "two decades", "net importer of wheat"),
    ],
)
def test_act_and_period_rules(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # a count that does something: the things and the verb with its first complement
        ("Twelve volunteers will serve in a rural health project and eight in schools.", "Twelve",
         "volunteers will serve in a rural health project"),
        ("About 40 officers were deployed to the northern border during the storm.", "40",
         "officers were deployed to the northern border"),
        # … but not what they are
        ("The two categories with the most visitors are Intern (1,200) and Trainee (800).", "two",
         "categories with the most visitors"),
        # "X has N Y": Y of X
        ("The Fulbright Commission has 14 advising centers throughout Chile.", "14",
         "advising centers of Fulbright Commission throughout Chile"),
        # a duration spent in a place: a prison term is a sentence
        ("A Chilean national was sentenced to 12 years in federal prison for drug trafficking.", "12 years",
         "federal prison sentence for drug trafficking"),
        # an adjective of place does not end the phrase before its place name
        ("The grants reached over 8,000 people in northern Peru.", "8,000", "people in northern Peru"),
        # a level reached after a change and its basis
        ("Exports to Chile increased 12% on a year-over-year basis to $4.1 billion in 2022.", "$4.1 billion",
         "Exports to Chile"),
    ],
)
def test_predicate_and_place_rules(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected


def test_in_order_to_is_no_place() -> None:
    assert "order" not in subject_at("Volunteers commit to serving 27 months in order to help communities.",
                                     "27 months")


@pytest.mark.parametrize("text", ['."0 B', 'The fund "" gave 12 grants.', '" 5 trucks'])
def test_an_empty_word_before_a_figure_is_no_verb(text: str) -> None:
    """A quote or a stray mark where a verb could be left an empty word: it is no participle (it raised)."""
    for figure in extract(text).figures:
        assert text[figure.start:figure.end] == figure.text


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # a number word joined by a hyphen is part of the number, not a unit
        ("Inspectors screened more than forty-thousand trucks per day at the crossing.", "forty-thousand",
         "trucks screened by Inspectors"),
        # a conversion or an abbreviation in parentheses between the measure and "of"
        ("Agents found 320 pounds (145 kilograms) of heroin hidden in a tanker truck.", "320 pounds",
         "heroin hidden in a tanker truck"),
        ("Agents found 320 pounds (145 kilograms) of heroin hidden in a tanker truck.", "145 kilograms",
         "heroin hidden in a tanker truck"),
        # "Of" in a headline
        ("Border Patrol Stops Truck With 800 Pounds Of Marijuana", "800 Pounds", "Marijuana"),
        # an age
        ("A 34-year-old Arizona woman was arrested at the port.", "34-year", "age of Arizona woman"),
        # "$N worth of X"
        ("The agency donated $2 million worth of medical supplies to the clinics.", "$2 million",
         "medical supplies to the clinics"),
        # a percent of something is a share of it
        ("Remittances account for 21 percent of the country’s gross domestic product.", "21 percent",
         "share of country’s gross domestic product"),
        ("Vietnam accounted for 40% of the decline in total U.S. cotton exports.", "40%",
         "share of decline in total U.S. cotton exports"),
        # a month or "to date" after the phrase is a time, not a post-modifier
        ("Peru imposed a 12% tariff on imports of U.S. wheat in March.", "12%", "tariff on imports of U.S. wheat"),
        # a measure of something that a clause's verb acts on: the act and its doer
        ("The new fellows have successfully completed eight weeks of language training.", "eight weeks",
         "language training completed by new fellows"),
        ("The cadets, who completed six weeks of field training, graduated on Friday.", "six weeks",
         "field training completed by cadets"),
        ("Agents stopped a boat off the coast of Florida that was carrying 150 kilograms of cocaine.",
         "150 kilograms", "cocaine carried by boat off the coast of Florida"),
        # a number of people a place is "of" is its population ("a combined population of" stays as it is)
        ("Ghana remains a fast-growing nation of about 34 million people.", "34 million",
         "population of fast-growing nation"),
        ("The delta region has a combined population of some 9 million people.", "9 million", "combined population"),
        # an item of a list under its lead-in takes the lead-in's participle phrase
        ("Drugs seized at the El Paso crossing in 2021 included: 120 pounds of heroin; 40 pounds of fentanyl.",
         "40 pounds", "fentanyl seized at the El Paso crossing in 2021"),
        ("Seizures included, 300 pounds of cocaine and 20 pounds of heroin.", "20 pounds", "heroin"),
        # a prison term: the sentence, for what or for whom
        ("A Nevada man was sentenced to 12 years in federal prison for wire fraud.", "12 years",
         "federal prison sentence for wire fraud"),
        ("Ringleader of counterfeit drug network sentenced to 9 years in prison", "9 years",
         "prison sentence for Ringleader of counterfeit drug network"),
        # things that are the subject of their clause keep its verb, even a participle after "have"
        ("Since then, over 9,000 Fulbright scholars have studied in 20 American states.", "9,000",
         "Fulbright scholars have studied"),
        # the object of a change verb is what changed
        ("The ministry has raised its tariff on imported steel to 25 percent.", "25 percent",
         "tariff on imported steel"),
        ("The United States increased its funding for the Fulbright program to $12 million.", "$12 million",
         "funding for the Fulbright program"),
        # places a clause happens in
        ("Fulbright scholars currently teach in 40 countries in Asia and Africa.", "40",
         "countries where Fulbright scholars currently teach"),
        ("Since 2005, over 3,000 engineers have worked in 18 partner countries, building bridges.", "18",
         "partner countries where engineers have worked"),
        ("The program funds clinics for malaria, which has spread in all five provinces.", "five",
         "provinces where malaria has spread"),
    ],
)
def test_object_share_term_and_place_rules(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        # no clause of its own before "in": the places keep their own words
        ("The fund made grants to 90 teams of universities in 14 states and 9 provinces.", "14", "states"),
        # the clause is not about places: no "where"
        ("The United States has reviewed labor practices in 12 cases under the agreement.", "12",
         "cases under the agreement"),
    ],
)
def test_places_where_needs_a_clause_and_a_place(sentence: str, figure: str, expected: str) -> None:
    assert subject_at(sentence, figure) == expected
