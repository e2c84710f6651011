"""Chart geometry for the report: what to draw and where, as plain data.

Each builder turns numbers into a `Chart` of shapes (rectangles, dots, polylines, rules and
text) with their coordinates; the `chart` macro of `report_templates/macros.html` draws any
`Chart` as inline SVG, escaping every label and tooltip. No script, no network: a chart is
static markup that prints and opens from disk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pipeline.extraction.vocabulary import KINDS

#: Colours for categories (figure kinds, coverage statuses), colour-blind friendly (Okabe-Ito + greys).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#999999", "#666666")
#: One colour per figure kind, the same in every chart and on every document page.
KIND_COLOURS = {kind: PALETTE[i] for i, kind in enumerate(KINDS)}
COVERAGE_STATUSES = ("figure", "date", "non_figure", "excluded", "uncovered")
COVERAGE_COLOURS = {"figure": "#0072B2", "date": "#56B4E9", "non_figure": "#999999", "excluded": "#CCCCCC",
                    "uncovered": "#D55E00"}
MAX_BARS = 40  # bars per chart: past this, the documents that matter most, and one bar for the rest
MAX_DOTS = 1500  # dots in the money chart: past this, figures of one year and size share a dot
MAX_COLUMNS = 60  # releases per history chart: the latest ones


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    tip: str
    cls: str = "bar"


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: str
    tip: str
    opacity: float = 0.75
    stroke: str = ""  # a ring around the dot (a series value its sources disagree on)


@dataclass(frozen=True)
class Polyline:
    points: str
    stroke: str
    tip: str


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    cls: str = "grid"


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    cls: str = ""


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    text: str


@dataclass
class Chart:
    """Shapes in a `width` x `height` view box, drawn in this order: rules, rects, lines, dots, labels."""

    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    lines: list[Polyline] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)


def colours_for(categories: Sequence[str]) -> dict[str, str]:
    """Figure kinds keep their own colour; other categories take the palette in order."""
    if all(c in KIND_COLOURS for c in categories):
        return {c: KIND_COLOURS[c] for c in categories}
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}


def money(value: float) -> str:
    """$807bn-style short form of an amount."""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def _legend(labels: Sequence[str], colours: dict[str, str], x0: float, max_x: float) -> tuple[list[LegendItem], float]:
    """Legend items flowing left to right, wrapping; and the height they take."""
    items, x, y = [], x0, 12.0
    for label in labels:
        w = 26 + 7.0 * len(label)
        if x + w > max_x and x > x0:
            x, y = x0, y + 18
        items.append(LegendItem(x, y, colours[label], label))
        x += w
    return items, y + 12


# --- horizontal stacked bars ------------------------------------------------------------------


def stacked_bars(
    title: str, rows: Sequence[tuple[str, dict[str, int]]], categories: Sequence[str], colours: dict[str, str],
    width: int = 860,
) -> Chart:
    """Horizontal stacked bars, one per row (label above its bar), with a legend and totals."""
    bar_h, row_h, left, right = 16, 40, 8, 60
    legend, legend_h = _legend(categories, colours, left, width - 10)
    top = legend_h + 14
    chart = Chart(title, width, int(top + row_h * max(1, len(rows)) + 8), legend=legend)
    longest = max((sum(v.values()) for _, v in rows), default=0)
    scale = (width - left - right) / longest if longest else 0.0
    if not rows:
        chart.labels.append(Label(width / 2, top + 20, "no data", "middle"))
    for i, (label, values) in enumerate(rows):
        y = top + i * row_h
        chart.labels.append(Label(left, y + 10, label, cls="label"))
        x0 = float(left)
        for category in categories:
            n = values.get(category, 0)
            if n:
                chart.rects.append(Rect(x0, y + 15, n * scale, bar_h, colours[category], f"{label}: {n:,} {category}"))
                x0 += n * scale
        chart.labels.append(Label(x0 + 6, y + 28, f"{sum(values.values()):,}", cls="total"))
    return chart


def top_rows(
    rows: list[tuple[str, dict[str, int]]], key: Callable[[dict[str, int]], tuple[int, ...]], limit: int = MAX_BARS
) -> tuple[list[tuple[str, dict[str, int]]], str]:
    """All rows when there are at most `limit`; else the `limit` largest by `key` (ties in their
    order) and one row adding up all the others, so the chart still accounts for every number."""
    if len(rows) <= limit:
        return rows, ""
    order = sorted(range(len(rows)), key=lambda i: key(rows[i][1]), reverse=True)  # stable
    chosen, rest = sorted(order[:limit - 1]), order[limit - 1:]
    others: dict[str, int] = {}
    for i in rest:
        for category, n in rows[i][1].items():
            others[category] = others.get(category, 0) + n
    note = f" ({limit - 1} of {len(rows):,} documents shown, the rest together)"
    return [rows[i] for i in chosen] + [(f"{len(rest):,} other documents", others)], note


# --- vertical columns (histograms, releases over time) ------------------------------------------


def stacked_columns(
    title: str, columns: Sequence[tuple[str, dict[str, float]]], categories: Sequence[str],
    colours: dict[str, str], width: int = 860, plot_h: int = 180, value_format: str = "{:,.0f}",
) -> Chart:
    """Vertical stacked columns, one per label (a release, a decade of amounts), with a legend.

    Missing categories of a column (a release that did not record them) draw nothing."""
    left, right, bottom = 56, 16, 40
    legend, legend_h = _legend(categories, colours, left, width - 10)
    top = legend_h + 18
    chart = Chart(title, width, int(top + plot_h + bottom), legend=legend)
    tallest = max((sum(v.values()) for _, v in columns), default=0.0)
    if not columns or tallest <= 0:
        chart.labels.append(Label(width / 2, top + plot_h / 2, "no data", "middle"))
        return chart
    ceiling = _nice_ceiling(tallest)
    plot_w = width - left - right
    slot = plot_w / len(columns)
    bar_w = max(1.0, min(48.0, slot * 0.7))
    _value_axis(chart, left, top, plot_w, plot_h, ceiling, value_format)
    label_every = max(1, math.ceil(len(columns) / (plot_w / 70)))
    for i, (label, values) in enumerate(columns):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for category in categories:
            v = values.get(category)
            if not v:
                continue
            h = v / ceiling * plot_h
            y -= h
            chart.rects.append(Rect(x, y, bar_w, h, colours[category], f"{label}: {value_format.format(v)} {category}"))
        if (len(columns) - 1 - i) % label_every == 0:  # the last column always labelled
            chart.labels.append(Label(x + bar_w / 2, top + plot_h + 16, label, "middle", "tick"))
    return chart


def lines(
    title: str, xs: Sequence[str], series: dict[str, Sequence[float | None]], width: int = 860, plot_h: int = 180,
    value_format: str = "{:,.0f}",
) -> Chart:
    """One line per series over shared x labels (releases), a dot per known value; None is a gap."""
    left, right, bottom = 64, 48, 40  # room for the last label, centred on the right edge
    names = list(series)
    colours = colours_for(names)
    legend, legend_h = _legend(names, colours, left, width - 10)
    top = legend_h + 18
    chart = Chart(title, width, int(top + plot_h + bottom), legend=legend)
    known = [v for values in series.values() for v in values if v is not None]
    if not xs or not known:
        chart.labels.append(Label(width / 2, top + plot_h / 2, "no data", "middle"))
        return chart
    ceiling = _nice_ceiling(max(known))
    plot_w = width - left - right
    step = plot_w / max(1, len(xs) - 1) if len(xs) > 1 else 0.0
    _value_axis(chart, left, top, plot_w, plot_h, ceiling, value_format)

    def xpos(i: int) -> float:
        return left + i * step if len(xs) > 1 else left + plot_w / 2

    label_every = max(1, math.ceil(len(xs) / (plot_w / 70)))
    for i, x in enumerate(xs):
        if (len(xs) - 1 - i) % label_every == 0:
            chart.labels.append(Label(xpos(i), top + plot_h + 16, x, "middle", "tick"))
    for name, values in series.items():
        run: list[str] = []
        for i, v in enumerate(values):
            if v is None:
                if len(run) > 1:
                    chart.lines.append(Polyline(" ".join(run), colours[name], name))
                run = []
                continue
            y = top + plot_h - v / ceiling * plot_h
            run.append(f"{xpos(i):.1f},{y:.1f}")
            chart.dots.append(Dot(xpos(i), y, 3.5, colours[name], f"{xs[i]}: {name} {value_format.format(v)}", 1.0))
        if len(run) > 1:
            chart.lines.append(Polyline(" ".join(run), colours[name], name))
    return chart


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (and at least 5, so
    that five gridlines of counts fall on whole numbers)."""
    value = max(value, 5.0)
    power = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * power:
            return m * power
    return 10 * power


