"""Asset metadata shown in the Dagster UI: row count, column schema, a preview."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from schemas import SCHEMAS


def table_metadata(name: str, frame: pd.DataFrame, preview_rows: int = 10) -> dict[str, dg.MetadataValue]:
    fields = SCHEMAS[name].to_schema().columns
    columns = [
        dg.TableColumn(name=column, type=str(frame[column].dtype),
                       description=fields[column].description if column in fields else None)
        for column in frame.columns
    ]
    preview = frame.head(preview_rows).astype(str)
    preview = preview.apply(lambda col: col.str.slice(0, 60))
    return {
        "dagster/row_count": dg.MetadataValue.int(len(frame)),
        "dagster/column_schema": dg.MetadataValue.table_schema(dg.TableSchema(columns=columns)),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if len(frame) else "_empty_"),
    }
