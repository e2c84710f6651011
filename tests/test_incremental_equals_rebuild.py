"""An incremental release (most documents served from the cache, their pages reused, their rows
not validated again) is the release a run from scratch makes of the same raw/: the shortcuts are
safe only as long as this holds.

Only what compares a release with the one before it may differ: CHANGES.md, the report (its
changes, history and warnings), the warnings in summary.json, and the creation time
(datapackage.json, manifest.json)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline import report
from pipeline.report import FigureChanges, ReportData, document_pages
from tests.runs import assert_release_intact, latest_id, materialise

#: Files that say how the release differs from the one it follows, or when it was made.
RELATIVE_TO_PREVIOUS = {"CHANGES.md", "quality_report.html", "quality_report.md", "manifest.json",
                        "summary.json", "datapackage.json"}

NEW_DOCUMENT = (
    "Port Note\n\nThe port handled 4.2 million containers in 2021, up 8 percent on the year before.\n\n"
    "Freight Links\n\nAbout 1,300 trucks cross the bridge each day, carrying goods worth $95 million.\n"
)


def _files(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}


def _without(data: bytes, *keys: str) -> dict[str, object]:
    found: dict[str, object] = json.loads(data)
    return {k: v for k, v in found.items() if k not in keys}


def test_incremental_release_equals_a_rebuild_from_scratch(raw_copy: Path, tmp_path: Path) -> None:
    incremental, scratch = tmp_path / "incremental", tmp_path / "scratch"
    assert materialise(raw_copy, incremental).success
    first = incremental / "releases" / latest_id(incremental)
    (raw_copy / "port-note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    assert materialise(raw_copy, incremental).success
    assert materialise(raw_copy, scratch).success

    made, rebuilt = incremental / "latest", scratch / "latest"
    assert latest_id(incremental) == latest_id(scratch)  # same inputs, same release id
    assert_release_intact(made)
    ours, theirs = _files(made), _files(rebuilt)
    assert set(ours) == set(theirs)
    assert any(name.startswith("documents/port-note") for name in ours)
    for name in sorted(set(ours) - RELATIVE_TO_PREVIOUS):
        assert ours[name] == theirs[name], f"{name} differs from the rebuild"
    assert _without(ours["datapackage.json"], "created") == _without(theirs["datapackage.json"], "created")
    assert _without(ours["summary.json"], "warnings") == _without(theirs["summary.json"], "warnings")
    manifest = {k: _without(v, "created_at", "previous_release", "files")
                for k, v in (("ours", ours["manifest.json"]), ("theirs", theirs["manifest.json"]))}
    assert manifest["ours"] == manifest["theirs"]
    listed = {k: {name: entry for name, entry in json.loads(v)["files"].items() if name not in RELATIVE_TO_PREVIOUS}
              for k, v in (("ours", ours["manifest.json"]), ("theirs", theirs["manifest.json"]))}
    assert listed["ours"] == listed["theirs"]  # the hashes taken from the first release's manifest are right

    # The unchanged documents' pages are the first release's files, shared, not rendered again.
    old_pages = sorted((first / "documents").iterdir())
    assert old_pages
    for page in old_pages:
        assert os.path.samefile(page, made / "documents" / page.name), page.name


def test_document_pages_read_only_the_rows_of_the_pages_they_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page reused from the previous release costs nothing: neither its figures nor its
    document row are read (the cost of an incremental release's pages is the new documents')."""
    seen: list[int] = []
    real = report.records
    monkeypatch.setattr(report, "records", lambda frame: seen.append(len(frame)) or real(frame))
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(50)], "status": "ok", "reason": None,
                              "title": "T", "n_chars": 10, "word_count": 2})
    figures = pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(150)], "start": [i % 3 * 4 for i in range(150)],
                            "end": [i % 3 * 4 + 2 for i in range(150)], "text": "12", "kind": "count",
                            "value": 12.0, "value_max": None, "unit": "count", "qualifier": "exact", "year": None,
                            "subject": "s", "section": None, "rule": "count_noun"})
    empty = figures.iloc[0:0]
    data = ReportData("r", {"documents": documents, "figures": figures}, [], {},
                      FigureChanges(None, empty, empty, pd.DataFrame()))
    pages = dict(document_pages(data, lambda doc_id: "12, 12, 12 and more", skip={f"d{i}" for i in range(1, 50)}))
    assert list(pages) == ["documents/d0.html"]
    assert seen == [3, 1]  # d0's three figures, then d0's document row
    full = dict(document_pages(data, lambda doc_id: "12, 12, 12 and more"))
    assert full["documents/d0.html"] == pages["documents/d0.html"]  # the same page as without skipping


def test_files_shared_with_the_previous_release_are_not_hashed_again(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import release

    assert materialise(raw_copy, output_dir).success
    first = output_dir / "releases" / latest_id(output_dir)
    hashed: list[str] = []
    real = release.file_digest
    monkeypatch.setattr(release, "file_digest", lambda path: hashed.append(path.name) or real(path))
    (raw_copy / "port-note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    old_pages = {p.name for p in (first / "documents").iterdir()}
    assert "port-note.html" in hashed and "figures.parquet" in hashed
    assert not old_pages & set(hashed)
    assert_release_intact(output_dir / "latest")
