"""Issue 9, cases 6 and 7: text from the documents (file names, headings, figure text) is
published as data, never as structure: CSV rows do not split, Markdown does not render it."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
from frictionless import validate
from markdown_it import MarkdownIt

from pipeline.release import csv_safe
from tests.runs import materialise

TABLES = ("documents", "figures", "dates", "acronyms", "sections")


def assert_csv_reads_back_as_parquet(release: Path, name: str) -> None:
    """Every cell of <name>.csv, read by pandas, is the Parquet cell (formula-safe where it must be)."""
    parquet = pd.read_parquet(release / f"{name}.parquet")
    csv = pd.read_csv(release / f"{name}.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(parquet.columns)
    assert len(csv) == len(parquet), f"{name}.csv has {len(csv)} rows, {name}.parquet {len(parquet)}"
    for column in parquet.columns:
        for expected, found in zip(parquet[column].tolist(), csv[column].tolist(), strict=True):
            if expected is None or (isinstance(expected, float) and math.isnan(expected)) or expected is pd.NA:
                assert found == "", (name, column, found)
            elif isinstance(expected, str):
                assert found == csv_safe(expected), (name, column, expected, found)
            elif isinstance(expected, dt.date):  # published_date: ISO in the CSV
                assert found == expected.isoformat(), (name, column, expected, found)
            else:
                assert float(found) == float(expected), (name, column, expected, found)


def test_case06_bare_cr_csv_reads_back_as_parquet(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "port\rnotes.txt").write_text(
        "Port Notes\n\nThe fund gave $12 million in 2022 to the\rborder port, and 300\rtrucks crossed.\n",
        encoding="utf-8",
    )
    assert materialise(raw_copy, output_dir).success
    release = output_dir / "latest"
    figures = pd.read_parquet(release / "figures.parquet")
    assert (figures["doc_id"] == "port\rnotes").sum() >= 1  # the CR is in doc_id and figure_id cells
    for name in TABLES:
        assert_csv_reads_back_as_parquet(release, name)
    report = validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


HOSTILE_NAMES = ("<img src=x onerror=alert(1)>.txt", "[click](javascript:alert(1)).txt",
                 "pipe | `tick` *bold* _em_.txt")


def rendered(markdown_text: str) -> str:
    """The Markdown as a CommonMark renderer with tables (GitHub's flavour) turns it into HTML."""
    return str(MarkdownIt("commonmark").enable("table").render(markdown_text))


def test_case07_markdown_outputs_escape_file_names_and_text(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "plain-note.txt").write_text("Plain Note\n\nThe office hosted 120 visits in 2023.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    text = "Notes <b>bold</b>\n\nThe <i>fund</i> gave $12 million in 2022 and 300 *trucks* crossed.\n"
    for name in HOSTILE_NAMES:
        (raw_copy / name).write_text(text, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success  # CHANGES.md now lists them as added
    release = output_dir / "latest"
    report = (release / "quality_report.md").read_text(encoding="utf-8")
    changes = (release / "CHANGES.md").read_text(encoding="utf-8")
    for markdown_text in (report, changes):
        html = rendered(markdown_text)
        assert "<img" not in html and "<b>" not in html and "<i>" not in html
        assert 'href="javascript' not in html and "<a " not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as the text it is
        assert "[click](javascript:alert(1))" in html
        assert "pipe | `tick` *bold* _em_" in html  # one cell: the | did not split it, nothing emphasised
    assert "<code>" not in rendered(changes).split("Documents added", 1)[1].split("<h3>", 1)[0]
