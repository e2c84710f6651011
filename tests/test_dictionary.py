"""docs/data-dictionary.md is generated from the schemas and must match them."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.dictionary import DICTIONARY, main, render
from schemas import SCHEMAS


def test_committed_dictionary_matches_the_schemas() -> None:
    assert DICTIONARY.read_text(encoding="utf-8") == render(), "run: python -m pipeline.dictionary"


def test_dictionary_lists_every_column_with_its_description() -> None:
    text = render()
    for name, model in SCHEMAS.items():
        assert f"## `{name}`" in text
        for column, spec in model.to_schema().columns.items():
            assert f"| `{column}` |" in text
            assert (spec.description or "").replace("|", "\\|") in text
    assert "one of `money`, `count`" in text  # vocabularies come from the schemas


def test_check_mode_detects_drift(tmp_path: Path) -> None:
    stale = tmp_path / "dictionary.md"
    stale.write_text("# Data dictionary\n\nold\n", encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0


def test_placeholders_in_descriptions_are_code() -> None:
    """`<doc_id>` outside backticks is an HTML tag to a Markdown renderer (the Dagster UI, GitHub): it vanishes."""
    for name, model in SCHEMAS.items():
        for column, field in model.to_schema().columns.items():
            outside_code = re.sub(r"`[^`]*`", "", field.description or "")
            assert not re.search(r"<[a-z_]+>", outside_code), f"{name}.{column}: {field.description}"
