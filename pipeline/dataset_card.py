"""The dataset card (README.md of each release) and the facts it shares with datapackage.json.

What the data is, how it was made, the pipeline version, the sources with their URLs, the
licence and how to cite: what an analyst needs to use a release without this repository.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from pipeline.version import PIPELINE_VERSION

TITLE = "Bilateral Figures"
DESCRIPTION = ("Figures stated in U.S. government documents on bilateral relations: money, counts, "
               "percents and more, each tied to its exact place in the source.")
#: The dataset's own licence. The sources are U.S. government works (17 U.S.C. § 105: no
#: copyright in the United States); the dataset adds no rights of its own and says so.
LICENSE = {"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal",
           "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
SOURCES_NOTE = ("The source documents are works of the United States Government, in the public domain in the "
                "United States (17 U.S.C. § 105).")


def sources(documents: pd.DataFrame) -> list[dict[str, str]]:
    """One Data Package source per readable document: title, publisher, URL (when known), file."""
    found = []
    for row in documents[documents["status"] == "ok"].itertuples(index=False):
        source = {"title": str(row.title or row.doc_id), "file": str(row.file_name)}
        if isinstance(row.publisher, str) and row.publisher:
            source["publisher"] = row.publisher
        if isinstance(row.url, str) and row.url:
            source["path"] = row.url
        if row.published_date is not None and not pd.isna(row.published_date):
            source["published"] = str(row.published_date)[: {"year": 4, "month": 7}.get(
                str(row.published_precision), 10)]
        found.append(source)
    return found


def citation(release_id: str, created: dt.datetime) -> str:
    return (f"{TITLE} (release {release_id}, {created:%Y-%m-%d}), pipeline version {PIPELINE_VERSION}. "
            f"Licensed {LICENSE['name']}.")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_card(release_id: str, created: dt.datetime, tables: dict[str, pd.DataFrame]) -> str:
    """README.md of a release."""
    documents = tables["documents"]
    rows = "\n".join(f"| `{name}` | {len(frame):,} |" for name, frame in tables.items())
    listed = sources(documents)
    source_lines = "\n".join(
        f"| {_cell(s['title'])} | {_cell(s.get('publisher', ''))} | {s.get('published', '')} | "
        f"{s.get('path', '(no URL recorded)')} | `{s['file']}` |"
        for s in listed)
    quarantined = int((documents["status"] != "ok").sum())
    return f"""# {TITLE} — release {release_id}

{DESCRIPTION}

- Release: `{release_id}`, made {created:%Y-%m-%d %H:%M} UTC
- Pipeline version: `{PIPELINE_VERSION}`
- Licence: [{LICENSE['name']}]({LICENSE['path']}) ({LICENSE['title']})

## What it holds

| table | rows |
|---|---|
{rows}

Each table is here as Parquet and CSV; `datapackage.json` describes every column (types,
constraints, descriptions) and `manifest.json` lists every file with its SHA-256. A figure's
`text` is exactly `doc_text[start:end]` of its document's text in `texts/`.

## How it was made

Each document in the pipeline's `raw/` directory was read ({quarantined} could not be and are
listed in `documents` with the reason), and every figure it states was found by named,
deterministic rules (the `rule` column names the one that produced each row): no model, no
manual editing. Every table passed the blocking checks before it was published; the results
are in `quality_report.html`, and `CHANGES.md` lists what changed since the previous release.

## Sources

| title | publisher | published | URL | file |
|---|---|---|---|---|
{source_lines}

## Licence

{SOURCES_NOTE} This dataset — the extracted figures, their annotations and these files — is
dedicated to the public domain under [{LICENSE['title']}]({LICENSE['path']}) (`{LICENSE['name']}`):
you may copy, modify and redistribute it without asking. Citing it is appreciated, not required.

## How to cite

> {citation(release_id, created)}
"""


def package_metadata(created: dt.datetime, documents: pd.DataFrame) -> dict[str, Any]:
    """The Data Package fields shared with the card: licenses, sources, created."""
    return {
        "licenses": [LICENSE],
        "sources": [{k: v for k, v in s.items() if k in ("title", "path")} for s in sources(documents)],
        "created": created.isoformat().replace("+00:00", "Z"),
    }
