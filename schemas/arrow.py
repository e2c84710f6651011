"""The Arrow schema of each published table, derived from its Pandera model, and its declared changes.

Every Parquet file is written with this schema, so a column's type never depends on its values
(an all-null column stays `string`, not Arrow's `null`) and releases read together in DuckDB or
polars. A published schema changes only with a new entry in SCHEMA_CHANGES: publishing checks
that a release's schema equals the previous release's unless the version moved.
"""

from __future__ import annotations

import functools

import pyarrow as pa

from schemas import SCHEMAS

#: Declared changes of the published schemas, oldest first: the version is their count.
SCHEMA_CHANGES: tuple[str, ...] = (
    "Explicit Arrow types from the Pandera models: required columns non-nullable; "
    "documents.published_date is a date, documents.published_precision says day, month or year.",
    "documents.partner; figures.subject_start, subject_end, partner and indicator; "
    "the series table (one row per partner, indicator and year, tracing back to figures).",
)
SCHEMA_VERSION = str(len(SCHEMA_CHANGES))

#: Pandera dtype (as str) -> Arrow type. A dtype not listed here is an error, not a guess.
ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int64": pa.int64(),
    "Int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@functools.cache
def arrow_schema(name: str) -> pa.Schema:
    """Table `name`'s Arrow schema: its columns in order, nullable only where the model allows nulls."""
    model = SCHEMAS[name]
    fields = []
    for column_name, column in model.to_schema().columns.items():
        dtype = str(column.dtype)
        if dtype not in ARROW_TYPES:
            raise TypeError(f"{name}.{column_name}: no Arrow type for Pandera dtype {dtype!r} (add it to ARROW_TYPES)")
        fields.append(pa.field(column_name, ARROW_TYPES[dtype], nullable=bool(column.nullable),
                               metadata={"description": column.description or ""}))
    return pa.schema(fields, metadata={
        "table": name,
        "description": (model.__doc__ or "").strip(),
        "schema_version": SCHEMA_VERSION,
    })


def schema_differences(before: pa.Schema, after: pa.Schema) -> list[str]:
    """What changed between two schemas: columns added, removed, retyped or made (non-)nullable."""
    old = {f.name: f for f in before}
    new = {f.name: f for f in after}
    changes = [f"column {n} added ({new[n].type})" for n in new if n not in old]
    changes += [f"column {n} removed" for n in old if n not in new]
    for n in new.keys() & old.keys():
        if new[n].type != old[n].type:
            changes.append(f"column {n}: {old[n].type} -> {new[n].type}")
        if new[n].nullable != old[n].nullable:
            changes.append(f"column {n}: {'nullable' if new[n].nullable else 'required'} now")
    if not changes and [f.name for f in before] != [f.name for f in after]:
        changes.append("columns reordered")
    return sorted(changes)


def declared_version(schema: pa.Schema) -> str | None:
    """The SCHEMA_VERSION a Parquet file was written under (None: before versions were declared)."""
    value = (schema.metadata or {}).get(b"schema_version")
    return value.decode() if value is not None else None
