"""Warn-level checks: signs that extraction may have gone wrong, which never block a release.

The blocking checks (`pipeline.validation`) prove that the tables are well formed; these ask
whether they look plausible: a readable document with no figure, figures per document falling
sharply since the previous release, too many figures without a reference year. Pure: tables
(and the previous release's figures per document) in, `CheckResult`s out. The report shows them
as warnings and Dagster runs them as non-blocking asset checks of severity WARN.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.validation import CheckResult


@dataclass(frozen=True)
class WarnThresholds:
    """Where a warning starts. One declaration, shown beside each warning in the report."""

    #: Warn when figures per readable document fell by more than this share since the previous release.
    corpus_drop_share: float = 0.25
    #: Warn about a document whose figures fell by more than this share since the previous release...
    document_drop_share: float = 0.5
    #: ...when it had at least this many figures before (a drop from 2 to 0 is noise).
    document_drop_min_before: int = 5
    #: Warn when more than this share of figures has no reference year. Years bind to their own
    #: clause, so a correct extraction leaves many null: the hand-checked seed gold has 72%.
    null_year_share: float = 0.75


WARN_THRESHOLDS = WarnThresholds()

#: Warning names by the table they are attached to, in the order the report lists them.
WARNING_NAMES: tuple[tuple[str, str], ...] = (
    ("documents", "documents_without_figures"),
    ("figures", "figures_per_document_drop"),
    ("figures", "document_figures_drop"),
    ("figures", "null_year_share"),
)


def expectations(thresholds: WarnThresholds = WARN_THRESHOLDS) -> dict[str, str]:
    """What each warning expects, with its threshold, by warning name."""
    return {
        "documents_without_figures": "every readable document has at least one figure",
        "figures_per_document_drop": f"figures per readable document fell by at most "
                                     f"{thresholds.corpus_drop_share:.0%} since the previous release",
        "document_figures_drop": f"no document lost more than {thresholds.document_drop_share:.0%} of its "
                                 f"figures since the previous release (of those with "
                                 f"{thresholds.document_drop_min_before}+ before)",
        "null_year_share": f"at most {thresholds.null_year_share:.0%} of figures have no reference year",
    }


def figures_per_document(figures: pd.DataFrame) -> dict[str, int]:
    """How many figures each document has (documents without figures are absent)."""
    return {str(d): int(n) for d, n in figures["doc_id"].value_counts(sort=False).items()}


def documents_without_figures(documents: pd.DataFrame, figures: pd.DataFrame) -> CheckResult:
    ok = documents[documents["status"] == "ok"]
    empty = ok.loc[~ok["doc_id"].isin(figures["doc_id"]), ["doc_id"]].reset_index(drop=True)
    return CheckResult("documents_without_figures", "documents", empty.empty,
                       expectations()["documents_without_figures"], empty)


def figures_per_document_drop(
    documents: pd.DataFrame, figures: pd.DataFrame, previous: dict[str, int] | None,
    previous_documents: int | None, thresholds: WarnThresholds = WARN_THRESHOLDS,
) -> CheckResult:
    """Figures per readable document, now against the previous release's."""
    description = expectations(thresholds)["figures_per_document_drop"]
    if previous is None or not previous_documents:
        return CheckResult("figures_per_document_drop", "figures", True, description)
    ok = int((documents["status"] == "ok").sum())
    now = len(figures) / ok if ok else 0.0
    before = sum(previous.values()) / previous_documents
    fell = before > 0 and now < before * (1 - thresholds.corpus_drop_share)
    failures = pd.DataFrame([{"figures per document before": round(before, 2),
                              "figures per document now": round(now, 2),
                              "change": f"{(now - before) / before:+.0%}"}]) if fell else pd.DataFrame()
    return CheckResult("figures_per_document_drop", "figures", not fell, description, failures)


def document_figures_drop(
    documents: pd.DataFrame, figures: pd.DataFrame, previous: dict[str, int] | None,
    thresholds: WarnThresholds = WARN_THRESHOLDS,
) -> CheckResult:
    """Readable documents of both releases whose figures fell sharply (a removed document is no drop)."""
    description = expectations(thresholds)["document_figures_drop"]
    columns = ["doc_id", "figures before", "figures now"]
    if previous is None:
        return CheckResult("document_figures_drop", "figures", True, description, pd.DataFrame(columns=columns))
    now = figures_per_document(figures)
    readable = set(documents.loc[documents["status"] == "ok", "doc_id"].astype(str))
    dropped = [{"doc_id": doc_id, "figures before": before, "figures now": now.get(doc_id, 0)}
               for doc_id, before in previous.items()
               if doc_id in readable and before >= thresholds.document_drop_min_before
               and now.get(doc_id, 0) < before * (1 - thresholds.document_drop_share)]
    return CheckResult("document_figures_drop", "figures", not dropped, description,
                       pd.DataFrame(dropped, columns=columns))


def null_year_share(figures: pd.DataFrame, thresholds: WarnThresholds = WARN_THRESHOLDS) -> CheckResult:
    description = expectations(thresholds)["null_year_share"]
    n = len(figures)
    missing = int(figures["year"].isna().sum()) if n else 0
    too_many = n > 0 and missing / n > thresholds.null_year_share
    failures = pd.DataFrame([{"figures": n, "without year": missing, "share": f"{missing / n:.0%}"}]) \
        if too_many else pd.DataFrame()
    return CheckResult("null_year_share", "figures", not too_many, description, failures)


def quality_warnings(
    documents: pd.DataFrame, figures: pd.DataFrame, previous: dict[str, int] | None,
    previous_documents: int | None = None, thresholds: WarnThresholds = WARN_THRESHOLDS,
) -> list[CheckResult]:
    """Every warning, in the order of WARNING_NAMES; `passed` False means the warning is raised.

    `previous`: figures per document in the previous release (None on a first release);
    `previous_documents`: its readable documents."""
    return [
        documents_without_figures(documents, figures),
        figures_per_document_drop(documents, figures, previous, previous_documents, thresholds),
        document_figures_drop(documents, figures, previous, thresholds),
        null_year_share(figures, thresholds),
    ]
