"""The series section of the quality report: one small chart per partner and indicator over the years.

Pure: the release's `series` and `figures` tables in; charts and frames out (report.py makes
the frames tables). A chart holds one (partner, indicator, unit): a dot per year, lines between
consecutive years, a larger dot where more documents state the value, and a red ring with a
whisker over the stated range where the documents disagree beyond rounding; each dot's tooltip
names its documents and, for a conflict, what each of them states. With hundreds of series only
the best-attested are charted (most years, then most documents); the index lists every one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pycountry

from pipeline.report_charts import PALETTE, Chart, Dot, Label, Polyline, Rule, money
from pipeline.series import ID_SEPARATOR

#: Series charted at most: past this, the best-attested ones, and a note of how many are left out.
MAX_SERIES_CHARTS = 24
#: Series the index lists at most (every series is in series.csv of the release).
MAX_INDEX_ROWS = 1000
#: Figures a conflicting dot's tooltip lists at most.
MAX_STATED = 8
SERIES_COLOUR = PALETTE[0]
CONFLICT_COLOUR = "#D55E00"  # the report's colour for what needs a look (uncovered numbers too)
WIDTH, PLOT_H = 340, 120
_LEFT, _RIGHT, _TOP, _BOTTOM, _UNDATED_W = 56, 16, 22, 28, 46
_MIN_TICK_GAP = 38  # px between year labels


@dataclass(frozen=True)
class SeriesSection:
    """What the template shows: the charts, how many series there are, the index and the conflicts."""

    rows: int  # rows of the series table (one per partner, indicator and year)
    n_series: int  # (partner, indicator, unit) groups: one chart each
    charts: list[Chart]
    index: pd.DataFrame  # one row per series, charted first
    conflicts: pd.DataFrame  # one row per conflicting (partner, indicator, year)

    @property
    def omitted(self) -> int:
        return self.n_series - len(self.charts)


def partner_name(code: str) -> str:
    """A partner's short name (pycountry's common name where it has one): MEX -> Mexico."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def amount(value: float, unit: str) -> str:
    """A value as the report writes it, with its unit: $807bn, 2.3bn cubic foot/day, 4.5%, 16,000 (a count)."""
    if unit == "USD":
        return f"{'-' if value < 0 else ''}${money(abs(value))}"
    if unit == "percent":
        return f"{value:.3g}%"
    if unit == "count":
        return f"{value:,.0f}" if abs(value) < 1e6 else money(value)
    return f"{money(value)} {unit}"


def _tick(value: float, unit: str) -> str:
    """An axis label: the amount without a unit word (the chart names it)."""
    return amount(value, unit) if unit in ("USD", "percent") else money(value)  # 16k, not 16,000


