"""Column profiles of a release's tables: null rates, distinct values, distributions.

Pure: frames in, `TableProfile`s and charts out. A column is profiled by what it holds:
categorical columns (few distinct values, or a vocabulary such as `kind`) list their values
with counts; numeric columns their range and median; free text its length range. Columns
another release may add (`partner`, `indicator` of figures) are profiled when present and
reported as absent otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipeline.report_charts import Chart, colours_for, money, stacked_columns

#: Columns that hold a vocabulary, listed value by value whatever their number of values.
CATEGORICAL = frozenset({"kind", "unit", "qualifier", "rule", "status", "precision", "partner", "indicator",
                         "publisher", "reason"})
#: Object columns with at most this many distinct values are listed value by value too.
MAX_CATEGORIES = 12
#: Values listed per categorical column; the rest are counted together.
TOP_VALUES = 8
#: Figure columns whose share of non-null values the report shows (what a figure is "about").
ABOUT_COLUMNS = ("subject", "partner", "indicator")


@dataclass(frozen=True)
class ValueCount:
    value: str
    count: int
    share: float


@dataclass(frozen=True)
class ColumnProfile:
    column: str
    dtype: str
    non_null: int
    null_rate: float
    distinct: int
    summary: str  # range and median, length range, or "" when values are listed
    values: tuple[ValueCount, ...] = ()  # categorical columns: the most frequent values
    other_values: int = 0  # rows holding values past the listed ones


@dataclass(frozen=True)
class TableProfile:
    table: str
    rows: int
    columns: tuple[ColumnProfile, ...]


@dataclass(frozen=True)
class ColumnShare:
    """How many figures fill a column; `present` False when this release has no such column."""

    column: str
    present: bool
    filled: int
    total: int

    @property
    def share(self) -> float:
        return self.filled / self.total if self.total else 0.0


def _is_categorical(name: str, values: pd.Series, distinct: int) -> bool:
    if name in CATEGORICAL:
        return True
    return values.dtype == object and distinct <= MAX_CATEGORIES and len(values) > distinct


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def profile_column(name: str, values: pd.Series) -> ColumnProfile:
    n = len(values)
    present = values.dropna()
    null_rate = (n - len(present)) / n if n else 0.0
    hashable = present.astype(str) if present.dtype == object else present
    distinct = int(hashable.nunique())
    dtype = str(values.dtype)
    if _is_categorical(name, values, distinct):
        counts = hashable.astype(str).value_counts()
        top = tuple(ValueCount(str(v), int(c), c / n) for v, c in counts.head(TOP_VALUES).items())
        return ColumnProfile(name, dtype, len(present), null_rate, distinct, "", top,
                             int(counts.iloc[TOP_VALUES:].sum()))
    if pd.api.types.is_bool_dtype(values):
        summary = f"{int(present.sum()):,} true"
    elif pd.api.types.is_numeric_dtype(values):
        summary = "" if present.empty else (
            f"min {_number(float(present.min()))} · median {_number(float(present.median()))} · "
            f"max {_number(float(present.max()))}")
    else:
        lengths = present.astype(str).str.len()
        summary = "" if present.empty else f"{int(lengths.min()):,}–{int(lengths.max()):,} characters"
    return ColumnProfile(name, dtype, len(present), null_rate, distinct, summary)


def profile_table(name: str, frame: pd.DataFrame) -> TableProfile:
    return TableProfile(name, len(frame), tuple(profile_column(str(c), frame[c]) for c in frame.columns))


def profile_tables(tables: dict[str, pd.DataFrame]) -> list[TableProfile]:
    return [profile_table(name, frame) for name, frame in tables.items()]


def about_shares(figures: pd.DataFrame) -> list[ColumnShare]:
    """Figures with a subject, a partner, an indicator (a column this release lacks is marked absent)."""
    n = len(figures)
    shares = []
    for column in ABOUT_COLUMNS:
        if column not in figures.columns:
            shares.append(ColumnShare(column, False, 0, n))
            continue
        values = figures[column]
        filled = values.notna() & (values.astype(str).str.strip() != "")
        shares.append(ColumnShare(column, True, int(filled.sum()), n))
    return shares


def money_magnitudes(figures: pd.DataFrame) -> Chart:
    """Money figures by order of magnitude of their amount, stacked by currency."""
    rows = figures[(figures["kind"] == "money") & (figures["value"] > 0)]
    title = "Money figures by order of magnitude of the amount"
    if rows.empty:
        return stacked_columns(title, [], [], {})
    exponents = rows["value"].astype(float).map(lambda v: math.floor(math.log10(v)))
    currencies = [str(u).split("/")[0] for u in rows["unit"]]
    counts = pd.DataFrame({"exp": exponents.to_numpy(), "currency": currencies}).value_counts()
    order = list(pd.Series(currencies).value_counts().index)
    lo, hi = int(exponents.min()), int(exponents.max())
    columns = []
    for exp in range(lo, hi + 1):
        label = f"{money(10.0 ** exp)}–{money(10.0 ** (exp + 1))}"
        columns.append((label, {c: float(counts.get((exp, c), 0)) for c in order}))
    return stacked_columns(title, columns, order, colours_for(order))


def years_chart(figures: pd.DataFrame) -> Chart:
    """Figures by reference year, stacked by kind; figures without a year in a column of their own."""
    title = "Figures by reference year"
    if figures.empty:
        return stacked_columns(title, [], [], {})
    kinds = list(figures["kind"].value_counts().index)
    year = figures["year"].astype("Int64")
    counts = pd.DataFrame({"year": year.fillna(-1).astype("int64").to_numpy(),
                           "kind": figures["kind"].astype(str).to_numpy()}).value_counts()
    known = sorted({int(y) for y in year.dropna()})
    columns = []
    if known:
        lo, hi = known[0], known[-1]
        step = max(1, math.ceil((hi - lo + 1) / 40))  # at most ~40 columns: years grouped past that
        for start in range(lo, hi + 1, step):
            label = str(start) if step == 1 else f"{start}–{min(start + step - 1, hi)}"
            columns.append((label, {k: float(sum(counts.get((y, k), 0) for y in range(start, start + step)))
                                    for k in kinds}))
    columns.append(("no year", {k: float(counts.get((-1, k), 0)) for k in kinds}))
    return stacked_columns(title, columns, kinds, colours_for(kinds))
