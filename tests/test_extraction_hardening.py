"""Issue 9, extraction side: inputs a hostile or unlucky user wrote, each once a stopped release
or a wrong figure. Each test is named after the issue's case it guards."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.batches import extract_rows
from pipeline.extraction import WorkBudgetExceeded, extract
from pipeline.extraction.budget import FREE_STARTS, check_work
from pipeline.extraction.coverage import coverage
from pipeline.extraction.dates import extract_dates
from pipeline.extraction.numbers import MAX_NUMERAL_DIGITS
from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR
from pipeline.tables import to_frame
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


# --- case 13: line endings and a byte-order mark ---------------------------------------------------

CASE_13_TEXT = (
    "U.S. Relations With Chile\n\n"
    "(Bureau of Western Hemisphere Affairs, 3.Mar.2023, Words: 120)\n\n"
    "Trade and Investment\n\n"
    "In 2022, U.S. goods exports to Chile rose 9 percent.\n"
    "Exports of machinery in 2021\n"
    "About 4,000 tons of fruit shipped weekly\n\n"
    "Education\n\n"
    "1. More than 3,000 Chilean students studied in the United States in 2021.\n"
    "2. The Fulbright program has funded 120 exchanges since 2015.\n"
)
LINE_ENDINGS = {
    "CRLF": lambda text: text.replace("\n", "\r\n"),
    "CR": lambda text: text.replace("\n", "\r"),
    "BOM": lambda text: "\ufeff" + text,
    "BOM and CRLF": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
}


def _is_offset(column: str) -> bool:
    return column in ("start", "end", "figure_id") or column.endswith(("_start", "_end"))


def _as_read(rows: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    """What a reader sees of the rows, apart from offsets (which move with the line endings)."""
    def plain(value: object) -> object:
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    return {
        "title": rows["_document"][0]["first_heading"],
        "declared_words": rows["_document"][0]["declared_word_count"],
        "sections": [s["heading"] for s in rows["sections"]],
        "figures": [{k: plain(v) for k, v in f.items() if not _is_offset(k)} for f in rows["figures"]],
        "dates": [(d["text"], d["year"], d["role"]) for d in rows["dates"]],
    }


@pytest.mark.parametrize("ending", list(LINE_ENDINGS))
def test_case13_line_endings_and_bom_keep_headings_sections_title_and_years(ending: str) -> None:
    text = LINE_ENDINGS[ending](CASE_13_TEXT)
    expected = _as_read(extract_rows("doc", CASE_13_TEXT))
    assert expected["sections"] == ["U.S. Relations With Chile", "Trade and Investment", "Education"]
    assert [(f["text"], f["year"]) for f in expected["figures"]][:3] == [  # type: ignore[index]
        ("9 percent", 2022), ("4,000 tons", None), ("3,000", 2021)]
    rows = extract_rows("doc", text)
    assert _as_read(rows) == expected
    for table in ("figures", "dates", "sections"):
        for row in rows[table]:
            written = row["heading"] if table == "sections" else row["text"]
            assert text[row["start"]:row["end"]] == written  # offsets into the text as decoded


# --- case 14: digits grouped by spaces, and digits that are not ASCII ------------------------------


@pytest.mark.parametrize("text, figure, value", [
    ("Exports reached 40\u00a0000 tons in 2022.", "40\u00a0000 tons", 40_000),
    ("The fair drew 1\u202f234\u202f567 visitors.", "1\u202f234\u202f567", 1_234_567),
    ("About 1\u200b000 students enrolled.", "1\u200b000", 1_000),
    ("Each grant is worth $2\u2009500.", "$2\u2009500", 2_500),
    ("Trade grew to 12\u00a0345.5 tons.", "12\u00a0345.5 tons", 12_345.5),
])
def test_case14_space_grouped_thousands_are_one_number(text: str, figure: str, value: float) -> None:
    result = extract(text)
    assert [(f.text, f.value) for f in result.figures] == [(figure, value)]
    assert not [m for m in coverage(text, result).mentions if m.status == "uncovered"]


def test_case14_a_labelled_space_grouped_number_is_not_split() -> None:
    text = "Claims under Section 40\u00a0000 were settled."
    assert extract(text).figures == []


@pytest.mark.parametrize("text", [
    "The port handled \uff11\uff12\uff13 ships and $\uff14\uff15 in fees.",  # full-width
    "The port handled \u0661\u0662\u0663 ships and $\u0664\u0665 in fees.",  # Arabic-Indic
    "Exports reached \u0661\u066c\u0662\u0663\u0664 tons.",  # Arabic thousands separator
    "Exports reached 1\u0662\u0663 tons.",  # mixed
])
def test_case14_non_ascii_digits_are_not_read_and_coverage_says_so(text: str) -> None:
    result = extract(text)
    assert result.figures == [] and result.dates == []
    listed = coverage(text, result).mentions
    assert listed and {(m.status, m.reason) for m in listed} == {("excluded", "non_ascii_digits")}


# --- case 16: a per-document work budget ------------------------------------------------------------

OVER_BUDGET = {
    "hyphenated ones": "1-" * 500_000,  # was 16 s/MB, and 24 s/MB more for coverage
    "number words": "one " * 250_000,  # was 0.1 MB/s
    "bare numbers": "7 " * 500_000,
}


@pytest.mark.parametrize("name", list(OVER_BUDGET))
def test_case16_text_over_the_work_budget_raises_before_the_work(name: str) -> None:
    text = OVER_BUDGET[name]
    with pytest.raises(WorkBudgetExceeded, match="over the extraction work budget"):
        check_work(text)
    with pytest.raises(WorkBudgetExceeded):
        extract(text)


def test_case16_a_dense_table_is_within_the_budget() -> None:
    row = "Exports 1,234 2,345 3,456 4,567 5,678\n"  # one number per 7 characters
    text = "Trade by year\n\n" + row * 20_000
    assert len(text) > FREE_STARTS * 10
    check_work(text)
    assert len(extract(text).figures) > 0


def test_case16_over_budget_document_is_quarantined_and_the_rest_published(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "runaway.txt").write_text(OVER_BUDGET["hyphenated ones"], encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    assert_seeds_published(documents, figures)
    row = documents.set_index("doc_id").loc["runaway"]
    assert row["status"] == "quarantined" and "over the extraction work budget" in row["reason"]
    assert not (figures["doc_id"] == "runaway").any()
