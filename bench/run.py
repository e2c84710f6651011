"""The benchmark: `make bench`, or `python -m bench.run --sizes 100,1000` for a quick run.

For each corpus size (synthetic documents built from raw/, see bench/corpus.py) it measures

- extraction throughput on one core: pure `pipeline.extraction.extract(text)` calls on texts
  already in memory (at most --extract-sample documents per size: the work per document does
  not depend on the corpus size);
- end-to-end wall time of a full materialisation in a subprocess
  (`python -m pipeline --raw DIR --output DIR run`, fresh output directory, so no cache),
  with the subprocess's peak RSS, and the time per document;

then, on the largest corpus, the time of an incremental run after adding one new document
(same output directory: every other document comes from the extraction cache), and
quantulum3's throughput on a small sample of the same texts.

Prints a table and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from bench.corpus import CORPORA, ROOT, build_corpus, extra_document

RESULTS = Path(__file__).resolve().parent / "results.json"
RUNS = CORPORA / "_runs"


@dataclass(frozen=True)
class Throughput:
    documents: int
    megabytes: float
    seconds: float

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str


def read_texts(corpus: Path, limit: int | None = None) -> list[str]:
    paths = sorted(corpus.glob("*.txt"))[:limit]
    return [p.read_text(encoding="utf-8") for p in paths]


def extraction_throughput(texts: list[str]) -> Throughput:
    """Pure extract() calls, one after another, in this process (one core)."""
    from pipeline.extraction import extract

    extract(texts[0])  # warm: compiled patterns, imports
    start = time.perf_counter()
    for text in texts:
        extract(text)
    seconds = time.perf_counter() - start
    return Throughput(len(texts), sum(len(t.encode()) for t in texts) / 1e6, seconds)


def quantulum3_throughput(texts: list[str]) -> Throughput:
    """quantulum3's parser on the same kind of texts (its classifier extra is not installed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse("Trade reached $807bn in 2023, up 5 percent.")  # warm: loads its unit tables
        start = time.perf_counter()
        for text in texts:
            parser.parse(text)
        seconds = time.perf_counter() - start
    return Throughput(len(texts), sum(len(t.encode()) for t in texts) / 1e6, seconds)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def materialise(raw: Path, outputs: Path, env: dict[str, str] | None = None) -> Run:
    """`python -m pipeline run` in a subprocess: wall time and peak RSS (polled every 50 ms)."""
    command = [sys.executable, "-m", "pipeline", "--raw", str(raw), "--output", str(outputs), "run"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "PIPELINE_LOG_LEVEL": "WARNING", **(env or {})})
    process = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, _tree_rss(process))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    output = child.stdout.read() if child.stdout else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; the largest child so far
    if after > before:
        peak = max(peak, after * 1024)
    return Run(seconds, peak / 2**20, child.returncode, output)


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def incremental_corpus(corpus: Path, target: Path, seed: int) -> Path:
    """The corpus (hard links, or copies across file systems) plus one new document."""
    _fresh(target)
    for path in corpus.glob("*.txt"):
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)
    (target / "doc-new.txt").write_text(extra_document(seed), encoding="utf-8")
    return target


