"""Merged cells a page break cut open: their text found on each page, then placed.

A merged cell that runs over a page break has no closed border on either page, so
pdfplumber places its text in no cell.  On each page the text at a table's foot and head
is read column by column (without the page number printed under the table); once the
tables of a run share one grid, the head's text finishes the cell the page before left
open, or starts the continued part's first row.
"""

from __future__ import annotations

from typing import Any

from pipelines.read.pdf_boxes import is_gap
from pipelines.read.pdf_table import EDGE_TOLERANCE, Table, TableRow, column
from pipelines.read.pdf_text import is_page_number


def _column_spans(table: Any) -> list[tuple[float, float]]:
    """(left, right) of every column of a found table, from its cells' left edges."""
    lefts = sorted({round(c[0], 1) for c in table.cells if not is_gap(c)})
    rights = [*lefts[1:], table.bbox[2]]
    return list(zip(lefts, rights, strict=True))


def _covered(table: Any, x: float, y: float) -> bool:
    return any(c[0] <= x <= c[2] and c[1] <= y <= c[3] for c in table.cells)


def _band(table: Any, r: int, rows: list[Any] | None = None) -> tuple[float, float]:
    """The heights row ``r`` takes: from its top to the next row's top (the table's foot
    for the last row).  A row's own box is the union of its cells, so a cell merged down
    the whole table (a frame column) would stretch the first row over the whole page.
    ``rows``: the table's rows when the caller has them (pdfplumber works them out
    again at every ``table.rows``)."""
    rows = table.rows if rows is None else rows
    bottom = rows[r + 1].bbox[1] if r + 1 < len(rows) else table.bbox[3]
    return rows[r].bbox[1], bottom


def _open_rows(table: Any, span: tuple[float, float]) -> list[int]:
    """Rows where the column lies in no closed cell: a merged cell the page break left
    without its bottom (or top) border, whose text pdfplumber cannot place."""
    x = (span[0] + span[1]) / 2
    rows = table.rows
    return [r for r in range(len(rows))
            if not _covered(table, x, sum(_band(table, r, rows)) / 2)]


def _chars_in(page: Any, span: tuple[float, float], top: float, bottom: float,
              table: Any) -> list[dict[str, Any]]:
    """Characters in a column between two heights, outside every closed cell."""
    found = []
    for char in page.chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        if span[0] <= x <= span[1] and top <= y <= bottom and not _covered(table, x, y):
            found.append(char)
    return sorted(found, key=lambda c: (round(c["top"]), c["x0"]))


def read_open_cells(page: Any, table: Any, parsed: Table, *, head: bool,
                     foot: bool) -> set[int]:
    """Give the text of merged cells cut open by a page break to their rows.

    A merged cell that runs over the page break has no closed border on this page, so
    its text (drawn centred on the whole merged cell, often below the table's last
    ruled row or beyond the page edge) lies in no cell.  At the table's foot the text
    belongs to the first row of the open run; at its head it finishes the cell the
    previous page left open (joined when the tables are put together).  Returns the
    ids of the characters used.
    """
    used: set[int] = set()
    rows = table.rows
    if not rows:
        return used
    for span in _column_spans(table):
        open_rows = _open_rows(table, span)
        if foot and open_rows and open_rows[-1] == len(rows) - 1:
            first = len(rows) - 1
            while first - 1 in open_rows:
                first -= 1
            chars = _without_furniture(
                _chars_in(page, span, rows[first].bbox[1], float("inf"), table), page, table)
            if chars:
                parsed.open_foot[span[0]] = (first, _text_of(chars))
                used |= {id(c) for c in chars}
        if head and open_rows and open_rows[0] == 0 and not parsed.open_foot.get(span[0]):
            last = 0
            while last + 1 in open_rows:
                last += 1
            chars = _without_furniture(
                _chars_in(page, span, float("-inf"), _band(table, last)[1], table), page, table)
            if chars:
                parsed.open_head[span[0]] = _text_of(chars)
                used |= {id(c) for c in chars}
    return used


def _without_furniture(chars: list[dict[str, Any]], page: Any, table: Any
                       ) -> list[dict[str, Any]]:
    """The characters of an open cell without the page's furniture (「第 3 页，共 45 页」).

    An open cell is read down to the page's edge, so the page number printed under the
    table falls in its column; a line outside the table's frame that is a page number
    is never cell text (it is dropped with the other page numbers)."""
    top, bottom = table.bbox[1], table.bbox[3]
    lines: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        middle = (char["top"] + char["bottom"]) / 2
        if middle >= bottom or middle <= top:
            lines.setdefault(round(char["top"]), []).append(char)
    furniture: set[int] = set()
    for line_top, line in lines.items():
        whole = [c for c in page.chars if round(c["top"]) == line_top]
        text = "".join(c["text"] for c in sorted(whole, key=lambda c: c["x0"]))
        if is_page_number(text, line_top, page.height):
            furniture |= {id(c) for c in line}
    return [c for c in chars if id(c) not in furniture]


def _text_of(chars: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in chars if not c["text"].isspace())


def place_open_cells(run: list[Table], edges: list[float]) -> None:
    """Put the text of merged cells cut by page breaks into the rows they belong to.

    Text at the head of a continued part finishes the cell its page before left open
    in the same column; without one it starts the part's first row.
    """
    for index, table in enumerate(run):
        for x0, (row_index, text) in table.open_foot.items():
            _add_cell(table.rows[row_index], x0, text)
        previous = run[index - 1] if index and table.continues else None
        for x0, text in table.open_head.items():
            col = column(edges, x0)
            target = None
            if previous is not None:
                target = next((previous.rows[r] for px, (r, _) in previous.open_foot.items()
                               if column(edges, px) == col), None)
            if target is not None:
                foot_x = next(px for px in previous.open_foot if column(edges, px) == col)
                _add_cell(target, foot_x, _rest_of(previous.open_foot[foot_x][1], text))
            else:
                _add_cell(table.rows[0], x0, text)


def _rest_of(foot: str, head: str) -> str:
    """What the head of the next page adds to a cut cell's text: some generators draw
    the whole text on both pages (nothing to add), others each page's part."""
    if foot.endswith(head) or foot.startswith(head):
        return ""
    return head


def _add_cell(row: TableRow, x0: float, text: str) -> None:
    """Append text to the row's cell at ``x0`` (a blank bordered cell there is filled)."""
    if not text:
        return
    for i, (x, existing) in enumerate(row.cells):
        if abs(x - x0) <= EDGE_TOLERANCE:
            row.cells[i] = (x, existing + text)
            return
    row.blanks = [x for x in row.blanks if abs(x - x0) > EDGE_TOLERANCE]
    row.cells.append((x0, text))
