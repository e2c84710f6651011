"""figure_id is anchored on content: edits elsewhere keep it, and a changed value is one change."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.batches import extract_rows
from pipeline.extraction.ids import figure_anchors, skeleton
from tests.runs import materialise

SHEET = (
    "FACT SHEET: Partnership with Freedonia\n\n"
    "Two-way trade in goods and services reached $807 billion in 2023.\n"
    "The United States invested $42 million in clean water projects, and 1,200 engineers were trained.\n"
    "Exchange programs welcomed 15,000 students.\n"
    "Exchange programs welcomed 15,000 students.\n"
)


def _by_text(doc_id: str, text: str) -> list[tuple[str, str]]:
    return [(row["text"], row["figure_id"]) for row in extract_rows(doc_id, text)["figures"]]


def test_ids_are_unique_and_name_the_document() -> None:
    pairs = _by_text("freedonia", SHEET)
    assert len(pairs) >= 5
    ids = [figure_id for _, figure_id in pairs]
    assert len(set(ids)) == len(ids)  # the repeated sentence's figures are told apart by a counter
    assert all(i.startswith("freedonia:") and len(i.split(":")[1]) == 12 for i in ids)


def test_an_edit_elsewhere_keeps_every_id() -> None:
    edited = SHEET.replace("\n\n", "\n\nThis page was updated to reflect the latest figures available.\n", 1)
    edited = edited.replace("clean water projects", "clean water and sanitation projects")
    before, after = dict(_by_text("d", SHEET)), dict(_by_text("d", edited))
    edited_sentence = {"$42 million", "1,200"}  # the figures of the sentence that was reworded
    assert edited_sentence < set(before)
    untouched = [t for t in before if t not in edited_sentence]
    assert "$807 billion" in untouched and all(before[t] == after[t] for t in untouched)
    assert all(before[t] != after[t] for t in edited_sentence)


def test_a_changed_value_keeps_its_id() -> None:
    before = dict(_by_text("d", SHEET))
    after = dict(_by_text("d", SHEET.replace("$807 billion", "$798 billion")))
    assert after["$798 billion"] == before["$807 billion"]
    assert set(after.values()) == set(before.values())


def test_the_anchor_ignores_offsets_digits_and_spacing() -> None:
    text = "Aid rose to $5 million in 2021.\n"
    moved = "Intro line.\n" + text.replace("2021", "2022").replace(" to ", "  to ")
    at, there = text.index("$5"), moved.index("$5")
    (a,) = figure_anchors(text, [(at, at + len("$5 million"))])
    (b,) = figure_anchors(moved, [(there, there + len("$5 million"))])
    assert a == b
    assert skeleton("Aid  rose to $5 Million") == "aid rose to $0 million"


def test_a_changed_value_is_one_change_in_changes_md(raw_copy: Path, output_dir: Path) -> None:
    """The issue's case: a sentence inserted at the top of a fact sheet and one value changed."""
    (raw_copy / "freedonia.txt").write_text(SHEET, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    first = pd.read_parquet(output_dir / "latest" / "figures.parquet")
    edited = SHEET.replace("\n\n", "\n\nThis page was updated to reflect the latest figures available.\n", 1)
    (raw_copy / "freedonia.txt").write_text(edited.replace("$807 billion", "$798 billion"), encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    second = pd.read_parquet(output_dir / "latest" / "figures.parquet")
    assert set(first["figure_id"]) == set(second["figure_id"])
    changes = (output_dir / "latest" / "CHANGES.md").read_text(encoding="utf-8")
    assert "### Figures added (0)" in changes and "### Figures removed (0)" in changes
    assert "### Figures changed (1)" in changes
    changed_section = changes[changes.index("### Figures changed"):]
    assert "807" in changed_section and "798" in changed_section
