"""The compiled extraction (mypyc) is used only while it matches the sources, and says the same."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extraction import native
from tests.conftest import RAW, ROOT

#: Extracts the seed documents and prints whether the build was used and every figure's fields.
_EXTRACT_SEEDS = """
import json, sys
from pathlib import Path
from dataclasses import asdict
import pipeline.extraction as extraction
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
rows = [asdict(f) for text in texts for f in extraction.extract(text).figures]
print(json.dumps({"compiled": extraction.COMPILED, "rows": rows}))
"""


def _extract_seeds(**env: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _EXTRACT_SEEDS, str(RAW)], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={**os.environ, **env})
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_build_is_used_only_when_its_stamp_names_these_sources() -> None:
    assert native.build_is_current("abc123\n", "abc123", has_build=True, switch=None)
    assert not native.build_is_current("abc123", "def456", has_build=True, switch=None)  # a rule edited since
    assert not native.build_is_current(None, "abc123", has_build=True, switch=None)  # no stamp
    assert not native.build_is_current("abc123", "abc123", has_build=False, switch=None)  # a fresh clone
    assert not native.build_is_current("abc123", "abc123", has_build=True, switch="0")  # PIPELINE_NATIVE=0


def test_a_stale_build_routes_every_extraction_import_to_its_source(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = tmp_path / "_native.stamp"
    stamp.write_text("0000stale000\n", encoding="utf-8")
    monkeypatch.setattr(native, "STAMP", stamp)
    monkeypatch.setattr(native, "compiled_files", lambda: [tmp_path / "figures.cpython-311-x86_64-linux-gnu.so"])
    monkeypatch.setattr(sys, "meta_path", [f for f in sys.meta_path if not isinstance(f, native.SourceFinder)])
    assert native.choose_build() is False
    finder = sys.meta_path[0]
    assert isinstance(finder, native.SourceFinder)
    spec = finder.find_spec("pipeline.extraction.figures")
    assert spec is not None and spec.origin == str(native.DIRECTORY / "figures.py")
    assert finder.find_spec("pipeline.tables") is None  # other packages import as usual
    assert finder.find_spec("pipeline.extraction.no_such_module") is None
    assert native.choose_build() is False and sum(isinstance(f, native.SourceFinder) for f in sys.meta_path) == 1


def test_compiled_and_source_extraction_give_the_same_figures() -> None:
    """Whatever this checkout holds (a build after `make install`, or none), both ways agree, and
    PIPELINE_NATIVE=0 always runs the sources."""
    default, sources = _extract_seeds(), _extract_seeds(PIPELINE_NATIVE="0")
    assert sources["compiled"] is False
    assert default["compiled"] is native.build_is_current(native.recorded_stamp(), native.source_hash(),
                                                          bool(native.compiled_files()), None)
    assert default["rows"] == sources["rows"]
    assert len(sources["rows"]) > 50  # type: ignore[arg-type]


def test_each_compiled_file_is_listed_once(tmp_path: Path) -> None:
    """A file named for this interpreter also ends with the generic suffixes (".so"): listed twice,
    removing the build failed on the second unlink."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        (tmp_path / f"figures{suffix}").write_bytes(b"")
    (tmp_path / "figures.py").write_text("", encoding="utf-8")
    found = native.compiled_files(tmp_path)
    assert len(found) == len(set(found)) == len(importlib.machinery.EXTENSION_SUFFIXES)


def test_the_switch_takes_0_or_1_and_names_anything_else() -> None:
    assert native.switch_value(None) is None and native.switch_value(" ") is None
    assert native.switch_value("0") == "0" and native.switch_value(" 1 ") == "1"
    with pytest.raises(ValueError, match=r"PIPELINE_NATIVE must be 0 .* or 1, got 'false'"):
        native.switch_value("false")
