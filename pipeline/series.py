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
from typing import Any

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


def _series_row(key: tuple[Any, ...], group: pd.DataFrame) -> dict[str, Any]:
    partner, indicator, year = key
    units = group["unit"].value_counts()
    unit = str(units.index[0])
    same_unit = group[group["unit"] == unit]
    tolerances = [rounding_of(str(t), float(v)) for t, v in zip(same_unit["text"], same_unit["value"], strict=True)]
    candidates = same_unit.assign(tolerance_=tolerances, inexact_=same_unit["qualifier"] != "exact")
    best = candidates.sort_values(["inexact_", "tolerance_", "doc_id", "start"], kind="stable").iloc[0]
    reference, reference_tolerance = float(best["value"]), float(best["tolerance_"])
    agreeing_docs: set[str] = set()
    conflict = len(units) > 1  # the same thing in two units cannot be compared: flagged
    for row in candidates.itertuples(index=False):
        if agrees(_number(row.value), str(row.qualifier), _number(row.tolerance_), reference, reference_tolerance):
            agreeing_docs.add(str(row.doc_id))
        else:
            conflict = True
    ordered = group.sort_values(["doc_id", "start"], kind="stable")
    docs = list(dict.fromkeys(ordered["doc_id"].astype(str)))
    return {
        "series_id": f"{partner}:{indicator}:{'' if year is None else int(year)}",
        "partner": partner,
        "indicator": indicator,
        "label": INDICATORS_BY_ID[str(indicator)].label,
        "year": None if year is None else int(year),
        "value": reference,
        "unit": unit,
        "value_low": float(group["value"].min()),
        "value_high": float(group["value"].max()),
        "n_figures": len(group),
        "n_sources": len(docs),
        "n_agreeing": len(agreeing_docs),
        "conflict": bool(conflict),
        "figure_id": str(best["figure_id"]),
        "figure_ids": ID_SEPARATOR.join(ordered["figure_id"].astype(str)),
        "doc_ids": ID_SEPARATOR.join(docs),
    }


def series_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per (partner, indicator, year) that some figure states; the year may be null."""
    usable = figures[figures["partner"].notna() & figures["indicator"].notna()]
    if usable.empty:
        return []
    year_key = pd.Series([-1 if pd.isna(y) else int(y) for y in usable["year"]], index=usable.index)
    rows = []
    for key, group in usable.groupby([usable["partner"], usable["indicator"], year_key], sort=True):
        partner, indicator, year = key
        rows.append(_series_row((partner, indicator, None if year == -1 else int(_number(year))), group))
    return rows


def series_problems(series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Series rows that do not trace back to their figures: a missing figure, a figure of another
    partner, indicator or year, a value no figure states, or counts that do not add up."""
    by_id = figures.set_index("figure_id")
    bad: list[dict[str, Any]] = []
    for row in series.to_dict("records"):
        ids = str(row["figure_ids"]).split(ID_SEPARATOR)
        missing = [i for i in ids if i not in by_id.index]
        if missing:
            bad.append({"series_id": row["series_id"], "problem": f"figures not in this release: {', '.join(missing)}"})
            continue
        mine = by_id.loc[ids]
        years: list[Any] = [None if pd.isna(y) else y for y in mine["year"]]
        row_year = None if _is_null(row["year"]) else int(row["year"])
        if (mine["partner"] != row["partner"]).any() or (mine["indicator"] != row["indicator"]).any() or any(
                (y is None) != (row_year is None) or (y is not None and int(y) != row_year) for y in years):
            bad.append({"series_id": row["series_id"], "problem": "a figure of another partner, indicator or year"})
        elif row["figure_id"] not in ids or not math.isclose(
                _number(by_id.at[row["figure_id"], "value"]), _number(row["value"])):
            bad.append({"series_id": row["series_id"], "problem": "the value is not its figure's value"})
        elif row["n_figures"] != len(ids) or row["n_sources"] != mine["doc_id"].nunique() \
                or set(str(row["doc_ids"]).split(ID_SEPARATOR)) != set(mine["doc_id"].astype(str)):
            bad.append({"series_id": row["series_id"], "problem": "counts or doc_ids do not match its figures"})
        elif not math.isclose(_number(mine["value"].min()), float(row["value_low"])) or not math.isclose(
                _number(mine["value"].max()), float(row["value_high"])):
            bad.append({"series_id": row["series_id"], "problem": "value_low/value_high are not its figures' range"})
    stated = figures[figures["partner"].notna() & figures["indicator"].notna()]
    listed = {i for ids in series["figure_ids"] for i in str(ids).split(ID_SEPARATOR)}
    for figure_id in stated["figure_id"]:
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
