"""Read HTML tables, as PDF/OCR converters and "save as web page" exports write forms.

Spanned cells are laid out on the table's real grid (the HTML table model), with the text
in the top-left cell of a span and ``""`` in every other covered cell, the same shape the
TSV exports have, so the parser sees one layout whatever the format.  Text outside tables
(the form title, ``(2026年度)``, ``单位：万元``) becomes one-cell rows in document order,
because the parser splits forms at titles and reads the money unit from such lines.
Whitespace follows HTML rules: source line breaks are spaces, ``<br>`` and block
boundaries (``<p>``, ``<div>``) are line breaks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from pipelines.read.cutoff import table_left_open
from pipelines.read.errors import ReadError
from pipelines.read.grid import CutOff, Grid, Row
from pipelines.read.text import clean_cell, decode_checked

# Elements that break running text into separate paragraphs / cell lines.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SOURCE_SPACE = re.compile(r"[ \t\r\n\f]+")
_MAX_COLSPAN = 1000  # the HTML standard's own clamps, so a typo cannot blow up memory
_MAX_ROWSPAN = 65534


def read_html(data: bytes, source: str) -> list[Grid]:
    """One grid for the whole page: table rows and text paragraphs in document order."""
    decoded, notes = decode_checked(data)
    text = _XML_DECL.sub("", decoded)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as err:
        raise ReadError("unreadable_html", f"the HTML cannot be parsed ({err})") from err
    rows: list[Row] = []
    tables = paragraphs = 0
    for item in _walk(root):
        if isinstance(item, str):
            paragraphs += 1
            locator = f"paragraph {paragraphs}"
            rows.append(Row(cells=(item,), line=len(rows) + 1, locator=locator))
            continue
        tables += 1
        for r, cells in enumerate(layout_table(item), start=1):
            locator = f"table {tables} row {r}"
            rows.append(Row(cells=cells, line=len(rows) + 1, locator=locator))
    return [Grid(source=source, rows=tuple(rows), notes=notes, cut_off=_cut_off(text, rows))]


def _cut_off(text: str, rows: list[Row]) -> CutOff | None:
    """A document whose last table never closes was cut inside its last row."""
    why = table_left_open(text)
    filled = [row for row in rows if not row.is_blank]
    if why is None or not filled:
        return None
    return CutOff(filled[-1].line, filled[-1].locator, why.en, why_zh=why.zh)


def _walk(root: lxml.html.HtmlElement) -> Iterator[str | lxml.html.HtmlElement]:
    """Tables (as elements) and paragraphs of text outside tables (as clean text), in order.

    Inline text is collected into a buffer and flushed whenever a block element or a
    table starts or ends, so a title in ``<p>`` or bare text before a table is one row.
    """
    buffer: list[str] = []

    def flush() -> Iterator[str]:
        text = _clean("".join(buffer))
        buffer.clear()
        if text:
            yield text

    def visit(el: lxml.html.HtmlElement) -> Iterator[str | lxml.html.HtmlElement]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table":
            yield from flush()
            for caption in el.iterchildren("caption"):
                if text := cell_text(caption):
                    yield text  # a title in <caption> precedes the table rows
            yield el
        elif tag and tag not in _SKIP:
            if tag in _BLOCKS:
                yield from flush()
            buffer.append(_own_text(el))
            for child in el:
                yield from visit(child)
            if tag in _BLOCKS:
                yield from flush()
        buffer.append(_SOURCE_SPACE.sub(" ", el.tail or ""))

    yield from visit(root)
    yield from flush()


def layout_table(table: lxml.html.HtmlElement) -> list[tuple[str, ...]]:
    """Cell texts of a table on its grid: spans resolved by the top-left rule, rows padded."""
    trs = _own_rows(table)
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(trs):
        col = 0
        for td in tr:
            if td.tag not in {"td", "th"}:
                continue
            while (r, col) in grid:
                col += 1
            rowspan = min(_span(td, "rowspan", _MAX_ROWSPAN), len(trs) - r)
            colspan = _span(td, "colspan", _MAX_COLSPAN)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, col + dc)] = ""
            grid[(r, col)] = cell_text(td)
            col += colspan
    width = max((c + 1 for _, c in grid), default=0)
    return [tuple(grid.get((r, c), "") for c in range(width)) for r in range(len(trs))]


def _own_rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's ``<tr>`` elements (directly or in thead/tbody/tfoot), not nested ones."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in {"thead", "tbody", "tfoot"}:
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _span(td: lxml.html.HtmlElement, name: str, limit: int) -> int:
    """A rowspan/colspan value; missing, zero or malformed counts as 1."""
    match = re.match(r"\s*(\d+)", td.get(name) or "")
    value = int(match.group(1)) if match else 1
    return max(1, min(value, limit))


def cell_text(td: lxml.html.HtmlElement) -> str:
    """Plain text of a cell: ``<br>`` and ``<p>`` become line breaks (nested tables flatten)."""
    return _clean(_flatten(td))


def _flatten(el: lxml.html.HtmlElement) -> str:
    """Text of an element and its descendants with HTML whitespace rules applied."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or not tag:
        inner = ""
    else:
        inner = _own_text(el) + "".join(_flatten(child) for child in el)
    if tag in _BLOCKS:
        inner = f"\n{inner}\n"
    return inner + _SOURCE_SPACE.sub(" ", el.tail or "")


def _own_text(el: lxml.html.HtmlElement) -> str:
    """An element's leading text, or the line break a ``<br>`` stands for."""
    return "\n" if el.tag == "br" else _SOURCE_SPACE.sub(" ", el.text or "")


def _clean(text: str) -> str:
    """clean_cell on already-decoded text: escaped first so entities are not decoded twice."""
    return clean_cell(html.escape(text, quote=False))
