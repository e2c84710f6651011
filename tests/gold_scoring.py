"""Overlap matching of predicted figures to gold figures (the rules of ANNOTATION.md)."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(a: Any, b: Any) -> bool:
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else a
    b = None if b is None or (isinstance(b, float) and math.isnan(b)) else b
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)), abs(float(b)))


def strict_ok(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if p["kind"] != g["kind"] or not _same(g["value"], p["value"]):
        return False
    if g.get("value_max") is not None and not _same(g["value_max"], p.get("value_max")):
        return False
    return not (g["kind"] == "money" and str(p["unit"]).split("/")[0] != str(g["unit"]).split("/")[0])


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    year_set: int = 0
    year_right: int = 0
    qualifier_right: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def f1(self, hits: int) -> float:
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        return self.f1(self.strict)

    @property
    def year_accuracy(self) -> float:
        return self.year_right / self.year_set if self.year_set else 1.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifier_right / self.matched if self.matched else 1.0


def score(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> Score:
    """Spans match by overlap, largest first, one to one; only gold documents are scored."""
    by_doc_gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_doc_pred: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_doc_gold[g["doc"].removesuffix(".txt")].append(g)
    for p in predicted:
        by_doc_pred[p["doc_id"]].append(p)
    result = Score()
    for doc, golds in by_doc_gold.items():
        preds = by_doc_pred.get(doc, [])
        result.gold += len(golds)
        result.predicted += len(preds)
        pairs = sorted(
            ((min(g["end"], p["end"]) - max(g["start"], p["start"]), i, j)
             for i, g in enumerate(golds) for j, p in enumerate(preds)
             if min(g["end"], p["end"]) > max(g["start"], p["start"])),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in pairs:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            g, p = golds[i], preds[j]
            result.matched += 1
            result.strict += strict_ok(g, p)
            result.qualifier_right += p["qualifier"] == g["qualifier"]
            if g["year"] is not None:
                result.year_set += 1
                result.year_right += p["year"] is not None and int(p["year"]) == g["year"]
        result.misses += [f"{doc}: {g['text']}" for i, g in enumerate(golds) if i not in used_g]
        result.false_alarms += [f"{doc}: {p['text']}" for j, p in enumerate(preds) if j not in used_p]
    return result
