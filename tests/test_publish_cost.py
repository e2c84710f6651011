"""Issue 13, the publishing half: work a run does not need is not done, and what it does is
done column by column. Counters and files, never timings (speed is `make bench`'s)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import markupsafe
import pandas as pd
import pytest

from pipeline import publishing
from pipeline.defs.definitions import build_definitions
from pipeline.defs.jobs import FETCH_JOB, PUBLISH_JOB
from pipeline.release import csv_safe, csv_safe_frame
from pipeline.report import Table
from pipeline.report_drilldown import Segment
from pipeline.report_html import escape, escape_all, marked_text, table_html
from pipeline.texts import published_texts
from tests.runs import assert_release_intact, latest_id, materialise, snapshot


def test_every_job_runs_in_one_process() -> None:
    definitions = build_definitions()
    for name in (PUBLISH_JOB, FETCH_JOB):
        assert definitions.resolve_job_def(name).executor_def is dg.in_process_executor, name
    # `dagster asset materialize --select '*'` runs the implicit asset job, which takes the default too
    assert definitions.resolve_implicit_global_asset_job_def().executor_def is dg.in_process_executor


def test_csv_safe_frame_escapes_what_csv_safe_escapes_cell_by_cell() -> None:
    cells = ["=SUM(A1:A9)", "+44 20 7946 0000", "-5 percent", "@home", "\tindent", "\rreturn", "plain",
             "", None, "'quoted", "é=accent", "5=five", " =space first"]
    frame = pd.DataFrame({
        "text": pd.Series(cells, dtype=object),
        "string_dtype": pd.Series(cells, dtype="string"),
        "mixed": pd.Series(["=1", 7, dt.date(2024, 1, 2), None] * 3 + ["-x"], dtype=object),
        "dates": pd.Series([dt.date(2024, 1, 1)] * len(cells), dtype=object),
        "value": pd.Series(range(len(cells)), dtype="Int64"),
    })
    safe = csv_safe_frame(frame)
    for column in frame.columns:
        expected = [csv_safe(v) if isinstance(v, str) else v for v in frame[column].tolist()]
        found = safe[column].tolist()
        assert [(type(a), a) for a in found if a is not pd.NA] == [(type(b), b) for b in expected if b is not pd.NA], \
            column
        assert safe[column].dtype == frame[column].dtype, column
    assert frame["text"].tolist()[0] == "=SUM(A1:A9)"  # the input frame is not changed


def test_csv_safe_frame_shares_columns_with_nothing_to_escape() -> None:
    frame = pd.DataFrame({"a": ["safe", "also safe"], "b": ["=bad", "fine"]})
    safe = csv_safe_frame(frame)
    assert safe["a"].tolist() == ["safe", "also safe"]
    assert safe["b"].tolist() == ["'=bad", "fine"]
    clean = pd.DataFrame({"a": ["x"], "n": [1]})
    assert csv_safe_frame(clean) is clean


def test_inputs_published_already_are_not_validated_covered_or_reported_again(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert materialise(raw_copy, output_dir).success
    release = output_dir / "releases" / latest_id(output_dir)
    before = snapshot(output_dir, skip=(".cache",))
    calls: Counter[str] = Counter()

    def counted(name: str) -> Callable[..., Any]:
        real = getattr(publishing, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    for name in ("validate_or_quarantine", "coverage_of_release", "render_html", "render_changes",
                 "write_document_pages"):
        monkeypatch.setattr(publishing, name, counted(name))
    again = materialise(raw_copy, output_dir)
    assert again.success
    assert again.asset_materializations_for_node("release")[-1].metadata["created"].value is False
    assert calls == Counter()  # same inputs: nothing of a new release was made
    assert snapshot(output_dir, skip=(".cache",)) == before  # and nothing was written: same bytes, same mtimes
    assert_release_intact(release)

    (raw_copy / "new-fact-sheet.txt").write_text(
        "Partnership Fact Sheet\n\nThe two countries traded $12 billion in goods in 2023.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    assert latest_id(output_dir) != release.name
    assert calls == Counter({name: 1 for name in ("validate_or_quarantine", "coverage_of_release", "render_html",
                                                  "render_changes", "write_document_pages")})


HOSTILE = ["<script>alert('x')</script>", 'a "quoted" & <b>bold</b>', "plain", "", "\x1f<sep>\x1f", "café ≥ 5"]


def test_html_fragments_escape_as_jinja_autoescape_does() -> None:
    for text in HOSTILE:
        assert escape(text) == str(markupsafe.escape(text))
    assert escape_all(HOSTILE) == [str(markupsafe.escape(t)) for t in HOSTILE]  # a cell holding the separator too
    assert escape_all(["<a>", "b&c"]) == ["&lt;a&gt;", "b&amp;c"]


def test_table_html_escapes_every_cell_header_and_link() -> None:
    table = Table(["<th>", "n"], [False, True], [[("", HOSTILE[0]), ("num", "1,000")], [("", "x\x1fy<"), ("num", "2")]],
                  links=['#"><script>', "#f2"])
    html = str(table_html(table, caption="<cap>"))
    assert "<script>" not in html and "<th>" not in html.replace("<th>&lt;th&gt;", "")
    assert '<td><a href="#&#34;&gt;&lt;script&gt;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a></td>' in html
    assert '<td class="num">1,000</td>' in html and "<td><a href=\"#f2\">x\x1fy&lt;</a></td>" in html
    assert "<caption>&lt;cap&gt;</caption>" in html and '<th class="num">n</th>' in html
    assert str(table_html(Table(["a"], [False], []), none_text="<none>")) == '<p class="none">&lt;none&gt;</p>\n'


def test_marked_text_gives_back_the_text_escaped_with_marks() -> None:
    pieces = [Segment("Trade of "), Segment("$5 <bn>", "figure", "money", 'money "5"', "f9"), Segment(" & "),
              Segment("24/7", "excluded", "", "excluded: code")]
    assert str(marked_text(pieces)) == (
        'Trade of <mark class="fig k-money" id="f9" title="money &#34;5&#34;">$5 &lt;bn&gt;</mark> &amp; '
        '<mark class="excluded" title="excluded: code">24/7</mark>')


def test_published_texts_reads_back_the_texts_a_release_holds(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "cr-note.txt").write_bytes(b"Line one\r\nLine two\rthree $5 million\n")
    assert materialise(raw_copy, output_dir).success
    load = published_texts(output_dir / "latest")
    assert load("cr-note") == "Line one\r\nLine two\rthree $5 million\n"  # no newline translation
    assert load("no-such-document") is None
