"""Read Word .docx documents: body paragraphs and tables, in body order.

Departments often paste the form into a Word report, with the title and ``单位：万元`` as
paragraphs above the table; those paragraphs become one-cell rows so the parser can find
titles and units.  Merged cells are laid out from the table XML itself (``gridSpan`` for
horizontal and ``vMerge`` for vertical merges): the text goes in the top-left cell of a
merge and every covered cell is ``""``, matching the TSV exports.  (python-docx's own
``row.cells`` repeats the merged cell object instead, which would duplicate the text.)
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from pipelines.read.errors import ReadError
from pipelines.read.grid import Grid, Row
from pipelines.read.limits import check_expansion
from pipelines.read.text import clean_cell

if TYPE_CHECKING:
    from docx.table import Table


def read_docx(data: bytes, source: str) -> list[Grid]:
    """One grid for the document: paragraphs as one-cell rows, table rows as cells.

    Empty paragraphs give no row but are counted, so ``paragraph N`` is the N-th body
    paragraph as Word numbers them; ``line`` is the running row ordinal.
    """
    import docx
    from docx.table import Table

    check_expansion(data, "document")  # python-docx unpacks every part into memory
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as err:  # python-docx raises BadZipFile, KeyError, XMLSyntaxError, ...
        raise ReadError(
            "unreadable_document",
            f"the .docx document cannot be opened ({type(err).__name__}: {err}); it is "
            "corrupt, truncated or password-protected: open it in Word/WPS and save it again",
        ) from err
    rows: list[Row] = []
    paragraphs = tables = 0
    for block in blocks:
        if isinstance(block, Table):
            tables += 1
            for r, cells in enumerate(layout_table(block), start=1):
                rows.append(Row(cells, len(rows) + 1, f"table {tables} row {r}"))
            continue
        paragraphs += 1
        text = clean_cell(block.text)
        if text:
            rows.append(Row((text,), len(rows) + 1, f"paragraph {paragraphs}"))
    return [Grid(source=source, rows=tuple(rows))]


def layout_table(table: Table) -> list[tuple[str, ...]]:
    """Cell texts of a Word table on its layout grid, merged regions by the top-left rule."""
    from docx.table import _Cell

    laid: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            top_left = tc.vMerge != "continue"
            row.append(clean_cell(_Cell(tc, table).text) if top_left else "")
            row.extend([""] * (tc.grid_span - 1))
        laid.append(row)
    width = max((len(r) for r in laid), default=0)
    return [tuple(r) + ("",) * (width - len(r)) for r in laid]
