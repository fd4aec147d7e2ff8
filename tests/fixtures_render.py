"""Render a cell grid into every supported file format, for reader round-trip tests.

The seed export (a TSV) is the ground truth: each renderer writes the same rows as the
format's own users would (merged cells in workbooks and Word, rowspan/colspan in HTML,
titles as text outside the table), so reading a rendering back must give the same
non-blank cell texts per row.  Merges are inferred from the grid by the top-left rule
(see ``plan_spans``): a text cell absorbs the empty cells to its right, then the empty
rows below it.  Plain functions only, so other tests can import them.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from pipelines.read.grid import Grid, Row
from pipelines.read.text import read_tsv
from tests.conftest import SEED, SHARED  # noqa: F401  (SHARED: for the tests that import this module)

Rows = list[tuple[str, ...]]
Spans = dict[tuple[int, int], tuple[int, int]]  # top-left (row, col) -> (rowspan, colspan)

_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERCENT = re.compile(r"^\d+(\.\d+)?%$")


# --- the ground truth -------------------------------------------------------------------


def load_seed() -> Grid:
    """The seed TSV grid (raw/ ships it)."""
    return read_tsv(SEED.read_bytes(), SEED.name)[0]


def split_forms(grid: Grid) -> list[Grid]:
    """One grid per form: the seed separates forms by blank lines."""
    forms: list[list[Row]] = [[]]
    for row in grid.rows:
        if row.is_blank:
            forms.append([])
        else:
            forms[-1].append(row)
    return [Grid(source=grid.source, rows=tuple(f), part=f"form {i}")
            for i, f in enumerate((f for f in forms if f), start=1)]


def cell_texts(grid: Grid) -> list[tuple[str, ...]]:
    """Non-blank cell texts of each non-blank row: what a round trip must preserve."""
    return [tuple(t for _, t in row.filled()) for row in grid.rows if not row.is_blank]


def matrix(grid: Grid) -> Rows:
    """The non-blank rows of a grid, padded to the grid's width."""
    width = grid.width
    return [r.cells + ("",) * (width - len(r.cells)) for r in grid.rows if not r.is_blank]


def plan_spans(rows: Rows, label_cols: int | None = None) -> Spans:
    """Merged regions for a form: each text cell takes the empty cells right of it, then
    the rows below whose cells under it are all empty (the top-left rule, inverted).

    ``label_cols=N`` allows vertical merges only for one-column cells in the first N
    columns (row-group labels), the shape printed forms have; the greedy default gives
    staircases of wide, tall merges that stress the span logic of HTML/workbook readers."""
    covered: set[tuple[int, int]] = set()
    spans: Spans = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text or (r, c) in covered:
                continue
            cs = 1
            while c + cs < len(row) and not row[c + cs] and (r, c + cs) not in covered:
                cs += 1
            rs = 1
            tall = label_cols is None or (cs == 1 and c < label_cols)
            while tall and r + rs < len(rows) and all(
                not rows[r + rs][c + k] and (r + rs, c + k) not in covered for k in range(cs)
            ):
                rs += 1
            spans[(r, c)] = (rs, cs)
            covered.update((r + i, c + k) for i in range(rs) for k in range(cs))
    return spans


def title_count(rows: Rows) -> int:
    """Leading rows holding only a text in the first column: the form's title lines,
    rendered as text outside the table where the format allows it."""
    n = 0
    while n < len(rows) and rows[n][0] and not any(rows[n][1:]):
        n += 1
    return n


# --- text formats -----------------------------------------------------------------------


def render_tsv(grid: Grid, encoding: str = "utf-8", newline: str = "\n",
               bom: bool = False) -> bytes:
    """Tab-separated export; in-cell line breaks written as ``<br>`` as OCR tools do."""
    lines = ["\t".join(c.replace("\n", "<br>").replace("\t", " ") for c in row.cells)
             for row in grid.rows]
    data = newline.join(lines).encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def render_csv(grid: Grid, encoding: str = "utf-8") -> bytes:
    """CSV via the csv module (quotes cells with commas and line breaks)."""
    out = io.StringIO(newline="")
    csv.writer(out).writerows(row.cells for row in grid.rows)
    return out.getvalue().encode(encoding)


