"""Validate, then publish: the one path by which tables become a release."""

from __future__ import annotations

import pandas as pd

from pipeline.release import Inputs, Release, publish
from pipeline.resources import PipelinePaths
from pipeline.validation import ValidationError, texts_from, validate_all
from pipeline.version import PIPELINE_VERSION


def release_inputs(paths: PipelinePaths, documents: pd.DataFrame) -> Inputs:
    """The files a release is made of (sources.csv included) and the pipeline version."""
    files = [(str(name), str(sha)) for name, sha in zip(documents["file_name"], documents["sha256"], strict=True)]
    sources = paths.raw / "sources.csv"
    if sources.exists():
        from pipeline.release import sha256_file

        files.append(("sources.csv", sha256_file(sources)))
    return Inputs(tuple(sorted(files)), PIPELINE_VERSION)


def publish_tables(paths: PipelinePaths, tables: dict[str, pd.DataFrame]) -> Release:
    """Every check must pass (all failures are reported at once) before anything is written."""
    results = validate_all(tables, texts_from(paths.raw, tables["documents"]))
    if not all(r.passed for r in results):
        raise ValidationError(results)
    return publish(paths.outputs, tables, release_inputs(paths, tables["documents"]))
