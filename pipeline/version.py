"""The pipeline version: package version plus a hash of the code that shapes the output."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline.extraction import EXTRACTOR_VERSION

_ROOT = Path(__file__).resolve().parent.parent


def _code_hash() -> str:
    """Python code and the report's templates (a release holds its report: new templates, new release)."""
    digest = hashlib.sha256()
    for package in ("pipeline", "schemas"):
        for path in sorted([*(_ROOT / package).rglob("*.py"), *(_ROOT / package).rglob("*.html")]):
            digest.update(str(path.relative_to(_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


try:
    PACKAGE_VERSION = metadata.version("bilateral-figures")
except metadata.PackageNotFoundError:  # running from a checkout that was not installed
    PACKAGE_VERSION = "0.0.0"

#: Changes whenever any rule, schema or publishing code changes.
PIPELINE_VERSION = f"{PACKAGE_VERSION}+{_code_hash()}"

__all__ = ["EXTRACTOR_VERSION", "PACKAGE_VERSION", "PIPELINE_VERSION"]