def _check(run: Run, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.output}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--extract-sample", type=int, default=1000,
                        help="at most this many documents per size for the one-core extraction timing")
    parser.add_argument("--quantulum-docs", type=int, default=20, help="documents parsed with quantulum3")
    parser.add_argument("--no-quantulum", action="store_true", help="skip quantulum3")
    parser.add_argument("--dask", action="store_true",
                        help="also materialise each corpus with a 2-worker LocalCluster (DASK_SCHEDULER_ADDRESS)")
    parser.add_argument("--keep", action="store_true", help="keep the output directories under bench/corpora/_runs")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--incremental-from", type=Path, metavar="OUTPUT_DIR",
                        help="only the incremental run: OUTPUT_DIR holds a release of the largest --sizes corpus "
                             "(its warm cache); it is copied with hard links, one document is added, and only the "
                             "incremental keys of --results are updated")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    if args.incremental_from is not None:
        return incremental_only(args.incremental_from, sizes[-1], args.seed, args.results)

    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
        "sizes": sizes,
        "corpus_mb": {}, "extract_by_size": {}, "e2e_seconds": {}, "peak_rss_mb": {}, "per_document_ms": {},
    }
    extraction: list[Throughput] = []
    cluster = None
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=True)
        results["e2e_dask_seconds"] = {}
    try:
        for size in sizes:
            t0 = time.perf_counter()
            corpus = build_corpus(size, args.seed)
            mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
            results["corpus_mb"][str(size)] = round(mb, 2)
            print(f"[{size}] corpus {corpus} ({mb:.1f} MB, built/reused in {time.perf_counter() - t0:.1f}s)",
                  flush=True)

            sample = read_texts(corpus, args.extract_sample)
            measured = extraction_throughput(sample)
            extraction.append(measured)
            del sample
            results["extract_by_size"][str(size)] = {
                "documents": measured.documents, "mb": round(measured.megabytes, 3),
                "seconds": round(measured.seconds, 2), "mb_per_s": round(measured.mb_per_s, 3),
                "docs_per_s": round(measured.docs_per_s, 1),
            }
            print(f"[{size}] extract: {measured.mb_per_s:.3f} MB/s, {measured.docs_per_s:.1f} docs/s "
                  f"({measured.documents} docs)", flush=True)

            outputs = _fresh(RUNS / f"{size}-out")
            run = materialise(corpus, outputs)
            _check(run, f"materialising {size} documents")
            results["e2e_seconds"][str(size)] = round(run.seconds, 2)
            results["peak_rss_mb"][str(size)] = round(run.peak_rss_mb, 1)
            results["per_document_ms"][str(size)] = round(1000 * run.seconds / size, 2)
            print(f"[{size}] end to end: {run.seconds:.1f}s, peak RSS {run.peak_rss_mb:.0f} MB, "
                  f"{1000 * run.seconds / size:.1f} ms/doc", flush=True)

            if cluster is not None:
                dask_out = _fresh(RUNS / f"{size}-dask-out")
                dask_run = materialise(corpus, dask_out, {"DASK_SCHEDULER_ADDRESS": cluster.scheduler_address})
                _check(dask_run, f"materialising {size} documents on dask")
                results["e2e_dask_seconds"][str(size)] = round(dask_run.seconds, 2)
                print(f"[{size}] end to end on a 2-worker LocalCluster: {dask_run.seconds:.1f}s", flush=True)
                if not args.keep:
                    shutil.rmtree(dask_out, ignore_errors=True)

            if size == sizes[-1]:
                raw = incremental_corpus(corpus, RUNS / f"{size}-incremental-raw", args.seed)
                inc = materialise(raw, outputs)
                _check(inc, "incremental run")
                results["incremental_size"] = size + 1
                results["incremental_seconds"] = round(inc.seconds, 2)
                results["incremental_peak_rss_mb"] = round(inc.peak_rss_mb, 1)
                print(f"[{size}] incremental run (+1 document): {inc.seconds:.1f}s, "
                      f"peak RSS {inc.peak_rss_mb:.0f} MB", flush=True)
                if not args.keep:
                    shutil.rmtree(raw, ignore_errors=True)
            if not args.keep:
                shutil.rmtree(outputs, ignore_errors=True)
    finally:
        if cluster is not None:
            cluster.close()

    total = Throughput(sum(t.documents for t in extraction), sum(t.megabytes for t in extraction),
                       sum(t.seconds for t in extraction))
    results["extract_mb_per_s"] = round(total.mb_per_s, 3)
    results["extract_docs_per_s"] = round(total.docs_per_s, 1)
    if not args.no_quantulum:
        texts = read_texts(build_corpus(sizes[0], args.seed), args.quantulum_docs)
        q = quantulum3_throughput(texts)
        same = extraction_throughput(texts)
        results["quantulum3_mb_per_s"] = round(q.mb_per_s, 4)
        results["quantulum3_documents"] = q.documents
        results["extract_mb_per_s_same_sample"] = round(same.mb_per_s, 3)
        results["speedup_vs_quantulum3"] = round(same.mb_per_s / q.mb_per_s, 1)
    results["targets"] = targets(results)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nwritten: {args.results}")
    return 0


