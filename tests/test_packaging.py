"""Packaging: the lock pins what pyproject declares, runtime code imports only runtime dependencies,
and a configured Dask scheduler without the [dask] extra is a clear error."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>~!; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    """Every `name==version` in dependencies and the extras."""
    project = PYPROJECT["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {_name(r): r.split("==", 1)[1] for r in requirements if "==" in r}


def test_the_lock_holds_every_pinned_dependency_at_its_pinned_version() -> None:
    """Adding or bumping a dependency without `make lock` fails here, before CI installs from the lock."""
    locked = {p["name"]: p["version"] for p in LOCK["package"] if "version" in p}
    stale = {name: (version, locked.get(name)) for name, version in _pins().items() if locked.get(name) != version}
    assert not stale, f"uv.lock is stale (pyproject pin, lock): {stale}; run `make lock`"


def test_the_lock_records_the_extras_of_pyproject() -> None:
    project = next(p for p in LOCK["package"] if p["name"] == PYPROJECT["project"]["name"])
    assert set(project["optional-dependencies"]) == set(PYPROJECT["project"]["optional-dependencies"])


#: Import names of runtime distributions whose import name differs from the distribution's.
_IMPORT_NAMES = {"dagster": {"dagster", "dagster_shared"}, "pyarrow": {"pyarrow"}, "pandera": {"pandera"}}


def _third_party_imports(root: Path) -> dict[str, set[str]]:
    """Top-level modules imported at module level or in functions, by importing file."""
    found: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"pipeline", "schemas"}:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_runtime_code_imports_only_declared_runtime_dependencies() -> None:
    """What `make run` installs is enough: dask only behind the [dask] extra, nothing from [dev]."""
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    optional = {"distributed", "mypyc", "setuptools"}  # the [dask] and [native] extras
    allowed = set().union(*(_IMPORT_NAMES.get(name, {name}) for name in runtime)) | optional
    imported = _third_party_imports(ROOT / "pipeline") | _third_party_imports(ROOT / "schemas")
    undeclared = {name: files for name, files in imported.items() if name not in allowed}
    assert not undeclared
    assert imported["distributed"] == {"pipeline/distributed.py"}
    # the [native] extra: only the build imports it, and running never needs it
    assert imported["mypyc"] == imported["setuptools"] == {"pipeline/build_native.py"}
    assert "tabulate" in runtime  # DataFrame.to_markdown (asset and check metadata) needs it


def test_a_scheduler_without_the_dask_extra_is_a_clear_error(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main
    from pipeline.defs.resources import PipelinePaths
    from pipeline.distributed import DaskNotInstalledError

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    with pytest.raises(DaskNotInstalledError, match=r"\[dask\] extra"):
        PipelinePaths(dask_scheduler="tcp://127.0.0.1:8786").extractor()
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:8786")
    assert main(["--raw", str(raw_copy), "--output", str(output_dir), "run"]) == 1
    assert "DASK_SCHEDULER_ADDRESS is set (tcp://127.0.0.1:8786)" in capsys.readouterr().err
    assert not (output_dir / "latest").exists()


def test_the_library_does_not_import_dagster() -> None:
    """Dagster stays in pipeline/defs/ (and the command line that runs its job): the library
    takes plain paths, so it runs and is tested without the Dagster resource."""
    for path in (ROOT / "pipeline").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("pipeline/defs/") or relative == "pipeline/cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {n for n in names if n.split(".")[0] == "dagster" or n.startswith("pipeline.defs")}, relative


def test_publish_tables_takes_plain_paths(raw_copy: Path, output_dir: Path, tmp_path: Path) -> None:
    import pandas as pd

    from pipeline.publishing import Paths, publish_tables
    from schemas import SCHEMAS
    from tests.runs import materialise

    assert materialise(raw_copy, tmp_path / "first").success
    tables = {name: pd.read_parquet(tmp_path / "first" / "latest" / f"{name}.parquet") for name in SCHEMAS}
    published = publish_tables(Paths(raw=raw_copy, outputs=output_dir), tables)
    assert published.created and (published.path / "figures.parquet").exists()
