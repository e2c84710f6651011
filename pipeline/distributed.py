"""Extraction on a Dask cluster: document batches mapped over a `dask.distributed` Client.

`PipelinePaths.extractor()` returns `dask_extractor(address)` when DASK_SCHEDULER_ADDRESS is
set. It is a drop-in for `pipeline.tables.extract_in_process`:

- the cache is consulted and filled here, in the client process, exactly as in-process
  (one `get` per document; a `put` for every freshly extracted one), so the cache can live
  on a disk the workers never see;
- workers read the files themselves (the raw directory must be visible to them at the same
  path, e.g. a shared volume) and return rows, so only small batches cross the network;
- results are consumed as batches complete but yielded in the documents' order, so the
  tables are identical to an in-process run;
- at most `lookahead` documents are planned ahead of the one being yielded, which bounds
  the memory held by finished-but-not-yet-yielded batches and by cached rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.corpus import Document, read_text
from pipeline.tables import ExtractionCache, Extractor, Rows, _with_doc_id, extract_rows


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


#: A batch is closed at this many documents or this many bytes, whichever comes first.
BATCH_DOCUMENTS = 32
BATCH_BYTES = 1_000_000


def extract_batch(documents: list[Document]) -> list[Rows]:
    """Runs on a worker: read and extract each document ({} for one that cannot be read)."""
    out: list[Rows] = []
    for doc in documents:
        text = read_text(doc)
        out.append(extract_rows(doc.doc_id, text) if text is not None else {})
    return out


@dataclass
class _Plan:
    """Documents walked in order: cached rows are ready at once, the rest go out in batches."""

    documents: list[Document]
    cache: ExtractionCache
    ready: dict[int, tuple[Rows, bool]] = field(default_factory=dict)
    position: int = 0
    batch: list[int] = field(default_factory=list)
    batch_bytes: int = 0


def dask_extractor(
    address: str,
    batch_documents: int = BATCH_DOCUMENTS,
    batch_bytes: int = BATCH_BYTES,
    lookahead: int | None = None,
) -> Extractor:
    """An extractor that maps batches of documents over the Dask scheduler at `address`."""
    require_dask(address)

    def extract_on_cluster(documents: list[Document], cache: ExtractionCache) -> Iterator[tuple[Document, Rows, bool]]:
        from distributed import Client, as_completed

        with Client(address, set_as_default=False) as client:
            threads = sum(client.nthreads().values()) or 1
            ahead = lookahead or max(4 * threads * batch_documents, 256)
            plan = _Plan(documents, cache)
            in_flight: dict[Any, list[int]] = {}
            completed = as_completed(loop=client.loop)

            def submit() -> None:
                if plan.batch:
                    chosen = [documents[i] for i in plan.batch]
                    future = client.submit(extract_batch, chosen, pure=False)
                    in_flight[future] = plan.batch
                    completed.add(future)
                    plan.batch, plan.batch_bytes = [], 0

            def fill(next_out: int) -> None:
                while plan.position < len(documents) and plan.position - next_out < ahead:
                    i, doc = plan.position, documents[plan.position]
                    plan.position += 1
                    cached = cache.get(doc.cache_key)
                    if cached is not None:
                        plan.ready[i] = (_with_doc_id(cached, doc.doc_id), False)
                        continue
                    plan.batch.append(i)
                    plan.batch_bytes += doc.n_bytes
                    if len(plan.batch) >= batch_documents or plan.batch_bytes >= batch_bytes:
                        submit()
                if plan.batch and (plan.position == len(documents) or plan.batch[0] <= next_out):
                    submit()  # a partial batch goes out when the next document to yield is in it

            next_out = 0
            while next_out < len(documents):
                fill(next_out)
                while next_out not in plan.ready:
                    future = next(completed)
                    indices = in_flight.pop(future)
                    for i, rows in zip(indices, future.result(), strict=True):
                        if rows:
                            cache.put(documents[i].cache_key, rows)
                        plan.ready[i] = (rows, bool(rows))
                    future.release()
                rows, fresh = plan.ready.pop(next_out)
                yield documents[next_out], rows, fresh
                next_out += 1

    return extract_on_cluster
