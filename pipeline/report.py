"""The data-quality report of a release, as self-contained HTML and as Markdown, and CHANGES.md.

Pure: tables, coverage, check results and the previous release's tables in; strings out. The
HTML has inline CSS and inline SVG charts only (no script, no network), so it opens from disk.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from pipeline.extraction.coverage import Coverage, NumberMention
from pipeline.validation import CheckResult

#: Colours for categories (figure kinds, coverage statuses), colour-blind friendly (Okabe-Ito + greys).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#999999", "#666666"]
COVERAGE_STATUSES = ("figure", "date", "non_figure", "excluded", "uncovered")
COVERAGE_COLOURS = {"figure": "#0072B2", "date": "#56B4E9", "non_figure": "#999999", "excluded": "#CCCCCC",
                    "uncovered": "#D55E00"}
MAX_ROWS = 200  # rows listed per table in the report; the counts always cover everything
MAX_BARS = 40  # bars per chart: past this, the documents that matter most, and one bar for the rest
MAX_DOTS = 1500  # dots in the money chart: past this, figures of one year and size share a dot


@dataclass
class FigureChanges:
    """Figures compared by figure_id with the previous release."""

    previous_release: str | None
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # figure_id, doc_id, text_before/after, value_before/after, …
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)

    @property
    def first_release(self) -> bool:
        return self.previous_release is None


@dataclass
class ReportData:
    release_id: str
    tables: dict[str, pd.DataFrame]
    checks: list[CheckResult]
    coverage: dict[str, Coverage]
    changes: FigureChanges


# --- computing ---------------------------------------------------------------------------------

_COMPARED = ("value", "value_max", "unit", "kind")


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise equality where two missing values are equal (and one missing is not)."""
    a_missing, b_missing = a.isna().to_numpy(), b.isna().to_numpy()
    equal = (a == b).fillna(False).to_numpy(dtype=bool)
    return pd.Series((a_missing & b_missing) | (~a_missing & ~b_missing & equal), index=a.index)


def figure_changes(
    current: dict[str, pd.DataFrame],
    previous: dict[str, pd.DataFrame] | None,
    previous_release: str | None,
) -> FigureChanges:
    """Added, removed and changed figures (value, value_max, unit or kind differ), by figure_id."""
    figures = current["figures"]
    columns = ["figure_id", "doc_id", "text", "kind", "value", "unit"]
    if previous is None:
        empty = figures.iloc[0:0][columns]
        return FigureChanges(None, figures[columns].copy(), empty.copy(), pd.DataFrame(), [], [])
    before = previous["figures"]
    added = figures[~figures["figure_id"].isin(before["figure_id"])][columns]
    removed = before[~before["figure_id"].isin(figures["figure_id"])][columns]
    compared = ["figure_id", "doc_id", "text", *_COMPARED]
    both = before[compared].merge(figures[compared], on="figure_id", suffixes=("_before", "_after"))
    differs = pd.Series(False, index=both.index)
    for c in _COMPARED:
        differs |= ~_same(both[f"{c}_before"], both[f"{c}_after"])
    changed = both[differs]
    keep = ["figure_id", "doc_id_after", "text_before", "text_after", "value_before", "value_after",
            "unit_before", "unit_after"]
    changed = changed[keep].rename(columns={"doc_id_after": "doc_id"}).reset_index(drop=True)
    docs_now, docs_then = set(current["documents"]["doc_id"]), set(previous["documents"]["doc_id"])
    return FigureChanges(previous_release, added.reset_index(drop=True), removed.reset_index(drop=True), changed,
                         sorted(docs_now - docs_then), sorted(docs_then - docs_now))


def _value_counts_order(items: list[tuple[int, int, str]]) -> list[tuple[str, int]]:
    """(kind, count) pairs, given in order of first appearance, in the order `Series.value_counts`
    lists them: pandas' descending sort (nargsort with numpy's default quicksort), ties included."""
    counts = np.array([n for _, n, _ in items])[::-1]
    order = np.arange(len(items))[::-1][counts.argsort(kind="quicksort")][::-1]
    return [(items[i][2], items[i][1]) for i in order.tolist()]


