"""Lay out the candidate pages of a PDF: tables and text lines into one grid of rows.

Each page is laid out by ``pdf_page`` (tables and the text lines outside them, by
vertical position).  Across pages, a table continued from the page before is put on the
same column grid as the part before it, by the cells' x-positions (the continued part
often lacks a merged first column, which would shift every cell left); its first row is
marked ``continued``, and cells drawn with a border but left blank are listed per row, so
the parser can tell a row cut by the page break and a blank level cell from a merged one.
A merged cell that runs over the page break has no closed border on either page; its
text, which pdfplumber places in no cell, is given to the row where the cell starts
(``pdf_open_cells``).  Page numbers and the few characters of a merged cell that a page
break leaves outside any table are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.read.grid import Row, page_of
from pipelines.read.pdf_open_cells import place_open_cells
from pipelines.read.pdf_table import EDGE_TOLERANCE, Item, Table, column
from pipelines.read.pdf_text import TARGET_TITLE, squeezed

# Outside-table text that a page break cut from a merged cell: a few CJK characters.
_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
_TITLE_LIKE = re.compile(r"^表|绩效目标|单位|万元")

_PAGE_SHIFT = 6.0  # points: how far a continued page's borders may stand off the first's

# The vertical label framing a form's indicator or goal block (「年度绩效指标」 down the left
# edge): cut by a page break it is dropped unsaid, for it holds no value of the form.
_FRAME_LABELS = frozenset({"绩效指标", "年度绩效指标", "绩效目标", "总体目标", "年度总体目标"})


def _is_fragment(text: str) -> bool:
    """A few characters of a merged cell's text that a page break left outside any cell."""
    flat = squeezed(text)
    return bool(_FRAGMENT.match(flat)) and not _TITLE_LIKE.search(flat)


def _mark_continuations(items: list[Item], notes: list[str]) -> list[Item]:
    """Mark tables that go on with the previous page's last table; drop cut fragments.

    A table continues the one before when it is the first table of its page, the one
    before was the last item of its page (bar fragments), and no title line stands
    between them.  Dropped fragments are named in ``notes``, one note per page (a
    vertical label drops a line per character): they are text of the form, so they are
    never lost unsaid.
    """
    kept: list[Item] = []
    dropped: dict[int, list[str]] = {}
    previous: Table | None = None
    open_table = False  # the last table so far ended its page with nothing after it
    for top, item, locator in items:
        if isinstance(item, Table):
            if (previous is not None and open_table and item.page == previous.page + 1
                    and not _opens_with_title(item)):
                item.continues = True
            previous, open_table = item, True
            kept.append((top, item, locator))
            continue
        if previous is not None and _is_fragment(item) and page_of(locator) in (
                previous.page, previous.page + 1):
            dropped.setdefault(page_of(locator), []).append(squeezed(item))
            continue
        open_table = False
        kept.append((top, item, locator))
    notes.extend(f"page {page}: text of merged cells that a page break left outside any "
                 f"cell was not read into a row: {' '.join(texts)}"
                 for page, texts in dropped.items() if "".join(texts) not in _FRAME_LABELS)
    return kept


def _opens_with_title(table: Table) -> bool:
    """A table whose first row is a lone cell naming a target table starts a new form."""
    first = table.rows[0].cells if table.rows else []
    return len(first) == 1 and any(w in squeezed(first[0][1]) for w in TARGET_TITLE)


def _runs(tables: list[Table]) -> list[list[Table]]:
    """Tables grouped into runs: a table and the continued parts after it."""
    runs: list[list[Table]] = []
    for table in tables:
        if table.continues and runs:
            runs[-1].append(table)
        else:
            runs.append([table])
    return runs


def _column_edges(run: list[Table]) -> list[float]:
    """The left edges of every column of a run, close edges (same column) merged.

    The first part's columns are the run's; a continued part's edge becomes a column of
    its own only where no column of the run stands near it.  A page is often printed a few
    points off the one before (西安: every border of the next page 1–5 points to the
    side), and a column taken for a new one would move the values of that page out of
    their column, so the rows would lose their targets.
    """
    edges = _merged_edges(run[0].edges)
    for table in run[1:]:
        extra = [x for x in _merged_edges(table.edges) if not _near_edge(edges, x)]
        if extra:
            edges = _merged_edges([*edges, *extra])
    return edges


def _merged_edges(xs: Iterable[float]) -> list[float]:
    edges: list[float] = []
    for x in sorted(xs):
        if not edges or x - edges[-1] > EDGE_TOLERANCE:
            edges.append(x)
    return edges


def _near_edge(edges: list[float], x: float) -> bool:
    """Whether ``x`` is one of ``edges`` printed a little off: within _PAGE_SHIFT points,
    and within a third of the narrower column beside that edge (narrow columns stay
    apart)."""
    if not edges:
        return False
    at = column(edges, x)
    widths = [edges[i + 1] - edges[i] for i in (at - 1, at) if 0 <= i < len(edges) - 1]
    allowed = min([_PAGE_SHIFT, *(w / 3 for w in widths)])
    return abs(edges[at] - x) <= max(allowed, EDGE_TOLERANCE)


_PlacedRow = tuple[tuple[str, ...], frozenset[int], bool, str]


def _table_rows(table: Table, edges: list[float]) -> list[_PlacedRow]:
    """(cells, blank bordered columns, continued, locator) per row on the run's grid."""
    result = []
    for index, row in enumerate(table.rows):
        cells = [""] * len(edges)
        for x, text in row.cells:
            col = column(edges, x)
            cells[col] = f"{cells[col]}\n{text}" if cells[col] else text
        blanks = frozenset(column(edges, x) for x in row.blanks)
        result.append((tuple(cells), blanks, table.continues and index == 0, row.locator))
    return result


def grid_rows(items: list[Item], notes: list[str] | None = None) -> list[Row]:
    """Rows of the whole file: text lines as one-cell rows, tables on their run's grid;
    what could not be put in a row is named in ``notes``."""
    items = _mark_continuations(items, [] if notes is None else notes)
    tables = [item for _, item, _ in items if isinstance(item, Table)]
    runs = _runs(tables)
    edges = {id(t): _column_edges(run) for run in runs for t in run}
    for run in runs:
        place_open_cells(run, edges[id(run[0])])
    rows: list[Row] = []
    for _, item, locator in items:
        if isinstance(item, Table):
            for cells, blanks, continued, where in _table_rows(item, edges[id(item)]):
                rows.append(Row(cells=cells, line=len(rows) + 1, locator=where,
                                blank_cells=blanks, continued=continued))
        else:
            rows.append(Row(cells=(item,), line=len(rows) + 1, locator=locator))
    return rows
