"""Rates, years and qualifiers read from the structure of the sentence (issue 10), on sentences
written for these tests in the style of trade, energy and border releases."""

from __future__ import annotations

import pytest

from pipeline.extraction import extract


def units(sentence: str) -> dict[str, str]:
    return {f.text: f.unit for f in extract(sentence).figures}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Roughly $900 million in produce and 45,000 trucks cross the northern border each day.",
         {"$900 million": "USD/day", "45,000": "count/day"}),
        ("Port staff cleared 2,500 cars, 640 buses and 12 freight trains from the east on a daily basis.",
         {"2,500": "count/day", "640": "count/day", "12": "count/day"}),
        ("The refinery ships 80,000 barrels to buyers in the south on an annual basis.",
         {"80,000 barrels": "barrel/year"}),
        ("The agency spends $40 million on clinics across some 300 towns each year.",
         {"$40 million": "USD/year", "300": "count/year"}),
    ],
)
def test_a_period_governs_every_figure_of_its_list(sentence: str, expected: dict[str, str]) -> None:
    assert units(sentence) == expected


def test_year_over_year_is_no_rate() -> None:
    assert units("Imports rose 14% on a year-over-year basis.") == {"14%": "percent"}


def test_a_period_does_not_cross_a_clause_break() -> None:
    found = units("The fund gave $3 million in grants; 200 volunteers now serve every week.")
    assert found == {"$3 million": "USD", "200": "count/week"}


def years(sentence: str) -> dict[str, int | None]:
    return {f.text: f.year for f in extract(sentence).figures}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a year binds to its own clause
        ("The treaty is reviewed every ten years – the next review is set for 2031.", {"ten years": None}),
        ("The pact expires in 2040, but it can be renewed for 10 more years.", {"10 more years": None}),
        ("Sales rose 12% in 2022 to 900 GWh, while purchases fell 8% to 400 GWh.",
         {"12%": 2022, "900 GWh": 2022, "8%": None, "400 GWh": None}),
        # a change: each end takes its own year
        ("The port fell from fourth-largest in 2019 to the ninth largest in 2021.",
         {"fourth-largest": 2019, "ninth": 2021}),
        ("Sales grew $80 million in 2021 to $1.5 billion.", {"$80 million": 2021, "$1.5 billion": 2021}),
        # a year after the other end of a change is that end's only
        ("Lending to Chile grew from $2.1 billion to $3.4 billion in 2019.",
         {"$2.1 billion": None, "$3.4 billion": 2019}),
        ("In 2022, farm exports to Ghana came to $610 million, up from $540 million in 2021.",
         {"$610 million": 2022, "$540 million": 2021}),
        ("Remittances rose to $9.2 billion from $7.8 billion in 2018.", {"$9.2 billion": None, "$7.8 billion": 2018}),
        # ... but a list shares the year at its end, and an aside in parentheses keeps its figure's
        ("Exports of $95 billion and imports of $150 billion were recorded in 2017.",
         {"$95 billion": 2017, "$150 billion": 2017}),
        ("Imports grew by $3.3 billion (12.5 percent) in 2020.", {"$3.3 billion": 2020, "12.5 percent": 2020}),
        # a year that frames the sentence applies to every clause
        ("In 2021, exports reached $4 billion; imports were $2 billion.", {"$4 billion": 2021, "$2 billion": 2021}),
        ("June 8, 2015 — Officers seize more than $3 million in fake goods", {"$3 million": 2015}),
        # a period glued to the next sentence still ends it
        ("The grant funds 40 clinics.The program began in 2018.", {"40": None}),
    ],
)
def test_a_year_binds_by_clause_structure(sentence: str, expected: dict[str, int | None]) -> None:
    found = years(sentence)
    assert {k: found.get(k, "missing") for k in expected} == expected


Reading = tuple[str, float, float | None]


def kinds(sentence: str) -> dict[str, Reading]:
    return {f.text: (f.kind, f.value, f.value_max) for f in extract(sentence).figures}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Chile and Peru were the top two buyers of U.S. wheat.", {"two": ("count", 2, None)}),
        ("Ohio’s 4 border crossings stayed open.", {"4": ("count", 4, None)}),
        ("Officers seized the cargo and one truck.", {"one": ("count", 1, None)}),
        ("The 9 new fellows – one for every state – arrived.", {"9": ("count", 9, None), "one": ("count", 1, None)}),
        ("No one was hurt, and one of the ports reopened.", {}),
        ("Crossings fell from 48 million to 36 million.", {"48 million": ("count", 48e6, None),
                                                          "36 million": ("count", 36e6, None)}),
        ("about six thousand five-hundred trucks", {"six thousand five-hundred": ("count", 6500, None)}),
        ("more than forty-thousand riders", {"forty-thousand": ("count", 40000, None)}),
        ("a loan of two and a half billion dollars", {"two and a half billion dollars": ("money", 2.5e9, None)}),
        ("sentenced to 12 1/2 years in prison", {"12 1/2 years": ("duration", 12.5, None)}),
        ("a 3/4 mile trail", {"3/4 mile": ("measure", 0.75, None)}),
    ],
)
def test_counts_changes_and_spelled_numbers(sentence: str, expected: dict[str, Reading]) -> None:
    assert kinds(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Consulate Welcomes 18 New Interns", {"18": ("count", 18, None)}),
        ("Patrols saw one boat turn east and the other west.", {}),
    ],
)
def test_headline_counts_and_pairs(sentence: str, expected: dict[str, Reading]) -> None:
    assert kinds(sentence) == expected


