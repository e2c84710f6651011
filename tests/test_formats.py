"""HTML and PDF in raw/: converted to text the extractor reads, or quarantined with a reason."""

from __future__ import annotations

import pytest

from pipeline.corpus import document_row, read_text, scan
from pipeline.extraction import extract
from pipeline.extraction.structure import headings
from pipeline.formats import FormatError, check_content, document_text, format_of, text_extractor
from pipeline.formats.html import html_to_text
from pipeline.formats.pdf import drop_running_lines, join_lines, pdf_to_text
from tests.sample_documents import (
    FACT_SHEET,
    FOOTER,
    NAVIGATION,
    encrypted_pdf,
    fact_sheet_html,
    fact_sheet_pdf,
    pdf_of_lines,
    scanned_pdf,
)

HEADINGS = [text for kind, text in FACT_SHEET if kind == "h"]
PARAGRAPHS = [text for kind, text in FACT_SHEET if kind == "p"]


def plain_text() -> str:
    return "\n\n".join(text for _, text in FACT_SHEET) + "\n"


def figure_facts(text: str) -> list[tuple[str, float, str, int | None, str, str]]:
    return [(f.text, f.value, f.kind, f.year, f.unit, f.qualifier) for f in extract(text).figures]


def test_html_keeps_headings_and_paragraphs_and_drops_the_site_around_them() -> None:
    text = html_to_text(fact_sheet_html())
    assert [h.text for h in headings(text)] == HEADINGS  # recognised by the extractor's own rule
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    for chrome in [*NAVIGATION, FOOTER, "Related Articles", "Search 3,000", "visits", "Privacy Policy"]:
        assert chrome not in text


def test_html_lists_and_tables_become_lines() -> None:
    page = (b"<html><body><main><h1>Assistance</h1><p>The programs below ran in 2024 across the whole country.</p>"
            b"<ul><li>Health: 35 clinics</li><li>Schools: 12 new buildings</li></ul>"
            b"<table><tr><td>Exports</td><td>$5.1 billion</td></tr><tr><td>Imports</td><td>$4.5 billion</td></tr>"
            b"</table></main></body></html>")
    text = html_to_text(page)
    assert "- Health: 35 clinics\n- Schools: 12 new buildings" in text
    assert "Exports | $5.1 billion\nImports | $4.5 billion" in text


def test_a_short_page_without_main_markup_keeps_its_heading_and_its_encoding() -> None:
    page = ("<html><head><meta charset='windows-1252'></head><body><h1>Café exports</h1>"
            "<p>The partner’s coffee exports rose to €4.2 billion in 2023, the ministry said.</p></body></html>")
    text = html_to_text(page.encode("cp1252"))
    assert text == "Café exports\n\nThe partner’s coffee exports rose to €4.2 billion in 2023, the ministry said.\n"
    assert [h.text for h in headings(text)] == ["Café exports"]


def test_pdf_joins_lines_and_pages_and_drops_the_running_header_and_footer() -> None:
    text = pdf_to_text(fact_sheet_pdf())
    assert [h.text for h in headings(text)] == HEADINGS
    for paragraph in PARAGRAPHS:
        assert paragraph in text  # lines joined: a line break never ends a sentence the author did not end
    assert "Page 1" not in text and "Page 2" not in text
    assert "Bureau of Southern Affairs" not in text


def test_pdf_repairs_hyphenation_at_line_ends_and_joins_a_sentence_cut_by_a_page_break() -> None:
    data = pdf_of_lines([
        ["The programs reached inter-", "national audiences and two-", "way trade grew, as the two-way",
         "figures for 2023-", "2024 show. U.S.-", "Mexico crossings rose and the", ],
        ["total reached 40 million in 2024."],
    ], header="Freedonia Trade Note, page {page}")
    text = pdf_to_text(data)
    assert text == ("The programs reached international audiences and two-way trade grew, as the two-way "
                    "figures for 2023-2024 show. U.S.-Mexico crossings rose and the total reached 40 million "
                    "in 2024.\n")


def test_running_lines_repeat_on_half_the_pages_and_only_at_the_edges() -> None:
    pages = [["Header", "Body one", "", "Page 1"], ["Header", "Body two", "Header", "more", "Page 2"],
             ["Another", "Body three", "x", "y", "Page 3"]]
    # 'Header' heads 2 of 3 pages, 'Page N' ends all three; a line repeated once is text.
    assert drop_running_lines(pages) == [["Body one", ""], ["Body two", "Header", "more"],
                                         ["Another", "Body three", "x", "y"]]
    one_page = [["Header", "Body", "Page 1"]]
    assert drop_running_lines(one_page) == one_page  # nothing repeats on a single page
    assert join_lines(["well-", "known"], {"well-known"}) == "well-known"


