"""A ruled table of one PDF page as the layout reads it: rows of cells by their left edge.

``pdf_page`` finds these on a page, ``pdf_open_cells`` adds the text of merged cells cut
by a page break, and ``pdf_layout`` puts a table and its continuations on one column grid.
Cells are kept with their x-positions (not column numbers) until then, because a table
continued on the next page often lacks a merged first column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EDGE_TOLERANCE = 2.5  # points: left edges this close are one column


@dataclass(slots=True)
class TableRow:
    """One table row: its top, its filled cells as (left edge, text), the left edges of
    its blank bordered cells, and where it sits."""

    top: float
    cells: list[tuple[float, str]]
    blanks: list[float]
    locator: str


@dataclass(slots=True)
class Table:
    """One ruled table of one page, as found, before it is put on its run's grid."""

    page: int
    top: float
    rows: list[TableRow] = field(default_factory=list)
    continues: bool = False  # goes on with the last table of the page before
    # text of merged cells the page break left open, by the column's left edge:
    # at the table's foot (row index, text) and at its head (text)
    open_foot: dict[float, tuple[int, str]] = field(default_factory=dict)
    open_head: dict[float, str] = field(default_factory=dict)

    @property
    def edges(self) -> list[float]:
        return [x for row in self.rows for x in [*(c[0] for c in row.cells), *row.blanks]]


# One laid-out item of a page in reading order: a text line or a table.
Item = tuple[float, "str | Table", str]


def column(edges: list[float], x: float) -> int:
    """The index of the column whose left edge is nearest ``x``."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))