def render_markdown(grid: Grid) -> bytes:
    """Per form: title lines, then a pipe table whose first row is the header."""
    out: list[str] = []
    for form in split_forms(grid):
        rows = matrix(form)
        titles = title_count(rows)
        out += [_md_text(rows[i][0]) for i in range(titles)] + [""]
        body = [_md_row(r) for r in rows[titles:]]
        rule = "|" + "---|" * len(rows[0])
        out += [*body[:1], rule, *body[1:], ""]
    return "\n".join(out).encode("utf-8")


def _md_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md_text(c).replace("|", "\\|") for c in cells) + " |"


def render_html(grid: Grid) -> bytes:
    """Per form: title ``<p>`` lines, then a ``<table>`` with rowspan/colspan."""
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for form in split_forms(grid):
        rows = matrix(form)
        titles = title_count(rows)
        out += [f"<p>{_html_text(rows[i][0])}</p>" for i in range(titles)]
        out.append(_html_table(rows[titles:]))
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def _html_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _html_table(rows: Rows) -> str:
    spans = plan_spans(rows)
    covered = {(r + i, c + k) for (r, c), (rs, cs) in spans.items()
               for i in range(rs) for k in range(cs)}
    lines = ["<table border='1'>"]
    for r, row in enumerate(rows):
        tds = []
        for c in range(len(row)):
            if (r, c) in spans:
                rs, cs = spans[(r, c)]
                attrs = f" rowspan='{rs}' colspan='{cs}'"
                tds.append(f"<td{attrs}>{_html_text(row[c])}</td>")
            elif (r, c) not in covered:
                tds.append("<td></td>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join([*lines, "</table>"])


# --- workbooks --------------------------------------------------------------------------


def render_xlsx(grid: Grid, one_sheet: bool = False, typed: bool = False) -> bytes:
    """Workbook with real merged cells: one sheet per form, or all forms on one sheet
    separated by a blank row.  ``typed`` writes numbers, percentages and dates as real
    numeric/date cells with number formats (see ``typed_value``)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    forms = split_forms(grid)
    if one_sheet:
        sheet = book.create_sheet("全部")
        top = 1
        for form in forms:
            top = _write_form(sheet, matrix(form), top, typed) + 1
    else:
        for i, form in enumerate(forms, start=1):
            _write_form(book.create_sheet(f"表{i}"), matrix(form), 1, typed)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_form(sheet: object, rows: Rows, top: int, typed: bool) -> int:
    """Write one form at sheet row ``top`` with its merges; the next free row."""
    for (r, c), (rs, cs) in plan_spans(rows).items():
        cell = sheet.cell(row=top + r, column=c + 1)  # type: ignore[attr-defined]
        value, number_format = typed_value(rows[r][c]) if typed else (rows[r][c], "@")
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # "=100.00(%)" is a target value, not a formula
        else:
            cell.number_format = number_format
        if rs > 1 or cs > 1:
            sheet.merge_cells(  # type: ignore[attr-defined]
                start_row=top + r, start_column=c + 1,
                end_row=top + r + rs - 1, end_column=c + cs,
            )
    return top + len(rows) + 1


def typed_value(text: str) -> tuple[object, str]:
    """The native cell value a spreadsheet user would have typed for ``text``."""
    if _DATE.match(text):
        return dt.date.fromisoformat(text), "yyyy-mm-dd"
    if _PERCENT.match(text):
        return float(text[:-1]) / 100, "0%"
    if _NUMBER.match(text):
        number = float(text.replace(",", ""))
        return number, "#,##0.00" if "," in text else "0.00"
    return text, "General"


def render_xls(grid: Grid) -> bytes:
    """Legacy .xls (BIFF8) with merged cells, one sheet per form (needs xlwt)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for i, form in enumerate(split_forms(grid), start=1):
        sheet = book.add_sheet(f"表{i}")
        rows = matrix(form)
        for (r, c), (rs, cs) in plan_spans(rows).items():
            sheet.write_merge(r, r + rs - 1, c, c + cs - 1, rows[r][c])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def normalise_number(text: str) -> str:
    """Documented workbook difference: ``11,043.84``/``0.00`` read back as ``11043.84``/``0``
    from a numeric cell, so numeric texts are compared by value."""
    if not _NUMBER.match(text):
        return text
    try:
        value = Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return text
    return format(value, "f")


# --- Word -------------------------------------------------------------------------------


def render_docx(grid: Grid) -> bytes:
    """Per form: title paragraphs, then a Word table with real merged cells."""
    import docx

    document = docx.Document()
    for form in split_forms(grid):
        rows = matrix(form)
        titles = title_count(rows)
        for i in range(titles):
            document.add_paragraph(rows[i][0])
        body = rows[titles:]
        table = document.add_table(rows=len(body), cols=len(body[0]))
        for (r, c), (rs, cs) in plan_spans(body).items():
            cell = table.cell(r, c)
            cell.text = body[r][c]
            if rs > 1 or cs > 1:
                cell.merge(table.cell(r + rs - 1, c + cs - 1))
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------


def render_pdf(grid: Grid, page_size: tuple[float, float] | None = None) -> bytes:
    """A text-layer PDF: title lines as paragraphs above ruled tables with spans.

    Uses reportlab's built-in CID font STSong-Light (no font file needed; its text is
    extractable again).  Forms flow on: a form may continue on the next page.
    """
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_cjk_font()
    size = page_size or landscape(A3)
    story: list[object] = []
    for form in split_forms(grid):
        rows = matrix(form)
        titles = title_count(rows)
        for i in range(titles):
            story.append(Paragraph(_pdf_text(rows[i][0]), _pdf_style(12)))
        story += [_pdf_table(rows[titles:], size[0] - 72), Spacer(1, 24)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=36, rightMargin=36, topMargin=36,
                            bottomMargin=36)
    doc.build(story)
    return out.getvalue()


def _register_cjk_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _pdf_style(size: float) -> object:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"cjk{size}", fontName="STSong-Light", fontSize=size,
                          leading=size * 1.3, wordWrap="CJK")


