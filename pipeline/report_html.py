"""HTML fragments built in Python where a template loop would run once per cell or per mark.

A document page has hundreds of marks and a table of hundreds of cells; drawn by Jinja loops
they cost most of its render. These functions write the same markup in one join, escaping every
piece of data exactly as Jinja's autoescape does (`&`, `<`, `>`, `"`, `'`); the templates insert
what they return with `|safe`. The templates still lay out every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.report_drilldown import Segment

if TYPE_CHECKING:
    from pipeline.report import Table


def escape(value: object) -> str:
    """A value as HTML text, as Jinja's autoescape (markupsafe.escape) writes it, without making
    a Markup object per call."""
    text = value if isinstance(value, str) else str(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def marked_text(pieces: list[Segment]) -> str:
    """The segments of a document's text: plain text escaped, each mark a <mark> element (a
    figure with its kind's class, its anchor and what a hover shows; other marks with their status)."""
    html: list[str] = []
    for s in pieces:
        if s.mark == "figure":
            html.append(f'<mark class="fig k-{escape(s.kind)}" id="{escape(s.anchor)}" title="{escape(s.title)}">'
                        f"{escape(s.text)}</mark>")
        elif s.mark:
            html.append(f'<mark class="{escape(s.mark)}" title="{escape(s.title)}">{escape(s.text)}</mark>')
        else:
            html.append(escape(s.text))
    return "".join(html)


#: Joins the cells of a table so that they are escaped in one pass (a cell holding it: one by one).
_SEPARATOR = "\x1f"


def escape_all(values: list[str]) -> list[str]:
    """Each value escaped, in one pass over all of them rather than one call per value."""
    if not values:
        return []
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:
        return [escape(v) for v in values]
    return escape(joined).split(_SEPARATOR)


def table_html(t: Table, caption: str | None = None, none_text: str = "None.") -> str:
    """A `Table` as the `table` macro of macros.html draws it (the macro calls this): a header,
    each row with its first cell linked when the table has links, and how many rows are not shown."""
    if not t.rows:
        return f'<p class="none">{escape(none_text)}</p>\n'
    width = len(t.columns)
    texts = escape_all([v if isinstance(v, str) else str(v) for row in t.rows for _, v in row])
    html = ['<div class="scroll"><table>\n']
    if caption:
        html.append(f"<caption>{escape(caption)}</caption>")
    html.append("<thead><tr>")
    html.extend(f'<th class="num">{escape(c)}</th>' if numeric else f"<th>{escape(c)}</th>"
                for c, numeric in zip(t.columns, t.numeric, strict=True))
    html.append("</tr></thead>\n<tbody>\n")
    opening = {cls: f'<td class="{escape(cls)}">' if cls else "<td>" for row in t.rows for cls, _ in row}
    for i, row in enumerate(t.rows):
        cells = [f"{opening[cls]}{text}</td>" for (cls, _), text in zip(row, texts[i * width:(i + 1) * width],
                                                                         strict=True)]
        if t.links:
            cls = row[0][0]
            cells[0] = f'{opening[cls]}<a href="{escape(t.links[i])}">{texts[i * width]}</a></td>'
        html.append(f"<tr>{''.join(cells)}</tr>\n")
    html.append("</tbody></table></div>\n")
    if t.hidden > 0:
        html.append(f'<p class="more">{t.hidden:,} more rows not shown.</p>')
    return "".join(html)
