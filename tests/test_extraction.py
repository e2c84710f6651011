"""The extractor on sentences written like other fact sheets, trade pages and press releases.

None of these sentences is in raw/: they check that the rules are general, not fitted to
the seed documents.
"""

from __future__ import annotations

import pytest

from pipeline.extraction import Figure, extract


def figures(text: str) -> dict[str, Figure]:
    found = extract(text).figures
    for f in found:
        assert text[f.start:f.end] == f.text
    return {f.text: f for f in found}


@pytest.mark.parametrize(
    ("sentence", "span", "kind", "value", "unit", "qualifier", "year"),
    [
        ("Two-way trade in goods and services totaled US $908.9 billion in 2023.",
         "US $908.9 billion", "money", 908.9e9, "USD", "exact", 2023),
        ("Approximately 400,000 people cross the border every day.", "400,000", "count", 4e5, "count/day", "approx",
         None),
        ("Canada supplies 3.8 million barrels per day of crude oil.", "3.8 million barrels", "measure", 3.8e6,
         "barrel/day", "exact", None),
        ("The border stretches 5,525 miles (8,891 kilometers).", "8,891 kilometers", "measure", 8891, "kilometer",
         "exact", None),
        ("The U.S. goods trade deficit with Japan was $71.2 billion in 2023, a 5.1 percent increase over 2022.",
         "5.1 percent", "percent", 5.1, "percent", "exact", 2023),
        ("Japan is currently our fourth largest goods trading partner.", "fourth", "rank", 4, "rank", "exact", None),
        ("Since 1961, more than 3,800 Peace Corps Volunteers have served in Kenya.", "3,800", "count", 3800, "count",
         "at_least", None),
        ("The United States provided more than $1.5 billion in assistance in fiscal year 2023.", "$1.5 billion",
         "money", 1.5e9, "USD", "at_least", 2023),
        ("India is the fifth-largest economy, with approximately 1.4 billion people.", "fifth-largest", "rank", 5,
         "rank", "exact", None),
        ("Nearly half of the population lives in rural areas.", "half", "percent", 50, "percent", "at_most", None),
        ("Two-thirds of funding was disbursed by 2020.", "Two-thirds", "percent", 200 / 3, "percent", "exact", 2020),
        ("The Millennium Challenge Corporation signed a five-year compact in 2014.", "five-year", "duration", 5,
         "year", "exact", 2014),
        ("U.S. exports have more than tripled since 2005.", "tripled", "ratio", 3, "times", "at_least", None),
        ("Trade doubled between 2010 and 2020.", "doubled", "ratio", 2, "times", "exact", 2020),
        ("The Philippines received PHP 2.5 billion from the fund.", "PHP 2.5 billion", "money", 2.5e9, "PHP",
         "exact", None),
        ("Germany pledged 500 million euros for the project.", "500 million euros", "money", 5e8, "EUR", "exact", None),
        ("The program runs twice a year.", "twice", "frequency", 2, "per year", "exact", None),
        ("Remittances reached $1.7 billion a day.", "$1.7 billion", "money", 1.7e9, "USD/day", "exact", None),
        ("Between 5 and 7 million Venezuelans have left Venezuela.", "5 and 7 million", "count", 5e6, "count",
         "exact", None),
        ("Population: 128.5 million (2023 est.)", "128.5 million", "count", 128.5e6, "count", "approx", 2023),
        ("Area: 1,964,375 sq km", "1,964,375 sq km", "measure", 1964375, "square kilometer", "exact", None),
        ("One in five students studies engineering.", "One in five", "percent", 20, "percent", "exact", None),
        ("Colombia is the number one destination for U.S. exports in the region.", "one", "rank", 1, "rank",
         "exact", None),
        ("Brazil's economy grew by 2.9% in 2023.", "2.9%", "percent", 2.9, "percent", "exact", 2023),
        ("Exports were up 17.1 percent from 2021.", "17.1 percent", "percent", 17.1, "percent", "exact", None),
        ("Seventeen countries signed the accord.", "Seventeen", "count", 17, "count", "exact", None),
        ("Japan pledged ¥300 billion (about $2 billion) for recovery.", "$2 billion", "money", 2e9, "USD", "approx",
         None),
        ("Japan pledged ¥300 billion (about $2 billion) for recovery.", "¥300 billion", "money", 3e11, "JPY", "exact",
         None),
        ("Over 4.4 million Kenyans face food insecurity, a 25 percent increase over last year.", "4.4 million",
         "count", 4.4e6, "count", "at_least", None),
        ("More than 16,000 Japanese students studied here during the 2022-23 academic year.", "16,000", "count",
         16000, "count", "at_least", 2023),
        ("The population grew from 90 million in 2000 to 128 million in 2020.", "128 million", "count", 128e6,
         "count", "exact", 2020),
        ("The population grew from 90 million in 2000 to 128 million in 2020.", "90 million", "count", 90e6,
         "count", "exact", 2000),
        ("U.S. exports more than doubled, reaching $13.8B in 2023.", "doubled", "ratio", 2, "times", "at_least",
         2023),
        ("Since its founding in 1961, the Peace Corps has sent over 240,000 volunteers abroad.", "240,000", "count",
         240000, "count", "at_least", None),
        ("The dam produces 14,000 megawatts.", "14,000 megawatts", "measure", 14000, "megawatt", "exact", None),
    ],
)
def test_figure_in_other_documents(sentence: str, span: str, kind: str, value: float, unit: str, qualifier: str,
                                   year: int | None) -> None:
    found = figures(sentence)
    assert span in found, f"{span!r} not found in {sorted(found)}"
    f = found[span]
    assert (f.kind, f.unit, f.qualifier, f.year) == (kind, unit, qualifier, year)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize(
    "sentence",
    [
        "WASHINGTON, March 3, 2024 – Secretary Blinken met Foreign Minister Joly on the margins of the G20.",
        "For more information, call +1 (202) 647-4000 or visit https://www.state.gov/countries-areas/mexico/.",
        "Executive Order 14008 and UN Security Council Resolution 2231 apply under Public Law 117-58.",
        "In the 1990s trade grew; the 19th century saw migration; World War II ended in 1945.",
        "Thousands of students and hundreds of researchers participate, and dozens of universities are partners.",
        "The embassy is at 2201 C Street NW, Washington, DC 20520 (tel. 202-647-4000).",
        "On October 15, the delegation visited; on 15 October the talks began; the team arrived June 3rd.",
        "The two countries share a 24/7 hotline under Section 301 and the 1972 Agreement.",
        "Mexico is one of the closest partners of the United States and the first to sign.",
        "Total (two way) goods trade is reported on page 12.",
    ],
)
def test_no_figures_in_names_dates_codes_and_addresses(sentence: str) -> None:
    assert figures(sentence) == {}