def document_summary(tables: dict[str, pd.DataFrame], coverage: dict[str, Coverage]) -> pd.DataFrame:
    """One row per document: size, declared vs counted words, figures by kind, dates, coverage."""
    documents, figures, dates = tables["documents"], tables["figures"], tables["dates"]
    doc_ids = documents["doc_id"].astype(str)
    per_kind = (pd.DataFrame({"doc_id": figures["doc_id"].to_numpy(), "kind": figures["kind"].to_numpy(),
                              "row": range(len(figures))})
                .groupby(["doc_id", "kind"], sort=False)["row"].agg(["size", "min"]))
    kinds: dict[str, list[tuple[int, int, str]]] = {}
    for key, n, first in zip(per_kind.index, per_kind["size"].tolist(), per_kind["min"].tolist(), strict=True):
        d, k = cast(tuple[str, str], key)
        kinds.setdefault(str(d), []).append((int(first), int(n), str(k)))
    by_kind = {d: ", ".join(f"{k} {n}" for k, n in _value_counts_order(sorted(items))) for d, items in kinds.items()}
    n_figures = {d: sum(n for _, n, _ in items) for d, items in kinds.items()}
    n_dates = dates.groupby("doc_id").size() if len(dates) else pd.Series(dtype="int64")
    quarantined = documents["status"] != "ok"
    status = documents["status"].astype(str).where(
        ~quarantined, documents["status"].astype(str) + ": " + documents["reason"].astype(str))
    declared = documents["declared_word_count"].astype("Int64")
    counted = documents["word_count"].astype("Int64")
    frame = pd.DataFrame({
        "document": doc_ids.to_numpy(),
        "status": status.to_numpy(),
        "characters": documents["n_chars"].astype("Int64").to_numpy(),
        "words declared": declared.to_numpy(),
        "words counted": counted.to_numpy(),
        "word difference": (counted - declared).to_numpy(),
        "figures": doc_ids.map(n_figures).fillna(0).astype("Int64").to_numpy(),
        "figures by kind": doc_ids.map(by_kind).fillna("").to_numpy(),
        "dates": doc_ids.map(n_dates).fillna(0).astype("Int64").to_numpy(),
        "uncovered numbers": pd.array([len(coverage[d].uncovered) if d in coverage else None for d in doc_ids],
                                      dtype="Int64"),
    })
    return frame


# --- formatting helpers ---------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):  # type: ignore[call-overload]
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return str(value)


def money(value: float) -> str:
    """$807bn-style short form of an amount."""
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def _numeric(frame: pd.DataFrame, column: str) -> bool:
    return pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])


