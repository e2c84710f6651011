"""Profile a full materialisation with pyinstrument: `python -m bench.profile --size 1000`.

`--cached` profiles a second run (one new document, everything else from the extraction
cache), as the incremental run of the benchmark does. Writes the text profile to
bench/corpora/_runs/profile-<size>[-cached].txt and prints it.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from pyinstrument import Profiler

from bench.corpus import build_corpus
from bench.run import RUNS, _fresh, incremental_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cached", action="store_true", help="profile the incremental run instead")
    args = parser.parse_args(argv)

    from pipeline.cli import run
    from pipeline.defs.resources import PipelinePaths

    corpus = build_corpus(args.size, args.seed)
    outputs = _fresh(RUNS / f"profile-{args.size}-out")
    raw = corpus
    if args.cached:
        run(PipelinePaths(raw_dir=str(corpus), output_dir=str(outputs)))
        raw = incremental_corpus(corpus, RUNS / f"profile-{args.size}-raw", args.seed)
    profiler = Profiler(interval=0.002)
    profiler.start()
    code = run(PipelinePaths(raw_dir=str(raw), output_dir=str(outputs)))
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    report = RUNS / f"profile-{args.size}{'-cached' if args.cached else ''}.txt"
    report.write_text(text, encoding="utf-8")
    print(text)
    print(f"written: {report}")
    shutil.rmtree(outputs, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
