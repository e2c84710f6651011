"""`python -m pipeline fetch` against a local HTTP server: snapshots, retries, limits, refusals."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.corpus import read_text, scan
from pipeline.extraction import extract
from pipeline.fetch import SNAPSHOTS_FILE, FetchSettings, fetch_sources
from tests.runs import materialise
from tests.sample_documents import fact_sheet_html, fact_sheet_pdf

FAST = FetchSettings(timeout=0.5, retries=2, backoff=0.01, max_bytes=200_000)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    fail_first: int = 0  # answer 503 this many times first
    send_length: bool = True


@dataclass
class Site:
    """What the local server serves, and what it was asked."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers)))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.fail_first > 0:
                route.fail_first -= 1
                self.send_error(503, "Service Unavailable")
                return
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading
                self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def write_sources(raw: Path, rows: list[tuple[str, str]]) -> None:
    raw.mkdir(exist_ok=True)
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "url", "title", "publisher", "published"])
        for file, url in rows:
            writer.writerow([file, url, "", "", ""])


def snapshots(raw: Path) -> list[dict[str, str]]:
    with (raw / SNAPSHOTS_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_fetch_downloads_each_url_as_a_snapshot(site: Site, tmp_path: Path) -> None:
    page, pdf = fact_sheet_html(), fact_sheet_pdf()
    modified = "Mon, 03 Mar 2025 10:00:00 GMT"
    site.routes["/freedonia.html"] = Route(page, headers={"ETag": '"v1"', "Last-Modified": modified})
    site.routes["/freedonia.pdf"] = Route(pdf, content_type="application/pdf")
    raw = tmp_path / "raw"
    write_sources(raw, [("freedonia-page.html", f"{site.base}/freedonia.html"),
                        ("freedonia-sheet.pdf", f"{site.base}/freedonia.pdf"), ("local-only.txt", "")])
    outcomes = list(fetch_sources(raw, FAST))
    assert [(o.file, o.status) for o in outcomes] == [("freedonia-page.html", "fetched"),
                                                      ("freedonia-sheet.pdf", "fetched")]
    assert (raw / "freedonia-page.html").read_bytes() == page and (raw / "freedonia-sheet.pdf").read_bytes() == pdf
    rows = snapshots(raw)
    first = rows[0]
    assert first["url"] == first["final_url"] == f"{site.base}/freedonia.html"
    assert first["sha256"] == hashlib.sha256(page).hexdigest() and first["bytes"] == str(len(page))
    assert (first["etag"], first["last_modified"]) == ('"v1"', modified)
    assert first["retrieved_at"].endswith("+00:00") and first["content_type"] == "text/html"
    assert (raw / first["snapshot"]).read_bytes() == page
    assert all("bilateral-figures" in headers["User-Agent"] for _, headers in site.requests)
    # what was fetched reads as documents, with the same figures from the page and the PDF
    texts = {doc.file_name: read_text(doc) for doc in scan(raw)}
    facts = {name: [(f.text, f.value, f.kind, f.year) for f in extract(text).figures]
             for name, text in texts.items() if text is not None}
    assert len(facts["freedonia-page.html"]) >= 12 and facts["freedonia-page.html"] == facts["freedonia-sheet.pdf"]
    # a second fetch finds the local files and asks for nothing
    before = len(site.requests)
    assert {o.status for o in fetch_sources(raw, FAST)} == {"skipped"}
    assert len(site.requests) == before


def test_a_failed_url_is_reported_and_the_others_are_fetched(site: Site, tmp_path: Path) -> None:
    site.routes["/ok.html"] = Route(fact_sheet_html())
    raw = tmp_path / "raw"
    write_sources(raw, [("gone.html", f"{site.base}/gone.html"), ("ok.html", f"{site.base}/ok.html")])
    outcomes = {o.file: o for o in fetch_sources(raw, FAST)}
    assert outcomes["gone.html"].status == "failed" and "HTTP 404" in outcomes["gone.html"].reason
    assert not (raw / "gone.html").exists()
    assert outcomes["ok.html"].status == "fetched" and (raw / "ok.html").exists()
    assert [r["file"] for r in snapshots(raw)] == ["ok.html"]


def test_a_server_that_does_not_answer_times_out_after_the_retries(site: Site, tmp_path: Path) -> None:
    site.routes["/slow.html"] = Route(fact_sheet_html(), delay=2.0)
    raw = tmp_path / "raw"
    write_sources(raw, [("slow.html", f"{site.base}/slow.html")])
    settings = FetchSettings(timeout=0.3, retries=1, backoff=0.01)
    [outcome] = fetch_sources(raw, settings)
    assert outcome.status == "failed" and "timed out" in outcome.reason
    assert site.hits("/slow.html") == 2  # the first try and one retry
    assert not (raw / "slow.html").exists()


def test_a_server_error_is_retried_with_backoff(site: Site, tmp_path: Path) -> None:
    site.routes["/busy.html"] = Route(fact_sheet_html(), fail_first=2)
    raw = tmp_path / "raw"
    write_sources(raw, [("busy.html", f"{site.base}/busy.html")])
    [outcome] = fetch_sources(raw, FAST)
    assert outcome.status == "fetched" and site.hits("/busy.html") == 3


def test_redirects_are_followed_to_the_same_scheme_only(site: Site, tmp_path: Path) -> None:
    site.routes["/old.html"] = Route(status=301, headers={"Location": "/new.html"})
    site.routes["/new.html"] = Route(fact_sheet_html())
    site.routes["/to-https.html"] = Route(status=302, headers={"Location": "https://127.0.0.1:1/new.html"})
    raw = tmp_path / "raw"
    write_sources(raw, [("moved.html", f"{site.base}/old.html"), ("upgraded.html", f"{site.base}/to-https.html")])
    outcomes = {o.file: o for o in fetch_sources(raw, FAST)}
    assert outcomes["moved.html"].status == "fetched"
    assert snapshots(raw)[0]["final_url"] == f"{site.base}/new.html"
    assert outcomes["upgraded.html"].status == "failed" and "changes the scheme" in outcomes["upgraded.html"].reason
    assert not (raw / "upgraded.html").exists()


def test_oversized_and_mistyped_downloads_are_refused(site: Site, tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"Trade grew by 4 percent in 2023. " * 10_000 + b"</p></body></html>"
    site.routes["/big.html"] = Route(big)
    site.routes["/big-unannounced.html"] = Route(big, send_length=False)
    site.routes["/page-not-pdf.pdf"] = Route(fact_sheet_html(), content_type="text/html")
    site.routes["/html-as-pdf.pdf"] = Route(fact_sheet_html(), content_type="application/pdf")
    raw = tmp_path / "raw"
    write_sources(raw, [("big.html", f"{site.base}/big.html"), ("big2.html", f"{site.base}/big-unannounced.html"),
                        ("sheet.pdf", f"{site.base}/page-not-pdf.pdf"), ("other.pdf", f"{site.base}/html-as-pdf.pdf"),
                        ("../escape.html", f"{site.base}/big.html")])
    outcomes = {o.file: o for o in fetch_sources(raw, FAST)}
    assert "Content-Length" in outcomes["big.html"].reason and "over the 0.2 MB limit" in outcomes["big.html"].reason
    assert "download stopped" in outcomes["big2.html"].reason
    assert "Content-Type 'text/html'" in outcomes["sheet.pdf"].reason
    assert "content is an HTML page" in outcomes["other.pdf"].reason
    assert "plain name inside raw/" in outcomes["../escape.html"].reason
    assert all(o.status == "failed" for o in outcomes.values())
    assert sorted(p.name for p in raw.iterdir()) == ["sources.csv"]
    assert not (tmp_path / "escape.html").exists()


def test_changed_content_is_a_new_snapshot_and_the_old_one_is_kept(site: Site, tmp_path: Path) -> None:
    first = fact_sheet_html()
    second = first.replace(b"$9.6 billion", b"$9.9 billion")
    route = site.routes["/sheet.html"] = Route(first, headers={"ETag": '"v1"'})
    raw = tmp_path / "raw"
    write_sources(raw, [("sheet.html", f"{site.base}/sheet.html")])
    assert [o.status for o in fetch_sources(raw, FAST)] == ["fetched"]
    # unchanged: the server answers 304 to the ETag it gave
    [unchanged] = fetch_sources(raw, FAST, refresh=True)
    assert unchanged.status == "unchanged" and site.requests[-1][1].get("If-None-Match") == '"v1"'
    route.body, route.headers = second, {"ETag": '"v2"'}
    [changed] = fetch_sources(raw, FAST, refresh=True)
    assert changed.status == "changed"
    rows = snapshots(raw)
    assert [r["sha256"] for r in rows] == [hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest()]
    assert (raw / rows[0]["snapshot"]).read_bytes() == first  # the old snapshot is kept
    assert (raw / rows[1]["snapshot"]).read_bytes() == second
    assert (raw / "sheet.html").read_bytes() == second
    assert rows[0]["snapshot"] in changed.reason
    # a file edited by hand is never replaced
    (raw / "sheet.html").write_bytes(first + b"<!-- my notes -->")
    route.body, route.headers = first, {"ETag": '"v3"'}
    [kept] = fetch_sources(raw, FAST, refresh=True)
    assert kept.status == "skipped" and "not replaced" in kept.reason
    assert (raw / "sheet.html").read_bytes().endswith(b"<!-- my notes -->") and len(snapshots(raw)) == 2


def test_the_fetch_command_reports_each_url_and_fails_when_one_failed(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.routes["/ok.html"] = Route(fact_sheet_html())
    raw = tmp_path / "raw"
    write_sources(raw, [("ok.html", f"{site.base}/ok.html"), ("gone.html", f"{site.base}/gone.html")])
    assert main(["--raw", str(raw), "fetch", "--timeout", "1", "--retries", "0"]) == 1
    out, err = capsys.readouterr()
    assert "fetched   ok.html" in out and "failed    gone.html" in err and "HTTP 404" in err
    assert main(["--raw", str(raw), "fetch"]) == 1  # gone.html still fails; ok.html is skipped
    assert "skipped   ok.html" in capsys.readouterr().out


def test_a_publish_run_never_touches_the_network(site: Site, raw_copy: Path, output_dir: Path) -> None:
    site.routes["/new.html"] = Route(fact_sheet_html())
    with (raw_copy / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"new-page.html,{site.base}/new.html,New page,U.S. Department of State,2025-03-03,\n")
    assert materialise(raw_copy, output_dir).success
    assert site.requests == [] and not (raw_copy / "new-page.html").exists()


def test_the_opt_in_asset_fetches_then_documents_read_the_snapshots(site: Site, tmp_path: Path) -> None:
    import dagster as dg

    from pipeline.defs.definitions import build_definitions
    from pipeline.defs.resources import PipelinePaths

    site.routes["/sheet.pdf"] = Route(fact_sheet_pdf(), content_type="application/pdf")
    raw = tmp_path / "raw"
    write_sources(raw, [("freedonia.pdf", f"{site.base}/sheet.pdf")])
    defs = build_definitions(PipelinePaths(raw_dir=str(raw), output_dir=str(tmp_path / "out")))
    assert "raw_snapshots" not in {
        key.to_user_string() for key in defs.resolve_job_def("publish_release").asset_layer.executable_asset_keys}
    result = defs.resolve_job_def("fetch_sources").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success and (raw / "freedonia.pdf").read_bytes() == fact_sheet_pdf()
    [doc] = scan(raw)
    assert read_text(doc) is not None and doc.status == "ok"
