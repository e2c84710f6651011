"""Resources: where the pipeline reads and writes, configured from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.corpus import DEFAULT_MAX_BYTES
from pipeline.tables import Extractor, extract_in_process

DEFAULT_RAW_DIR = "raw"
DEFAULT_OUTPUT_DIR = "outputs"


class PipelinePaths(dg.ConfigurableResource):
    """Where to read and write, and how to run extraction (in process, or on a Dask cluster)."""

    raw_dir: str = DEFAULT_RAW_DIR
    output_dir: str = DEFAULT_OUTPUT_DIR
    max_document_bytes: int = DEFAULT_MAX_BYTES
    use_cache: bool = True
    dask_scheduler: str = ""

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def outputs(self) -> Path:
        return Path(self.output_dir)

    @property
    def cache_dir(self) -> Path | None:
        return Path(self.output_dir) / ".cache" / "extractions" if self.use_cache else None

    def extractor(self) -> Extractor:
        """In-process extraction, or batches mapped over Dask when a scheduler is configured."""
        if self.dask_scheduler:
            from pipeline.distributed import dask_extractor

            return dask_extractor(self.dask_scheduler)
        return extract_in_process

    @classmethod
    def from_env(cls) -> PipelinePaths:
        """PIPELINE_RAW_DIR (default raw) and PIPELINE_OUTPUT_DIR (default outputs)."""
        return cls(
            raw_dir=os.environ.get("PIPELINE_RAW_DIR", DEFAULT_RAW_DIR),
            output_dir=os.environ.get("PIPELINE_OUTPUT_DIR", DEFAULT_OUTPUT_DIR),
            max_document_bytes=int(os.environ.get("PIPELINE_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES)),
            dask_scheduler=os.environ.get("DASK_SCHEDULER_ADDRESS", ""),
        )
