"""datapackage.json: the release described as a Frictionless Data Package.

One resource per published file (CSV and Parquet of each table), with the Table Schema
derived from the Pandera schemas (types, descriptions, constraints, keys) and each file's
sha256 and size, so `frictionless validate datapackage.json` checks data and integrity.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pandera.pandas as pa

from pipeline.corpus import file_digest
from pipeline.dataset_card import DESCRIPTION, TITLE
from pipeline.extraction.indicators import INDICATORS, Indicator
from pipeline.texts import TEXTS_DIR
from schemas import SCHEMAS

PROFILE = "data-package"  # tabular CSV resources plus the Parquet files
#: Columns that identify a row, per table (Table Schema primaryKey).
PRIMARY_KEYS = {"documents": ["doc_id"], "figures": ["figure_id"], "dates": ["date_id"],
                "acronyms": ["doc_id", "acronym"], "sections": ["doc_id", "position"],
                "series": ["partner", "indicator", "year"]}

_TYPES = {"str": "string", "int64": "integer", "Int64": "integer", "float64": "number", "bool": "boolean",
          "boolean": "boolean", "date": "date"}


def table_description(name: str) -> str:
    """The first line of the schema module's docstring: what one table holds."""
    model = SCHEMAS[name]
    doc = model.__doc__ or sys.modules[model.__module__].__doc__ or ""
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    prefix = f"Schema of `{name}`: "
    if first.startswith(prefix):  # "Schema of `figures`: one row per figure" -> "One row per figure"
        first = first[len(prefix):]
        first = first[:1].upper() + first[1:]
    return first


def field_type(dtype: object) -> str:
    return _TYPES.get(str(dtype), "string")


def field_constraints(column: pa.Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            constraints["pattern"] = stats["pattern"]
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = stats["max_value"]
        elif check.name == "str_length" and stats.get("min_value") is not None:
            constraints["minLength"] = stats["min_value"]
    return constraints


def table_schema(name: str) -> dict[str, Any]:
    """The Frictionless Table Schema of a published table, from its Pandera schema."""
    columns = SCHEMAS[name].to_schema().columns
    fields = []
    for column_name, column in columns.items():
        field: dict[str, Any] = {"name": column_name, "type": field_type(column.dtype),
                                 "description": column.description or ""}
        constraints = field_constraints(column)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": PRIMARY_KEYS[name]}
    if name == "series":  # derived from figures: its value's figure is one of them
        schema["foreignKeys"] = [{"fields": ["figure_id"],
                                  "reference": {"resource": "figures", "fields": ["figure_id"]}}]
    elif name != "documents":
        schema["foreignKeys"] = [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}]
    return schema


def _resource(directory: Path, name: str, fmt: str) -> dict[str, Any]:
    path = directory / f"{name}.{fmt}"
    sha, size = file_digest(path)
    integrity = {"hash": f"sha256:{sha}", "bytes": size}
    if fmt == "parquet":
        # Frictionless reads Parquet poorly (nullable integers come back as floats), so the
        # Parquet copy is a file resource: its integrity is checked, its rows via the CSV.
        return {"name": f"{name}-parquet", "path": path.name, "type": "file", "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": f"{table_description(name)} Same rows and schema as {name}.csv.", **integrity}
    return {
        "name": name,
        "path": path.name,
        "type": "table",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table_description(name),
        **integrity,
        "dialect": {"csv": {"delimiter": ",", "lineTerminator": "\r\n", "header": True}},
        "schema": table_schema(name),
    }


def text_resources(directory: Path) -> list[dict[str, Any]]:
    """One file resource per published text (texts/<doc_id>.txt), named `text-<doc_id as a slug>`."""
    resources: list[dict[str, Any]] = []
    names: set[str] = set()
    for path in sorted((directory / TEXTS_DIR).glob("*.txt")):
        doc_id = path.name[: -len(".txt")]
        name = base = "text-" + (re.sub(r"[^a-z0-9._-]+", "-", doc_id.lower()).strip("-") or "document")
        n = 1
        while name in names:  # two ids that differ only in case or punctuation
            n += 1
            name = f"{base}-{n}"
        names.add(name)
        sha, size = file_digest(path)
        resources.append({
            "name": name, "path": path.relative_to(directory).as_posix(), "type": "file", "format": "txt",
            "mediatype": "text/plain", "encoding": "utf-8",
            "description": f"The text of document {doc_id!r} as the extractor read it: the start/end offsets "
                           "of figures, dates and sections index it.",
            "hash": f"sha256:{sha}", "bytes": size,
        })
    return resources


def datapackage(
    directory: Path, release_id: str, tables: list[str], metadata: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The descriptor of the release in `directory` (its table files must be written already);
    `metadata` adds package fields (licenses, sources, created: `dataset_card.package_metadata`)."""
    resources = [_resource(directory, name, "csv") for name in tables]
    resources += [_resource(directory, name, "parquet") for name in tables]
    resources += text_resources(directory)
    return {
        "name": "bilateral-figures",
        "id": release_id,
        "version": release_id,
        "title": TITLE,
        "description": DESCRIPTION,
        "profile": PROFILE,
        **(metadata or {}),
        "resources": resources,
        # The vocabulary behind figures.indicator and series.indicator (a custom property).
        "indicators": [indicator_record(i) for i in INDICATORS],
    }


def indicator_record(indicator: Indicator) -> dict[str, Any]:
    """One indicator of the vocabulary as data: id, label, the kinds and units it takes."""
    return {"id": indicator.id, "label": indicator.label, "kinds": list(indicator.kinds),
            "units": list(indicator.units) if indicator.units is not None else None,
            "patterns": list(indicator.patterns)}


def write_datapackage(
    directory: Path, release_id: str, tables: list[str], metadata: dict[str, Any] | None = None
) -> Path:
    path = directory / "datapackage.json"
    descriptor = datapackage(directory, release_id, tables, metadata)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
