"""The quality report: coverage, changes, rendering, and the page as a browser shows it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.defs.resources import PipelinePaths
from pipeline.extraction import extract
from pipeline.extraction.coverage import coverage
from pipeline.publishing import publish_tables
from pipeline.report import ReportData, figure_changes, money_by_year_svg, render_html, render_markdown
from pipeline.validation import CheckResult
from tests.runs import materialise

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
    svg = money_by_year_svg(_tiny_tables()["figures"])
    assert svg.count('class="dot"') == 1
    assert "$5bn" in svg


# --- the report in a release ------------------------------------------------------------------


def test_release_holds_report_changes_and_tracks_changes(raw_copy: Path, output_dir: Path) -> None:
    paths = PipelinePaths(raw_dir=str(raw_copy), output_dir=str(output_dir))
    assert materialise(raw_copy, output_dir).success
    first = output_dir / "latest"
    for name in ("quality_report.html", "quality_report.md", "CHANGES.md", "datapackage.json"):
        assert (first / name).stat().st_size > 0, name
    manifest = json.loads((first / "manifest.json").read_text())
    assert {"quality_report.html", "quality_report.md", "CHANGES.md", "datapackage.json"} <= set(manifest["files"])
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
    assert "| $807bn | $808bn | 807,000,000,000 | 808,000,000,000 |" in changes
    page = (second / "quality_report.html").read_text()
    assert "Changed value (1)" in page
    assert "[52]" in page  # the uncovered number, in its context
    report_md = (second / "quality_report.md").read_text()
    assert "The vote was [52] -48 in favor" in report_md
    # Publishing the same tables again changes nothing.
    tables = {name: pd.read_parquet(second / f"{name}.parquet")
              for name in ("documents", "figures", "dates", "acronyms", "sections")}
    assert not publish_tables(paths, tables).created


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


def test_report_renders_in_headless_chromium(raw_copy: Path, output_dir: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    assert materialise(raw_copy, output_dir).success
    report = (output_dir / "latest" / "quality_report.html").resolve()
    profile = Path(tempfile.mkdtemp(dir=tmp_path))
    driver = _chrome(profile)
    try:
        driver.get(report.as_uri())
        assert driver.execute_script("return document.readyState") == "complete"
        assert driver.title.startswith("Quality report")
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == [], severe
        # Nothing but the page itself was fetched.
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources == []
        for section in ("documents", "validation"):
            assert driver.find_element(By.CSS_SELECTOR, f"#{section} table").is_displayed(), section
        hidden = driver.find_element(By.CSS_SELECTOR, "#coverage details table")
        assert not hidden.is_displayed()  # the numbers judged not to be figures open on a click
        driver.find_element(By.CSS_SELECTOR, "#coverage details summary").click()
        assert hidden.is_displayed() and "name" in hidden.text
        rows = driver.find_elements(By.CSS_SELECTOR, "#documents table tbody tr")
        assert len(rows) == 2 and FACT_SHEET in rows[1].text
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) >= 3
        for chart in charts:
            assert chart.is_displayed() and chart.size["width"] > 300 and chart.size["height"] > 50
        assert len(driver.find_elements(By.CSS_SELECTOR, "#money svg circle.dot")) >= 10
        assert len(driver.find_elements(By.CSS_SELECTOR, "#documents svg rect.bar")) >= 5
        checks = driver.find_element(By.CSS_SELECTOR, "#validation table").text
        assert "spans_match_text" in checks and "FAILED" not in checks
        shot = tmp_path / "report.png"
        assert driver.save_screenshot(str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
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