def _nice(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above a positive value."""
    power = 10.0 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5):
        if value <= m * power * (1 + 1e-12):
            return m * power
    return 10 * power


def _ids(joined: object) -> list[str]:
    return str(joined).split(ID_SEPARATOR) if isinstance(joined, str) and joined else []


@dataclass(frozen=True)
class Point:
    """One row of the series table as a chart draws it."""

    year: int | None
    value: float
    low: float
    high: float
    n_sources: int
    conflict: bool
    tip: str


def _tip(row: pd.Series, year: int | None, stated: dict[str, tuple[str, str]]) -> str:
    """What a dot says on hover: year, value, documents; for a conflict, what each figure states."""
    unit = str(row["unit"])
    head = f"{year if year is not None else 'no year'}: {amount(float(row['value']), unit)}"
    if not row["conflict"]:
        return f"{head}, stated by {', '.join(_ids(row['doc_ids']))}"
    figures = _ids(row["figure_ids"])
    said = [f"{stated[f][0]} states {stated[f][1]}" if f in stated else f for f in figures[:MAX_STATED]]
    more = f"; and {len(figures) - MAX_STATED} more" if len(figures) > MAX_STATED else ""
    return (f"{head} (stated from {amount(float(row['value_low']), unit)} to "
            f"{amount(float(row['value_high']), unit)}): sources disagree: {'; '.join(said)}{more}")


def points_of(rows: pd.DataFrame, stated: dict[str, tuple[str, str]]) -> list[Point]:
    """The series rows of one chart as points: dated ones by year, then the undated."""
    points = []
    for _, row in rows.iterrows():
        year = None if pd.isna(row["year"]) else int(row["year"])
        points.append(Point(year, float(row["value"]), float(row["value_low"]), float(row["value_high"]),
                            int(row["n_sources"]), bool(row["conflict"]), _tip(row, year, stated)))
    return sorted(points, key=lambda p: (p.year is None, p.year or 0))


def series_chart(title: str, unit: str, points: list[Point]) -> Chart:
    """One series as a small chart: value by year (linear, from zero), undated values at the right."""
    dated = [p for p in points if p.year is not None]
    undated = [p for p in points if p.year is None]
    right = _RIGHT + (_UNDATED_W if undated and dated else 0)  # no year at all: the undated in the middle
    chart = Chart(title, WIDTH, _TOP + PLOT_H + _BOTTOM)
    plot_w = WIDTH - _LEFT - right
    extent = [v for p in points for v in (p.value, p.low, p.high)]
    hi = _nice(max(extent)) if extent and max(extent) > 0 else 0.0
    lo = -_nice(-min(extent)) if extent and min(extent) < 0 else 0.0
    if hi == lo:  # no value, or every value zero
        hi = 1.0

    def ypos(v: float) -> float:
        return _TOP + PLOT_H - (v - lo) / (hi - lo) * PLOT_H

    for v in sorted({lo, lo / 2, 0.0, hi / 2, hi}):
        chart.rules.append(Rule(_LEFT, ypos(v), _LEFT + plot_w, ypos(v), "axis" if v == 0 else "grid"))
        chart.labels.append(Label(_LEFT - 5, ypos(v) + 4, _tick(v, unit), "end", "tick"))
    if unit not in ("USD", "percent"):  # "$" and "%" are on the ticks already
        chart.labels.append(Label(_LEFT, _TOP - 9, unit, cls="tick"))
    years = [p.year for p in dated if p.year is not None]
    first, last = (years[0], years[-1]) if years else (0, 0)
    inset = 12.0

    def xpos(year: int) -> float:
        if last == first:
            return _LEFT + plot_w / 2
        return _LEFT + inset + (year - first) / (last - first) * (plot_w - 2 * inset)

    for year in _labelled_years(years, xpos):
        chart.labels.append(Label(xpos(year), _TOP + PLOT_H + 16, str(year), "middle", "tick"))
    run: list[str] = []
    for i, p in enumerate(dated):  # a line joins consecutive years only: a gap is not interpolated
        if i and years[i] != years[i - 1] + 1:
            _line(chart, run, title)
            run = []
        run.append(f"{xpos(years[i]):.1f},{ypos(p.value):.1f}")
    _line(chart, run, title)
    undated_x = WIDTH - _RIGHT - _UNDATED_W / 2 if dated else _LEFT + plot_w / 2
    if undated:
        chart.labels.append(Label(undated_x, _TOP + PLOT_H + 16, "no year", "middle", "tick"))
    for p in points:
        x = xpos(p.year) if p.year is not None else undated_x
        radius = 3.5 + min(p.n_sources - 1, 3)  # more documents, a larger dot
        if p.conflict:  # ringed in red, over a whisker from the lowest to the highest value stated
            chart.rules.append(Rule(x, ypos(p.low), x, ypos(p.high), "range"))
            chart.dots.append(Dot(x, ypos(p.value), radius + 1.5, SERIES_COLOUR, p.tip, 1.0, CONFLICT_COLOUR))
        else:
            chart.dots.append(Dot(x, ypos(p.value), radius, SERIES_COLOUR, p.tip, 1.0))
    return chart


def _labelled_years(years: list[int], xpos: Callable[[int], float]) -> list[int]:
    """The years to label: each year with a value that has room, the last one always."""
    labelled: list[int] = []
    for year in years:
        if labelled and xpos(year) - xpos(labelled[-1]) < _MIN_TICK_GAP:
            if year != years[-1]:
                continue
            if len(labelled) > 1:
                labelled.pop()
            else:
                continue  # two years too close for two labels: the first one only
        labelled.append(year)
    return labelled


def _line(chart: Chart, run: list[str], title: str) -> None:
    if len(run) > 1:
        chart.lines.append(Polyline(" ".join(run), SERIES_COLOUR, title))


# --- the section ---------------------------------------------------------------------------------

_INDEX_COLUMNS = ["partner", "indicator", "unit", "years", "values", "sources", "conflicts", "latest", "charted"]
_CONFLICT_COLUMNS = ["series_id", "value", "stated from", "to", "sources", "agreeing", "what each states"]


def _stated(series: pd.DataFrame, figures: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """(doc_id, text) of every figure of a conflicting series row: what the tooltips quote."""
    wanted = {f for ids in series.loc[series["conflict"].astype(bool), "figure_ids"] for f in _ids(ids)}
    if not wanted:
        return {}
    mine = figures[figures["figure_id"].isin(wanted)]
    return {str(f): (str(d), str(t)) for f, d, t in zip(mine["figure_id"], mine["doc_id"], mine["text"], strict=True)}


def series_index(series: pd.DataFrame) -> pd.DataFrame:
    """One row per (partner, indicator, unit), best-attested first: most years with a value, then
    most documents, then most conflicts (ties in partner, indicator and unit order)."""
    keys = ["partner", "indicator", "unit"]
    if series.empty:
        return pd.DataFrame(columns=[*keys, "label", "first", "last", "n_years", "values", "sources", "conflicts",
                                     "latest_year", "latest_value"])
    grouped = series.groupby(keys, sort=True)
    index = grouped.agg(label=("label", "first"), first=("year", "min"), last=("year", "max"),
                        n_years=("year", "nunique"), values=("series_id", "size"), conflicts=("conflict", "sum"))
    documents = series[keys].assign(doc_id=series["doc_ids"].astype(str).str.split(ID_SEPARATOR)).explode("doc_id")
    index["sources"] = documents.groupby(keys, sort=True)["doc_id"].nunique()
    latest = (series.sort_values([*keys, "year"], na_position="first", kind="stable")
              .drop_duplicates(keys, keep="last").set_index(keys))
    index["latest_year"], index["latest_value"] = latest["year"], latest["value"]
    index = index.reset_index()
    order = index.sort_values(["n_years", "sources", "conflicts"], ascending=False, kind="stable").index
    return index.loc[order].reset_index(drop=True)


def _years(first: object, last: object) -> str:
    if pd.isna(first):  # type: ignore[call-overload]
        return ""
    return str(first) if first == last else f"{first}–{last}"


def series_section(series: pd.DataFrame | None, figures: pd.DataFrame) -> SeriesSection | None:
    """The section of this release's series; None when the release has no series table."""
    if series is None:
        return None
    stated = _stated(series, figures)
    index = series_index(series)
    charted = index.head(MAX_SERIES_CHARTS)
    groups = series.groupby(["partner", "indicator", "unit"], sort=False)
    charts = [series_chart(f"{partner_name(str(p))} ({p}) · {label} · {u}", str(u),
                           points_of(groups.get_group((p, i, u)), stated))
              for p, i, u, label in zip(charted["partner"], charted["indicator"], charted["unit"], charted["label"],
                                        strict=True)]
    shown = pd.DataFrame({
        "partner": index["partner"], "indicator": index["indicator"], "unit": index["unit"],
        "years": [_years(a, b) for a, b in zip(index["first"], index["last"], strict=True)],
        "values": index["values"], "sources": index["sources"], "conflicts": index["conflicts"].astype("int64"),
        "latest": [f"{'no year' if pd.isna(y) else int(y)}: {amount(float(v), str(u))}"
                   for y, v, u in zip(index["latest_year"], index["latest_value"], index["unit"], strict=True)],
        "charted": index.index < MAX_SERIES_CHARTS,
    }, columns=_INDEX_COLUMNS)
    conflicting = series[series["conflict"].astype(bool)]
    conflicts = pd.DataFrame([{
        "series_id": row["series_id"], "value": amount(float(row["value"]), str(row["unit"])),
        "stated from": amount(float(row["value_low"]), str(row["unit"])),
        "to": amount(float(row["value_high"]), str(row["unit"])),
        "sources": int(row["n_sources"]), "agreeing": int(row["n_agreeing"]),
        "what each states": "; ".join(f"{stated[f][0]}: {stated[f][1]}" if f in stated else f
                                      for f in _ids(row["figure_ids"])),
    } for row in conflicting.to_dict("records")], columns=_CONFLICT_COLUMNS)
    return SeriesSection(len(series), len(index), charts, shown, conflicts)