def test_an_average_per_period_makes_a_rate_but_not_of_a_percent() -> None:
    found = units("Daily average crossings rose 6% to 41,000 vehicles in 2022.")
    assert found == {"6%": "percent", "41,000": "count/day"}


def qualifiers(sentence: str) -> dict[str, str]:
    return {f.text: f.qualifier for f in extract(sentence).figures}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bridge has an estimated price tag of $340 million.", {"$340 million": "approx"}),
        ("an approximate turnout of 48% in the north", {"48%": "approx"}),
        ("Tariffs run as high as 25 percent on steel.", {"25 percent": "at_most"}),
        ("Remittances surpassed $60 billion last year.", {"$60 billion": "at_least"}),
        ("Shipments topped 900,000 tons.", {"900,000 tons": "at_least"}),
        ("It has pledged more than $80 million over three years.", {"$80 million": "at_least", "three years": "exact"}),
        ("for the better part of 30 years", {"30 years": "at_most"}),
        # the estimate is the subject, the figure what it is: "the estimated <thing> (of …) is N"
        ("The estimated value of the seized shipment was $2.5 million.", {"$2.5 million": "approx"}),
        ("The projected cost of the new crossing is $900 million.", {"$900 million": "approx"}),
        ("An estimated total of 3,000 workers were hired.", {"3,000": "approx"}),
        ("The estimated value rose 8 percent.", {"8 percent": "exact"}),
        # a preposition after a clause's comma starts the figure's phrase, not a link between two
        ("In 2023, over 9,000 students studied abroad.", {"9,000": "at_least"}),
        ("By 2022, under 300 firms remained.", {"300": "at_most"}),
    ],
)
def test_qualifiers_by_meaning(sentence: str, expected: dict[str, str]) -> None:
    assert qualifiers(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("two- and four-year degrees", {"two": ("duration", 2, None), "four-year": ("duration", 4, None)}),
        ("a 6- to 9-mile detour", {"6- to 9-mile": ("measure", 6, 9)}),
        ("stays of two or three weeks", {"two or three weeks": ("duration", 2, 3)}),
    ],
)
def test_changes_are_two_figures_ranges_are_one(sentence: str, expected: dict[str, Reading]) -> None:
    assert kinds(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Harvests reached 2.2 MMT in MY 2023/24.", {"2.2 MMT": 2024}),
        ("Since the accord entered into force in 1994, exports grew 30 percent.", {"30 percent": None}),
        ("It released $12 million in response to the 2021 storms.", {"$12 million": None}),
        ("In the 2022 fiscal year, aid reached $8 million.", {"$8 million": 2022}),
    ],
)
def test_years_that_are_not_reference_years(sentence: str, expected: dict[str, int | None]) -> None:
    assert years(sentence) == expected


def test_the_two_alone_is_the_pair() -> None:
    found = kinds("The two agreed to meet again; the two delegations sent 3 ministers and the two teams.")
    assert found == {"3": ("count", 3, None), "two": ("count", 2, None)}


def test_the_two_before_a_noun_phrase_is_a_count() -> None:
    assert kinds("Officers detained the two U.S. citizens aboard.") == {"two": ("count", 2, None)}


def test_a_one_letter_sign_is_read_as_written() -> None:
    """"a $300mn loan" is U.S. dollars: only a capital "A $" is an Australian dollar."""
    found = {f.text: f.unit for f in extract("a $300mn loan and A $40 million in grants").figures}
    assert found == {"$300mn": "USD", "A $40 million": "AUD"}


def test_a_change_across_a_year_range_takes_each_end() -> None:
    found = years("From 2005 to 2015, enrollment rose from 2 million to 3.5 million.")
    assert found == {"2 million": 2005, "3.5 million": 2015}


def test_a_dash_between_years_is_a_range_not_a_clause_break() -> None:
    assert years("Aid was $5 million in FY 2015 - 2019.") == {"$5 million": 2019}
