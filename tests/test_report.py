"""The quality report: coverage, changes, warnings, profiles, history, document pages, the index,
and the pages as a browser shows them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from pipeline.defs.checks import CHECK_KEYS
from pipeline.defs.resources import PipelinePaths
from pipeline.extraction import extract
from pipeline.extraction.countries import PARTNER_CODES
from pipeline.extraction.coverage import Coverage, NumberMention, coverage
from pipeline.extraction.indicators import INDICATORS_BY_ID
from pipeline.publishing import publish_tables
from pipeline.quality_warnings import WarnThresholds, quality_warnings
from pipeline.release import rollback_latest
from pipeline.report import (
    ReportData,
    document_pages,
    figure_changes,
    release_summary,
    render_chart,
    render_html,
    render_markdown,
)
from pipeline.report_charts import money_by_year
from pipeline.report_drilldown import records, segments
from pipeline.report_history import ReleaseSummary, read_summary, schema_changes
from pipeline.report_index import write_index
from pipeline.report_profile import about_shares, money_magnitudes, profile_table
from pipeline.report_series import MAX_SERIES_CHARTS, partner_name, series_section
from pipeline.series import series_table
from pipeline.validation import CheckResult
from schemas import SCHEMAS
from tests.runs import materialise
from tests.yearly_fact_sheets import EXPECTED, figures_of, write_sheets

FACT_SHEET = "us-mexico-relations-fact-sheet-2024"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


# --- coverage -----------------------------------------------------------------------------------


def test_coverage_accounts_for_every_number_with_a_reason() -> None:
    text = "Trade reached $807bn in 2023. Call 202-555-0143. The vote was 52-48 in favor."
    found = coverage(text, extract(text))
    by_text = {m.text: (m.status, m.reason) for m in found.mentions}
    assert by_text["807"] == ("figure", "money")
    assert by_text["2023"] == ("date", "year")
    assert by_text["202"][0] == "non_figure" and by_text["202"][1] == "phone"
    assert [m.text for m in found.uncovered] == ["52"]
    missed = found.uncovered[0]
    assert missed.before.endswith("The vote was") and missed.after.startswith("-48 in favor")


def test_coverage_names_the_exclusion_rule() -> None:
    text = "The 100,000 Strong in the Americas initiative grew."
    found = coverage(text, extract(text))
    assert [(m.text, m.status, m.reason) for m in found.mentions] == [("100,000", "excluded", "name")]


def test_seed_documents_have_every_number_accounted_for(raw_copy: Path) -> None:
    for path in sorted(raw_copy.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = coverage(text, extract(text))
        counts = found.counts()
        assert counts["figure"] > 0 and counts["date"] > 0
        assert sum(counts.values()) == len(found.mentions)
        for m in found.mentions:
            assert text[m.start:m.end] == m.text


# --- changes and rendering ----------------------------------------------------------------------


def test_figure_changes_by_id() -> None:
    docs = pd.DataFrame({"doc_id": ["d"]})
    before = pd.DataFrame([
        {"figure_id": "d:0", "doc_id": "d", "text": "$1bn", "kind": "money", "value": 1e9, "value_max": None,
         "unit": "USD"},
        {"figure_id": "d:10", "doc_id": "d", "text": "$2bn", "kind": "money", "value": 2e9, "value_max": None,
         "unit": "USD"},
        {"figure_id": "d:20", "doc_id": "d", "text": "40", "kind": "count", "value": 40.0, "value_max": None,
         "unit": "count"},
    ])
    after = before.copy()
    after = after[after["figure_id"] != "d:10"]
    after.loc[after["figure_id"] == "d:0", ["text", "value"]] = ["$3bn", 3e9]
    after = pd.concat([after, pd.DataFrame([{"figure_id": "d:30", "doc_id": "d", "text": "7", "kind": "count",
                                             "value": 7.0, "value_max": None, "unit": "count"}])])
    changes = figure_changes({"figures": after, "documents": docs}, {"figures": before, "documents": docs}, "r1")
    assert list(changes.added["figure_id"]) == ["d:30"]
    assert list(changes.removed["figure_id"]) == ["d:10"]
    changed = changes.changed.to_dict("records")[0]
    assert (changed["figure_id"], changed["value_before"], changed["value_after"]) == ("d:0", 1e9, 3e9)
    assert (changed["text_before"], changed["text_after"]) == ("$1bn", "$3bn")
    assert len(changes.changed) == 1  # d:20 is unchanged (None == None counts as equal)
    first = figure_changes({"figures": after, "documents": docs}, None, None)
    assert first.first_release and len(first.added) == len(after)


def _tiny_tables() -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame([
        {"doc_id": "a", "status": "ok", "reason": None, "n_chars": 100, "declared_word_count": 20, "word_count": 18},
        {"doc_id": "bad", "status": "quarantined", "reason": "binary file (contains NUL bytes)", "n_chars": None,
         "declared_word_count": None, "word_count": None},
    ])
    figures = pd.DataFrame([
        {"figure_id": "a:0", "doc_id": "a", "start": 0, "end": 5, "text": "$5bn", "kind": "money", "value": 5e9,
         "value_max": None, "unit": "USD", "year": 2023, "subject": "<script>alert(1)</script>"},
        {"figure_id": "a:9", "doc_id": "a", "start": 9, "end": 11, "text": "47", "kind": "count", "value": 47.0,
         "value_max": None, "unit": "count", "year": None, "subject": "ports"},
    ])
    dates = pd.DataFrame({"doc_id": ["a"], "start": [20], "end": [24]})
    return {"documents": documents, "figures": figures, "dates": dates}


def test_report_shows_failure_cases_quarantine_and_escapes_text() -> None:
    tables = _tiny_tables()
    failing = CheckResult("spans_match_text", "figures", False, "text == doc_text[start:end]",
                          pd.DataFrame([{"doc_id": "a", "start": 0, "text": "$5bn", "found": "<b>x"}]))
    data = ReportData("r2", tables, [failing, CheckResult("schema", "figures", True, "Figures schema")], {},
                      figure_changes(tables, None, None))
    page = render_html(data)
    assert "FAILED" in page and "Failure cases: figures.spans_match_text (1)" in page
    assert "&lt;b&gt;x" in page and "<b>x" not in page
    assert "<script" not in page  # the subject is data, never markup
    assert "quarantined: binary file (contains NUL bytes)" in page
    assert page.count("<svg") >= 3
    markdown = render_markdown(data)
    assert "### Failure cases: figures.spans_match_text (1)" in markdown
    assert "| a | ok | 100 | 20 | 18 | -2 | 2 |" in markdown


def test_money_chart_places_a_dot_per_money_figure() -> None:
    svg = render_chart(money_by_year(_tiny_tables()["figures"]))
    assert svg.count('class="dot"') == 1
    assert "$5bn" in svg
    assert "&lt;script&gt;" in svg and "<script" not in svg  # the subject, escaped in the tooltip


# --- document pages ----------------------------------------------------------------------------

NOTE = "Exports rose to $5bn in 2023 & <b>47</b> ports; the vote was 52-48."


def _figure(doc_id: str, text: str, start: int, kind: str, value: float, unit: str, year: int | None,
            subject: str, **extra: object) -> dict[str, object]:
    return {"figure_id": f"{doc_id}:{start}", "doc_id": doc_id, "start": start, "end": start + len(text),
            "text": text, "kind": kind, "value": value, "value_max": None, "unit": unit, "qualifier": "exact",
            "year": year, "subject": subject, "section": None, "rule": f"{kind}_rule", **extra}


def _note_data(**figure_columns: object) -> ReportData:
    """One document (NOTE) with two figures and one uncovered number, as a release reports it."""
    figures = pd.DataFrame([
        _figure("note", "$5bn", NOTE.index("$5bn"), "money", 5e9, "USD", 2023, "exports", **figure_columns),
        _figure("note", "47", NOTE.index("47"), "count", 47.0, "count", None, "<i>ports</i>", **figure_columns),
    ])
    figures["year"] = figures["year"].astype("Int64")
    documents = pd.DataFrame([{"doc_id": "note", "status": "ok", "reason": None, "n_chars": len(NOTE),
                               "declared_word_count": None, "word_count": 12, "title": "A <note>",
                               "url": "https://example.gov/note"}])
    at = NOTE.index("52")
    uncovered = NumberMention(at, at + 2, "52", "uncovered", "no rule reads it", "the vote was", "-48.")
    covered = Coverage([uncovered], {"figure": 2, "date": 1, "uncovered": 1})
    tables = {"documents": documents, "figures": figures, "dates": pd.DataFrame({"doc_id": ["note"]})}
    return ReportData("2026-01-02-abcdef012345", tables, [], {"note": covered}, figure_changes(tables, None, None))


def _page(data: ReportData, doc_id: str) -> str:
    """The document page of `doc_id`, rendered as the release writes it (NOTE is the only text)."""
    pages = dict(document_pages(data, lambda d: NOTE if d == "note" else None))
    assert set(pages) == {f"documents/{d}.html" for d in data.tables["documents"]["doc_id"]}
    return pages[f"documents/{doc_id}.html"]


def test_segments_give_back_the_text_and_mark_figures_and_uncovered_numbers() -> None:
    data = _note_data()
    mentions = data.coverage["note"].mentions
    overlapping = NumberMention(NOTE.index("5bn"), NOTE.index("5bn") + 1, "5", "excluded", "name", "", "")
    pieces = segments(NOTE, records(data.tables["figures"]), [*mentions, overlapping])
    assert "".join(p.text for p in pieces) == NOTE
    marked = [(p.text, p.mark, p.kind) for p in pieces if p.mark]
    assert marked == [("$5bn", "figure", "money"), ("47", "figure", "count"), ("52", "uncovered", "")]
    money_title = next(p.title for p in pieces if p.text == "$5bn")
    assert "5,000,000,000 USD" in money_title and "year 2023" in money_title and "rule money_rule" in money_title
    assert "no year" in next(p.title for p in pieces if p.text == "47")


def test_document_page_marks_every_figure_and_escapes_the_text() -> None:
    page = _page(_note_data(), "note")
    assert page.count('<mark class="fig k-') == 2
    assert '<mark class="fig k-money" id="f16" title="money · 5,000,000,000 USD · year 2023' in page
    assert '<mark class="uncovered" title="uncovered: no rule reads it">52</mark>' in page
    assert "&lt;b&gt;" in page and "<b>47" not in page  # the document's text is text, never markup
    assert "&lt;i&gt;ports&lt;/i&gt;" in page and "A &lt;note&gt;" in page
    assert 'href="#f16"' in page  # the figure table links to its mark
    assert "<script" not in page and 'href="https://' not in page  # inert: the URL is shown, not linked


def test_document_page_of_a_quarantined_file_says_why() -> None:
    data = _note_data()
    data.tables["documents"] = pd.concat([data.tables["documents"], pd.DataFrame([
        {"doc_id": "bad", "status": "quarantined", "reason": "not UTF-8 at byte 3"}])], ignore_index=True)
    page = _page(data, "bad")
    assert "not readable (not UTF-8 at byte 3)" in page and "<mark" not in page and "<svg" not in page


def test_figure_pages_show_partner_and_indicator_when_present() -> None:
    page = _page(_note_data(partner="MEX", indicator="trade_goods"), "note")
    assert "partner MEX · indicator trade_goods" in page
    assert "partner" not in _page(_note_data(), "note")


# --- warnings -------------------------------------------------------------------------------------


def _corpus(counts: dict[str, int], years: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    documents = pd.DataFrame({"doc_id": list(counts), "status": "ok"})
    rows = [{"doc_id": d, "year": 2020 if i < years else None} for d, n in counts.items() for i in range(n)]
    return documents, pd.DataFrame(rows, columns=["doc_id", "year"])


def test_warnings_on_a_first_release_flag_empty_documents_and_missing_years() -> None:
    documents, figures = _corpus({"a": 10, "b": 0}, years=2)
    found = {w.name: w for w in quality_warnings(documents, figures, None)}
    assert not found["documents_without_figures"].passed
    assert list(found["documents_without_figures"].failures["doc_id"]) == ["b"]
    assert found["figures_per_document_drop"].passed and found["document_figures_drop"].passed  # nothing before
    assert not found["null_year_share"].passed  # 8 of 10 figures without a year > 75%
    assert found["null_year_share"].failures.to_dict("records") == [
        {"figures": 10, "without year": 8, "share": "80%"}]
    documents, figures = _corpus({"a": 10}, years=3)
    assert {w.name: w for w in quality_warnings(documents, figures, None)}["null_year_share"].passed  # 70%


def test_warnings_compare_figures_per_document_with_the_previous_release() -> None:
    documents, figures = _corpus({"a": 10, "b": 4, "c": 1}, years=15)
    before = {"a": 10, "b": 10, "c": 2, "gone": 50}  # "gone" was removed: no drop of its own
    found = {w.name: w for w in quality_warnings(documents, figures, before, previous_documents=4)}
    dropped = found["document_figures_drop"]
    assert not dropped.passed  # b: 10 -> 4; c had fewer than 5 before
    assert dropped.failures.to_dict("records") == [{"doc_id": "b", "figures before": 10, "figures now": 4}]
    assert not found["figures_per_document_drop"].passed  # 72 / 4 = 18 per document -> 15 / 3 = 5
    assert found["figures_per_document_drop"].failures["change"].tolist() == ["-72%"]
    lenient = WarnThresholds(corpus_drop_share=0.8, document_drop_share=0.7)
    found = {w.name: w for w in quality_warnings(documents, figures, before, 4, lenient)}
    assert found["figures_per_document_drop"].passed and found["document_figures_drop"].passed


def test_report_shows_raised_warnings_beside_the_checks() -> None:
    data = _note_data()
    documents, figures = data.tables["documents"], data.tables["figures"]
    data.warnings = quality_warnings(documents, figures, {"note": 9}, 1)
    page = render_html(data)
    assert '<td class="warning">warning</td>' in page
    assert "Warning: figures.document_figures_drop (1)" in page
    assert "## Warnings" in render_markdown(data) and "| figures | document_figures_drop |" in render_markdown(data)


# --- profiles, history, series ------------------------------------------------------------------


def test_column_profiles_count_nulls_and_list_categories() -> None:
    figures = _note_data().tables["figures"]
    profile = {c.column: c for c in profile_table("figures", figures).columns}
    assert profile["year"].null_rate == 0.5 and profile["year"].non_null == 1
    assert [(v.value, v.count) for v in profile["kind"].values] == [("money", 1), ("count", 1)]
    assert profile["value"].summary == "min 47 · median 2.5e+09 · max 5,000,000,000"
    assert profile["text"].summary == "2–4 characters"
    shares = {s.column: s for s in about_shares(figures)}
    assert shares["subject"].present and shares["subject"].share == 1.0
    assert not shares["partner"].present and not shares["indicator"].present
    with_partner = figures.assign(partner=["MEX", None], indicator=[None, None])
    shares = {s.column: s for s in about_shares(with_partner)}
    assert (shares["partner"].filled, shares["indicator"].filled) == (1, 0)


def test_money_by_order_of_magnitude() -> None:
    figures = pd.DataFrame({"kind": ["money", "money", "money", "count"], "value": [3e9, 7e9, 2e3, 5.0],
                            "unit": ["USD", "MXN", "USD", "count"]})
    chart = money_magnitudes(figures)
    tips = sorted(r.tip for r in chart.rects)
    assert tips == ["1bn–10bn: 1 MXN", "1bn–10bn: 1 USD", "1k–10k: 1 USD"]
    assert len([label for label in chart.labels if label.cls == "tick" and "–" in label.text]) == 7  # 1k .. 1bn


def _summary(release_id: str, schema: dict[str, dict[str, str]], figures: int = 10) -> ReleaseSummary:
    return ReleaseSummary(release_id, {"figures": figures}, {"money": figures}, 1, 0, schema)


def test_schema_changes_between_releases() -> None:
    first = _summary("2026-01-01-aaaa", {"figures": {"value": "double", "year": "int64"}})
    second = _summary("2026-01-02-bbbb", {"figures": {"value": "double", "year": "string", "partner": "string"},
                                          "series": {"value": "double"}})
    third = _summary("2026-01-03-cccc", {"figures": {"value": "double", "partner": "string"},
                                         "series": {"value": "double"}})
    assert [(c.release_id, c.table, c.change) for c in schema_changes([first, second, third])] == [
        ("2026-01-02-bbbb", "figures", "column year: int64 → string"),
        ("2026-01-02-bbbb", "figures", "column partner added (string)"),
        ("2026-01-02-bbbb", "series", "table added"),
        ("2026-01-03-cccc", "figures", "column year removed"),
    ]


def test_report_flags_a_schema_change_and_charts_the_history() -> None:
    data = _note_data()
    data.schema = {"figures": {"value": "double", "partner": "string"}}
    data.history = [_summary("2025-12-30-0000aaaa", {"figures": {"value": "double"}}, figures=40)]
    page = render_html(data)
    assert "Schema changed since the previous release:" in page and "column partner added (string)" in page
    history = page[page.index('id="history"'):page.index('id="series"')]
    assert "12-30 0000" in history and "01-02 abcd" in history  # both releases on the axes
    assert "12-30 0000: figures 40" in history and "01-02 abcd: figures 2" in history  # the rows per table
    summary = release_summary(data)
    assert summary.rows["figures"] == 2 and summary.coverage is not None and summary.coverage["uncovered"] == 1
    assert ReleaseSummary.from_json(json.loads(summary.to_json())) == summary


def test_series_section_waits_for_the_series_table() -> None:
    data = _note_data()
    assert "This release has no series table" in render_html(data)
    data.tables["series"] = series_table(figures_of())
    page = render_html(data)
    assert "This release has no series table" not in page
    assert 'id="profile-series"' in page  # profiled like every table


def _series_part(page: str) -> str:
    return page[page.index('<section id="series">'):page.index('<section id="changes">')]


def test_an_empty_series_table_says_there_is_no_series() -> None:
    data = _note_data()  # its figures have neither a partner nor an indicator
    data.tables["series"] = series_table(data.tables["figures"].assign(partner=None, indicator=None))
    assert data.tables["series"].empty
    part = _series_part(render_html(data))
    assert "No series: no figure in this release has both a partner and an indicator" in part
    assert "<svg" not in part and "<table" not in part


def test_series_section_charts_each_series_with_a_dot_per_year_and_rings_the_conflict() -> None:
    """Three years of Peru's fact sheets: a chart per indicator, a dot per year; the year two
    sheets disagree on is ringed, and its tooltip says what each sheet states."""
    figures = figures_of()
    data = _note_data()
    peru = figures.assign(end=figures["start"] + figures["text"].str.len(), kind="money", value_max=None,
                          subject="", section=None, rule="money_rule")
    data.tables["figures"] = pd.concat([data.tables["figures"], peru], ignore_index=True)
    data.tables["series"] = series_table(figures)
    part = _series_part(render_html(data))
    charts = re.findall(r'<p class="chart-title">(.*?)</p>\s*<svg(.*?)</svg>', part, re.S)
    by_indicator: dict[str, int] = {}
    for indicator, _ in EXPECTED:
        by_indicator[indicator] = by_indicator.get(indicator, 0) + 1
    assert len(charts) == len(by_indicator) == 3
    for title, svg in charts:
        assert title.startswith("Peru (PER) · ") and title.endswith(" · USD")
        indicator = next(i for i in by_indicator if INDICATORS_BY_ID[i].label in title)
        assert svg.count('<circle class="dot"') == by_indicator[indicator], title
    rings = re.findall(r'<circle class="dot"[^>]*stroke="#D55E00"[^>]*><title>(.*?)</title>', part)
    assert len(rings) == 1
    assert rings[0].startswith("2021: $11.8bn") and "sources disagree" in rings[0]
    assert "peru-2022 states $11.8bn" in rings[0] and "peru-2023 states $12.4bn" in rings[0]
    assert part.count('<line class="range"') == 1  # the whisker from $11.8bn to $12.4bn
    exports = next(svg for title, svg in charts if "exports" in title)
    assert exports.count("<polyline") == 1  # 2020 and 2021 joined
    fdi = next(svg for title, svg in charts if "direct investment" in title)
    assert fdi.count("<polyline") == 0  # 2019 and 2021: the gap is not drawn over
    assert "PER:goods_exports:2021" in part and "peru-2023: $12.4bn" in part  # the conflicts table
    assert "Every series (3)" in part


def test_series_section_charts_the_best_attested_and_indexes_every_series() -> None:
    """Hundreds of series: the ones stated for the most years are charted, the rest counted and indexed."""
    rows = []
    for n, code in enumerate(PARTNER_CODES[:40]):
        for year in range(2000, 2001 + n % 7):  # 1 to 7 years each
            rows.append({"figure_id": f"d{n}:{year}", "doc_id": f"d{n}", "start": year, "text": f"${year}",
                         "value": float(year), "unit": "USD", "qualifier": "exact", "year": year,
                         "partner": code, "indicator": "goods_exports"})
    figures = pd.DataFrame(rows).astype({"year": "Int64"})
    section = series_section(series_table(figures), figures)
    assert section is not None and section.n_series == 40 and len(section.charts) == MAX_SERIES_CHARTS
    assert section.omitted == 40 - MAX_SERIES_CHARTS
    charted = section.index[section.index["charted"]]
    assert set(charted["values"]) == {7, 6, 5, 4, 3} and len(section.index) == 40  # most years first
    assert min(charted["values"]) >= max(section.index.loc[~section.index["charted"], "values"])
    data = _note_data()
    data.tables["series"] = series_table(figures)
    part = _series_part(render_html(data))
    assert part.count("<svg") == MAX_SERIES_CHARTS
    assert f"{MAX_SERIES_CHARTS} of 40 series charted" in part and f"The {40 - MAX_SERIES_CHARTS} not charted" in part
    assert "Every series (40)" in part and "more rows not shown" not in part.split("Every series")[1]


# --- the report in a release ------------------------------------------------------------------


def test_release_holds_report_changes_and_tracks_changes(raw_copy: Path, output_dir: Path) -> None:
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    assert materialise(raw_copy, output_dir).success
    first = output_dir / "latest"
    first_release = first.resolve()  # `latest` moves on with the second run
    pages = {f"documents/{p.stem}.html" for p in raw_copy.glob("*.txt")}
    for name in ("quality_report.html", "quality_report.md", "CHANGES.md", "datapackage.json", "summary.json",
                 *pages):
        assert (first / name).stat().st_size > 0, name
    manifest = json.loads((first / "manifest.json").read_text())
    assert {"quality_report.html", "quality_report.md", "CHANGES.md", "datapackage.json", "summary.json",
            *pages} <= set(manifest["files"])  # the document pages are hashed like every file
    assert "First release" in (first / "CHANGES.md").read_text()
    page = (first / "quality_report.html").read_text()
    assert FACT_SHEET in page and "3,670" in page and "3,709" in page  # declared vs counted words
    assert not re.search(r"(?:src|href)=\"?(?:https?:)?//", page)  # nothing loaded from the network

    # Change one figure's value and add a sentence with a number no rule reads.
    doc = raw_copy / f"{FACT_SHEET}.txt"
    text = doc.read_text(encoding="utf-8")
    assert "$807bn" in text
    doc.write_text(text.replace("$807bn", "$808bn") + "\nThe vote was 52-48 in favor.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = (output_dir / "latest").resolve()
    assert second.name != manifest["release_id"]
    changes = (second / "CHANGES.md").read_text()
    assert f"Since {manifest['release_id']}" in changes
    assert "| \\$807bn | \\$808bn | 807,000,000,000 | 808,000,000,000 |" in changes  # text, escaped
    page = (second / "quality_report.html").read_text()
    assert "Changed value (1)" in page
    assert "[52]" in page  # the uncovered number, in its context
    assert page.count('class="dot"') >= 2 * 4  # history: a dot per release for each table's rows
    for href in re.findall(r'href="([^"#]+)"', page):  # documents, earlier reports, the index
        assert (second / href).is_file(), href
    assert f'href="../{first_release.name}/quality_report.html"' in page
    # The unchanged document's page is shared with the first release; the changed one is new.
    forum = "documents/us-mexico-bilateral-forum-higher-education-2020.html"
    assert (second / forum).stat().st_ino == (first_release / forum).stat().st_ino
    assert (second / "documents" / f"{FACT_SHEET}.html").stat().st_ino != \
        (first_release / "documents" / f"{FACT_SHEET}.html").stat().st_ino
    drilldown = (second / "documents" / f"{FACT_SHEET}.html").read_text()
    assert '<mark class="uncovered" title="uncovered: no rule reads it">52</mark>' in drilldown
    assert 'title="money · 808,000,000,000 USD · year 2023' in drilldown
    report_md = (second / "quality_report.md").read_text()
    assert "The vote was \\[52\\] -48 in favor" in report_md  # [52] as text, not a link
    # Publishing the same tables again changes nothing.
    tables = {name: pd.read_parquet(second / f"{name}.parquet")
              for name in ("documents", "figures", "dates", "acronyms", "sections")}
    assert not publish_tables(paths, tables).created


def test_index_lists_every_release_and_is_replaced_not_edited(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    index = output_dir / "index.html"
    first_id = os.readlink(output_dir / "latest").rsplit("/", 1)[-1]
    first_inode = index.stat().st_ino
    (raw_copy / "extra-note.txt").write_text("The fund disbursed $12 million in 2022.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second_id = os.readlink(output_dir / "latest").rsplit("/", 1)[-1]
    page = index.read_text(encoding="utf-8")
    assert page.index(second_id) < page.index(first_id)  # newest first
    assert index.stat().st_ino != first_inode  # a new file renamed over the old one, never rewritten in place
    assert not list(output_dir.glob(".index.html.*"))
    for href in re.findall(r'href="([^"#]+)"', page):
        assert (output_dir / href).is_file(), href  # every link leads to a file of the release
    assert f'releases/{second_id}/quality_report.html' in page and f'releases/{first_id}/CHANGES.md' in page
    row = page[page.index(f'title="release {second_id}"'):]
    passed = json.loads((output_dir / "latest" / "summary.json").read_text(encoding="utf-8"))["checks_passed"]
    assert passed == len(CHECK_KEYS) + len(SCHEMAS) and f"latest, {passed} checks passed" in row[:row.index("</tr>")]
    # Publishing nothing new leaves the page alone; a rollback moves `latest` on it.
    before = index.stat().st_mtime_ns
    assert materialise(raw_copy, output_dir).success
    assert index.stat().st_mtime_ns == before
    rollback_latest(output_dir, first_id, index=write_index)
    row = index.read_text(encoding="utf-8")
    row = row[row.index(f'title="release {first_id}"'):]
    assert row[:row.index("</tr>")].count("latest") == 1


def test_a_release_without_summary_is_summarised_from_its_files(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    release = (output_dir / "latest").resolve()
    recorded = read_summary(release)
    every_check = len(CHECK_KEYS) + len(SCHEMAS)  # the blocking checks, and schema_as_declared per table
    assert recorded is not None and recorded.checks_passed == every_check and recorded.coverage
    (release / "summary.json").unlink()  # as a release published before summaries existed
    derived = read_summary(release)
    assert derived is not None
    for name in ("release_id", "rows", "figures_by_kind", "documents_ok", "quarantined", "schema",
                 "figures_per_document"):
        assert getattr(derived, name) == getattr(recorded, name), name
    assert derived.checks_passed is None and derived.coverage is None and derived.warnings is None  # unknown
    write_index(output_dir)
    assert ">latest</td>" in (output_dir / "index.html").read_text(encoding="utf-8")  # no checks to claim


def test_warnings_are_non_blocking_dagster_checks(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "no-figures.txt").write_text("A short note about the embassy garden.\n", encoding="utf-8")
    result = materialise(raw_copy, output_dir)
    assert result.success
    evaluations = {(e.asset_key.to_user_string(), e.check_name): e for e in
                   (ev.event_specific_data for ev in result.all_events)
                   if isinstance(e, dg.AssetCheckEvaluation)}
    empty = evaluations[("documents", "documents_without_figures")]
    assert not empty.passed and empty.severity == dg.AssetCheckSeverity.WARN
    assert "no-figures" in empty.metadata["failure_cases"].value
    assert evaluations[("figures", "null_year_share")].passed
    assert (output_dir / "latest" / "figures.parquet").exists()  # published all the same
    page = (output_dir / "latest" / "quality_report.html").read_text(encoding="utf-8")
    assert "Warning: documents.documents_without_figures (1)" in page
    summary = json.loads((output_dir / "latest" / "summary.json").read_text(encoding="utf-8"))
    assert summary["warnings"] == ["documents_without_figures"]


# --- the report in a browser ------------------------------------------------------------------


def _chrome(tmp: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "headless Chromium is required for the report test: `make browser` installs chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'chrome-profile'}", "--window-size=1280,1800"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def _open_cleanly(driver, page: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """Load a page (or check the one a click loaded): complete, no console error, nothing fetched."""
    if page is not None:
        driver.get(page.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == []  # nothing but the page itself
    assert driver.find_elements("css selector", "script") == []


def _screenshot(driver, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


def test_report_renders_in_headless_chromium(raw_copy: Path, output_dir: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    assert materialise(raw_copy, output_dir).success
    report = (output_dir / "latest" / "quality_report.html").resolve()
    profile = Path(tempfile.mkdtemp(dir=tmp_path))
    driver = _chrome(profile)
    try:
        _open_cleanly(driver, report)
        assert driver.title.startswith("Quality report")
        for section in ("documents", "validation", "warnings"):
            assert driver.find_element(By.CSS_SELECTOR, f"#{section} table").is_displayed(), section
        hidden = driver.find_element(By.CSS_SELECTOR, "#coverage details table")
        assert not hidden.is_displayed()  # the numbers judged not to be figures open on a click
        driver.find_element(By.CSS_SELECTOR, "#coverage details summary").click()
        assert hidden.is_displayed() and "name" in hidden.text
        rows = driver.find_elements(By.CSS_SELECTOR, "#documents table tbody tr")
        assert len(rows) == 2 and FACT_SHEET in rows[1].text
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) >= 3 + 2 + 5  # documents, money, coverage; years, magnitudes; history
        for chart in charts:
            assert chart.is_displayed() and chart.size["width"] > 300 and chart.size["height"] > 50
        assert len(driver.find_elements(By.CSS_SELECTOR, "#money svg circle.dot")) >= 10
        assert len(driver.find_elements(By.CSS_SELECTOR, "#documents svg rect.bar")) >= 5
        checks = driver.find_element(By.CSS_SELECTOR, "#validation table").text
        assert "spans_match_text" in checks and "FAILED" not in checks
        assert "null_year_share" in driver.find_element(By.CSS_SELECTOR, "#warnings table").text
        profiles = driver.find_element(By.CSS_SELECTOR, "#profile-figures").find_element(
            By.XPATH, "following-sibling::div[1]").text
        assert "kind" in profiles and "money 18" in profiles.replace("\n", " ")
        about = driver.find_element(By.CSS_SELECTOR, "#profiles table").text
        assert "partner 74 of 74" in about and "indicator" in about  # the seeds' figures all concern Mexico
        assert driver.find_element(By.CSS_SELECTOR, "#series").is_displayed()
        series = pd.read_parquet(output_dir / "latest" / "series.parquet")
        per_chart = series.groupby(["partner", "indicator", "unit"]).size()
        series_charts = driver.find_elements(By.CSS_SELECTOR, "#series svg.chart")
        assert len(series_charts) == len(per_chart) > 0  # a chart per series: the seeds have fewer than the limit
        for chart in series_charts:
            partner, indicator, unit = _chart_key(chart.get_attribute("aria-label") or "", per_chart)
            assert len(chart.find_elements(By.CSS_SELECTOR, "circle.dot")) == per_chart[(partner, indicator, unit)]
        _screenshot(driver, tmp_path / "report.png")

        # From the report to a document page: its text, every figure marked with what was read.
        driver.find_element(By.LINK_TEXT, FACT_SHEET).click()
        _open_cleanly(driver)
        assert driver.current_url.endswith(f"/documents/{FACT_SHEET}.html")
        marks = driver.find_elements(By.CSS_SELECTOR, ".doc mark.fig")
        figures = pd.read_parquet(output_dir / "latest" / "figures.parquet")
        assert len(marks) == int((figures["doc_id"] == FACT_SHEET).sum())
        by_text = {m.text: m for m in marks}
        assert "$807bn" in by_text and by_text["$807bn"].is_displayed()
        title = by_text["$807bn"].get_attribute("title") or ""
        assert title.startswith("money · 807,000,000,000 USD · year 2023")
        colour = by_text["$807bn"].value_of_css_property("border-bottom-color")
        assert colour == "rgba(0, 114, 178, 1)"  # the money colour, as in the charts
        _screenshot(driver, tmp_path / "document.png")

        _open_cleanly(driver, (output_dir / "index.html").resolve())
        assert driver.title.startswith("Bilateral Figures — releases")
        driver.find_element(By.LINK_TEXT, "quality report").click()
        _open_cleanly(driver)
        assert driver.current_url == report.as_uri()
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _chart_key(title: str, keys: pd.Series) -> tuple[str, str, str]:
    """The (partner, indicator, unit) a series chart's title names: "Mexico (MEX) · <label> · USD"."""
    found = [k for k in keys.index if title.startswith(f"{partner_name(k[0])} ({k[0]}) · ")
             and title.endswith(f" · {k[2]}") and INDICATORS_BY_ID[k[1]].label in title]
    assert len(found) == 1, (title, found)
    return found[0]