def html_table(frame: pd.DataFrame, caption: str | None = None, limit: int = MAX_ROWS,
               total: int | None = None) -> str:
    """An escaped HTML table; numeric columns right-aligned; at most `limit` rows, saying so.

    `total`: how many rows there are when `frame` holds only the first ones."""
    if frame.empty:
        return '<p class="none">None.</p>'
    shown = frame.head(limit)
    hidden = (len(frame) if total is None else total) - len(shown)
    numeric = {c for c in frame.columns if _numeric(frame, c)}
    head = "".join(f'<th{" class=num" if c in numeric else ""}>{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for row in shown.itertuples(index=False):
        cells = "".join(
            f'<td{" class=num" if c in numeric else ""}>{html.escape(_cell(v))}</td>'
            for c, v in zip(frame.columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    more = f'<p class="more">{hidden:,} more rows not shown.</p>' if hidden > 0 else ""
    return (f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>{more}')


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(frame: pd.DataFrame, limit: int = MAX_ROWS, total: int | None = None) -> str:
    if frame.empty:
        return "None.\n"
    shown = frame.head(limit)
    hidden = (len(frame) if total is None else total) - len(shown)
    lines = ["| " + " | ".join(_md_escape(str(c)) for c in frame.columns) + " |",
             "|" + "|".join("---:" if _numeric(frame, c) else "---" for c in frame.columns) + "|"]
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(_md_escape(_cell(v)) for v in row) + " |")
    if hidden > 0:
        lines.append(f"\n{hidden:,} more rows not shown.")
    return "\n".join(lines) + "\n"


# --- charts (inline SVG) ------------------------------------------------------------------------

def _svg_text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{html.escape(text)}</text>'


def stacked_bars_svg(
    title: str,
    rows: Sequence[tuple[str, dict[str, int]]],
    categories: Sequence[str],
    colours: dict[str, str],
    width: int = 860,
) -> str:
    """Horizontal stacked bars, one per row (label above its bar), with a legend and totals."""
    bar_h, row_h, top, left, right = 16, 40, 46, 8, 60
    height = top + row_h * max(1, len(rows)) + 8
    longest = max((sum(v.values()) for _, v in rows), default=0)
    scale = (width - left - right) / longest if longest else 0.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{html.escape(title)}">',
             f"<title>{html.escape(title)}</title>"]
    x = float(left)
    for category in categories:  # legend
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colours[category]}"/>')
        parts.append(_svg_text(x + 16, 18, category, cls="legend"))
        x += 30 + 7.5 * len(category)
    if not rows:
        parts.append(_svg_text(width / 2, top + 20, "no data", "middle"))
    for i, (label, values) in enumerate(rows):
        y = top + i * row_h
        parts.append(_svg_text(left, y + 10, label, cls="label"))
        x0 = float(left)
        for category in categories:
            n = values.get(category, 0)
            if not n:
                continue
            w = n * scale
            parts.append(f'<rect class="bar" x="{x0:.1f}" y="{y + 15}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{colours[category]}"><title>{html.escape(f"{label}: {n} {category}")}</title></rect>')
            x0 += w
        parts.append(_svg_text(x0 + 6, y + 28, f"{sum(values.values()):,}", cls="total"))
    parts.append("</svg>")
    return "".join(parts)


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


def figures_by_kind_svg(figures: pd.DataFrame, documents: pd.DataFrame) -> str:
    kinds = list(figures["kind"].value_counts().index)
    colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    counts: dict[str, dict[str, int]] = {}
    for key, n in figures.groupby(["doc_id", "kind"], sort=False).size().items():
        d, k = cast(tuple[str, str], key)
        counts.setdefault(str(d), {})[str(k)] = int(n)
    rows = [(str(d), {k: counts.get(str(d), {}).get(k, 0) for k in kinds})
            for d in documents.loc[documents["status"] == "ok", "doc_id"]]
    rows, note = top_rows(rows, lambda v: (sum(v.values()),))
    return stacked_bars_svg(f"Figures by kind per document{note}", rows, kinds, colours)


def coverage_svg(coverage: dict[str, Coverage]) -> str:
    rows = [(doc_id, {s: c.counts().get(s, 0) for s in COVERAGE_STATUSES}) for doc_id, c in coverage.items()]
    rows, note = top_rows(rows, lambda v: (v.get("uncovered", 0), sum(v.values())))
    return stacked_bars_svg(f"Numbers in the text, by what the extractor made of them{note}", rows,
                            COVERAGE_STATUSES, COVERAGE_COLOURS)


def _legend(labels: Sequence[str], colours: dict[str, str], x0: float, max_x: float) -> tuple[list[str], float]:
    """Dot legend flowing left to right, wrapping; the SVG parts and the height it takes."""
    parts, x, y = [], x0, 12.0
    for label in labels:
        w = 24 + 6.8 * len(label)
        if x + w > max_x and x > x0:
            x, y = x0, y + 16
        parts.append(f'<circle cx="{x + 5:.1f}" cy="{y:.1f}" r="5" fill="{colours[label]}"/>')
        parts.append(_svg_text(x + 14, y + 4, label, cls="legend"))
        x += w
    return parts, y + 10


def money_by_year_svg(figures: pd.DataFrame, width: int = 860, plot_h: int = 260) -> str:
    """Each money figure as a dot: reference year across, amount up (log scale), coloured by document."""
    money_rows = figures[(figures["kind"] == "money") & (figures["value"] > 0)]
    title = "Money figures by reference year (log scale)"
    left, right, bottom = 64, 90, 44
    docs = sorted(str(d) for d in money_rows["doc_id"].unique())
    colours = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(docs)}
    legend, legend_h = _legend(docs[:len(PALETTE)], colours, left, width - 10)
    top = legend_h + 16
    height = int(top + plot_h + bottom)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{title}">', f"<title>{title}</title>", *legend]
    if money_rows.empty:
        parts.append(_svg_text(width / 2, top + plot_h / 2, "no money figures", "middle"))
        return "".join(parts) + "</svg>"
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

    parts.append(f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    parts.append(f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>')
    for exp in range(lo, hi + 1):
        y = ypos(10.0 ** exp)
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>')
        parts.append(_svg_text(left - 6, y + 4, money(10.0 ** exp), "end", "tick"))
    step = max(1, round((hi_year - lo_year) / 10))
    for year in range(lo_year, hi_year + 1, step):
        parts.append(_svg_text(xpos(year), top + plot_h + 18, str(year), "middle", "tick"))
    parts.append(_svg_text(undated_x, top + plot_h + 18, "no year", "middle", "tick"))
    parts.append(_svg_text(left + plot_w / 2, height - 6, "reference year", "middle", "tick"))
    if len(money_rows) > MAX_DOTS:
        parts.extend(_binned_dots(money_rows, xpos, ypos, undated_x))
        parts.append("</svg>")
        return "".join(parts)
    for row in money_rows.to_dict("records"):
        x = xpos(float(row["year"])) if not pd.isna(row["year"]) else undated_x
        tip = f"{row['text']} ({row['unit']} {row['value']:,.0f}), {row['subject']}, {row['doc_id']}"
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{ypos(float(row["value"])):.1f}" r="5" '
                     f'fill="{colours[str(row["doc_id"])]}" fill-opacity="0.75">'
                     f"<title>{html.escape(tip)}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _binned_dots(
    money_rows: pd.DataFrame, xpos: Callable[[float], float], ypos: Callable[[float], float], undated_x: float
) -> list[str]:
    """Too many money figures for a dot each: one dot per reference year and tenth of a decade
    of amount, its area growing with the number of figures it stands for."""
    frame = pd.DataFrame({
        "year": money_rows["year"].astype("Int64").fillna(-1).astype("int64").to_numpy(),
        "bin": (money_rows["value"].astype(float).map(math.log10) * 10).round().astype("int64").to_numpy(),
        "text": money_rows["text"].astype(str).to_numpy(), "doc_id": money_rows["doc_id"].astype(str).to_numpy(),
    })
    grouped = frame.groupby(["year", "bin"], sort=True).agg(n=("text", "size"), text=("text", "first"),
                                                             doc_id=("doc_id", "first"))
    parts = []
    for key, n, text, doc_id in zip(grouped.index, grouped["n"].tolist(), grouped["text"].tolist(),
                                     grouped["doc_id"].tolist(), strict=True):
        year, bin_ = (int(v) for v in cast(tuple[int, int], key))
        x = xpos(float(year)) if year >= 0 else undated_x
        amount = 10.0 ** (bin_ / 10)
        r = min(3 + 2 * math.log2(int(n)), 14)
        tip = (f"{int(n):,} money figures of about {money(amount)}, "
               f"{year if year >= 0 else 'no year'}; e.g. {text} ({doc_id})")
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{ypos(amount):.1f}" r="{r:.1f}" fill="#0072B2" '
                     f'fill-opacity="0.6"><title>{html.escape(tip)}</title></circle>')
    return parts


