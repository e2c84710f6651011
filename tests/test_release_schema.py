"""Every release is written with the declared Arrow schema, so all releases read together; a
schema change between two releases must be declared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.corpus import published_period
from schemas import SCHEMAS
from schemas.arrow import SCHEMA_VERSION, arrow_schema, schema_differences
from tests.runs import materialise, release_dirs

NEW_DOCUMENT = "Trade between the two countries reached $12.5 billion in 2023, up 4 percent.\n"


def _two_releases(raw: Path, outputs: Path) -> None:
    """A first release with no quarantined file (documents.reason all null) and no URL-less
    document, then a second with both: the columns that were all null now hold values."""
    assert materialise(raw, outputs).success
    (raw / "unlisted-note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")  # not in sources.csv: url null
    (raw / "broken.txt").write_bytes(b"\xff\xfe not utf-8 \x00")  # quarantined: reason set
    assert materialise(raw, outputs).success
    assert len(release_dirs(outputs)) == 2


def test_every_table_is_written_with_its_declared_schema(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    documents = pd.read_parquet(output_dir / "latest" / "documents.parquet")
    assert documents["reason"].isna().all()  # an all-null column ...
    for name in SCHEMAS:
        written = pq.read_schema(output_dir / "latest" / f"{name}.parquet")
        assert not schema_differences(written, arrow_schema(name)), name
        key = "figure_id" if name == "series" else "doc_id"  # series is derived from figures
        assert written.field(key).nullable is False
    schema = pq.read_schema(output_dir / "latest" / "documents.parquet")
    assert schema.field("reason").type == pa.string()  # ... is still typed string, not null
    assert schema.field("published_date").type == pa.date32()
    assert (schema.metadata or {})[b"schema_version"] == SCHEMA_VERSION.encode()


def test_all_releases_load_together_in_duckdb_and_polars(raw_copy: Path, output_dir: Path) -> None:
    _two_releases(raw_copy, output_dir)
    pattern = str(output_dir / "releases" / "*" / "documents.parquet")
    counts = [len(pd.read_parquet(output_dir / "releases" / r / "documents.parquet")) for r in release_dirs(output_dir)]
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{pattern}')").fetchall() == [(sum(counts),)]
    assert sorted(counts)[1] == sorted(counts)[0] + 2  # release ids sort by content key, not by age
    assert duckdb.sql(f"SELECT count(reason) FROM read_parquet('{pattern}')").fetchall() == [(1,)]
    for name in SCHEMAS:
        frame = pl.scan_parquet(str(output_dir / "releases" / "*" / f"{name}.parquet")).collect()
        assert frame.height == sum(
            len(pd.read_parquet(output_dir / "releases" / r / f"{name}.parquet")) for r in release_dirs(output_dir))
    documents = pl.scan_parquet(pattern).collect()
    assert documents.schema["published_date"] == pl.Date
    assert documents.filter(pl.col("doc_id") == "unlisted-note")["url"].to_list() == [None]


def test_published_date_keeps_the_precision_the_source_states() -> None:
    assert published_period("2024-09-16") == (dt.date(2024, 9, 16), "day")
    assert published_period("2024-09") == (dt.date(2024, 9, 1), "month")
    assert published_period("2024") == (dt.date(2024, 1, 1), "year")
    assert published_period(None) == (None, None)


def _rewrite_previous_documents(outputs: Path, version: str) -> None:
    """The latest release's documents.parquet as code with one column fewer would have written it."""
    path = outputs / "latest" / "documents.parquet"
    table = pq.read_table(path).drop_columns(["word_count"])
    metadata = {**(table.schema.metadata or {}), b"schema_version": version.encode()}
    pq.write_table(table.replace_schema_metadata(metadata), path)


def test_an_undeclared_schema_change_is_refused(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    _rewrite_previous_documents(output_dir, SCHEMA_VERSION)  # same version, other columns: undeclared
    (raw_copy / "unlisted-note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    result = materialise(raw_copy, output_dir)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert failure.step_failure_data.error is not None
    message = failure.step_failure_data.error.cause.message if failure.step_failure_data.error.cause else ""
    message += failure.step_failure_data.error.message
    assert "documents.schema_as_declared" in message and "column word_count added" in message
    assert len(release_dirs(output_dir)) == 1


@pytest.mark.parametrize("version", ["0", None])
def test_a_declared_schema_change_is_published(raw_copy: Path, output_dir: Path, version: str | None) -> None:
    assert materialise(raw_copy, output_dir).success
    if version is not None:
        _rewrite_previous_documents(output_dir, version)
    (raw_copy / "unlisted-note.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    assert len(release_dirs(output_dir)) == 2


def test_schema_differences_name_each_change() -> None:
    before = arrow_schema("documents")
    after = before.remove(before.get_field_index("url")).set(
        before.get_field_index("reason"), pa.field("reason", pa.null()))
    assert schema_differences(before, after) == ["column reason: string -> null", "column url removed"]
