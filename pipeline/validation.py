"""Validation of the published tables: the Pandera schemas, and checks that span tables.

Both the Dagster asset checks and the publisher call these, so a table that fails here is
never written to a release.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pandera.errors

from pipeline.corpus import Document, read_text
from pipeline.extraction.ids import ANCHOR_LENGTH
from pipeline.series import series_problems, series_table
from schemas import SCHEMAS


@dataclass
class CheckResult:
    """The outcome of one check, with every failing row (not only the first)."""

    name: str
    table: str
    passed: bool
    description: str
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def n_failures(self) -> int:
        return len(self.failures)


class ValidationError(RuntimeError):
    """One or more blocking checks failed; the message lists them with their failing rows."""

    def __init__(self, results: list[CheckResult]) -> None:
        self.results = [r for r in results if not r.passed]
        lines = ["validation failed; nothing was published:"]
        for r in self.results:
            lines.append(f"- {r.table}.{r.name}: {r.description} ({r.n_failures} failing)")
            lines.append(_indent(r.failures.head(20).to_string(index=False)))
        super().__init__("\n".join(lines))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


#: Documents whose rows were validated when they were published, by doc_id: rows that are the
#: same as then (`pipeline.publishing.trusted_documents` says which) need not be validated again.
Trusted = frozenset[str]

_FAILURE_COLUMNS = ("schema_context", "column", "check", "index", "failure_case")


def untrusted_rows(frame: pd.DataFrame, trusted: Trusted) -> pd.DataFrame:
    """The rows of `frame` not of a trusted document (the frame itself when nothing is trusted)."""
    if not trusted or "doc_id" not in frame.columns:
        return frame
    return frame[~frame["doc_id"].isin(list(trusted))]


def schema_check(table: str, frame: pd.DataFrame, trusted: Trusted = frozenset()) -> CheckResult:
    """The table's Pandera schema, validated lazily so every failure is reported at once.

    Rows of `trusted` documents passed this schema when they were published, so only the other
    rows go through Pandera (columns and types are the frame's, the same for every row); what
    spans rows, a `unique` field, is still checked over the whole table."""
    schema = SCHEMAS[table]
    checked = untrusted_rows(frame, trusted)
    failures = pd.DataFrame()
    try:
        schema.validate(checked, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        keep = [c for c in _FAILURE_COLUMNS if c in cases.columns]
        failures = cases[keep].astype(str).reset_index(drop=True)
    if checked is not frame:
        failures = pd.concat([failures, _duplicates_across(table, frame, checked)], ignore_index=True)
    if not failures.empty:
        return CheckResult("schema", table, False, f"{schema.__name__} schema", failures)
    return CheckResult("schema", table, True, f"{schema.__name__} schema")


def _duplicates_across(table: str, frame: pd.DataFrame, checked: pd.DataFrame) -> pd.DataFrame:
    """Values of the schema's `unique` fields that a checked row shares with a row not checked
    (Pandera saw only the checked rows, and reports their duplicates among themselves), as Pandera
    reports a duplicate: every row holding the value."""
    found = []
    others = ~frame.index.isin(checked.index)
    for name, column in SCHEMAS[table].to_schema().columns.items():
        if not column.unique or name not in frame.columns:
            continue
        shared = checked[name][checked[name].isin(frame.loc[others, name])]
        if len(shared):
            values = frame.loc[frame[name].isin(shared), name]
            found.append(pd.DataFrame({"schema_context": "Column", "column": name, "check": "field_uniqueness",
                                       "index": values.index, "failure_case": values.to_numpy()}))
    return pd.concat(found, ignore_index=True).astype(str) if found else pd.DataFrame()


TextLoader = Callable[[str], str | None]


def texts_from(raw_dir: Path, documents: pd.DataFrame) -> TextLoader:
    """Looks up a document's text by doc_id, reading raw files lazily and one at a time.

    The text is read as extraction read it (`corpus.read_text`: HTML and PDF converted), and
    only if the file still has the sha256 the documents table records.
    """
    ok = documents[documents["status"] == "ok"]
    files = {str(doc_id): Document(str(doc_id), str(name), raw_dir / str(name), str(sha), int(size))
             for doc_id, name, sha, size in zip(ok["doc_id"], ok["file_name"], ok["sha256"], ok["n_bytes"],
                                                strict=True)}
    cache: dict[str, str | None] = {}

    def load(doc_id: str) -> str | None:
        if doc_id not in files:
            return None
        if doc_id not in cache:
            cache.clear()  # rows arrive grouped by document: keep one text in memory
            try:
                cache[doc_id] = read_text(dataclasses.replace(files[doc_id]))
            except OSError:
                cache[doc_id] = None
        return cache[doc_id]

    return load


SPAN_TABLES = (("figures", "text"), ("dates", "text"), ("sections", "heading"))


def span_checks(
    tables: dict[str, pd.DataFrame], load: TextLoader, spans: tuple[tuple[str, str], ...] = SPAN_TABLES,
    trusted: Trusted = frozenset(),
) -> list[CheckResult]:
    """`span_check` of several tables at once: each document's text is read once for all of them.
    A trusted document's text is not read: its rows and its file's sha256 are what was published."""
    groups: dict[str, dict[str, Any]] = {}
    for table, _ in spans:
        frame = tables[table]
        groups[table] = cast(dict[str, Any], frame.groupby(frame["doc_id"].astype(str), sort=False).indices)
    bad: dict[str, list[int]] = {table: [] for table, _ in spans}
    found_at: dict[str, dict[int, str | None]] = {table: {} for table, _ in spans}
    doc_ids = dict.fromkeys(d for table, _ in spans for d in groups[table] if d not in trusted)
    columns = {table: (tables[table]["start"].to_numpy(), tables[table]["end"].to_numpy(),
                       tables[table][text_column].to_numpy()) for table, text_column in spans}
    for doc_id in doc_ids:
        text = load(str(doc_id))
        for table, _ in spans:
            positions = groups[table].get(doc_id)
            if positions is None:
                continue
            starts, ends, expected = columns[table]
            for i in list(positions):
                found = None if text is None else text[int(starts[i]):int(ends[i])]
                if found != expected[i]:
                    bad[table].append(i)
                    found_at[table][i] = found
    results = []
    for table, text_column in spans:
        frame = tables[table]
        rows = [{"index": frame.index[i], "doc_id": frame["doc_id"].iat[i], "start": frame["start"].iat[i],
                 "end": frame["end"].iat[i], "text": frame[text_column].iat[i], "found": found_at[table][i]}
                for i in sorted(bad[table])]
        results.append(CheckResult("spans_match_text", table, not rows, f"{text_column} == doc_text[start:end]",
                                   pd.DataFrame(rows)))
    return results


def span_check(table: str, frame: pd.DataFrame, text_column: str, load: TextLoader) -> CheckResult:
    """Every row's text equals its document's text at [start:end]."""
    return span_checks({table: frame}, load, ((table, text_column),))[0]


def known_documents_check(table: str, frame: pd.DataFrame, documents: pd.DataFrame) -> CheckResult:
    """Every row's doc_id is a document of this release."""
    unknown = frame.loc[~frame["doc_id"].isin(documents["doc_id"]), ["doc_id"]]
    return CheckResult("doc_id_in_documents", table, unknown.empty, _KNOWN_DOCUMENTS, unknown.reset_index())


def no_overlap_check(figures: pd.DataFrame, trusted: Trusted = frozenset()) -> CheckResult:
    """No two figures of a document overlap (a trusted document's figures did not when published)."""
    ordered = untrusted_rows(figures, trusted).sort_values(["doc_id", "start"])
    same_doc = ordered["doc_id"].eq(ordered["doc_id"].shift())
    overlap = same_doc & (ordered["start"] < ordered["end"].shift())
    bad = ordered.loc[overlap, ["figure_id", "doc_id", "start", "end", "text"]]
    return CheckResult("no_overlapping_figures", "figures", bad.empty, _NO_OVERLAP, bad.reset_index())


def series_trace_check(series: pd.DataFrame, figures: pd.DataFrame) -> CheckResult:
    """Every series row traces back to its figures (`pipeline.series.series_problems`)."""
    bad = series_problems(series, figures)
    return CheckResult("series_traces_to_figures", "series", bad.empty, _SERIES_TRACE, bad)


def stable_ids_check(figures: pd.DataFrame, trusted: Trusted = frozenset()) -> CheckResult:
    """figure_id is unique and is '<doc_id>:<anchor>' (pipeline/extraction/ids.py), so it is stable across runs.
    The form is checked on rows not of a `trusted` document; uniqueness over the whole table."""
    checked = untrusted_rows(figures, trusted)
    ids = checked["figure_id"].astype(str)
    expected = checked["doc_id"].astype(str) + ":" + ids.str.rsplit(":", n=1).str[-1]
    well_formed = ids.str.fullmatch(rf".+:[0-9a-f]{{{ANCHOR_LENGTH}}}") & (ids == expected)
    malformed = figures.index.isin(checked.index[~well_formed.to_numpy(dtype=bool)])
    bad = figures.loc[malformed | figures["figure_id"].duplicated(keep=False),
                      ["figure_id", "doc_id", "start"]]
    return CheckResult("figure_id_unique_and_stable", "figures", bad.empty, _STABLE_IDS, bad.reset_index())


#: A check by the table it is attached to and its name, as Dagster's asset checks name it.
CheckKey = tuple[str, str]

#: Descriptions of the dataset checks, as their CheckResult states them.
_KNOWN_DOCUMENTS = "doc_id is in documents"
_STABLE_IDS = "figure_id is unique and equals '<doc_id>:<anchor>' (a hash of the figure's sentence, see README)"
_NO_OVERLAP = "no two figures of a document overlap"
_SERIES_TRACE = ("every series row traces back to figures of this release with its partner, indicator and "
                 "year, its value is its figure's, and every figure with a partner and indicator is in a series")


@dataclass(frozen=True)
class DatasetCheck:
    """A check that spans tables: its name, the tables it is attached to, what it asserts, and
    the other tables it reads."""

    name: str
    tables: tuple[str, ...]
    description: str
    needs: tuple[str, ...] = ()


#: Tables computed from the extracted ones (not from a document): their checks run after those.
DERIVED_TABLES = ("series",)

#: Every dataset check, declared once: `dataset_checks` runs them, pipeline/defs/checks.py
#: attaches them to the assets as blocking Dagster checks.
DATASET_CHECKS = (
    DatasetCheck("doc_id_in_documents", ("figures", "dates", "acronyms", "sections"), _KNOWN_DOCUMENTS,
                 ("documents",)),
    DatasetCheck("spans_match_text", tuple(table for table, _ in SPAN_TABLES),
                 "each row's text (a section's heading) == doc_text[start:end]"),
    DatasetCheck("figure_id_unique_and_stable", ("figures",), _STABLE_IDS),
    DatasetCheck("no_overlapping_figures", ("figures",), _NO_OVERLAP),
    DatasetCheck("series_traces_to_figures", ("series",), _SERIES_TRACE, ("figures",)),
)


def _passed(name: str, table: str, description: str) -> CheckResult:
    """The result of a check that already passed on these same tables (not run again)."""
    return CheckResult(name, table, True, description)


def dataset_checks(
    tables: dict[str, pd.DataFrame], load: TextLoader, already_passed: frozenset[CheckKey] = frozenset(),
    trusted: Trusted = frozenset(),
) -> list[CheckResult]:
    """The checks that span tables; those in `already_passed` are reported passed, not run. What
    concerns one document's rows alone is checked on the rows not of a `trusted` document."""
    documents, figures = tables["documents"], tables["figures"]
    results = [
        _passed("doc_id_in_documents", name, _KNOWN_DOCUMENTS) if (name, "doc_id_in_documents") in already_passed
        else known_documents_check(name, tables[name], documents)
        for name in ("figures", "dates", "acronyms", "sections")
    ]
    to_run = tuple(s for s in SPAN_TABLES if (s[0], "spans_match_text") not in already_passed)
    ran = {r.table: r for r in span_checks(tables, load, to_run, trusted)} if to_run else {}
    results += [
        ran.get(table) or _passed("spans_match_text", table, f"{column} == doc_text[start:end]")
        for table, column in SPAN_TABLES
    ]
    results.append(_passed("figure_id_unique_and_stable", "figures", _STABLE_IDS)
                   if ("figures", "figure_id_unique_and_stable") in already_passed
                   else stable_ids_check(figures, trusted))
    results.append(_passed("no_overlapping_figures", "figures", _NO_OVERLAP)
                   if ("figures", "no_overlapping_figures") in already_passed else no_overlap_check(figures, trusted))
    return results + derived_checks(tables, already_passed)


def derived_checks(
    tables: dict[str, pd.DataFrame], already_passed: frozenset[CheckKey] = frozenset()
) -> list[CheckResult]:
    """The checks of the tables derived from figures (DERIVED_TABLES) that `tables` holds."""
    if "series" not in tables:
        return []
    if ("series", "series_traces_to_figures") in already_passed:
        return [_passed("series_traces_to_figures", "series", _SERIES_TRACE)]
    return [series_trace_check(tables["series"], tables["figures"])]


def validate_all(
    tables: dict[str, pd.DataFrame], load: TextLoader, already_passed: frozenset[CheckKey] = frozenset(),
    trusted: Trusted = frozenset(),
) -> list[CheckResult]:
    """Every schema check and every dataset check.

    `already_passed` names checks that passed on exactly these tables earlier in the same run
    (the blocking Dagster asset checks): they are reported passed without running again. Every
    other check runs, so with the default (nothing) every check runs. `trusted`: documents whose
    rows are as published, which passed then; a check of one document's rows skips them.
    """
    schemas = [
        _passed("schema", name, f"{SCHEMAS[name].__name__} schema") if (name, "schema") in already_passed
        else schema_check(name, frame, trusted)
        for name, frame in tables.items()
    ]
    return schemas + dataset_checks(tables, load, already_passed, trusted)


# --- a failure confined to one document quarantines that document -----------------------------

#: Tables whose rows come from one document's extraction: a failing row there is that document's.
EXTRACTED = ("figures", "dates", "acronyms", "sections")


def failing_documents(result: CheckResult, tables: dict[str, pd.DataFrame]) -> dict[str, str] | None:
    """For a failed check whose every failing row belongs to a readable document of `tables`
    (extracted rows of a known, ok document), the reason to quarantine each such document: the
    check and its first failing row. None when some failure belongs to no single document
    (a column missing or of the wrong type, a row of an unknown document, the documents table
    itself): that failure blocks the release.
    """
    if result.passed or result.table not in EXTRACTED or result.failures.empty:
        return None
    frame = tables[result.table]
    documents = tables.get("documents")
    readable = (set(documents.loc[documents["status"] == "ok", "doc_id"]) if documents is not None
                else set(frame["doc_id"]))
    reasons: dict[str, str] = {}
    for case in result.failures.to_dict("records"):
        doc_id = case.get("doc_id")
        if doc_id is None:  # a schema failure: find its row by index
            try:
                doc_id = frame["doc_id"].loc[int(case["index"])]
            except (KeyError, TypeError, ValueError):
                return None  # no row: the failure is of a column or of the whole table
        if not isinstance(doc_id, str) or doc_id not in readable:
            return None
        if doc_id not in reasons:
            reasons[doc_id] = f"failed check {result.table}.{result.name} ({result.description}) on row {_row(case)}"
    return reasons


def _row(case: dict[Any, Any], limit: int = 300) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in case.items() if k not in ("index", "doc_id", "schema_context"))
    return text if len(text) <= limit else text[:limit] + "..."


