"""The extractor against the hand-checked seed gold (tests/gold/seeds.jsonl)."""

from __future__ import annotations

import dataclasses

from pipeline.extraction import extract
from tests.conftest import GOLD, RAW
from tests.gold_scoring import load_gold, score


def _predict() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows += [{"doc_id": path.stem, **dataclasses.asdict(f)} for f in extract(text).figures]
    return rows


def test_seed_gold_strict_f1() -> None:
    result = score(load_gold(GOLD), _predict())
    report = f"misses={result.misses} false alarms={result.false_alarms}"
    assert result.strict_f1 >= 0.95, report
    assert result.year_accuracy >= 0.9, report
    assert result.qualifier_accuracy >= 0.9, report


def test_gold_spans_round_trip() -> None:
    """The gold itself indexes the texts in raw/ exactly: guards the copy of both."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}
    for g in load_gold(GOLD):
        assert texts[g["doc"]][g["start"]:g["end"]] == g["text"]