def test_series_charts_render_in_headless_chromium(tmp_path: Path) -> None:
    """Three years of Peru's fact sheets through a run: in the browser, a chart per series with a dot
    per year, and the one conflicting year ringed in red with a tooltip naming both sheets."""
    from selenium.webdriver.common.by import By

    raw, outputs = write_sheets(tmp_path / "raw"), tmp_path / "outputs"
    assert materialise(raw, outputs).success
    series = pd.read_parquet(outputs / "latest" / "series.parquet")
    per_chart = series.groupby(["partner", "indicator", "unit"]).size()
    assert sorted(per_chart) == [2, 2, 3]
    profile = Path(tempfile.mkdtemp(dir=tmp_path))
    driver = _chrome(profile)
    try:
        _open_cleanly(driver, (outputs / "latest" / "quality_report.html").resolve())
        charts = driver.find_elements(By.CSS_SELECTOR, "#series svg.chart")
        assert len(charts) == 3
        for chart in charts:
            assert chart.is_displayed() and chart.size["width"] > 300 and chart.size["height"] > 120
            key = _chart_key(chart.get_attribute("aria-label") or "", per_chart)
            dots = chart.find_elements(By.CSS_SELECTOR, "circle.dot")
            assert len(dots) == per_chart[key] and all(d.is_displayed() for d in dots)
        rings = driver.find_elements(By.CSS_SELECTOR, "#series circle.dot[stroke]")
        assert len(rings) == 1 and rings[0].value_of_css_property("stroke") == "rgb(213, 94, 0)"
        tip = rings[0].find_element(By.TAG_NAME, "title").get_attribute("textContent") or ""
        assert "sources disagree" in tip and "peru-2022 states $11.8bn" in tip and "peru-2023 states $12.4bn" in tip
        conflicts = driver.find_element(By.XPATH, "//section[@id='series']/h3[starts-with(., 'Conflicts')]"
                                                  "/following-sibling::div[1]//table").text
        assert "PER:goods_exports:2021" in conflicts
        _screenshot(driver, tmp_path / "series.png")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_chromium_is_installed() -> None:
    """The report test needs a browser; its absence is a failure, never a skip."""
    assert shutil.which("chromium") or CHROMIUM.exists()
    out = subprocess.run([str(CHROMEDRIVER), "--version"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and "ChromeDriver" in out.stdout


@pytest.mark.parametrize("value,expected", [(807e9, "807bn"), (1.5e6, "1.5M"), (2500.0, "2.5k"), (12.0, "12")])
def test_money_short_form(value: float, expected: str) -> None:
    from pipeline.report import money

    assert money(value) == expected