def incremental_only(warm: Path, size: int, seed: int, results_path: Path) -> int:
    """The incremental run alone, on a copy of an output directory that already published the corpus."""
    corpus = build_corpus(size, seed)
    outputs = RUNS / f"{size}-incremental-out"
    if outputs.exists():
        shutil.rmtree(outputs)
    subprocess.run(["cp", "-al", str(warm), str(outputs)], check=True)  # releases and writes are atomic renames
    raw = incremental_corpus(corpus, RUNS / f"{size}-incremental-raw", seed)
    inc = materialise(raw, outputs)
    _check(inc, "incremental run")
    print(f"[{size}] incremental run (+1 document): {inc.seconds:.1f}s, peak RSS {inc.peak_rss_mb:.0f} MB", flush=True)
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    results.update(incremental_size=size + 1, incremental_seconds=round(inc.seconds, 2),
                   incremental_peak_rss_mb=round(inc.peak_rss_mb, 1))
    if "targets" in results:
        results["targets"]["incremental_seconds < 20"] = {"value": results["incremental_seconds"],
                                                          "met": results["incremental_seconds"] < 20}
        results["targets"]["incremental_peak_rss_mb < 2048"] = {"value": results["incremental_peak_rss_mb"],
                                                               "met": results["incremental_peak_rss_mb"] < 2048}
    results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(outputs, ignore_errors=True)
    return 0


def targets(r: dict[str, Any]) -> dict[str, Any]:
    """Each target of issue 6 with the measured value and whether it is met."""
    out: dict[str, Any] = {"extract_mb_per_s >= 5": {"value": r["extract_mb_per_s"], "met": r["extract_mb_per_s"] >= 5}}
    if "speedup_vs_quantulum3" in r:
        out["speedup_vs_quantulum3 >= 50"] = {"value": r["speedup_vs_quantulum3"],
                                              "met": r["speedup_vs_quantulum3"] >= 50}
    if "10000" in r["e2e_seconds"]:
        out["e2e_seconds[10000] < 300"] = {"value": r["e2e_seconds"]["10000"], "met": r["e2e_seconds"]["10000"] < 300}
        out["peak_rss_mb[10000] < 2048"] = {"value": r["peak_rss_mb"]["10000"],
                                            "met": r["peak_rss_mb"]["10000"] < 2048}
        out["incremental_seconds < 20"] = {"value": r.get("incremental_seconds"),
                                           "met": r.get("incremental_seconds", 1e9) < 20}
        out["incremental_peak_rss_mb < 2048"] = {"value": r.get("incremental_peak_rss_mb"),
                                                 "met": r.get("incremental_peak_rss_mb", 1e9) < 2048}
    return out


def table(r: dict[str, Any]) -> str:
    lines = [
        f"{'documents':>10} {'corpus MB':>10} {'extract MB/s':>13} {'extract docs/s':>15} {'e2e s':>8} "
        f"{'ms/doc':>8} {'peak RSS MB':>12}",
    ]
    for size in r["sizes"]:
        k = str(size)
        e = r["extract_by_size"][k]
        lines.append(f"{size:>10} {r['corpus_mb'][k]:>10.1f} {e['mb_per_s']:>13.3f} {e['docs_per_s']:>15.1f} "
                     f"{r['e2e_seconds'][k]:>8.1f} {r['per_document_ms'][k]:>8.1f} {r['peak_rss_mb'][k]:>12.0f}")
    lines.append("")
    lines.append(f"extraction, one core: {r['extract_mb_per_s']:.3f} MB/s, {r['extract_docs_per_s']:.1f} docs/s")
    if "quantulum3_mb_per_s" in r:
        lines.append(f"quantulum3 on {r['quantulum3_documents']} documents: {r['quantulum3_mb_per_s']:.4f} MB/s; "
                     f"extract on the same: {r['extract_mb_per_s_same_sample']:.3f} MB/s "
                     f"({r['speedup_vs_quantulum3']:.1f}x)")
    if "incremental_seconds" in r:
        lines.append(f"incremental run, 1 new document among {r['incremental_size']}: {r['incremental_seconds']:.1f}s "
                     f"(peak RSS {r['incremental_peak_rss_mb']:.0f} MB)")
    if "e2e_dask_seconds" in r:
        lines.append("end to end on a 2-worker LocalCluster: "
                     + ", ".join(f"{k} docs {v:.1f}s" for k, v in r["e2e_dask_seconds"].items()))
    lines.append("")
    for name, t in r["targets"].items():
        lines.append(f"target {name}: {t['value']} -> {'met' if t['met'] else 'MISSED'}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
