"""A document's text cut into pieces for its report page: plain text, figures and numbers to mark.

Pure: the text, its figure rows and its coverage mentions in; `Segment`s out, which
`report_html.marked_text` wraps in <mark> elements for the `document.html` template (kind-coloured figures
with value and year in their `title`, uncovered numbers flagged, excluded numbers with the rule
that excluded them). Segments never overlap and, joined, give back the text exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from pipeline.extraction.coverage import NumberMention


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str = ""  # "" (plain), "figure", "uncovered", "excluded" or "non_figure"
    kind: str = ""  # the figure's kind
    title: str = ""  # what a hover shows
    anchor: str = ""  # the element id a figure row links to


def _value(value: float, value_max: Any, unit: str) -> str:
    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.6g}"

    shown = number(value) if _missing(value_max) else f"{number(value)}–{number(value_max)}"
    return f"{shown} {unit}"


def figure_title(row: dict[str, Any]) -> str:
    """'money · 807,000,000,000 USD · year 2023 · exact · two-way goods trade · rule money_symbol'."""
    year = row.get("year")
    stated = "no year" if _missing(year) else f"year {int(cast(int, year))}"
    parts = [str(row["kind"]), _value(float(row["value"]), row.get("value_max"), str(row["unit"])),
             stated, str(row["qualifier"]), str(row["subject"])]
    parts += [f"{column} {row[column]}" for column in ("partner", "indicator") if not _missing(row.get(column))]
    parts.append(f"rule {row['rule']}")
    return " · ".join(parts)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))  # type: ignore[call-overload]


def figure_anchor(start: int) -> str:
    return f"f{start}"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts (what `to_dict("records")` gives, without its cost per call)."""
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, values, strict=True))
            for values in zip(*(frame[c].tolist() for c in frame.columns), strict=True)]


def segments(text: str, figures: list[dict[str, Any]], mentions: list[NumberMention]) -> list[Segment]:
    """The text as plain and marked segments, in order. `figures`: the document's figure rows
    (`records`). A span overlapping one already marked is left unmarked (figures win over
    mentions; the blocking checks keep figures apart)."""
    marks: list[tuple[int, int, Segment]] = []
    for row in figures:
        start, end = int(row["start"]), int(row["end"])
        marks.append((start, end, Segment(text[start:end], "figure", str(row["kind"]), figure_title(row),
                                          figure_anchor(start))))
    for m in mentions:
        if m.status in ("uncovered", "excluded", "non_figure"):
            title = "uncovered: no rule reads it" if m.status == "uncovered" else f"{m.status}: {m.reason}"
            marks.append((m.start, m.end, Segment(text[m.start:m.end], m.status, "", title)))
    marks.sort(key=lambda t: (t[0], t[2].mark != "figure", -t[1]))
    pieces: list[Segment] = []
    at = 0
    for start, end, segment in marks:
        if start < at or end > len(text) or start >= end:
            continue
        if start > at:
            pieces.append(Segment(text[at:start]))
        pieces.append(segment)
        at = end
    if at < len(text):
        pieces.append(Segment(text[at:]))
    return pieces

