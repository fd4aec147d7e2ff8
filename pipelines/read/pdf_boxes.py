"""Boxes some generators draw inside a table cell around its text, given back to the cell.

西安's forms frame a cell's text in a box of its own (「一级指标」, 「≥99%」); pdfplumber
then reads the box's rules as cells: thin gap cells beside the text and blank margin cells
above and below it.  Read as they are, the text lands on a row of its own and the gaps
become columns.  These pure functions find such boxes in a found table's cells.
"""

from __future__ import annotations

from typing import Any

from pipelines.read.pdf_table import EDGE_TOLERANCE

_GAP_WIDTH = 6.0  # points: narrower cells are margins of a box drawn inside a cell

_BOX_MARGIN = 8.0  # points: the widest side margin of a box drawn inside a cell
_TOUCH = 1.5  # points: cell edges this close are one rule drawn twice
_Key = tuple[int, int]  # (row, column) of a found table's cell
_Box = tuple[float, float, float, float]


def unboxed(rows: list[Any], texts: list[list[str | None]]
             ) -> tuple[dict[_Key, str], set[_Key]]:
    """Text boxes drawn inside cells, given back to the cells around them.

    Some generators frame a cell's text in a box of its own (西安: 「一级指标」, 「产出指标」
    boxed in the middle of their cells).  The box's rules cut the cell into a box row
    between blank margin cells above and below, so the text lands on a row of its own,
    often an indicator or two below where its merged cell starts.  A text cell with a
    narrow blank cell beside it, between blank cells of the same width whose heights above
    and below match (the box is centred in its cell), is that cell: its text moves to
    the top margin cell (where the cell starts), the box, gaps and margins are dropped.
    Returns the moved texts and the cells dropped.
    """
    cells = {(r, i): bbox for r, row in enumerate(rows)
             for i, bbox in enumerate(row.cells) if bbox is not None}
    moved: dict[_Key, str] = {}
    absorbed: set[_Key] = set()
    for key, bbox in cells.items():
        text = texts[key[0]][key[1]] or ""
        if not text.strip() or bbox[2] - bbox[0] < _BOX_MARGIN:
            continue
        gaps = _gaps_beside(rows[key[0]].cells, texts, key, bbox)
        if not gaps:
            continue
        box = _outline([bbox, *(cells[g] for g in gaps)])
        lines = _box_lines(cells, texts, bbox, box)
        margins = _centred_margins(cells, texts, (box[0], box[2]), box)
        if margins:
            moved[margins[0]] = "\n".join(texts[r][i] or "" for r, i in lines)
            absorbed |= {*lines, *gaps, *margins[1:]}
    return moved, absorbed


def _box_lines(cells: dict[_Key, _Box], texts: list[list[str | None]], first: _Box,
               box: _Box) -> list[_Key]:
    """The text cells of one box, top first: a box may frame each line apart
    (「经济效益」 over 「指标」) between the same side margins."""
    return sorted((k for k, b in cells.items()
                   if abs(b[0] - first[0]) < _TOUCH and abs(b[2] - first[2]) < _TOUCH
                   and b[1] >= box[1] - _TOUCH and b[3] <= box[3] + _TOUCH
                   and (texts[k[0]][k[1]] or "").strip()), key=lambda k: cells[k][1])


def _outline(boxes: list[_Box]) -> _Box:
    """The box around ``boxes``: a text box with its side margins."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _gaps_beside(row: list[_Box | None], texts: list[list[str | None]], key: _Key,
                 bbox: _Box) -> list[_Key]:
    """Blank margin cells (narrower than ``_BOX_MARGIN``) of ``key``'s row touching
    ``bbox`` left or right."""
    r = key[0]
    return [(r, i) for i, b in enumerate(row)
            if b is not None and i != key[1] and b[2] - b[0] < _BOX_MARGIN
            and not (texts[r][i] or "").strip()
            and (abs(b[2] - bbox[0]) < _TOUCH or abs(b[0] - bbox[2]) < _TOUCH)]


def _centred_margins(cells: dict[_Key, _Box], texts: list[list[str | None]],
                     span: tuple[float, float], box: _Box) -> list[_Key]:
    """The blank cells of ``span``'s width above and below ``box`` that, with equal
    heights either side (within ``EDGE_TOLERANCE``), make the cell it is centred in:
    top cell first; [] when none do.  The fewest such cells: blank cells further out
    are the margins of the boxes in the cells above and below."""
    same = {k: b for k, b in cells.items()
            if abs(b[0] - span[0]) < _TOUCH and abs(b[2] - span[1]) < _TOUCH
            and not (texts[k[0]][k[1]] or "").strip()}
    up = _chain(same, box[1], upward=True)
    down = _chain(same, box[3], upward=False)
    pairs = sorted(((a, d) for a in range(1, len(up) + 1) for d in range(1, len(down) + 1)),
                   key=sum)
    for a, d in pairs:
        above = box[1] - same[up[a - 1]][1]
        below = same[down[d - 1]][3] - box[3]
        if abs(above - below) <= EDGE_TOLERANCE:
            return [*reversed(up[:a]), *down[:d]]
    return []


def _chain(same: dict[_Key, _Box], edge: float, *, upward: bool) -> list[_Key]:
    """Blank cells stacked one on another from ``edge`` up (or down), nearest first."""
    found: list[_Key] = []
    while True:
        nxt = next((k for k, b in same.items()
                    if abs((b[3] if upward else b[1]) - edge) < _TOUCH and k not in found), None)
        if nxt is None:
            return found
        found.append(nxt)
        edge = same[nxt][1] if upward else same[nxt][3]


def is_gap(bbox: tuple[float, float, float, float]) -> bool:
    """A cell a few points wide: the margin between a cell's border and a box some
    generators draw inside it around the text (西安: 「≥99%」 framed within its cell).
    It is no column; the cell after it starts at its left edge, the outer cell's."""
    return bbox[2] - bbox[0] < _GAP_WIDTH