def _pdf_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br/>")


def _pdf_table(rows: Rows, width: float) -> object:
    from reportlab.platypus import Paragraph, Table, TableStyle

    style = _pdf_style(8)
    data = [[Paragraph(_pdf_text(t), style) if t else "" for t in row] for row in rows]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for (r, c), (rs, cs) in plan_spans(rows, label_cols=3).items():
        if rs > 1 or cs > 1:
            commands.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
    table = Table(data, colWidths=[width / len(rows[0])] * len(rows[0]))
    table.setStyle(TableStyle(commands))
    return table


def render_pdf_without_text() -> bytes:
    """A 'scanned' PDF: a page with only drawn shapes, no text layer."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(72, 72, 300, 400, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


def render_pdf_encrypted() -> bytes:
    """A PDF that opens only with a user password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    page.drawString(72, 720, "locked")
    page.showPage()
    page.save()
    return out.getvalue()


def pdf_expected(grid: Grid) -> list[str]:
    """Documented PDF difference: cell text is re-wrapped to the printed column widths and
    a multi-line title prints as several lines, so PDF rows are compared without
    whitespace, and one-cell rows (titles) one printed line at a time."""
    out: list[str] = []
    for texts in cell_texts(grid):
        if len(texts) == 1:
            out += [squash(line) for line in texts[0].split("\n")]
        else:
            out.append(squash("|".join(texts)))
    return out


def pdf_actual(grid: Grid) -> list[str]:
    """Rows of a PDF read back, in the form ``pdf_expected`` produces."""
    return [squash("|".join(texts)) for texts in cell_texts(grid)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- money units ------------------------------------------------------------------------

_FUNDS_LABEL_UNIT = re.compile(r"\s*[(（]\s*元\s*[)）]")


def to_wan_yuan(grid: Grid) -> Grid:
    """The same forms with their funds stated in 万元, as some departments publish them.

    The funds section label ``项目资金 (元)`` becomes ``项目资金（万元）`` and every amount
    cell of that section (the label row and the following rows whose first cell is empty)
    is divided by 10,000 exactly, keeping every digit: ``11,043.84`` -> ``1.104384``,
    ``0.00`` -> ``0.000000``.  Reading it back must give the original 元 amounts."""
    rows: list[Row] = []
    in_funds = False
    for row in grid.rows:
        cells = list(row.cells)
        first = row.cell(0)
        if "项目资金" in first and _FUNDS_LABEL_UNIT.search(first):
            in_funds = True
            cells[0] = _FUNDS_LABEL_UNIT.sub("（万元）", first)
        elif first.strip() or row.is_blank:
            in_funds = False
        if in_funds:
            cells = [_wan(c) for c in cells]
        rows.append(Row(cells=tuple(cells), line=row.line, locator=row.locator))
    return Grid(source=grid.source, rows=tuple(rows), part=grid.part, notes=grid.notes)


def _wan(text: str) -> str:
    if not _NUMBER.match(text.strip()):
        return text
    value = Decimal(text.strip().replace(",", "")).scaleb(-4)  # exact: moves the point
    return format(value, "f")
