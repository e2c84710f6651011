"""Issue 9, extraction side: inputs a hostile or unlucky user wrote, each once a stopped release
or a wrong figure. Each test is named after the issue's case it guards."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.extraction import extract
from pipeline.extraction.coverage import coverage
from pipeline.extraction.dates import extract_dates
from pipeline.extraction.numbers import MAX_NUMERAL_DIGITS
from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR
from pipeline.tables import extract_rows, to_frame
from schemas import SCHEMAS
from tests.runs import materialise
from tests.test_faults import assert_seeds_published, published

# --- case 1: one year range, and a label's number is not a year ---------------------------------

CASE_1_TEXT = (
    "History of the relationship\n\n"
    "In 1789, the two countries signed a treaty covering 13 ports.\n\n"
    "Our office is in Suite 2150 and serves 40 students.\n\n"
    + "".join(f"Item {n}: {n % 7 + 2} units\n" for n in range(2095, 2160))
)


def test_case01_year_1789_is_a_date_and_publishes(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "treaty-history.txt").write_text(CASE_1_TEXT, encoding="utf-8")
    result = materialise(raw_copy, output_dir)
    assert result.success
    documents, figures = published(output_dir)
    assert_seeds_published(documents, figures)
    mine = figures[figures["doc_id"] == "treaty-history"].set_index("text")
    assert mine.loc["13", "year"] == 1789
    assert pd.isna(mine.loc["40", "year"])  # "Suite 2150" is no year
    assert figures["year"].dropna().between(FIRST_YEAR, LAST_YEAR).all()


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, FIRST_YEAR, 1789, 2024, LAST_YEAR, LAST_YEAR + 1, 2199])
def test_case01_every_year_the_rules_read_is_one_the_schemas_accept(year: int) -> None:
    text = f"In {year}, exports grew 5 percent.\n\nBy May {year} the fund held $3 million.\n"
    rows = extract_rows("doc", text)
    read = {d["year"] for d in rows["dates"]}
    assert read == ({year} if FIRST_YEAR <= year <= LAST_YEAR else set())
    for table in ("figures", "dates"):
        SCHEMAS[table].validate(to_frame(table, rows[table]))


@pytest.mark.parametrize("text, number", [
    ("Our office is in Suite 2150 and serves 40 students.", "2150"),
    ("Item 1999: 40 units", "1999"),
    ("See Room 1850 for the forms.", "1850"),
    ("The order is No. 2024 in the list.", "2024"),
    ("Ticket #1912 was closed.", "1912"),
    ("The Council adopted Resolution 2231 unanimously.", "2231"),
])
def test_case01_a_labels_number_is_not_a_date(text: str, number: str) -> None:
    assert all(d.text != number for d in extract_dates(text))
    assert all(f.text != number for f in extract(text).figures)


def test_case01_a_year_after_an_ordinary_word_is_still_a_date() -> None:
    text = "Relations began in 1789 and the treaty of 1795 settled the border."
    assert [d.year for d in extract_dates(text)] == [1789, 1795]


# --- case 2: numerals too long to be figures -----------------------------------------------------

HUGE_NUMERALS = {
    "400 digits after a currency sign": "The fund disbursed $" + "9" * 400 + " in grants.",
    "400 digits before a noun": "The program trained " + "7" * 400 + " teachers.",
    "2 MB of digits": "1" * 2_000_000,
    "25 thousands groups": "Exports reached 1" + ",000" * 25 + " tons.",
    "a long numeral in parentheses": "(" + "3" * 5000 + ") a list marker?",
}


@pytest.mark.parametrize("name", list(HUGE_NUMERALS))
def test_case02_huge_numeral_is_excluded_not_read(name: str) -> None:
    text = HUGE_NUMERALS[name]
    result = extract(text)
    assert result.figures == [] and result.dates == []
    listed = coverage(text, result).mentions
    assert [(m.status, m.reason) for m in listed if len(m.text) > MAX_NUMERAL_DIGITS] == [
        ("excluded", "numeral_too_long")
    ]


def test_case02_the_longest_readable_numeral_is_still_a_figure() -> None:
    text = "Trade reached 999,999,999,999,999,999 units and 1,000,000,000,000,000,000 more."
    figures = extract(text).figures
    assert [(f.text, f.value) for f in figures] == [("999,999,999,999,999,999", float(999_999_999_999_999_999))]


def test_case02_byline_word_count_of_5000_digits_is_not_declared() -> None:
    text = "(Office of the Spokesperson, 16.Sep.2024, Words: " + "4" * 5000 + ")\n\nTrade rose 5 percent.\n"
    rows = extract_rows("doc", text)
    assert rows["_document"][0]["declared_word_count"] is None
    assert [f["text"] for f in rows["figures"]] == ["5 percent"]


def test_case02_huge_numerals_quarantine_nothing_and_publish(raw_copy: Path, output_dir: Path) -> None:
    for i, text in enumerate(HUGE_NUMERALS.values()):
        (raw_copy / f"huge-{i}.txt").write_text(text, encoding="utf-8")
    (raw_copy / "huge-byline.txt").write_text("(Words: " + "4" * 5000 + ")\n\nTrade rose 5 percent.\n",
                                              encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    assert_seeds_published(documents, figures)
    huge = documents[documents["doc_id"].str.startswith("huge-")]
    assert len(huge) == len(HUGE_NUMERALS) + 1 and (huge["status"] == "ok").all()
    assert figures["value"].abs().lt(float("inf")).all()
