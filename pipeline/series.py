"""Series: one value per (partner, indicator, year), from every figure in every document that states it.

A figure joins a series when it has a partner and an indicator. The figures of one series
agree when their values are equal up to the rounding of the less precise one ("$807bn" and
"$807.2 billion" agree; "$807bn" and "$812bn" do not); an approximate figure ("about $800bn")
agrees within 5 percent, an "over"/"nearly" figure when the value lies on its side. The
series value is the most precise exact figure's; `conflict` says that some figure disagrees.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, NamedTuple

import pandas as pd

from pipeline.extraction.indicators import INDICATORS_BY_ID

#: Separator of the ids in `figure_ids` and `doc_ids`: a doc_id is a file name in raw/ (a file
#: name never holds "/"), so neither it nor a figure id ("<doc_id>:<anchor>") does; a space would
#: split "US relations 2024:ab12" in two.
ID_SEPARATOR = "/"
APPROX_TOLERANCE = 0.05
_LITERAL = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_KEY = ["partner", "indicator", "year"]


def rounding_of(text: str, value: float) -> float:
    """Half the unit of the last digit written: "$807bn" -> 0.5e9, "$807.2 billion" -> 0.05e9.

    A figure written in words ("twenty-one") is exact: 0.
    """
    m = _LITERAL.search(text)
    if m is None:
        return 0.0
    literal = float(m.group(0).replace(",", ""))
    if literal == 0:
        return 0.0
    scale = abs(value) / literal
    decimals = len(m.group(1) or "")
    return 0.5 * scale * 10.0 ** -decimals


def agrees(value: float, qualifier: str, tolerance: float, reference: float, reference_tolerance: float) -> bool:
    """Whether a figure (value, qualifier, rounding) is consistent with the reference value."""
    slack = max(tolerance, reference_tolerance) + 1e-9 * max(1.0, abs(value), abs(reference))
    if qualifier == "approx":
        slack = max(slack, APPROX_TOLERANCE * abs(value))
    if qualifier == "at_least":
        return reference >= value - slack
    if qualifier == "at_most":
        return reference <= value + slack
    return abs(value - reference) <= slack


class _Figure(NamedTuple):
    """The columns of a figure that a series reads, as plain Python values."""

    figure_id: str
    doc_id: str
    start: int
    text: str
    value: float
    unit: str
    qualifier: str


def _series_row(key: tuple[Any, ...], group: list[_Figure]) -> dict[str, Any]:
    """One series row from its figures (in table order). Plain Python: groups are small and
    many, and per-group pandas calls cost milliseconds each."""
    partner, indicator, year = key
    units = Counter(f.unit for f in group)  # counts in order of first appearance
    unit = max(units, key=lambda u: units[u])  # the most common; a tie goes to the first seen
    candidates = [(f, rounding_of(f.text, f.value)) for f in group if f.unit == unit]
    best, reference_tolerance = min(
        candidates, key=lambda c: (c[0].qualifier != "exact", c[1], c[0].doc_id, c[0].start))  # first of the least
    reference = best.value
    agreeing_docs: set[str] = set()
    conflict = len(units) > 1  # the same thing in two units cannot be compared: flagged
    for f, tolerance in candidates:
        if agrees(f.value, f.qualifier, tolerance, reference, reference_tolerance):
            agreeing_docs.add(f.doc_id)
        else:
            conflict = True
    ordered = sorted(group, key=lambda f: (f.doc_id, f.start))  # stable: table order breaks ties
    docs = list(dict.fromkeys(f.doc_id for f in ordered))
    values = [f.value for f in group]
    return {
        "series_id": f"{partner}:{indicator}:{'' if year is None else int(year)}",
        "partner": partner,
        "indicator": indicator,
        "label": INDICATORS_BY_ID[str(indicator)].label,
        "year": None if year is None else int(year),
        "value": reference,
        "unit": unit,
        "value_low": min(values),
        "value_high": max(values),
        "n_figures": len(group),
        "n_sources": len(docs),
        "n_agreeing": len(agreeing_docs),
        "conflict": bool(conflict),
        "figure_id": best.figure_id,
        "figure_ids": ID_SEPARATOR.join(f.figure_id for f in ordered),
        "doc_ids": ID_SEPARATOR.join(docs),
    }


def series_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (partner, indicator, year) that some figure states; the year may be null."""
    usable = figures[figures["partner"].notna() & figures["indicator"].notna()]
    if usable.empty:
        return []
    groups: dict[tuple[str, str, int], list[_Figure]] = {}
    columns = zip(*(usable[c].tolist() for c in ("partner", "indicator")), _years(usable["year"]),
                  *(usable[c].tolist() for c in ("figure_id", "doc_id", "start", "text", "value", "unit", "qualifier")),
                  strict=True)
    for partner, indicator, year, figure_id, doc_id, start, text, value, unit, qualifier in columns:
        key = (str(partner), str(indicator), year)
        groups.setdefault(key, []).append(_Figure(str(figure_id), str(doc_id), int(start), str(text),
                                                  float(value), str(unit), str(qualifier)))
    return [_series_row((partner, indicator, None if year == -1 else year), groups[(partner, indicator, year)])
            for partner, indicator, year in sorted(groups)]


