"""Bad input: every other document is still published; the bad one is quarantined with a reason."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.corpus import CorpusError, load_sources
from tests.runs import materialise, release_dirs, snapshot

SEEDS = ("us-mexico-bilateral-forum-higher-education-2020", "us-mexico-relations-fact-sheet-2024")


def published(outputs: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    latest = outputs / "latest"
    return pd.read_parquet(latest / "documents.parquet"), pd.read_parquet(latest / "figures.parquet")


def assert_seeds_published(documents: pd.DataFrame, figures: pd.DataFrame) -> None:
    rows = documents.set_index("doc_id")
    for seed in SEEDS:
        assert rows.loc[seed, "status"] == "ok"
        assert (figures["doc_id"] == seed).any()


def sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)  # a real 50 MB file, written in no time (sparse)

    return write


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "latin-1": (lambda p: p.write_bytes("Trade grew 5% in 2023 in São Paulo.\n".encode("latin-1")),
                "not valid UTF-8 (invalid continuation byte at byte"),
    "empty": (lambda p: p.write_bytes(b""), "empty file"),
    "whitespace only": (lambda p: p.write_bytes(b"  \n\t\n"), "no text (only whitespace)"),
    "binary": (lambda p: p.write_bytes(b"data\n\x00\x01\x02\xff binary"), "binary file (contains NUL bytes)"),
    "PDF named .txt": (lambda p: p.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff binary"),
                       "the name ends in .txt but the content is a PDF (rename it to .pdf)"),
    "50 MB": (sparse(50 * 1024 * 1024), "52.4 MB is over the 21.0 MB limit"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_is_quarantined_and_the_rest_published(raw_copy: Path, output_dir: Path, kind: str) -> None:
    write, reason = BAD_FILES[kind]
    write(raw_copy / "bad.txt")
    result = materialise(raw_copy, output_dir)
    assert result.success
    documents, figures = published(output_dir)
    bad = documents.set_index("doc_id").loc["bad"]
    assert bad["status"] == "quarantined"
    assert reason in bad["reason"]
    assert bad["file_name"] == "bad.txt" and bad["n_bytes"] == (raw_copy / "bad.txt").stat().st_size
    assert not (figures["doc_id"] == "bad").any()
    assert_seeds_published(documents, figures)
    assert len(documents) == 3  # nothing silently dropped


def test_size_limit_is_exact(raw_copy: Path, output_dir: Path) -> None:
    text = "Over 40,000 alumni took part. "
    (raw_copy / "at-limit.txt").write_text(text * 10, encoding="utf-8")
    (raw_copy / "over-limit.txt").write_text(text * 10 + "x", encoding="utf-8")
    limit = len((text * 10).encode())
    shutil.copy(raw_copy / "at-limit.txt", raw_copy / "small.txt")
    for seed in SEEDS:  # the seed documents are bigger than this limit
        (raw_copy / f"{seed}.txt").unlink()
    assert materialise(raw_copy, output_dir, max_document_bytes=limit).success
    documents, figures = published(output_dir)
    rows = documents.set_index("doc_id")
    assert rows.loc["at-limit", "status"] == "ok"
    assert rows.loc["over-limit", "status"] == "quarantined"
    assert "over the" in rows.loc["over-limit", "reason"]
    assert (figures["doc_id"] == "at-limit").any()


def test_document_without_figures_is_ok(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "no-figures.txt").write_text("About the program\n\nThe two countries work together.\n",
                                             encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    row = documents.set_index("doc_id").loc["no-figures"]
    assert row["status"] == "ok" and pd.isna(row["reason"])
    assert row["word_count"] > 0
    assert not (figures["doc_id"] == "no-figures").any()
    assert_seeds_published(documents, figures)


def test_file_name_with_spaces_and_unicode_is_ok(raw_copy: Path, output_dir: Path) -> None:
    source = raw_copy / f"{SEEDS[1]}.txt"
    name = "US – México relations, café 2024.txt"
    shutil.copy(source, raw_copy / name)
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    doc_id = name[:-4]
    assert documents.set_index("doc_id").loc[doc_id, "status"] == "ok"
    mine, seed = figures[figures["doc_id"] == doc_id], figures[figures["doc_id"] == SEEDS[1]]
    assert len(mine) == len(seed) > 0  # same text, served from the cache under its own id
    assert (mine["figure_id"].str.startswith(f"{doc_id}:")).all()
    text = (raw_copy / name).read_text(encoding="utf-8")
    assert all(text[r.start:r.end] == r.text for r in mine.itertuples())
    csv = pd.read_csv(output_dir / "latest" / "documents.csv")
    assert doc_id in set(csv["doc_id"])


def test_decomposed_unicode_name_gets_a_composed_doc_id(raw_copy: Path, output_dir: Path) -> None:
    decomposed = "Me\u0301xico.txt"
    shutil.copy(raw_copy / f"{SEEDS[0]}.txt", raw_copy / decomposed)
    assert materialise(raw_copy, output_dir).success
    documents, _ = published(output_dir)
    row = documents.set_index("doc_id").loc["M\u00e9xico"]
    assert row["status"] == "ok" and row["file_name"] == decomposed


def test_two_names_that_normalise_alike_do_not_break_the_run(raw_copy: Path, output_dir: Path) -> None:
    shutil.copy(raw_copy / f"{SEEDS[0]}.txt", raw_copy / "Me\u0301xico.txt")
    shutil.copy(raw_copy / f"{SEEDS[1]}.txt", raw_copy / "M\u00e9xico.txt")
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    assert len(documents) == 4 and documents["doc_id"].is_unique
    twins = documents[documents["file_name"].isin(["Me\u0301xico.txt", "M\u00e9xico.txt"])]
    assert sorted(twins["status"]) == ["ok", "quarantined"]
    assert "Unicode normalisation" in twins.loc[twins["status"] == "quarantined", "reason"].iloc[0]
    assert_seeds_published(documents, figures)


def test_file_name_that_is_not_utf8_is_quarantined(raw_copy: Path, output_dir: Path) -> None:
    with open(os.path.join(os.fsencode(raw_copy), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Trade reached $5 billion in 2023.\n")
    assert materialise(raw_copy, output_dir).success
    documents, figures = published(output_dir)
    row = documents.set_index("file_name").loc["caf\\xe9.txt"]
    assert row["status"] == "quarantined"
    assert "file name is not valid UTF-8" in row["reason"]
    assert_seeds_published(documents, figures)


MALFORMED_SOURCES = {
    "unquoted comma": ("file,url,title,publisher,published\nx.txt,,Title, with comma,State,2024-01-01\n",
                       "line 2: 6 cells, the header has 5"),
    "unterminated quote": ('file,url,title,publisher,published\nx.txt,,"Title,State,2024-01-01\n',
                           "malformed CSV"),
    "no file column": ("name,url\nx.txt,\n", "no 'file' column"),
    "listed twice": ("file,url,title,publisher,published\nx.txt,,A,S,2024\nx.txt,,B,S,2024\n",
                     "line 3: 'x.txt' is already listed on line 2"),
    "bad date": ("file,url,title,publisher,published\nx.txt,,A,S,Sept 2024\n",
                 "'published' must be an ISO date"),
    "not utf-8": ("file,url,title,publisher,published\nx.txt,,S\xe3o Paulo,S,2024\n".encode("latin-1"),
                  "not valid UTF-8"),
    "NUL byte": ("file,url,title,publisher,published\nx.txt,,A\x00,S,2024\n", "contains a NUL byte"),
    "partner not a code": ("file,url,title,publisher,published,partner\nx.txt,,A,S,2024,Mexico\n",
                           "'partner' must be an ISO 3166-1 alpha-3 code"),
    "partner is the U.S.": ("file,url,title,publisher,published,partner\nx.txt,,A,S,2024,USA\n",
                            "other than the United States"),
}


@pytest.mark.parametrize("kind", list(MALFORMED_SOURCES))
def test_malformed_sources_csv_fails_clearly_and_publishes_nothing(
    raw_copy: Path, output_dir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    content, reason = MALFORMED_SOURCES[kind]
    sources = raw_copy / "sources.csv"
    if isinstance(content, bytes):
        sources.write_bytes(content)
    else:
        sources.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_sources(raw_copy)
    assert str(sources) in str(error.value) and reason in str(error.value)
    assert main(["--raw", str(raw_copy), "--output", str(output_dir), "run"]) == 1
    err = capsys.readouterr().err
    assert f"{sources}" in err and reason in err
    assert release_dirs(output_dir) == []
    assert not (output_dir / "latest").exists() and not (output_dir / "releases.csv").exists()


def test_malformed_sources_csv_leaves_the_previous_release(raw_copy: Path, output_dir: Path) -> None:
    assert materialise(raw_copy, output_dir).success
    before = snapshot(output_dir, skip=(".cache",))
    (raw_copy / "sources.csv").write_text("file,url\nx.txt,a,b\n", encoding="utf-8")
    assert not materialise(raw_copy, output_dir).success
    assert snapshot(output_dir, skip=(".cache",)) == before


def test_spreadsheet_byte_order_mark_in_sources_csv_is_accepted(raw_copy: Path) -> None:
    sources = raw_copy / "sources.csv"
    sources.write_bytes(b"\xef\xbb\xbf" + sources.read_bytes().replace(b"\n", b"\r\n"))
    loaded = load_sources(raw_copy)
    assert loaded[f"{SEEDS[1]}.txt"].published == "2024-09-16"


def test_raw_directory_is_never_written(raw_copy: Path, output_dir: Path) -> None:
    (raw_copy / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    (raw_copy / "empty.txt").write_bytes(b"")
    (raw_copy / "café notes.txt").write_text("Nothing to count here.\n", encoding="utf-8")
    before = snapshot(raw_copy)
    before_dir = raw_copy.stat().st_mtime_ns
    assert materialise(raw_copy, output_dir).success
    assert materialise(raw_copy, output_dir).success  # a second run reads the cache
    assert snapshot(raw_copy) == before
    assert raw_copy.stat().st_mtime_ns == before_dir  # nothing created or removed in it
