"""Partner and indicator of figures, on sentences written like other countries' fact sheets."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extraction import Figure, extract
from pipeline.extraction.countries import partner_of_title, partners_in
from pipeline.extraction.indicators import INDICATORS, indicator_of
from pipeline.meaning import with_document_partner


def figure(text: str, span: str) -> Figure:
    return next(f for f in extract(text).figures if f.text == span)


@pytest.mark.parametrize(
    ("title", "partner"),
    [
        ("U.S. Relations With Peru", "PER"),
        ("FACT SHEET: US-Kenya Partnership", "KEN"),
        ("The U.S.-Republic of Korea Alliance", "KOR"),
        ("U.S.-Canada-Mexico Trade", None),  # two partners: none
        ("New Mexico Border Report", None),  # a U.S. state, not Mexico
        ("Annual Report on Foreign Assistance", None),
        (None, None),
    ],
)
def test_partner_of_title(title: str | None, partner: str | None) -> None:
    assert partner_of_title(title) == partner


def test_nationality_adjectives_and_their_plurals_name_the_country() -> None:
    assert partners_in("Kenyan farmers, Vietnamese students, South Korean firms and Ghanaians") == [
        "KEN", "VNM", "KOR", "GHA"]
    assert partners_in("American citizens in the United States and U.S. ports") == []


@pytest.mark.parametrize(
    ("sentence", "span", "partner"),
    [
        ("In 2022, U.S. goods trade with Brazil totaled $88bn.", "$88bn", "BRA"),
        ("Vietnamese investment in the United States reached $1.1bn in 2021.", "$1.1bn", "VNM"),
        ("Chile is home to 12,000 U.S. citizens.", "12,000", "CHL"),
        # two countries in the clause: no single partner
        ("Programs in Guatemala and Honduras have trained 4,000 farmers.", "4,000", None),
        # a country after a clause break does not reach back
        ("Nigeria, Ghana and Kenya signed; 40 firms joined.", "40", None),
        ("The agency funded 25 clinics.", "25", None),
    ],
)
def test_partner_of_a_figure(sentence: str, span: str, partner: str | None) -> None:
    assert figure(sentence, span).partner == partner


def test_document_partner_fills_figures_that_name_none() -> None:
    figures = pd.DataFrame({"doc_id": ["a", "a", "b"], "partner": ["CAN", None, None]})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "partner": ["PER", None]})
    assert with_document_partner(figures, documents)["partner"].tolist() == ["CAN", "PER", None]


@pytest.mark.parametrize(
    ("sentence", "span", "indicator"),
    [
        ("In 2022, U.S. goods trade with Brazil totaled $88bn.", "$88bn", "goods_trade"),
        ("Chile was a top partner in 2021 with two-way goods trade at $33bn.", "$33bn", "goods_trade"),
        ("U.S. goods exports to Chile were $17.6 billion in 2021.", "$17.6 billion", "goods_exports"),
        ("U.S. merchandise imports from Peru reached $9bn in 2020.", "$9bn", "goods_imports"),
        ("Two-way trade in goods and services totaled $52bn in 2019.", "$52bn", "goods_services_trade"),
        ("U.S. services exports to Japan were $48bn in 2022.", "$48bn", "services_exports"),
        ("The U.S. goods trade deficit with Vietnam was $105bn in 2023.", "$105bn", "goods_trade_balance"),
        ("Vietnamese FDI in the United States stood at $1.1bn in 2021.", "$1.1bn", "partner_fdi_in_us"),
        ("U.S. foreign direct investment in Chile was $27bn in 2022.", "$27bn", "us_fdi_in_partner"),
        ("About 12,000 U.S. citizens live in Chile.", "12,000", "us_citizens_resident"),
        ("In 2021, 8,200 Vietnamese students studied in the United States.", "8,200", None),
        ("There were 21,000 Vietnamese students in the United States in 2022.", "21,000", "partner_students_in_us"),
        ("The two countries share a 5,525-mile border.", "5,525-mile", "border_length"),
        ("There are 120 land ports of entry on the northern border.", "120", "land_ports_of_entry"),
        ("Some 400,000 people cross the border every day.", "400,000", "border_crossings_per_day"),
        ("Over 6,000 Peace Corps volunteers have served in Ghana.", "6,000", "peace_corps_volunteers"),
        ("Peru has a population of 34 million people.", "34 million", "population"),
        ("The border region has a combined population of 15 million.", "15 million", None),  # not a country's
        ("U.S. exports to Chile supported 60,000 American jobs in 2020.", "60,000", "jobs_supported"),
        # a change is no value of its indicator; a range is none either
        ("U.S. goods exports to Peru increased by $2bn in 2021.", "$2bn", None),
        ("Two-way goods trade grew 12 percent in 2022.", "12 percent", None),
        ("Between three and five land ports of entry will open.", "three and five", None),
        # a goal, plan or projection is no measured value
        ("The program aims to bring 20,000 Vietnamese students to the United States by 2025.", "20,000", None),
        ("U.S. goods exports to Chile are projected to reach $20bn in 2025.", "$20bn", None),
        ("Next year the alliance will host 2,000 rotational U.S. troops in Poland.", "2,000", None),
        ("By the end of the year 3,000 U.S. troops will have trained in Lithuania.", "3,000", None),
        # figures that measure nothing in the vocabulary get none
        ("The embassy hosted 300 guests.", "300", None),
        ("USAID trained 4,000 nurses in 2019.", "4,000", None),
    ],
)
def test_indicator_of_a_figure(sentence: str, span: str, indicator: str | None) -> None:
    assert figure(sentence, span).indicator == indicator


def test_bare_trade_takes_the_indicator_of_the_figure_before_it_in_its_sentence() -> None:
    text = "U.S. goods trade with Chile totaled $33bn, while trade with Peru totaled $17bn."
    assert figure(text, "$17bn").indicator == "goods_trade"
    assert figure(text, "$17bn").partner == "PER"
    alone = "Trade with Peru totaled $17bn."
    assert figure(alone, "$17bn").indicator is None  # goods or services? nothing says: none


def test_vocabulary_has_25_indicators_each_with_kinds_and_patterns() -> None:
    assert len(INDICATORS) >= 25
    assert len({i.id for i in INDICATORS}) == len(INDICATORS)
    for indicator in INDICATORS:
        assert indicator.kinds and indicator.patterns
    assert indicator_of("U.S. goods exports to Chile", "count", "count") is None  # the kind must fit


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("Since 1961, more than 240,000 Peace Corps volunteers have served worldwide.", "240,000"),
        ("USAID supports 1,200 clinics around the world.", "1,200"),
        ("The program has trained 9,000 nurses in more than 40 countries.", "9,000"),
        ("Exchange alumni number 500,000 globally.", "500,000"),
        ("Fulbright grantees study across 155 host countries each year.", "155"),
    ],
)
def test_a_worldwide_figure_takes_no_document_partner(sentence: str, span: str) -> None:
    found = figure(sentence, span)
    figures = pd.DataFrame({"doc_id": ["kenya-sheet"], "partner": [found.partner]})
    documents = pd.DataFrame({"doc_id": ["kenya-sheet"], "partner": ["KEN"]})
    assert with_document_partner(figures, documents)["partner"].tolist() == [None]


@pytest.mark.parametrize(
    ("sentence", "span", "partner"),
    [
        # the sentence names the country: worldwide words elsewhere do not undo it
        ("Ghana is the tenth highest source worldwide of students to the United States.", "tenth", "GHA"),
        # the bilateral pair is not "many countries"
        ("The embassy funded 12 projects in both countries.", "12", "KEN"),
        ("Volunteers teach in 300 schools across Kenya.", "300", "KEN"),
    ],
)
def test_figures_not_said_worldwide_keep_their_partner(sentence: str, span: str, partner: str) -> None:
    found = figure(sentence, span)
    figures = pd.DataFrame({"doc_id": ["kenya-sheet"], "partner": [found.partner]})
    documents = pd.DataFrame({"doc_id": ["kenya-sheet"], "partner": ["KEN"]})
    assert with_document_partner(figures, documents)["partner"].tolist() == [partner]


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("CBP officers staff Arizona’s 6 land ports of entry with Mexico.", "6"),
        ("Texas's 28 land ports of entry handled most of the trade.", "28"),
        ("There are 11 land ports of entry in New Mexico and Arizona.", "11"),
        ("In California, six land ports of entry serve the border region.", "six"),
        ("About 90,000 people cross the border every day in Texas.", "90,000"),
    ],
)
def test_a_count_for_one_us_state_takes_no_country_wide_indicator(sentence: str, span: str) -> None:
    assert figure(sentence, span).indicator is None


def test_country_wide_counts_keep_their_indicator_next_to_a_state_count() -> None:
    text = ("The United States and Mexico share 48 land ports of entry. Of these, New Mexico’s 3 land ports "
            "of entry are the quietest.")
    assert figure(text, "48").indicator == "land_ports_of_entry"
    assert figure(text, "3").indicator is None
    assert figure("Some 350,000 people cross the border every day.", "350,000").indicator \
        == "border_crossings_per_day"


def test_places_where_a_thing_happens_are_no_count_of_the_thing() -> None:
    # "countries where Peace Corps volunteers serve" counts countries, not volunteers
    assert figure("Peace Corps volunteers currently serve in 61 countries.", "61").indicator is None
    assert figure("Over 5,000 Peace Corps volunteers have served in Ghana.", "5,000").indicator \
        == "peace_corps_volunteers"
