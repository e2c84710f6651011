"""Accuracy report: seeds, the dev set and the external test suites, scored by ../shared's tools.

    python -m bench.accuracy [--shared DIR] [--errors] [--work DIR]

Seeds are `raw/` against `tests/gold/seeds.jsonl`; dev is `SHARED/dev/raw` against
`SHARED/dev/gold/*.jsonl`; external is `SHARED/tools/score_external.py` (system `project`)
on `SHARED/external`. Figures come straight from `pipeline.extraction.extract` over the texts
the pipeline would read (`corpus.scan` + `corpus.read_text`), so the report needs no Dagster
run. Without SHARED (default `../shared`, or $BILATERAL_SHARED_DIR) it says so and exits 0:
the shared material is not part of the project, and tests never depend on it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.corpus import read_text, scan
from pipeline.extraction import WorkBudgetExceeded, extract

ROOT = Path(__file__).resolve().parent.parent

#: What issue 10 asks for: (set, metric) -> the lowest acceptable score.
TARGETS = {
    ("seeds", "strict"): 1.0, ("seeds", "record"): 1.0,
    ("dev", "strict"): 0.98, ("dev", "record"): 0.95,
    ("quantulum3", "value"): 0.90, ("quantulum3", "value_kind"): 0.80,
    ("recognizers-currency", "value"): 0.85,
    ("recognizers-dimension", "value"): 0.90, ("recognizers-dimension", "value_kind"): 0.80,
    ("recognizers-percent", "value"): 0.95,
    ("recognizers-number", "value"): 0.70,
}


def predictions(raw_dir: Path, out: Path) -> Path:
    """Figures of every readable document in raw_dir as JSON Lines, in the scorer's columns."""
    with out.open("w", encoding="utf-8") as sink:
        for doc in scan(raw_dir):
            text = read_text(doc)
            if text is None:
                continue
            try:
                found = extract(text).figures
            except WorkBudgetExceeded:
                continue  # quarantined by the pipeline: no figures published
            for f in found:
                row = {"doc_id": doc.doc_id, "start": f.start, "end": f.end, "text": f.text, "kind": f.kind,
                       "value": f.value, "value_max": f.value_max, "unit": f.unit, "qualifier": f.qualifier,
                       "year": f.year, "subject": f.subject, "rule": f.rule}
                sink.write(json.dumps(row) + "\n")
    return out


def score_figures(shared: Path, golds: list[Path], pred: Path, errors: bool) -> dict[str, object]:
    """The summary score_figures.py prints as JSON (and its error list when asked)."""
    tool = shared / "tools" / "score_figures.py"
    gold_args = [arg for g in golds for arg in ("--gold", str(g))]
    if errors:
        listing = subprocess.run([sys.executable, str(tool), *gold_args, "--pred", str(pred), "--errors"],
                                 capture_output=True, text=True, check=True).stdout
        print("\n".join(line for line in listing.splitlines() if line.split("\t")[0] in
                        ("MISS", "FALSE", "WRONG", "FIELD")))
    done = subprocess.run([sys.executable, str(tool), *gold_args, "--pred", str(pred), "--json"],
                          capture_output=True, text=True, check=True).stdout
    summary: dict[str, object] = json.loads(done[:done.rindex("}") + 1])
    return summary


def external(shared: Path, work: Path) -> dict[str, dict[str, float]]:
    """Value F1 and value+kind F1 of every external set, from score_external.py's results.json."""
    tool = shared / "tools" / "score_external.py"
    preds = work / "preds"
    subprocess.run([sys.executable, str(tool), "predict", "--system", "project", "--project-dir", str(ROOT),
                    "--out", str(preds / "project.jsonl")], check=True, capture_output=True)
    subprocess.run([sys.executable, str(tool), "score", "--preds", str(preds), "--out", str(work / "results")],
                   check=True, capture_output=True)
    results = json.loads((work / "results" / "results.json").read_text(encoding="utf-8"))
    scores: dict[str, dict[str, float]] = {}
    for name, data in results["sets"].items():
        mine = data.get("systems", {}).get("project")
        if mine:
            scores[name] = {"value": mine["value"][2], "value_kind": mine["value_kind"][2]}
    return scores


def _line(label: str, metric: str, value: float) -> str:
    target = TARGETS.get((label, metric))
    verdict = "" if target is None else f"  (target >= {target:.2f}: {'met' if value >= target else 'NOT met'})"
    return f"  {label:<24} {metric:<11} {value:.3f}{verdict}"


def report_figures(label: str, summary: dict[str, object]) -> None:
    def f1(key: str) -> float:
        part = summary[key]
        return float(part["f1"]) if isinstance(part, dict) else 0.0

    print(f"{label}:")
    for metric in ("detection", "strict", "record"):
        print(_line(label, metric, f1(metric)))
    for metric in ("unit_accuracy", "qualifier_accuracy", "year_accuracy", "subject_f1"):
        value = summary.get(metric)
        if isinstance(value, float):
            print(f"  {label:<24} {metric:<11} {value:.3f}")
    by_kind = summary.get("strict_recall_by_kind")
    if isinstance(by_kind, dict):
        print(f"  strict recall by kind: {', '.join(f'{k} {v}' for k, v in sorted(by_kind.items()))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("BILATERAL_SHARED_DIR", ROOT.parent / "shared")))
    parser.add_argument("--errors", action="store_true", help="list every miss, false alarm and wrong field")
    parser.add_argument("--work", type=Path, help="keep predictions and reports here (default: a temp dir)")
    args = parser.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "tools" / "score_figures.py").is_file():
        print(f"accuracy: no shared material at {shared} (tools/score_figures.py missing); nothing to score.")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work: Path = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        seeds = predictions(ROOT / "raw", work / "seeds.jsonl")
        report_figures("seeds", score_figures(shared, [ROOT / "tests" / "gold" / "seeds.jsonl"], seeds, args.errors))
        dev_raw = shared / "dev" / "raw"
        if dev_raw.is_dir():
            dev = predictions(dev_raw, work / "dev.jsonl")
            golds = sorted((shared / "dev" / "gold").glob("*.jsonl"))
            report_figures("dev", score_figures(shared, golds, dev, args.errors))
        else:
            print(f"dev: {dev_raw} missing, skipped")
        if (shared / "tools" / "score_external.py").is_file() and (shared / "external").is_dir():
            print("external (value F1, value+kind F1):")
            for name, scores in external(shared, work / "external").items():
                print(_line(name, "value", scores["value"]))
                print(_line(name, "value_kind", scores["value_kind"]))
            if args.work:
                print(f"  failure patterns: {work / 'external' / 'results' / 'failures.md'}")
        else:
            print("external: no score_external.py or external/ in the shared folder, skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
