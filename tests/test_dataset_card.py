"""Each release carries a dataset card, a datapackage.json with licence, sources and creation
time, and the release asset links its quality report and shows row counts per table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from schemas import SCHEMAS
from tests.runs import materialise

URL = "https://2021-2025.state.gov/example-fact-sheet/"


@pytest.fixture
def published(raw_copy: Path, output_dir: Path) -> tuple[Path, dict[str, object]]:
    """A release whose first source has a URL; returns it and the release asset's metadata."""
    sources = (raw_copy / "sources.csv").read_text(encoding="utf-8").splitlines()
    first = sources[1].split(",", 2)
    sources[1] = ",".join([first[0], URL, first[2]])
    (raw_copy / "sources.csv").write_text("\n".join(sources) + "\n", encoding="utf-8")
    result = materialise(raw_copy, output_dir)
    assert result.success
    metadata = result.asset_materializations_for_node("release")[-1].metadata
    return (output_dir / "latest").resolve(), {k: v.value for k, v in metadata.items()}


def test_the_dataset_card_says_what_how_which_version_sources_licence_and_citation(
    published: tuple[Path, dict[str, object]],
) -> None:
    release, _ = published
    card = (release / "README.md").read_text(encoding="utf-8")
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert f"release {release.name}" in card and manifest["pipeline_version"] in card
    assert "README.md" in manifest["files"]  # hashed like every other file of the release
    assert URL in card and "(no URL recorded)" in card  # the second source has none
    assert "CC0-1.0" in card and "17 U.S.C. § 105" in card
    citation = card[card.index("## How to cite"):]
    assert release.name in citation and manifest["pipeline_version"] in citation
    for name in SCHEMAS:
        rows = len(pd.read_parquet(release / f"{name}.parquet"))
        assert f"| `{name}` | {rows:,} |" in card


def test_datapackage_has_licenses_sources_and_created(published: tuple[Path, dict[str, object]]) -> None:
    release, _ = published
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"
    assert {"title": descriptor["sources"][0]["title"], "path": URL} in descriptor["sources"]
    documents = pd.read_parquet(release / "documents.parquet")
    assert len(descriptor["sources"]) == int((documents["status"] == "ok").sum())
    created = dt.datetime.fromisoformat(descriptor["created"].replace("Z", "+00:00"))
    assert created.date().isoformat() == release.name[:10]


def test_the_release_asset_links_the_report_and_counts_rows(published: tuple[Path, dict[str, object]]) -> None:
    release, metadata = published
    report = str(metadata["quality_report"])
    assert report.startswith("file://") and Path(report[len("file://"):]) == release / "quality_report.html"
    assert (release / "quality_report.html").exists()
    for name in SCHEMAS:
        rows = len(pd.read_parquet(release / f"{name}.parquet"))
        assert metadata[f"rows_{name}"] == rows
        assert f"| {name} | {rows:,} |" in str(metadata["row_counts"])
