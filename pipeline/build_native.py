"""`python -m pipeline.build_native`: compile the extraction modules with mypyc (`make install`).

Extraction is pure typed Python, most of its time in Python code between regex calls; mypyc
compiles the same modules to C extensions, which `pipeline.extraction.native` imports only while
the stamp written here matches the sources. Without a C compiler or mypyc the build is skipped
with a message and extraction runs from the sources: slower, same output (`--require`, as in
`make test`, makes that an error instead). `--clean` removes the build.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

from pipeline.extraction.native import (
    DIRECTORY,
    NOT_COMPILED,
    STAMP,
    build_is_current,
    compiled_files,
    recorded_stamp,
    source_hash,
)

ROOT = DIRECTORY.parent.parent
#: The shared library of the build, inside the package (not a top-level module of the checkout).
GROUP = "pipeline.extraction._native"


def sources() -> list[Path]:
    """The modules compiled: every extraction module but the few that stay Python."""
    return [p for p in sorted(DIRECTORY.glob("*.py")) if p.stem not in NOT_COMPILED]


def clean() -> None:
    """Remove the build: the package runs from its sources."""
    STAMP.unlink(missing_ok=True)
    for path in compiled_files():
        path.unlink()


def is_current() -> bool:
    """Whether the build on disk was made from these sources (nothing to do)."""
    return build_is_current(recorded_stamp(), source_hash(), bool(compiled_files()), None)


def build() -> str | None:
    """Compile in place and stamp the build; the reason when it could not be built."""
    clean()
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        return f"mypyc or setuptools is not installed ({exc.name})"
    stamp = source_hash()
    log = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(ROOT):
        work = Path(tmp)
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                setup(
                    name="bilateral-figures-extraction",
                    ext_modules=mypycify([str(p.relative_to(ROOT)) for p in sources()], group_name=GROUP,
                                         target_dir=str(work / "c")),
                    script_args=["build_ext", "--inplace", "--build-temp", str(work / "temp"),
                                 "--build-lib", str(work / "lib")],
                )
        except (Exception, SystemExit) as exc:  # setuptools reports a compiler failure as SystemExit
            clean()
            tail = "\n".join(log.getvalue().strip().splitlines()[-5:])
            return f"{type(exc).__name__}: {exc}\n{tail}"
    if source_hash() != stamp:  # a source changed while compiling: the build is not of these sources
        clean()
        return "the sources changed during the build"
    STAMP.write_text(stamp + "\n", encoding="utf-8")
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the build; run from the sources")
    parser.add_argument("--force", action="store_true", help="compile even when the build is current")
    parser.add_argument("--require", action="store_true",
                        help="fail when the build fails (make test: a change mypyc cannot compile is an error)")
    args = parser.parse_args(argv)
    if args.clean:
        clean()
        print("extraction: compiled build removed; runs from the sources")
        return 0
    if is_current() and not args.force:
        print(f"extraction: compiled build {recorded_stamp()} is current")
        return 0
    problem = build()
    if problem is not None:
        print(f"extraction: not compiled, runs from the sources (same output, slower): {problem}",
              file=sys.stderr)
        return 1 if args.require else 0
    print(f"extraction: compiled {len(sources())} modules with mypyc (build {recorded_stamp()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
