"""Issue 9, cases 8, 9 and 10: damaged publishing state repairs itself on the next run, and says so."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.release import Inputs, publish, read_index
from tests.runs import latest_id, materialise

TABLES = ("documents", "figures", "dates", "acronyms", "sections")


def inputs(tag: str) -> Inputs:
    return Inputs((("doc.txt", tag),), "test-version")


def index_ids(outputs: Path) -> list[str]:
    with (outputs / "releases.csv").open(encoding="utf-8") as handle:
        return [row["release_id"] for row in csv.DictReader(handle)]


@pytest.fixture
def tables(raw_copy: Path, tmp_path: Path) -> dict[str, pd.DataFrame]:
    scratch = tmp_path / "scratch-outputs"
    assert materialise(raw_copy, scratch).success
    return {name: pd.read_parquet(scratch / "latest" / f"{name}.parquet") for name in TABLES}


def test_case08_dangling_latest_is_pointed_again(output_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    a = publish(output_dir, tables, inputs("a"))
    (output_dir / "latest").unlink()
    (output_dir / "latest").symlink_to(Path("releases") / "2020-01-01-gone", target_is_directory=True)
    again = publish(output_dir, tables, inputs("a"))  # the same inputs: nothing new to write
    assert not again.created
    assert latest_id(output_dir) == a.release_id and (output_dir / "latest" / "manifest.json").is_file()
    assert any("latest pointed at releases/2020-01-01-gone" in r for r in again.repairs)


def test_case08_latest_replaced_by_a_real_directory_is_moved_aside(
    output_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    a = publish(output_dir, tables, inputs("a"))
    (output_dir / "latest").unlink()
    (output_dir / "latest").mkdir()
    (output_dir / "latest" / "notes.txt").write_text("someone's notes\n", encoding="utf-8")
    b = publish(output_dir, tables, inputs("b"))
    assert b.created and latest_id(output_dir) == b.release_id
    aside = [p for p in output_dir.iterdir() if p.name.startswith("latest.damaged-")]
    assert len(aside) == 1 and (aside[0] / "notes.txt").read_text(encoding="utf-8") == "someone's notes\n"
    assert any("moved aside" in r for r in b.repairs)
    assert index_ids(output_dir) == [a.release_id, b.release_id]


DAMAGED_INDEX = {
    "bad bytes": lambda p: p.write_bytes(b"\xff\xfe\x00garbage\x80\n"),
    "no header": lambda p: p.write_text("\n".join(p.read_text(encoding="utf-8").splitlines()[1:]) + "\n",
                                        encoding="utf-8"),
    "deleted": lambda p: p.unlink(),
    "header only": lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"),
}


@pytest.mark.parametrize("damage", list(DAMAGED_INDEX))
def test_case09_damaged_releases_index_is_rebuilt_from_the_manifests(
    output_dir: Path, tables: dict[str, pd.DataFrame], damage: str
) -> None:
    a = publish(output_dir, tables, inputs("a"))
    b = publish(output_dir, tables, inputs("b"))
    DAMAGED_INDEX[damage](output_dir / "releases.csv")
    assert [r["release_id"] for r in read_index(output_dir)] == [a.release_id, b.release_id]  # readable at once
    c = publish(output_dir, tables, inputs("c"))
    assert c.created
    assert index_ids(output_dir) == [a.release_id, b.release_id, c.release_id]  # no release dropped
    assert any("rebuilt from the manifests of 2 release directories" in r for r in c.repairs)
    rows = {row["release_id"]: row for row in read_index(output_dir)}
    assert rows[a.release_id]["content_key"] == inputs("a").content_key()
    assert int(rows[b.release_id]["figures"]) == len(tables["figures"])
    assert publish(output_dir, tables, inputs("c")).repairs == ()  # repaired once, then quiet


def test_case09_index_that_lost_older_releases_is_rebuilt(output_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    a = publish(output_dir, tables, inputs("a"))
    (output_dir / "releases.csv").unlink()
    b = publish(output_dir, tables, inputs("b"))  # a run that repaired nothing would list only b
    c = publish(output_dir, tables, inputs("c"))
    assert index_ids(output_dir) == [a.release_id, b.release_id, c.release_id]
    assert b.repairs and not c.repairs


def test_case10_release_without_manifest_is_rebuilt_with_its_lineage(
    raw_copy: Path, output_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert materialise(raw_copy, output_dir).success
    first = latest_id(output_dir)
    (raw_copy / "port-note.txt").write_text("Port Note\n\nThe port handled 4,000 trucks in 2023.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = latest_id(output_dir)
    (output_dir / "releases" / second / "manifest.json").unlink()

    assert main(["--raw", str(raw_copy), "--output", str(output_dir), "run"]) == 0
    assert f"repaired: releases/{second} had no manifest.json" in capsys.readouterr().err
    manifest = json.loads((output_dir / "releases" / second / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous_release"] == first  # not itself, not none
    changes = (output_dir / "releases" / second / "CHANGES.md").read_text(encoding="utf-8")
    assert "First release" not in changes and f"Since {first}" in changes
    assert latest_id(output_dir) == second and index_ids(output_dir) == [first, second]