def quarantine_documents(tables: dict[str, pd.DataFrame], reasons: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The tables with these documents quarantined: status and reason set in `documents` (their
    text metadata cleared, as for any quarantined file), their rows dropped from every other table."""
    out = {}
    for name, frame in tables.items():
        if name == "series":  # derived from figures: computed again from what remains
            continue
        hit = frame["doc_id"].isin(list(reasons))
        if name == "documents":
            frame = frame.copy()
            frame.loc[hit, "status"] = "quarantined"
            frame.loc[hit, "reason"] = frame.loc[hit, "doc_id"].map(reasons)
            for column in ("n_chars", "declared_word_count", "word_count"):
                frame.loc[hit, column] = pd.NA
        elif hit.any():
            frame = frame.loc[~hit].reset_index(drop=True)
        out[name] = frame
    if "series" in tables:
        out["series"] = series_table(out["figures"])
    return out


def validate_or_quarantine(
    tables: dict[str, pd.DataFrame], load: TextLoader, already_passed: frozenset[CheckKey] = frozenset()
) -> tuple[dict[str, pd.DataFrame], list[CheckResult]]:
    """Every check; a document whose rows alone fail is quarantined with the check and the row,
    and the rest validated again. Raises ValidationError (nothing may be published) for any
    failure no single document explains.
    """
    results = validate_all(tables, load, already_passed)
    failed = [r for r in results if not r.passed]
    if not failed:
        return tables, results
    reasons: dict[str, str] = {}
    for result in failed:
        if result.table in DERIVED_TABLES:  # computed from figures: quarantining computes it again
            continue
        found = failing_documents(result, tables)
        if found is None:
            raise ValidationError(results)
        for doc_id, reason in found.items():
            reasons.setdefault(doc_id, reason)
    if not reasons:  # only a derived table failed: no document explains it
        raise ValidationError(results)
    screened = quarantine_documents(tables, reasons)
    results = validate_all(screened, load)
    if not all(r.passed for r in results):
        raise ValidationError(results)
    return screened, results
