"""datapackage.json: a Frictionless Data Package that validates, and fails when the data lies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from pipeline.datapackage import table_schema
from schemas import SCHEMAS
from tests.test_pipeline import materialise


@pytest.fixture
def release(raw_copy: Path, output_dir: Path) -> Path:
    assert materialise(raw_copy, output_dir).success
    return (output_dir / "latest").resolve()


def test_datapackage_validates_with_frictionless(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    assert set(SCHEMAS) <= names and {f"{n}-parquet" for n in SCHEMAS} <= names
    for resource in descriptor["resources"]:
        assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
        assert (release / resource["path"]).exists()
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    fields = {f["name"]: f for f in figures["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["year"]["type"] == "integer"
    assert fields["kind"]["constraints"]["enum"][:2] == ["money", "count"]
    assert fields["figure_id"]["description"].startswith("Stable id")
    report = validate(str(release / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks if task.type == "table"}
    assert rows["figures"] == json.loads((release / "manifest.json").read_text())["row_counts"]["figures"]


def test_frictionless_catches_a_tampered_file_and_a_bad_value(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in release.iterdir():
        if path.is_dir():
            shutil.copytree(path, copy / path.name)
        else:
            copy.joinpath(path.name).write_bytes(path.read_bytes())
    csv = copy / "figures.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[1].split(",")
    row[header.index("kind")] = "gizmo"  # not in the vocabulary
    lines[1] = ",".join(row)
    csv.write_text("".join(lines), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = {error[0] for error in report.flatten(["type"])}
    assert "constraint-error" in errors  # the enum
    assert {"hash-count", "byte-count"} & errors  # the file no longer matches its hash


def test_every_table_has_a_key_and_documents_are_referenced() -> None:
    for name in SCHEMAS:
        schema = table_schema(name)
        columns = {f["name"] for f in schema["fields"]}
        assert set(schema["primaryKey"]) <= columns
        if name == "series":  # derived from figures, not from one document
            assert schema["foreignKeys"][0]["reference"] == {"resource": "figures", "fields": ["figure_id"]}
        elif name != "documents":
            assert schema["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["doc_id"]}
