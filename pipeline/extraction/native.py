"""The compiled extraction: used only while it was built from the sources on disk.

`make install` compiles the extraction modules with mypyc into C extensions beside their
sources (`python -m pipeline.build_native`), which runs the same code about 1.3x faster. Python
imports an extension before the source of the same name, so a build older than the sources (a
rule edited since) would silently run the old rules. This module, which is never compiled, is
imported first by the package: it compares the build's stamp with the hash of the sources and,
when they differ, or when PIPELINE_NATIVE=0, makes every extraction module import from its
source. The output is the same either way; only the speed differs.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from pathlib import Path
from types import ModuleType

PACKAGE = "pipeline.extraction"
DIRECTORY = Path(__file__).resolve().parent
#: The source hash the build was made from (written by `pipeline.build_native`, not committed).
STAMP = DIRECTORY / "_native.stamp"
#: Modules never compiled: the package itself, this module, and budget (an Exception subclass,
#: which mypyc cannot compile as a native class).
NOT_COMPILED = frozenset({"__init__", "native", "budget"})
#: `PIPELINE_NATIVE=0` runs the sources even when the build is current (to compare, or debug).
SWITCH = "PIPELINE_NATIVE"


def source_hash() -> str:
    """Hash of the package's sources: any change to a rule changes it (and the extractor version)."""
    digest = hashlib.sha256()
    for path in sorted(DIRECTORY.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def compiled_files(directory: Path = DIRECTORY) -> list[Path]:
    """The build's extension files in the package directory (none in a fresh clone)."""
    # each file once: "x.cpython-311-x86_64-linux-gnu.so" also ends with the suffixes ".abi3.so" and ".so"
    return sorted({p for suffix in importlib.machinery.EXTENSION_SUFFIXES for p in directory.glob(f"*{suffix}")})


def recorded_stamp() -> str | None:
    """The source hash the build on disk was made from (None without a build)."""
    return STAMP.read_text(encoding="utf-8").strip() if STAMP.is_file() else None


def build_is_current(stamp: str | None, sources: str, has_build: bool, switch: str | None) -> bool:
    """Whether the compiled modules may be imported: a build exists, its stamp names these very
    sources, and nobody asked for the sources."""
    return has_build and stamp is not None and stamp.strip() == sources and switch != "0"


class SourceFinder(MetaPathFinder):
    """Imports the modules of one package from their `.py` sources, whatever else lies beside them."""

    def __init__(self, package: str, directory: Path) -> None:
        self.package = package
        self.directory = directory

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        parent, _, name = fullname.rpartition(".")
        source = self.directory / f"{name}.py"
        if parent != self.package or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def switch_value(value: str | None) -> str | None:
    """PIPELINE_NATIVE as given: unset, "1" or "0"; anything else is an error that says so."""
    if value is None or value.strip() == "":
        return None
    if value.strip() not in ("0", "1"):
        raise ValueError(f"{SWITCH} must be 0 (run the extraction from its sources) or 1, got {value!r}")
    return value.strip()


def choose_build() -> bool:
    """Use the compiled modules when they are current; else route every import to the sources.
    Returns whether the compiled modules are in use."""
    switch = switch_value(os.environ.get(SWITCH))
    files = compiled_files()
    if build_is_current(recorded_stamp(), SOURCE_HASH, bool(files), switch):
        return True
    if files and not any(isinstance(f, SourceFinder) and f.package == PACKAGE for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFinder(PACKAGE, DIRECTORY))
    return False


SOURCE_HASH = source_hash()
#: Whether the compiled modules are in use in this process.
COMPILED = choose_build()