def test_html_and_pdf_of_the_same_text_give_the_same_figures() -> None:
    expected = figure_facts(plain_text())
    assert len(expected) >= 12
    assert figure_facts(document_text(fact_sheet_html(), "html", ".html")) == expected
    assert figure_facts(document_text(fact_sheet_pdf(), "pdf", ".pdf")) == expected


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("broken.html", b"<html><body><div><p><<<>>></div", "no running text"),
    ("empty-page.html", b"<html><head><title>Fact sheet</title></head><body></body></html>", "no main content"),
    ("binary.html", b"<html>\x00\x01\x02<body>", "NUL bytes"),
    ("site-map.html", b"<html><body><nav><a>Countries</a> <a>Travel</a> <a>Careers</a></nav><div class='menu'>"
                      b"<a>Home</a> <a>Search</a> <a>Sitemap</a> <a>News</a> <a>About</a></div><p>Share this page</p>"
                      b"<footer><a>Privacy</a> <a>FOIA</a></footer></body></html>", "no running text"),
    ("scan.pdf", scanned_pdf(), "no text layer"),
    ("locked.pdf", encrypted_pdf(), "encrypted PDF"),
    ("truncated.pdf", fact_sheet_pdf()[:2000], "corrupt PDF"),
    ("not-pdf.pdf", b"<!DOCTYPE html><html><body><p>Trade grew.</p></body></html>", "content is an HTML page"),
    ("saved-page.txt", fact_sheet_html(), "rename it to .html"),
    ("report.txt", fact_sheet_pdf(), "content is a PDF (rename it to .pdf)"),
    ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(100), "content is a PNG image"),
    ("plain.html", b"Trade grew by 4 percent in 2023, the ministry said.\n", "content is plain text"),
    ("page.pdf", b"Just some text in a file that says it is a PDF.\n", "content is plain text"),
])
def test_bad_input_is_quarantined_with_its_reason(tmp_path, name: str, data: bytes, reason: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_bytes(data)
    (raw / "good.html").write_bytes(fact_sheet_html())
    documents = scan(raw)
    texts = {doc.file_name: read_text(doc) for doc in documents}
    bad = next(doc for doc in documents if doc.file_name == name)
    assert bad.status == "quarantined" and texts[name] is None
    assert bad.reason is not None and reason in bad.reason, bad.reason
    good = next(doc for doc in documents if doc.file_name == "good.html")
    assert good.status == "ok" and texts["good.html"] is not None and "$9.6 billion" in texts["good.html"]


def test_the_size_limit_applies_before_any_parsing(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "large.pdf").write_bytes(fact_sheet_pdf())

    def never(data: bytes, fmt: str, suffix: str) -> str:
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr("pipeline.corpus.document_text", never)
    [doc] = scan(raw, max_bytes=1000)
    assert read_text(doc) is None
    assert doc.status == "quarantined" and doc.reason is not None and "over the" in doc.reason


def test_one_document_in_two_formats_is_read_once_and_the_other_quarantined(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "freedonia.html").write_bytes(fact_sheet_html())
    (raw / "freedonia.pdf").write_bytes(fact_sheet_pdf())
    (raw / "freedonia.txt").write_text(plain_text(), encoding="utf-8")
    first, *others = scan(raw)
    assert (first.file_name, first.doc_id, first.status) == ("freedonia.html", "freedonia", "ok")
    for doc in others:
        assert doc.status == "quarantined"
        assert doc.reason == ("same doc_id as 'freedonia.html', which is read instead "
                              "(one document in two formats: keep one file)")
    assert len({d.doc_id for d in scan(raw)}) == 3  # ids stay unique for the documents table


def test_formats_and_extractors_are_recorded() -> None:
    assert [format_of(n) for n in ("a.txt", "a.HTML", "a.htm", "a.pdf", "a.docx")] == [
        "text", "html", "html", "pdf", None]
    assert text_extractor("text") is None
    assert text_extractor("html").startswith("trafilatura ") and text_extractor("pdf").startswith("pypdf ")


def test_documents_row_names_format_and_extractor(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sylvania.pdf").write_bytes(fact_sheet_pdf())
    [doc] = scan(raw)
    row = document_row(doc, {}, None)
    assert (row["doc_id"], row["format"], row["text_extractor"]) == ("sylvania", "pdf", text_extractor("pdf"))


def test_check_content_accepts_what_the_extension_says() -> None:
    check_content(fact_sheet_pdf(), "pdf", ".pdf")
    check_content(b"\xef\xbb\xbf<!doctype html><p>x</p>", "html", ".html")
    check_content(b"<?xml version='1.0'?>\n<!-- saved -->\n<html><body><p>x</p></body></html>", "html", ".html")
    check_content(b"Trade grew by 4 percent in 2023.\n", "text", ".txt")
    with pytest.raises(FormatError, match="content is a PDF"):
        check_content(b"\n\n%PDF-1.7 after some junk", "text", ".txt")


def test_html_and_pdf_in_raw_are_published_with_their_texts(raw_copy, output_dir) -> None:
    import json

    import pandas as pd

    from tests.runs import assert_release_intact, materialise

    (raw_copy / "freedonia-page.html").write_bytes(fact_sheet_html())
    (raw_copy / "freedonia-sheet.pdf").write_bytes(fact_sheet_pdf())
    (raw_copy / "scan.pdf").write_bytes(scanned_pdf())
    (raw_copy / "freedonia-sheet.txt").write_text(plain_text(), encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    release = (output_dir / "latest").resolve()
    assert_release_intact(release)
    documents = pd.read_parquet(release / "documents.parquet").set_index("file_name")
    assert documents.loc["freedonia-page.html", ["status", "format", "text_extractor"]].tolist() == [
        "ok", "html", text_extractor("html")]
    assert documents.loc["freedonia-sheet.pdf", ["status", "format"]].tolist() == ["ok", "pdf"]
    assert documents.loc["freedonia-page.html", "title"] == "U.S. Relations With Freedonia"
    assert "no text layer" in documents.loc["scan.pdf", "reason"]
    assert "freedonia-sheet.pdf" in documents.loc["freedonia-sheet.txt", "reason"]
    assert documents.loc[documents["format"] == "text", "text_extractor"].isna().all()

    ok = documents[documents["status"] == "ok"]
    texts = {doc_id: (release / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8") for doc_id in ok["doc_id"]}
    assert sorted(p.name for p in (release / "texts").iterdir()) == sorted(f"{d}.txt" for d in ok["doc_id"])
    for name, row in ok.iterrows():
        if row["format"] == "text":
            assert texts[row["doc_id"]] == (raw_copy / str(name)).read_text(encoding="utf-8")
    for table, column in (("figures", "text"), ("dates", "text"), ("sections", "heading")):
        frame = pd.read_parquet(release / f"{table}.parquet")
        for doc_id, start, end, value in zip(frame["doc_id"], frame["start"], frame["end"], frame[column],
                                             strict=True):
            assert texts[doc_id][start:end] == value, (table, doc_id, start)
    figures = pd.read_parquet(release / "figures.parquet")
    page = figures[figures["doc_id"] == "freedonia-page"][["text", "value", "kind", "year"]]
    sheet = figures[figures["doc_id"] == "freedonia-sheet"][["text", "value", "kind", "year"]]
    assert len(page) >= 12 and page.reset_index(drop=True).equals(sheet.reset_index(drop=True))

    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert {f"texts/{d}.txt" for d in ok["doc_id"]} <= set(manifest["files"])
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in package["resources"] if r["path"].startswith("texts/")}
    assert set(listed) == {f"texts/{d}.txt" for d in ok["doc_id"]}
    assert listed["texts/freedonia-sheet.txt"]["hash"] == "sha256:" + manifest["files"]["texts/freedonia-sheet.txt"][
        "sha256"]


def test_an_unchanged_plain_text_is_shared_with_the_previous_release(raw_copy, output_dir) -> None:
    from tests.runs import latest_id, materialise

    (raw_copy / "freedonia.html").write_bytes(fact_sheet_html())
    assert materialise(raw_copy, output_dir).success
    first = output_dir / "releases" / latest_id(output_dir)
    seed = "us-mexico-bilateral-forum-higher-education-2020"
    edited = "us-mexico-relations-fact-sheet-2024"
    with (raw_copy / f"{edited}.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nThe fund disbursed $12 million in 2022.\n")
    assert materialise(raw_copy, output_dir).success
    second = output_dir / "releases" / latest_id(output_dir)
    assert first != second
    texts = [(r / "texts" / f"{seed}.txt") for r in (first, second)]
    assert texts[0].stat().st_ino == texts[1].stat().st_ino  # the same bytes: linked, not written again
    assert (second / "texts" / f"{edited}.txt").read_text(encoding="utf-8").endswith("$12 million in 2022.\n")
    assert (first / "texts" / f"{edited}.txt").stat().st_ino != (second / "texts" / f"{edited}.txt").stat().st_ino
    html = [(r / "texts" / "freedonia.txt") for r in (first, second)]
    assert html[0].stat().st_ino != html[1].stat().st_ino and html[0].read_text() == html[1].read_text()


def test_the_same_bytes_as_txt_and_as_html_never_share_cached_rows(raw_copy, output_dir) -> None:
    """A page fragment read as .txt, then renamed .html: its rows must come from the converted text."""
    from tests.runs import materialise

    fragment = ("Trade note, March 2025\n"
                "<p>Exports to Freedonia reached $5.1 billion in 2024, up from the year before.</p>\n"
                "<p>Freedonian students in the United States numbered 14,000 in 2024, officials said.</p>\n")
    (raw_copy / "fragment.txt").write_text(fragment, encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    (raw_copy / "fragment.txt").rename(raw_copy / "fragment.html")
    assert materialise(raw_copy, output_dir).success  # the span checks hold against the converted text
    release = (output_dir / "latest").resolve()
    text = (release / "texts" / "fragment.txt").read_text(encoding="utf-8")
    assert "<p>" not in text and "14,000" in text
    import pandas as pd

    figures = pd.read_parquet(release / "figures.parquet")
    mine = figures[figures["doc_id"] == "fragment"]
    assert "14,000" in set(mine["text"])
    assert all(text[s:e] == t for s, e, t in zip(mine["start"], mine["end"], mine["text"], strict=True))