def test_dates_table() -> None:
    text = "On 1 Jul. 2020 the USMCA entered into force; in Nov. 2021 and April 5, 2020 and between 2008 and 2024."
    dates = extract(text).dates
    assert [(d.text, d.iso_date, d.precision) for d in dates] == [
        ("1 Jul. 2020", "2020-07-01", "day"), ("Nov. 2021", "2021-11", "month"),
        ("April 5, 2020", "2020-04-05", "day"), ("2008", "2008", "year"), ("2024", "2024", "year"),
    ]
    assert [d.role for d in dates][-2:] == ["range_start", "range_end"]
    assert extract("since 2018 and (2014-2023)").dates[0].role == "open_start"


def test_year_comes_from_the_same_sentence_only() -> None:
    found = figures("Trade reached $5 billion in 2023. Investment totaled $2 billion.")
    assert found["$5 billion"].year == 2023
    assert found["$2 billion"].year is None


def test_acronyms_table() -> None:
    text = ("The Rapid Response Mechanism (RRM) and the Bureau of Economic Analysis (BEA) report; "
            "the RRM has 25 cases and the United States-Mexico-Canada Agreement (USMCA) governs.")
    found = {a.acronym: a for a in extract(text).acronyms}
    assert found["RRM"].expansion == "Rapid Response Mechanism"
    assert found["RRM"].mentions == 2
    assert found["BEA"].expansion == "Bureau of Economic Analysis"
    assert found["USMCA"].expansion == "United States-Mexico-Canada Agreement"
    for a in found.values():
        assert text[a.start:a.end].endswith(f"({a.acronym})")


def test_sections_and_byline() -> None:
    text = ("FACT SHEET: U.S. Relations With Chile\n\n(Bureau of Western Hemisphere Affairs, 2.Mar.2024, "
            "Words: 1,234) — Chile and the United States have 200 years of ties.\n\nTrade\n\n"
            "Trade reached $40 billion in 2023.\n")
    result = extract(text)
    assert [h.text for h in result.headings] == ["FACT SHEET: U.S. Relations With Chile", "Trade"]
    assert result.byline is not None and result.byline.declared_words == 1234
    by_text = {f.text: f for f in result.figures}
    assert "1,234" not in by_text  # byline metadata is not a figure
    assert by_text["200 years"].year is None  # the byline's date is no reference year
    assert by_text["$40 billion"].section == "Trade"