def _years(years: pd.Series) -> list[int]:
    """The years as ints, -1 where there is none (a column read as a whole, not value by value)."""
    return [int(y) for y in years.astype("Float64").fillna(-1).to_numpy(dtype="float64")]


def series_problems(series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Series rows that do not trace back to their figures: a missing figure, a figure of another
    partner, indicator or year, a value no figure states, or counts that do not add up.

    Only the figures a series lists or should list are read (a few of the table's rows)."""
    listed = {i for ids in series["figure_ids"] for i in str(ids).split(ID_SEPARATOR)}
    stated = figures["partner"].notna() & figures["indicator"].notna()
    read = figures[stated | figures["figure_id"].isin(list(listed))]
    by_id = {
        str(figure_id): (partner, indicator, None if year == -1 else year, float(value), str(doc_id))
        for figure_id, partner, indicator, year, value, doc_id in zip(
            read["figure_id"].tolist(), read["partner"].tolist(), read["indicator"].tolist(), _years(read["year"]),
            read["value"].tolist(), read["doc_id"].tolist(), strict=True)
    }
    bad: list[dict[str, Any]] = []
    for row in series.to_dict("records"):
        ids = str(row["figure_ids"]).split(ID_SEPARATOR)
        missing = [i for i in ids if i not in by_id]
        if missing:
            bad.append({"series_id": row["series_id"], "problem": f"figures not in this release: {', '.join(missing)}"})
            continue
        mine = [by_id[i] for i in ids]
        row_year = None if _is_null(row["year"]) else int(row["year"])
        values = [value for _, _, _, value, _ in mine]
        doc_ids = {doc_id for _, _, _, _, doc_id in mine}
        if any(_is_null(partner) or partner != row["partner"] or _is_null(indicator) or indicator != row["indicator"]
               or year != row_year for partner, indicator, year, _, _ in mine):
            bad.append({"series_id": row["series_id"], "problem": "a figure of another partner, indicator or year"})
        elif row["figure_id"] not in ids or not math.isclose(by_id[row["figure_id"]][3], _number(row["value"])):
            bad.append({"series_id": row["series_id"], "problem": "the value is not its figure's value"})
        elif row["n_figures"] != len(ids) or row["n_sources"] != len(doc_ids) \
                or set(str(row["doc_ids"]).split(ID_SEPARATOR)) != doc_ids:
            bad.append({"series_id": row["series_id"], "problem": "counts or doc_ids do not match its figures"})
        elif not math.isclose(min(values), float(row["value_low"])) or not math.isclose(
                max(values), float(row["value_high"])):
            bad.append({"series_id": row["series_id"], "problem": "value_low/value_high are not its figures' range"})
    for figure_id in figures.loc[stated, "figure_id"]:
        if figure_id not in listed:
            bad.append({"series_id": None, "problem": f"figure {figure_id} has a partner and indicator but no series"})
    return pd.DataFrame(bad, columns=["series_id", "problem"])


def _number(value: Any) -> float:
    return float(value)


def _is_null(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def series_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The published `series` table of these figures, in the schema's columns and dtypes."""
    from pipeline.tables import to_frame  # tables imports the extraction package: kept off import time

    return to_frame("series", series_rows(figures), sort=False)