def _value_axis(chart: Chart, left: float, top: float, plot_w: float, plot_h: float, ceiling: float,
                value_format: str) -> None:
    for k in range(6):
        v = ceiling * k / 5
        y = top + plot_h - plot_h * k / 5
        chart.rules.append(Rule(left, y, left + plot_w, y, "axis" if k == 0 else "grid"))
        chart.labels.append(Label(left - 6, y + 4, value_format.format(v), "end", "tick"))


# --- money by year (dots on a log scale) --------------------------------------------------------


def money_by_year(figures: pd.DataFrame, width: int = 860, plot_h: int = 260) -> Chart:
    """Each money figure as a dot: reference year across, amount up (log scale), coloured by document."""
    money_rows = figures[(figures["kind"] == "money") & (figures["value"] > 0)]
    left, right, bottom = 64, 90, 44
    docs = sorted(str(d) for d in money_rows["doc_id"].unique())
    if len(docs) > len(PALETTE) or len(money_rows) > MAX_DOTS:
        colours = {d: PALETTE[0] for d in docs}  # too many documents to tell apart by colour
        legend: list[LegendItem] = []
        legend_h = 10.0
    else:
        colours = colours_for(docs)
        legend, legend_h = _legend(docs, colours, left, width - 10)
    top = legend_h + 16
    chart = Chart("Money figures by reference year (log scale)", width, int(top + plot_h + bottom), legend=legend)
    if money_rows.empty:
        chart.labels.append(Label(width / 2, top + plot_h / 2, "no money figures", "middle"))
        return chart
    years = sorted({int(y) for y in money_rows["year"].dropna()})
    lo_year, hi_year = (years[0] - 1, years[-1] + 1) if years else (2000, 2001)  # no dot on an axis
    if hi_year - lo_year < 6:
        lo_year, hi_year = lo_year - 2, hi_year + 2
    undated_x = width - right + 45
    plot_w = width - left - right
    lo = math.floor(math.log10(float(money_rows["value"].min())))
    hi = max(math.ceil(math.log10(float(money_rows["value"].max()))), lo + 1)

    def ypos(v: float) -> float:
        return top + plot_h - (math.log10(v) - lo) / (hi - lo) * plot_h

    def xpos(year: float) -> float:
        return left + (year - lo_year) / (hi_year - lo_year) * plot_w

    chart.rules.append(Rule(left, top + plot_h, left + plot_w, top + plot_h, "axis"))
    chart.rules.append(Rule(left, top, left, top + plot_h, "axis"))
    for exp in range(lo, hi + 1):
        y = ypos(10.0 ** exp)
        chart.rules.append(Rule(left, y, left + plot_w, y))
        chart.labels.append(Label(left - 6, y + 4, money(10.0 ** exp), "end", "tick"))
    step = max(1, round((hi_year - lo_year) / 10))
    for year in range(lo_year, hi_year + 1, step):
        chart.labels.append(Label(xpos(year), top + plot_h + 18, str(year), "middle", "tick"))
    chart.labels.append(Label(undated_x, top + plot_h + 18, "no year", "middle", "tick"))
    chart.labels.append(Label(left + plot_w / 2, chart.height - 6, "reference year", "middle", "tick"))
    if len(money_rows) > MAX_DOTS:
        chart.dots.extend(_binned_dots(money_rows, xpos, ypos, undated_x))
        return chart
    for row in money_rows.to_dict("records"):
        x = xpos(float(row["year"])) if not pd.isna(row["year"]) else undated_x
        tip = f"{row['text']} ({row['unit']} {row['value']:,.0f}), {row['subject']}, {row['doc_id']}"
        chart.dots.append(Dot(x, ypos(float(row["value"])), 5, colours[str(row["doc_id"])], tip))
    return chart


