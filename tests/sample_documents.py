"""Documents written for the format tests: one fact sheet as an HTML page and as a PDF.

The sentences are our own, in the style of a State Department fact sheet about an invented
country. `fact_sheet_html` wraps them in the navigation, breadcrumbs, sidebar and footer a
government site has; `fact_sheet_pdf` lays them out with fpdf2 on several pages with a
running header and a page-number footer, so the converters have something to remove.
"""

from __future__ import annotations

import datetime as dt
import html
import io

from fpdf import FPDF

#: (kind, text): "h" a heading, "p" a paragraph.
FACT_SHEET: list[tuple[str, str]] = [
    ("h", "U.S. Relations With Freedonia"),
    ("h", "Bilateral Relations"),
    ("p", "The United States established diplomatic relations with Freedonia in 1962. The two countries "
          "share a maritime boundary of about 310 miles and cooperate closely on fisheries, port security "
          "and disaster relief."),
    ("p", "More than 14,000 Freedonian students studied at U.S. colleges and universities in the 2023-2024 "
          "academic year, and over 2,500 Americans live in Freedonia."),
    ("h", "U.S. Assistance to Freedonia"),
    ("p", "Since 2010, the United States has provided more than $480 million in development and security "
          "assistance to Freedonia. In 2024, U.S. programs trained roughly 1,200 coast guard officers and "
          "supported 35 rural health clinics."),
    ("p", "Nearly 60 percent of the assistance in 2024 supported health and education, and about one in four "
          "projects was run with local partners."),
    ("h", "Bilateral Economic Relations"),
    ("p", "Two-way trade in goods between the United States and Freedonia totaled $9.6 billion in 2024, an "
          "increase of 7.5% over 2023. U.S. exports to Freedonia were $5.1 billion and imports from "
          "Freedonia were $4.5 billion in 2024."),
    ("p", "The stock of U.S. foreign direct investment in Freedonia was $2.3 billion in 2023, led by energy, "
          "retail and financial services. Freedonian firms employ about 3,400 workers in the United States."),
]

#: Fixed, so the same document always has the same bytes (fpdf2 stamps the creation date).
CREATED = dt.datetime(2025, 3, 3, tzinfo=dt.UTC)
NAVIGATION = ["Countries & Areas", "Travel Advisories", "Careers", "Press Releases", "About the Department"]
FOOTER = "U.S. Department of State, 2201 C Street NW, Washington, DC 20520. Call 1-888-407-4747."


def fact_sheet_html(blocks: list[tuple[str, str]] = FACT_SHEET) -> bytes:
    """The blocks as the main content of a government web page, with its site chrome around it."""
    nav = "".join(f'<li><a href="/{i}">{html.escape(item)}</a></li>' for i, item in enumerate(NAVIGATION))
    body = []
    first = True
    for kind, text in blocks:
        if kind == "h":
            tag = "h1" if first else "h2"
            body.append(f"<{tag}>{html.escape(text)}</{tag}>")
            first = False
        else:
            body.append(f"<p>{html.escape(text)}</p>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(blocks[0][1])} - Department of State</title>
<style>nav {{ display: flex }}</style><script>var visits = 2048; function count() {{ return visits + 1; }}</script>
</head><body>
<header><a href="/">Home</a><nav><ul>{nav}</ul></nav>
<form role="search"><input type="text" placeholder="Search 3,000 pages"></form></header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/countries">Countries</a> &gt; Freedonia</div>
<main><article>
{chr(10).join(body)}
</article></main>
<aside class="related"><h3>Related Articles</h3><ul><li><a href="/a">Secretary visits 4 countries</a></li>
<li><a href="/b">Fact sheet: 25 years of partnership</a></li></ul></aside>
<footer><p>{html.escape(FOOTER)}</p><ul><li><a href="/privacy">Privacy Policy</a></li>
<li><a href="/foia">FOIA</a></li></ul></footer>
</body></html>
"""
    return page.encode("utf-8")


class _FactSheetPdf(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "", 9)
        self.cell(0, 8, "Freedonia Fact Sheet | Bureau of Southern Affairs", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


def fact_sheet_pdf(blocks: list[tuple[str, str]] = FACT_SHEET, paragraphs_per_page: int = 3) -> bytes:
    """The blocks as a PDF with a text layer: headings in bold, wrapped paragraphs, a few per page."""
    pdf = _FactSheetPdf()
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    on_page = 0
    for kind, text in blocks:
        if kind == "h":
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        else:
            if on_page == paragraphs_per_page:
                pdf.add_page()
                on_page = 0
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            on_page += 1
    return bytes(pdf.output())


def pdf_of_lines(pages: list[list[str]], header: str | None = None) -> bytes:
    """A PDF whose lines break exactly where given (one line per cell); '' is a blank line."""
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "", 11)
        if header is not None:
            pdf.cell(0, 6, header.format(page=pdf.page_no()), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with a page of drawing and no text layer, as a scan without OCR is."""
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """The fact sheet encrypted with pypdf (RC4, which needs no extra library to write or read)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(fact_sheet_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