# --- sections ----------------------------------------------------------------------------------


def checks_frame(checks: list[CheckResult]) -> pd.DataFrame:
    return pd.DataFrame([{"table": c.table, "check": c.name, "description": c.description,
                          "result": "passed" if c.passed else "FAILED", "failing rows": c.n_failures}
                         for c in checks], columns=["table", "check", "description", "result", "failing rows"])


def mentions_frame(doc_id: str, mentions: Iterable[NumberMention], with_reason: bool = False) -> pd.DataFrame:
    rows = []
    for m in mentions:
        row: dict[str, object] = {"document": doc_id, "offset": m.start, "number": m.text,
                                  "context": f"…{m.before} [{m.text}] {m.after}…"}
        if with_reason:
            row["why not a figure"] = m.reason
        rows.append(row)
    return pd.DataFrame(rows)


def listed_mentions(
    coverage: dict[str, Coverage], statuses: tuple[str, ...], with_reason: bool = False, limit: int = MAX_ROWS
) -> tuple[pd.DataFrame, int]:
    """The first `limit` mentions of these statuses, document by document, and how many there are."""
    total = sum(c.counts().get(status, 0) for c in coverage.values() for status in statuses)
    frames = []
    room = limit
    for doc_id, c in coverage.items():
        if room <= 0:
            break
        chosen = [m for m in c.mentions if m.status in statuses][:room]
        if chosen:
            frames.append(mentions_frame(doc_id, chosen, with_reason))
            room -= len(chosen)
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), total