def _binned_dots(
    money_rows: pd.DataFrame, xpos: Callable[[float], float], ypos: Callable[[float], float], undated_x: float
) -> list[Dot]:
    """Too many money figures for a dot each: one dot per reference year and tenth of a decade
    of amount, its area growing with the number of figures it stands for."""
    frame = pd.DataFrame({
        "year": money_rows["year"].astype("Int64").fillna(-1).astype("int64").to_numpy(),
        "bin": (money_rows["value"].astype(float).map(math.log10) * 10).round().astype("int64").to_numpy(),
        "text": money_rows["text"].astype(str).to_numpy(), "doc_id": money_rows["doc_id"].astype(str).to_numpy(),
    })
    grouped = frame.groupby(["year", "bin"], sort=True).agg(n=("text", "size"), text=("text", "first"),
                                                             doc_id=("doc_id", "first"))
    dots = []
    for key, n, text, doc_id in zip(grouped.index, grouped["n"].tolist(), grouped["text"].tolist(),
                                     grouped["doc_id"].tolist(), strict=True):
        year, bin_ = (int(v) for v in key)
        x = xpos(float(year)) if year >= 0 else undated_x
        amount = 10.0 ** (bin_ / 10)
        tip = (f"{int(n):,} money figures of about {money(amount)}, "
               f"{year if year >= 0 else 'no year'}; e.g. {text} ({doc_id})")
        dots.append(Dot(x, ypos(amount), min(3 + 2 * math.log2(int(n)), 14), PALETTE[0], tip, 0.6))
    return dots
