"""Resources: where the pipeline reads and writes, configured from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.batches import BatchRunner
from pipeline.corpus import DEFAULT_MAX_BYTES
from pipeline.tables import default_workers, pool_runner

DEFAULT_RAW_DIR = "raw"
DEFAULT_OUTPUT_DIR = "outputs"


class PipelinePaths(dg.ConfigurableResource):
    """Where to read and write, and how to run extraction (in process, or on a Dask cluster)."""

    raw_dir: str = DEFAULT_RAW_DIR
    output_dir: str = DEFAULT_OUTPUT_DIR
    max_document_bytes: int = DEFAULT_MAX_BYTES
    use_cache: bool = True
    dask_scheduler: str = ""
    workers: int = 0  # processes extracting documents; 0: one per core, 1: in this process

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def outputs(self) -> Path:
        return Path(self.output_dir)

    @property
    def cache_dir(self) -> Path | None:
        return Path(self.output_dir) / ".cache" / "extractions" if self.use_cache else None

    def extractor(self) -> BatchRunner:
        """Batches on a pool of local processes (one per core unless `workers` says otherwise), or
        mapped over Dask when a scheduler is configured."""
        if self.dask_scheduler:
            from pipeline.distributed import dask_extractor

            return dask_extractor(self.dask_scheduler)
        return pool_runner(self.workers or default_workers())

    @classmethod
    def from_env(cls) -> PipelinePaths:
        """PIPELINE_RAW_DIR (default raw), PIPELINE_OUTPUT_DIR (default outputs), PIPELINE_WORKERS
        (default: one per core; 1 extracts in process), PIPELINE_MAX_DOCUMENT_BYTES,
        DASK_SCHEDULER_ADDRESS."""
        return cls(
            raw_dir=os.environ.get("PIPELINE_RAW_DIR", DEFAULT_RAW_DIR),
            output_dir=os.environ.get("PIPELINE_OUTPUT_DIR", DEFAULT_OUTPUT_DIR),
            max_document_bytes=int(os.environ.get("PIPELINE_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES)),
            dask_scheduler=os.environ.get("DASK_SCHEDULER_ADDRESS", ""),
            workers=workers_from_env(),
        )


def workers_from_env() -> int:
    """PIPELINE_WORKERS as a count of processes (0 when unset: one per core)."""
    value = os.environ.get("PIPELINE_WORKERS", "").strip()
    if not value:
        return 0
    try:
        workers = int(value)
    except ValueError:
        raise ValueError(f"PIPELINE_WORKERS must be a whole number of processes, got {value!r}") from None
    if workers < 0:
        raise ValueError(f"PIPELINE_WORKERS must be 0 (one per core) or more, got {workers}")
    return workers
