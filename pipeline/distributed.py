"""Extraction on a Dask cluster: document batches mapped over a `dask.distributed` Client.

`PipelinePaths.extractor()` returns `dask_extractor(address)` when DASK_SCHEDULER_ADDRESS is
set, in place of the local process pool; both map `pipeline.batches.extract_batch` over the
same batches with `map_on_executor` (the Client's `concurrent.futures` executor here):

- the cache is consulted and filled in the client process (`pipeline.tables.extract_missing`),
  so it can live on a disk the workers never see;
- workers read the files themselves (the raw directory must be visible to them at the same
  path, e.g. a shared volume) and return one compressed Arrow cache entry per batch, so only
  small batches cross the network, and a quarantine's reason comes back with them;
- at most `in_flight` batches are submitted at a time, so the client holds only those, whatever
  the corpus; the tables are assembled from the cache in the documents' order afterwards, so
  they are identical to an in-process run.
"""

from __future__ import annotations

from pipeline.batches import Batches, BatchRunner, map_on_executor
from pipeline.corpus import Document


class DaskNotInstalledError(RuntimeError):
    """A Dask scheduler is configured but the optional [dask] extra is not installed."""


def require_dask(address: str) -> None:
    """Fail before any work is done, with what to install, when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskNotInstalledError(
            f"DASK_SCHEDULER_ADDRESS is set ({address}) but dask.distributed is not installed: "
            "install the [dask] extra (pip install 'bilateral-figures[dask]', or `make install-dev`), "
            "or unset DASK_SCHEDULER_ADDRESS to extract in process"
        ) from exc


def dask_extractor(address: str, in_flight: int | None = None) -> BatchRunner:
    """Batches mapped over the Dask scheduler at `address` (by default two per worker thread in flight)."""
    require_dask(address)

    def extract_on_cluster(batches: list[list[Document]]) -> Batches:
        from distributed import Client

        if not batches:
            return
        with Client(address, set_as_default=False) as client:
            threads = sum(client.nthreads().values()) or 1
            yield from map_on_executor(client.get_executor(pure=False), batches, in_flight or 2 * threads)

    return extract_on_cluster