def _summary_counts(data: ReportData) -> dict[str, int]:
    documents = data.tables["documents"]
    return {
        "documents": len(documents),
        "quarantined": int((documents["status"] != "ok").sum()),
        "figures": len(data.tables["figures"]),
        "dates": len(data.tables["dates"]),
        "checks failed": sum(1 for c in data.checks if not c.passed),
        "uncovered numbers": sum(c.counts().get("uncovered", 0) for c in data.coverage.values()),
    }


def _changes_frames(changes: FigureChanges) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return changes.added, changes.removed, changes.changed


def _changes_sentence(changes: FigureChanges) -> str:
    if changes.first_release:
        return f"First release: no previous release to compare with; all {len(changes.added):,} figures are new."
    return (f"Since {changes.previous_release}: {len(changes.added):,} figures added, "
            f"{len(changes.removed):,} removed, {len(changes.changed):,} changed value; "
            f"{len(changes.documents_added)} documents added, {len(changes.documents_removed)} removed.")


CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:0;background:#fafafa}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 10px;border-bottom:2px solid #e5e5e5;
padding-bottom:4px}h3{font-size:16px;margin:20px 0 8px}
.meta{color:#555;margin:0 0 16px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #e1e1e1;border-radius:8px;padding:10px 16px;min-width:120px;background:#fcfcfc}
.card b{display:block;font-size:22px}.card.bad b{color:#b3261e}.card.good b{color:#1b7f3b}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-size:13.5px}
th,td{border-bottom:1px solid #e8e8e8;padding:5px 10px;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0}tbody tr:nth-child(even){background:#fafafa}
td:first-child{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;color:#555;padding:4px 0}
.passed{color:#1b7f3b;font-weight:600}.FAILED{color:#b3261e;font-weight:700}
.chart{max-width:100%;height:auto;display:block;margin:8px 0 20px}
.chart text{font:12px system-ui,sans-serif;fill:#333}.chart .label{font-weight:600}
.chart .total,.chart .tick{fill:#555}.chart .axis{stroke:#888}.chart .grid{stroke:#eee}
.none,.more{color:#666;font-style:italic}details{margin:8px 0}summary{cursor:pointer;color:#0b57d0}
code{background:#f1f1f1;padding:1px 4px;border-radius:3px}
"""


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    figures, documents = data.tables["figures"], data.tables["documents"]
    counts = _summary_counts(data)
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Quality report — {e(data.release_id)}</title><style>{CSS}</style></head><body><main>",
           "<h1>Bilateral Figures — data-quality report</h1>",
           f'<p class="meta">Release <code>{e(data.release_id)}</code>. {e(_changes_sentence(data.changes))}</p>',
           '<div class="cards">']
    for label, n in counts.items():
        klass = " bad" if label in ("checks failed", "quarantined", "uncovered numbers") and n else ""
        if label == "checks failed" and not n:
            klass = " good"
        out.append(f'<div class="card{klass}"><b>{n:,}</b>{e(label)}</div>')
    out.append("</div>")

    out.append('<section id="documents"><h2>Documents</h2>')
    summary = document_summary(data.tables, data.coverage)
    out.append(html_table(summary))
    quarantined = summary[documents["status"].to_numpy() != "ok"]
    if len(summary) > MAX_ROWS and len(quarantined):  # past the listed rows, still name every quarantined file
        out.append(f"<h3>Quarantined documents ({len(quarantined):,})</h3>"
                   f"{html_table(quarantined[['document', 'status']], limit=len(quarantined))}")
    out.append(figures_by_kind_svg(figures, documents))
    out.append("</section>")

    out.append('<section id="money"><h2>Money figures by reference year</h2>')
    out.append("<p>Each dot is one money figure; hover for its text and subject.</p>")
    out.append(money_by_year_svg(figures))
    out.append("</section>")

    out.append('<section id="coverage"><h2>Coverage</h2>')
    out.append("<p>Every number in the text is a figure, a date, a known non-figure (URL, phone, address, "
               "byline…), or excluded by a named rule (a name, a code, a label…). "
               "<b>Uncovered</b> numbers are none of these: the extractor may have missed them.</p>")
    out.append(coverage_svg(data.coverage))
    uncovered, n_uncovered = listed_mentions(data.coverage, ("uncovered",))
    out.append("<h3>Uncovered numbers</h3>")
    out.append(html_table(uncovered, total=n_uncovered) if not uncovered.empty else
               '<p class="none">None: every number in the text is accounted for.</p>')
    excluded, n_excluded = listed_mentions(data.coverage, ("excluded", "non_figure"), with_reason=True)
    out.append(f"<details><summary>Numbers judged not to be figures ({n_excluded:,})</summary>"
               f"{html_table(excluded, total=n_excluded)}</details>")
    out.append("</section>")

    out.append('<section id="validation"><h2>Validation</h2>')
    checks = checks_frame(data.checks)
    out.append(html_table(checks).replace("<td>passed</td>", '<td class="passed">passed</td>')
               .replace("<td>FAILED</td>", '<td class="FAILED">FAILED</td>'))
    for check in data.checks:
        if not check.passed:
            out.append(f"<h3>Failure cases: {e(check.table)}.{e(check.name)} ({check.n_failures:,})</h3>")
            out.append(html_table(check.failures.astype(str)))
    out.append("</section>")

    out.append('<section id="changes"><h2>Changes since the previous release</h2>')
    out.append(f"<p>{e(_changes_sentence(data.changes))}</p>")
    if not data.changes.first_release:
        added, removed, changed = _changes_frames(data.changes)
        for title, frame in (("Added", added), ("Removed", removed), ("Changed value", changed)):
            out.append(f"<h3>{title} ({len(frame):,})</h3>{html_table(frame)}")
    out.append("</section></main></body></html>")
    return "\n".join(out) + "\n"


def render_markdown(data: ReportData) -> str:
    """The same report as Markdown (charts are in the HTML version)."""
    lines = ["# Bilateral Figures — data-quality report", "",
             f"Release `{data.release_id}`. {_changes_sentence(data.changes)}", ""]
    lines += [f"- {label}: {n:,}" for label, n in _summary_counts(data).items()]
    lines += ["", "Charts are in `quality_report.html`.", "", "## Documents", "",
              md_table(summary := document_summary(data.tables, data.coverage))]
    quarantined = summary[data.tables["documents"]["status"].to_numpy() != "ok"]
    if len(summary) > MAX_ROWS and len(quarantined):
        lines += [f"### Quarantined documents ({len(quarantined):,})", "",
                  md_table(quarantined[["document", "status"]], limit=len(quarantined))]
    lines += ["## Coverage", "",
              "Numbers that are neither a figure, a date, a known non-figure nor excluded by a named rule:", ""]
    uncovered, n_uncovered = listed_mentions(data.coverage, ("uncovered",))
    lines.append(md_table(uncovered, total=n_uncovered) if not uncovered.empty
                 else "None: every number in the text is accounted for.\n")
    lines += ["## Validation", "", md_table(checks_frame(data.checks))]
    for check in data.checks:
        if not check.passed:
            lines += [f"### Failure cases: {check.table}.{check.name} ({check.n_failures:,})", "",
                      md_table(check.failures.astype(str))]
    lines += ["## Changes since the previous release", "", render_changes_body(data.changes)]
    return "\n".join(lines)


def render_changes_body(changes: FigureChanges) -> str:
    lines = [_changes_sentence(changes), ""]
    if changes.first_release:
        return "\n".join(lines)
    for title, docs in (("Documents added", changes.documents_added), ("Documents removed", changes.documents_removed)):
        if docs:
            lines += [f"### {title}", "", *[f"- `{d}`" for d in docs], ""]
    added, removed, changed = _changes_frames(changes)
    for title, frame in (("Figures added", added), ("Figures removed", removed), ("Figures changed", changed)):
        lines += [f"### {title} ({len(frame):,})", "", md_table(frame)]
    return "\n".join(lines)


def render_changes(release_id: str, changes: FigureChanges) -> str:
    """CHANGES.md of a release."""
    return f"# Changes in release {release_id}\n\n{render_changes_body(changes)}"
