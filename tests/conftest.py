from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLD = Path(__file__).resolve().parent / "gold" / "seeds.jsonl"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/, so tests never touch the real inputs."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture
def output_dir(tmp_path: Path) -> Path:
    return tmp_path / "outputs"
