"""The benchmark: `make bench`, or `python -m bench.run --sizes 100,1000` for a quick run.

For each corpus size (synthetic documents built from raw/, see bench/corpus.py) it measures

- extraction throughput on one core: pure `pipeline.extraction.extract(text)` calls on texts
  already in memory (at most --extract-sample documents per size: the work per document does
  not depend on the corpus size);
- end-to-end wall time of a full materialisation in a subprocess
  (`python -m pipeline --raw DIR --output DIR run`, fresh output directory, so no cache),
  with the subprocess's peak RSS, and the time per document;

- a bare `re` digit scan (`\\d+` finditer) over the same texts in the same run: the ratio
  extraction time / scan time says how far extraction is from the cost of merely finding numbers;

then, on the largest corpus, the time of an incremental run after adding one new document
(same output directory: every other document comes from the extraction cache), quantulum3's
throughput on a small sample of the same texts, and `dagster asset materialize --select '*'`
on the seed documents in raw/.

`--dask` also runs the --dask-size corpus on a real local Dask scheduler (`dask scheduler` and
`dask worker` processes, one thread each) with 1 and then 2 workers through
DASK_SCHEDULER_ADDRESS, profiles the client (cProfile: where the pipeline process spends its
time while the workers extract), and estimates from those runs what a 1,000,000-document
(~25 GB) corpus would take on 32 workers (`estimate_at_scale`, arithmetic included).

Prints a table and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
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


def extraction_compiled() -> bool:
    """Whether extraction ran from the mypyc build (`make bench` compiles it) or from the sources."""
    from pipeline.extraction import COMPILED

    return COMPILED


#: The cheapest possible pass that finds every number: what extraction is compared with.
DIGITS = re.compile(r"\d+")


def bare_scan_throughput(texts: list[str]) -> Throughput:
    """A bare `re` scan for digit runs over the same texts, one after another (one core)."""
    found = 0
    start = time.perf_counter()
    for text in texts:
        for _ in DIGITS.finditer(text):
            found += 1
    seconds = time.perf_counter() - start
    return Throughput(len(texts), sum(len(t.encode()) for t in texts) / 1e6, max(seconds, 1e-9))


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


def materialise(raw: Path, outputs: Path, env: dict[str, str] | None = None, profile: Path | None = None) -> Run:
    """`python -m pipeline run` in a subprocess: wall time and peak RSS (polled every 50 ms).
    `profile`: run it under cProfile, writing the stats there (slower: time it apart)."""
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile is not None else []
    command = [sys.executable, *profiler, "-m", "pipeline", "--raw", str(raw), "--output", str(outputs), "run"]
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


def dagster_materialize_seeds() -> Run:
    """`dagster asset materialize --select '*'` of the whole graph on the seed documents in raw/
    (fresh DAGSTER_HOME and output directory), as a user would run it."""
    dagster = Path(sys.executable).with_name("dagster")
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        env = {**os.environ, "DAGSTER_HOME": str(home), "PIPELINE_RAW_DIR": str(ROOT / "raw"),
               "PIPELINE_OUTPUT_DIR": str(Path(scratch) / "out")}
        start = time.perf_counter()
        command = [str(dagster), "asset", "materialize", "--select", "*", "-m", "pipeline.defs.definitions"]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    return Run(seconds, 0.0, done.returncode, done.stdout[-2000:] + done.stderr[-2000:])


@contextlib.contextmanager
def local_dask_cluster(workers: int, scratch: Path) -> Iterator[str]:
    """A real Dask scheduler and `workers` worker processes (one thread each) on this machine,
    started as `dask scheduler` / `dask worker` subprocesses; yields the scheduler's address."""
    from distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = scratch / f"scheduler-{workers}.json"
    scheduler_file.unlink(missing_ok=True)
    logs = (scratch / f"dask-{workers}.log").open("w")
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(scheduler_file)], stdout=logs, stderr=logs, cwd=ROOT)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise SystemExit(f"the Dask scheduler did not start (see {logs.name})")
            time.sleep(0.1)
        processes.append(subprocess.Popen(
            [dask, "worker", "--scheduler-file", str(scheduler_file), "--nworkers", str(workers), "--nthreads", "1",
             "--no-dashboard", "--memory-limit", "0"], stdout=logs, stderr=logs, cwd=ROOT))
        with Client(scheduler_file=str(scheduler_file), set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
            address = str(client.scheduler.address)
        yield address
    finally:
        for process in reversed(processes):  # workers first, then the scheduler: only what we started
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        logs.close()


#: How many lines of the client's profile are kept: by cumulative time, then by own time.
CLIENT_PROFILE_LINES = 14


def client_profile_lines(profile: Path, lines: int = CLIENT_PROFILE_LINES) -> list[str]:
    """Where the client spends its time: the pipeline's functions by cumulative time (imports
    left out), then every function by its own time (waiting on the workers shows as lock waits)."""
    summary: list[str] = []
    for order, restriction, title in (("cumulative", r"pipeline/.*\((?!<module>)", "pipeline functions, cumulative"),
                                      ("tottime", "", "all functions, own time")):
        out = io.StringIO()
        stats = pstats.Stats(str(profile), stream=out)
        stats.sort_stats(order).print_stats(*([restriction] if restriction else []), lines)
        text = out.getvalue()
        body = text[text.index("ncalls"):] if "ncalls" in text else text
        summary.append(f"-- {title}")
        summary.extend(line.rstrip().replace(str(ROOT) + "/", "") for line in body.splitlines() if line.strip())
    return summary


def dask_runs(corpus: Path, workers_list: list[int], profile_workers: int | None) -> dict[str, Any]:
    """The corpus published through DASK_SCHEDULER_ADDRESS on a local cluster of each size in
    `workers_list` (fresh output directory each time), then once more under cProfile."""
    mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
    documents = len(list(corpus.glob("*.txt")))
    result: dict[str, Any] = {"documents": documents, "mb": round(mb, 2), "e2e_seconds": {}, "peak_rss_mb": {}}
    with tempfile.TemporaryDirectory(dir=CORPORA) as scratch_dir:
        scratch = Path(scratch_dir)
        for workers in workers_list:
            with local_dask_cluster(workers, scratch) as address:
                if workers == workers_list[0]:  # the fixed cost of a run on this path: the two seed documents
                    seeds = materialise(ROOT / "raw", _fresh(scratch / "out-seeds"),
                                        {"DASK_SCHEDULER_ADDRESS": address})
                    _check(seeds, "the seeds on Dask")
                    result["seeds_seconds"] = round(seeds.seconds, 2)
                run = materialise(corpus, _fresh(scratch / f"out-{workers}"), {"DASK_SCHEDULER_ADDRESS": address})
                _check(run, f"materialising {documents} documents on {workers} Dask worker(s)")
                result["e2e_seconds"][str(workers)] = round(run.seconds, 2)
                result["peak_rss_mb"][str(workers)] = round(run.peak_rss_mb, 1)  # client only: workers are apart
                print(f"[dask {documents}] {workers} worker(s): {run.seconds:.1f}s, client peak RSS "
                      f"{run.peak_rss_mb:.0f} MB", flush=True)
                if workers == profile_workers:
                    profile = scratch / "client.prof"
                    profiled = materialise(corpus, _fresh(scratch / "out-profiled"),
                                           {"DASK_SCHEDULER_ADDRESS": address}, profile=profile)
                    _check(profiled, "the profiled Dask run")
                    result["client_profile_workers"] = workers
                    result["client_profile_seconds"] = round(profiled.seconds, 2)
                    result["client_profile"] = client_profile_lines(profile)
    times = result["e2e_seconds"]
    if "1" in times and "2" in times:
        result["speedup_2_over_1"] = round(times["1"] / times["2"], 2)
    return result


def estimate_at_scale(
    dask: dict[str, Any], extract_mb_per_s: float, fixed_seconds: float,
    documents: int = 1_000_000, megabytes: float = 25_000.0, workers: int = 32,
) -> dict[str, Any]:
    """What a corpus of `documents` (`megabytes`) would take on `workers` Dask workers, from the
    1- and 2-worker runs: T(w) = A + W / w, so W = 2 (T1 - T2) (extraction, divided among the
    workers) and A = 2 T2 - T1 (everything the client does alone). A is `fixed_seconds` (start-up:
    the same run on the two seed documents) plus a part per document; W grows with the megabytes.
    When the two runs show no speed-up (two cores shared by client, scheduler and workers), W
    is the one-core extraction time instead (megabytes / extract MB/s) and A = T1 - W."""
    t1, t2 = float(dask["e2e_seconds"]["1"]), float(dask["e2e_seconds"]["2"])
    n, mb = int(dask["documents"]), float(dask["mb"])
    work, alone, how = 2 * (t1 - t2), 2 * t2 - t1, "fit of the 1- and 2-worker runs"
    if work <= 0 or alone <= 0:
        work, how = mb / extract_mb_per_s, "one-core extraction rate (the runs showed no usable speed-up)"
        alone = max(t1 - work, 0.0)
    per_document = max(alone - fixed_seconds, 0.0) / n
    client = fixed_seconds + per_document * documents
    extraction = work * (megabytes / mb) / workers
    total = client + extraction
    arithmetic = (
        f"measured on {n} documents ({mb:.1f} MB): T1 = {t1:.1f} s, T2 = {t2:.1f} s ({how}); "
        f"extraction W = {work:.1f} s on one worker, client alone A = {alone:.1f} s = {fixed_seconds:.1f} s "
        f"start-up + {per_document * 1000:.2f} ms/document. At {documents:,} documents ({megabytes:,.0f} MB) "
        f"on {workers} workers: {fixed_seconds:.1f} + {per_document * 1000:.2f} ms x {documents:,} = {client:,.0f} s "
        f"in the client, + {work:.1f} s x {megabytes / mb:,.0f} / {workers} = {extraction:,.0f} s of extraction "
        f"= {total:,.0f} s ({total / 3600:.1f} h), if the client overlaps nothing and the workers scale linearly")
    return {"documents": documents, "megabytes": megabytes, "workers": workers, "client_seconds": round(client),
            "extraction_seconds": round(extraction), "total_seconds": round(total), "method": how,
            "arithmetic": arithmetic}


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
    parser.add_argument("--no-dagster", action="store_true", help="skip `dagster asset materialize` on the seeds")
    parser.add_argument("--dask", action="store_true",
                        help="also run the --dask-size corpus on a local Dask scheduler with --dask-workers workers")
    parser.add_argument("--dask-size", type=int, help="documents of the Dask runs (default: the smallest --sizes)")
    parser.add_argument("--dask-workers", default="1,2", help="worker counts of the Dask runs, comma-separated")
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
    scans: list[Throughput] = []
    for size in sizes:
        t0 = time.perf_counter()
        corpus = build_corpus(size, args.seed)
        mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
        results["corpus_mb"][str(size)] = round(mb, 2)
        print(f"[{size}] corpus {corpus} ({mb:.1f} MB, built/reused in {time.perf_counter() - t0:.1f}s)",
              flush=True)

        sample = read_texts(corpus, args.extract_sample)
        measured = extraction_throughput(sample)
        scan = bare_scan_throughput(sample)
        extraction.append(measured)
        scans.append(scan)
        del sample
        results["extract_by_size"][str(size)] = {
            "documents": measured.documents, "mb": round(measured.megabytes, 3),
            "seconds": round(measured.seconds, 2), "mb_per_s": round(measured.mb_per_s, 3),
            "docs_per_s": round(measured.docs_per_s, 1), "bare_scan_seconds": round(scan.seconds, 4),
            "ratio_to_bare_scan": round(measured.seconds / scan.seconds, 1),
        }
        print(f"[{size}] extract: {measured.mb_per_s:.3f} MB/s, {measured.docs_per_s:.1f} docs/s "
              f"({measured.documents} docs); bare digit scan {scan.mb_per_s:.1f} MB/s, "
              f"ratio {measured.seconds / scan.seconds:.1f}x; "
              f"{'compiled (mypyc)' if extraction_compiled() else 'from the sources, not compiled'}", flush=True)

        outputs = _fresh(RUNS / f"{size}-out")
        run = materialise(corpus, outputs)
        _check(run, f"materialising {size} documents")
        results["e2e_seconds"][str(size)] = round(run.seconds, 2)
        results["peak_rss_mb"][str(size)] = round(run.peak_rss_mb, 1)
        results["per_document_ms"][str(size)] = round(1000 * run.seconds / size, 2)
        print(f"[{size}] end to end: {run.seconds:.1f}s, peak RSS {run.peak_rss_mb:.0f} MB, "
              f"{1000 * run.seconds / size:.1f} ms/doc", flush=True)

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

    total = Throughput(sum(t.documents for t in extraction), sum(t.megabytes for t in extraction),
                       sum(t.seconds for t in extraction))
    scanned = Throughput(sum(t.documents for t in scans), sum(t.megabytes for t in scans),
                         sum(t.seconds for t in scans))
    results["extract_mb_per_s"] = round(total.mb_per_s, 3)
    results["extraction_compiled"] = extraction_compiled()
    results["extract_docs_per_s"] = round(total.docs_per_s, 1)
    results["bare_scan_mb_per_s"] = round(scanned.mb_per_s, 1)
    results["extract_to_bare_scan_ratio"] = round(total.seconds / scanned.seconds, 1)
    if not args.no_dagster:
        seeds = dagster_materialize_seeds()
        _check(seeds, "dagster asset materialize on the seeds")
        results["dagster_materialize_seeds_seconds"] = round(seeds.seconds, 2)
        print(f"dagster asset materialize --select '*' on the seeds: {seeds.seconds:.1f}s", flush=True)
    if args.dask:
        workers = sorted(int(w) for w in args.dask_workers.split(",") if w.strip())
        dask_size = args.dask_size or sizes[0]
        results["dask"] = dask_runs(build_corpus(dask_size, args.seed), workers, max(workers))
        if {"1", "2"} <= set(results["dask"]["e2e_seconds"]):
            results["estimate_1m_documents"] = estimate_at_scale(
                results["dask"], results["extract_mb_per_s"], results["dask"]["seeds_seconds"])
    if not args.no_quantulum:
        texts = read_texts(build_corpus(sizes[0], args.seed), args.quantulum_docs)
        q = quantulum3_throughput(texts)
        same = extraction_throughput(texts)
        results["quantulum3_mb_per_s"] = round(q.mb_per_s, 4)
        results["quantulum3_documents"] = q.documents
        results["extract_mb_per_s_same_sample"] = round(same.mb_per_s, 3)
        results["speedup_vs_quantulum3"] = round(same.mb_per_s / q.mb_per_s, 1)
    results["table"] = summary_rows(results)
    results["targets"] = targets(results)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nwritten: {args.results}")
    return 0


def summary_rows(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The README's table, one row per size: documents, MB, e2e s, ms/doc, peak RSS and, for the
    largest size, the incremental run (one document added to the cached corpus)."""
    rows = []
    for size in r["sizes"]:
        k = str(size)
        rows.append({"documents": size, "mb": r["corpus_mb"][k], "e2e_seconds": r["e2e_seconds"][k],
                     "ms_per_document": r["per_document_ms"][k], "peak_rss_mb": r["peak_rss_mb"][k],
                     "incremental_seconds": r.get("incremental_seconds") if size == r["sizes"][-1] else None})
    return rows


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
    if "sizes" in results:
        results["table"] = summary_rows(results)
        results["targets"] = targets(results)
    results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(outputs, ignore_errors=True)
    return 0


def _target(value: Any, met: bool) -> dict[str, Any]:
    return {"value": value, "met": met}


def targets(r: dict[str, Any]) -> dict[str, Any]:
    """Each target of issue 13 with the measured value and whether it is met (None: not measured)."""
    out: dict[str, Any] = {
        "extract_mb_per_s >= 6": _target(r["extract_mb_per_s"], r["extract_mb_per_s"] >= 6),
        "extract_to_bare_scan_ratio <= 20": _target(r["extract_to_bare_scan_ratio"],
                                                    r["extract_to_bare_scan_ratio"] <= 20),
    }
    if "dagster_materialize_seeds_seconds" in r:
        seconds = r["dagster_materialize_seeds_seconds"]
        out["dagster_materialize_seeds_seconds <= 10"] = _target(seconds, seconds <= 10)
    if "10000" in r["e2e_seconds"]:
        out["e2e_seconds[10000] <= 60"] = _target(r["e2e_seconds"]["10000"], r["e2e_seconds"]["10000"] <= 60)
        out["peak_rss_mb[10000] <= 1024"] = _target(r["peak_rss_mb"]["10000"], r["peak_rss_mb"]["10000"] <= 1024)
    if r.get("incremental_size") == 10001:
        out["incremental_seconds <= 5"] = _target(r["incremental_seconds"], r["incremental_seconds"] <= 5)
        out["incremental_peak_rss_mb <= 1024"] = _target(r["incremental_peak_rss_mb"],
                                                         r["incremental_peak_rss_mb"] <= 1024)
    return out


def table(r: dict[str, Any]) -> str:
    lines = [f"{'documents':>10} {'MB':>8} {'e2e s':>8} {'ms/doc':>8} {'peak RSS MB':>12} {'incremental s':>14} "
             f"{'extract MB/s':>13} {'x bare scan':>12}"]
    for row in r["table"]:
        e = r["extract_by_size"][str(row["documents"])]
        incremental = f"{row['incremental_seconds']:.1f}" if row["incremental_seconds"] is not None else ""
        lines.append(f"{row['documents']:>10} {row['mb']:>8.1f} {row['e2e_seconds']:>8.1f} "
                     f"{row['ms_per_document']:>8.1f} {row['peak_rss_mb']:>12.0f} {incremental:>14} "
                     f"{e['mb_per_s']:>13.3f} {e['ratio_to_bare_scan']:>12.1f}")
    lines.append("")
    lines.append(f"extraction, one core: {r['extract_mb_per_s']:.3f} MB/s, {r['extract_docs_per_s']:.1f} docs/s; "
                 f"bare digit scan {r['bare_scan_mb_per_s']:.1f} MB/s: extraction takes "
                 f"{r['extract_to_bare_scan_ratio']:.1f}x the bare scan's time")
    if "quantulum3_mb_per_s" in r:
        lines.append(f"quantulum3 on {r['quantulum3_documents']} documents: {r['quantulum3_mb_per_s']:.4f} MB/s; "
                     f"extract on the same: {r['extract_mb_per_s_same_sample']:.3f} MB/s "
                     f"({r['speedup_vs_quantulum3']:.1f}x)")
    if "incremental_seconds" in r:
        lines.append(f"incremental run, 1 new document among {r['incremental_size']}: {r['incremental_seconds']:.1f}s "
                     f"(peak RSS {r['incremental_peak_rss_mb']:.0f} MB)")
    if "dagster_materialize_seeds_seconds" in r:
        lines.append("dagster asset materialize --select '*' on the seeds: "
                     f"{r['dagster_materialize_seeds_seconds']:.1f}s")
    if "dask" in r:
        d = r["dask"]
        lines.append(f"Dask, {d['documents']} documents ({d['mb']:.1f} MB) on a local scheduler: "
                     + ", ".join(f"{w} worker(s) {s:.1f}s" for w, s in d["e2e_seconds"].items())
                     + (f"; speed-up 2 over 1: {d['speedup_2_over_1']:.2f}x" if "speedup_2_over_1" in d else ""))
        if "client_profile" in d:
            lines.append(f"where the client spends its time ({d['client_profile_workers']} workers, under cProfile, "
                         f"{d['client_profile_seconds']:.1f}s):")
            lines.extend(f"  {line}" for line in d["client_profile"])
    if "estimate_1m_documents" in r:
        lines.append(f"estimate: {r['estimate_1m_documents']['arithmetic']}")
    lines.append("")
    for name, t in r["targets"].items():
        lines.append(f"target {name}: {t['value']} -> {'met' if t['met'] else 'MISSED'}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
