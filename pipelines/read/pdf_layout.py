"""Lay out the candidate pages of a PDF: tables and text lines into one grid of rows.

Per page, ruled tables (pdfplumber's ``lines`` strategy: the forms are drawn with cell
borders) and the text lines outside them (titles, ``(2026年度)``, ``单位：万元``) are
merged by vertical position.  Across pages, a table continued from the page before is
put on the same column grid as the part before it, by the cells' x-positions (the
continued part often lacks a merged first column, which would shift every cell left);
its first row is marked ``continued``, and cells drawn with a border but left blank are
listed per row, so the parser can tell a row cut by the page break and a blank level
cell from a merged one.  A merged cell that runs over the page break has no closed
border on either page; its text, which pdfplumber places in no cell, is given to the
row where the cell starts.  Page numbers and the few characters of a merged cell that a
page break leaves outside any table are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipelines.read.grid import Row, page_of
from pipelines.read.text import clean_cell

_DASHES = r"—–―－\-"
# 「— 3 —」, 「第 3 页」, 「3/45」, 「第 3 页，共 45 页」, 「第3页 共45页」: page furniture.
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}\s]*(第\s*)?\d{{1,4}}(\s*页)?"
    rf"(\s*[/／]\s*\d{{1,4}}|[\s，,、;；]*共\s*\d{{1,4}}\s*页)?"
    rf"[{_DASHES}\s]*$"
)
_DECORATED = re.compile(rf"[{_DASHES}第页/／]")
_SPACE = re.compile(r"\s+")
# Outside-table text that a page break cut from a merged cell: a few CJK characters.
_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
_TITLE_LIKE = re.compile(r"^表|绩效目标|单位|万元")
# Words of a target table's title (also used by the document pass).
# the titles of target forms, and of self-evaluations (绩效自评表, in 决算 disclosures): a
# self-evaluation is read so that its pages are accounted for (and recorded as such)
TARGET_TITLE = ("绩效目标表", "绩效目标申报表", "绩效自评表")
_EDGE_TOLERANCE = 2.5
_PAGE_SHIFT = 6.0  # points: how far a continued page's borders may stand off the first's
_HEADER_WORDS = 3  # a header line names at least three columns
_GAP_WIDTH = 6.0  # points: narrower cells are margins of a box drawn inside a cell


@dataclass(slots=True)
class _TableRow:
    """One table row: its top, its filled cells as (left edge, text), the left edges of
    its blank bordered cells, and where it sits."""

    top: float
    cells: list[tuple[float, str]]
    blanks: list[float]
    locator: str


@dataclass(slots=True)
class _Table:
    """One ruled table of one page, as found, before it is put on its run's grid."""

    page: int
    top: float
    rows: list[_TableRow] = field(default_factory=list)
    continues: bool = False  # goes on with the last table of the page before
    # text of merged cells the page break left open, by the column's left edge:
    # at the table's foot (row index, text) and at its head (text)
    open_foot: dict[float, tuple[int, str]] = field(default_factory=dict)
    open_head: dict[float, str] = field(default_factory=dict)

    @property
    def edges(self) -> list[float]:
        return [x for row in self.rows for x in [*(c[0] for c in row.cells), *row.blanks]]


# One laid-out item of a page in reading order: a text line or a table.
Item = tuple[float, "str | _Table", str]


def page_layout(page: Any) -> tuple[list[Item], list[str]]:
    """Tables and outside-table text lines of one page, top to bottom, and notes.

    Text inside a table's frame but in no closed cell (a merged cell left open at the
    page break) cannot be placed in a row; it is reported in a note, not silently lost
    and not injected between table rows where it would break the form's layout.
    """
    found = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    items: list[Item] = []
    notes: list[str] = []
    where = f"page {page.page_number}"
    used: set[int] = set()
    parsed_tables: list[_Table] = []
    for k, table in enumerate(found, start=1):
        parsed = _table(table, page.page_number, k)
        if k == 1 or k == len(found):
            used |= _read_open_cells(page, table, parsed, head=k == 1, foot=k == len(found))
        items.append((table.bbox[1], parsed, f"{where} table {k}"))
        parsed_tables.append(parsed)
        stray = _stray_text(page, table, used)
        if stray:
            notes.append(f"{where} table {k}: text outside any closed cell: {stray}")
    boxes = [t.bbox for t in found]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or (
        not _inside(obj, boxes) and id(obj) not in used))
    rules = _vertical_rules(page)
    lines = join_wrapped_titles(outside.extract_text_lines(return_chars=True))
    for n, line in enumerate(lines, start=1):
        if _header_over_table(line, rules, parsed_tables, f"{where} line {n}"):
            continue
        for text in split_overlaid(line["chars"]):
            if text and not is_page_number(text, line["top"], page.height):
                items.append((line["top"], text, f"{where} line {n}"))
    return sorted(items, key=lambda item: item[0]), notes  # stable: equal tops keep order


_Rule = tuple[float, float, float]  # x, top, bottom of a vertical ruling line


def _vertical_rules(page: Any) -> list[_Rule]:
    """Vertical ruling lines of the page as (x, top, bottom)."""
    return [(e["x0"], e["top"], e["bottom"]) for e in page.edges
            if e.get("orientation") == "v"]


def _header_over_table(line: dict[str, Any], rules: list[_Rule], tables: list[_Table],
                       locator: str) -> bool:
    """Put a header row drawn without its top border on the table below it.

    The table finder starts a table at its first horizontal rule, so a header row
    printed without a top border (西安 2019: 「一级指标 二级指标 指标内容 指标值」 at the
    head of a page) is read as a text line, and the rows below lose their header.  A
    line just above a table whose words each stand alone between the vertical rules
    crossing it, at least two of them over the table's columns, is that header row:
    each word becomes the cell that starts at the rule to its left.  True when placed.
    """
    table = next((t for t in tables if 0 <= t.top - line["bottom"] <= _line_height(line)),
                 None)
    if table is None or not table.rows:
        return False
    crossing = sorted(x for x, top, bottom in rules
                      if top <= line["top"] + 1 and bottom >= line["bottom"] - 1)
    cells = _words_between_rules(_words(line["chars"]), crossing)
    if cells is None or len(cells) < _HEADER_WORDS:
        return False
    columns = table.edges
    over = [x for x, _ in cells if any(abs(x - c) <= _EDGE_TOLERANCE for c in columns)]
    if len(over) < 2:
        return False
    table.rows.insert(0, _TableRow(line["top"], cells, [], locator))
    return True


def _line_height(line: dict[str, Any]) -> float:
    return line["bottom"] - line["top"]


def _words(chars: list[dict[str, Any]]) -> list[tuple[float, float, str]]:
    """(left, right, text) of the words of a line: characters closer than one
    character's width belong to one word."""
    words: list[tuple[float, float, str]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if char["text"].isspace():
            continue
        width = char["x1"] - char["x0"]
        if words and char["x0"] - words[-1][1] < width:
            left, _, text = words[-1]
            words[-1] = (left, char["x1"], text + char["text"])
        else:
            words.append((char["x0"], char["x1"], char["text"]))
    return words


def _words_between_rules(words: list[tuple[float, float, str]], rules: list[float]
                         ) -> list[tuple[float, str]] | None:
    """(left rule, word) per word when every word sits alone between two rules."""
    cells: list[tuple[float, str]] = []
    for left, right, text in words:
        before = [x for x in rules if x <= left]
        after = [x for x in rules if x >= right]
        if not before or not after or any(left < x < right for x in rules):
            return None
        if cells and abs(cells[-1][0] - before[-1]) <= _EDGE_TOLERANCE:
            return None  # two words in one column: a sentence, not a header
        cells.append((before[-1], text))
    return cells


def _table(table: Any, page: int, k: int) -> _Table:
    """A found table's rows with each cell's left edge, blank bordered cells apart."""
    result = _Table(page=page, top=table.bbox[1])
    extracted = table.extract()
    found_rows = table.rows  # pdfplumber works the rows out again at every access
    moved, absorbed = _unboxed(found_rows, extracted)
    for r, (row, texts) in enumerate(zip(found_rows, extracted, strict=True), 1):
        cells: list[tuple[float, str]] = []
        blanks: list[float] = []
        gap: float | None = None  # left edge of a thin gap cell just passed
        boxed = False  # the cell just placed had a gap before it: a box, whose right
        # margin is the next gap, not the left margin of the cell after it
        for i, (bbox, text) in enumerate(zip(row.cells, texts, strict=True)):
            if bbox is None or (r - 1, i) in absorbed:
                continue  # covered by a merged cell, or a box's margin
            text = moved.get((r - 1, i), text)
            cleaned = clean_cell(text or "")
            if not cleaned.strip() and _is_gap(bbox):
                if boxed:
                    boxed = False
                    continue
                gap = bbox[0] if gap is None else gap
                continue
            boxed = gap is not None
            left, gap = (bbox[0] if gap is None else gap), None
            if cleaned.strip():
                cells.append((left, cleaned))
            else:
                blanks.append(left)
        result.rows.append(_TableRow(row.bbox[1], cells, blanks, f"page {page} table {k} row {r}"))
    return result


_BOX_MARGIN = 8.0  # points: the widest side margin of a box drawn inside a cell
_TOUCH = 1.5  # points: cell edges this close are one rule drawn twice
_Key = tuple[int, int]  # (row, column) of a found table's cell
_Box = tuple[float, float, float, float]


def _unboxed(rows: list[Any], texts: list[list[str | None]]
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
    heights either side (within ``_EDGE_TOLERANCE``), make the cell it is centred in:
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
        if abs(above - below) <= _EDGE_TOLERANCE:
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


def _is_gap(bbox: tuple[float, float, float, float]) -> bool:
    """A cell a few points wide: the margin between a cell's border and a box some
    generators draw inside it around the text (西安: 「≥99%」 framed within its cell).
    It is no column; the cell after it starts at its left edge, the outer cell's."""
    return bbox[2] - bbox[0] < _GAP_WIDTH


def _column_spans(table: Any) -> list[tuple[float, float]]:
    """(left, right) of every column of a found table, from its cells' left edges."""
    lefts = sorted({round(c[0], 1) for c in table.cells if not _is_gap(c)})
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


def _read_open_cells(page: Any, table: Any, parsed: _Table, *, head: bool,
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


def squeezed(text: str) -> str:
    """Text without any white space: PDF text layers break words anywhere."""
    return _SPACE.sub("", text)


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
    previous: _Table | None = None
    open_table = False  # the last table so far ended its page with nothing after it
    for top, item, locator in items:
        if isinstance(item, _Table):
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


def _opens_with_title(table: _Table) -> bool:
    """A table whose first row is a lone cell naming a target table starts a new form."""
    first = table.rows[0].cells if table.rows else []
    return len(first) == 1 and any(w in squeezed(first[0][1]) for w in TARGET_TITLE)



def _runs(tables: list[_Table]) -> list[list[_Table]]:
    """Tables grouped into runs: a table and the continued parts after it."""
    runs: list[list[_Table]] = []
    for table in tables:
        if table.continues and runs:
            runs[-1].append(table)
        else:
            runs.append([table])
    return runs


def _column_edges(run: list[_Table]) -> list[float]:
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
        if not edges or x - edges[-1] > _EDGE_TOLERANCE:
            edges.append(x)
    return edges


def _near_edge(edges: list[float], x: float) -> bool:
    """Whether ``x`` is one of ``edges`` printed a little off: within _PAGE_SHIFT points,
    and within a third of the narrower column beside that edge (narrow columns stay
    apart)."""
    if not edges:
        return False
    at = _column(edges, x)
    widths = [edges[i + 1] - edges[i] for i in (at - 1, at) if 0 <= i < len(edges) - 1]
    allowed = min([_PAGE_SHIFT, *(w / 3 for w in widths)])
    return abs(edges[at] - x) <= max(allowed, _EDGE_TOLERANCE)


def _column(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


_PlacedRow = tuple[tuple[str, ...], frozenset[int], bool, str]


def _table_rows(table: _Table, edges: list[float]) -> list[_PlacedRow]:
    """(cells, blank bordered columns, continued, locator) per row on the run's grid."""
    result = []
    for index, row in enumerate(table.rows):
        cells = [""] * len(edges)
        for x, text in row.cells:
            col = _column(edges, x)
            cells[col] = f"{cells[col]}\n{text}" if cells[col] else text
        blanks = frozenset(_column(edges, x) for x in row.blanks)
        result.append((tuple(cells), blanks, table.continues and index == 0, row.locator))
    return result


def _place_open_cells(run: list[_Table], edges: list[float]) -> None:
    """Put the text of merged cells cut by page breaks into the rows they belong to.

    Text at the head of a continued part finishes the cell its page before left open
    in the same column; without one it starts the part's first row.
    """
    for index, table in enumerate(run):
        for x0, (row_index, text) in table.open_foot.items():
            _add_cell(table.rows[row_index], x0, text)
        previous = run[index - 1] if index and table.continues else None
        for x0, text in table.open_head.items():
            col = _column(edges, x0)
            target = None
            if previous is not None:
                target = next((previous.rows[r] for px, (r, _) in previous.open_foot.items()
                               if _column(edges, px) == col), None)
            if target is not None:
                foot_x = next(px for px in previous.open_foot if _column(edges, px) == col)
                _add_cell(target, foot_x, _rest_of(previous.open_foot[foot_x][1], text))
            else:
                _add_cell(table.rows[0], x0, text)


def _rest_of(foot: str, head: str) -> str:
    """What the head of the next page adds to a cut cell's text: some generators draw
    the whole text on both pages (nothing to add), others each page's part."""
    if foot.endswith(head) or foot.startswith(head):
        return ""
    return head


def _add_cell(row: _TableRow, x0: float, text: str) -> None:
    """Append text to the row's cell at ``x0`` (a blank bordered cell there is filled)."""
    if not text:
        return
    for i, (x, existing) in enumerate(row.cells):
        if abs(x - x0) <= _EDGE_TOLERANCE:
            row.cells[i] = (x, existing + text)
            return
    row.blanks = [x for x in row.blanks if abs(x - x0) > _EDGE_TOLERANCE]
    row.cells.append((x0, text))


def grid_rows(items: list[Item], notes: list[str] | None = None) -> list[Row]:
    """Rows of the whole file: text lines as one-cell rows, tables on their run's grid;
    what could not be put in a row is named in ``notes``."""
    items = _mark_continuations(items, [] if notes is None else notes)
    tables = [item for _, item, _ in items if isinstance(item, _Table)]
    runs = _runs(tables)
    edges = {id(t): _column_edges(run) for run in runs for t in run}
    for run in runs:
        _place_open_cells(run, edges[id(run[0])])
    rows: list[Row] = []
    for _, item, locator in items:
        if isinstance(item, _Table):
            for cells, blanks, continued, where in _table_rows(item, edges[id(item)]):
                rows.append(Row(cells=cells, line=len(rows) + 1, locator=where,
                                blank_cells=blanks, continued=continued))
        else:
            rows.append(Row(cells=(item,), line=len(rows) + 1, locator=locator))
    return rows


def _stray_text(page: Any, table: Any, used: set[int]) -> str:
    """Text of the characters within a table's frame that fall in none of its cells."""
    cells = [c for c in table.cells if c]
    stray = page.filter(
        lambda obj: obj.get("object_type") == "char"
        and _inside(obj, [table.bbox])
        and not _inside(obj, cells)
        and id(obj) not in used
    )
    return " ".join(clean_cell(stray.extract_text()).split("\n"))


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """True when the centre of a character lies within one of the table boxes."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def split_overlaid(chars: list[dict[str, Any]]) -> list[str]:
    """Text of one line, split where two strings in different fonts overprint each other.

    Some generators stamp a running header over a section heading at the same height
    (烟台 p.30: ``（三）部门预算项目绩效目标表`` under ``政策和项目预算绩效目标表``);
    read as one line the characters interleave into nonsense, so such a line is split
    into one line per font.
    """
    from pdfplumber.utils import extract_text

    if any("\n" in c["text"] for c in chars):  # a title joined from wrapped lines
        return ["\n".join(text for part in _line_parts(chars) for text in split_overlaid(part))]
    ordered = sorted(without_overprint(chars), key=lambda c: c["x0"])
    overlaps = any(
        b["x0"] < a["x1"] - 0.3 * (a["x1"] - a["x0"]) and a["fontname"] != b["fontname"]
        for a, b in itertools.pairwise(ordered)
    )
    if not overlaps:
        return [clean_cell(extract_text(ordered))]
    fonts: dict[str, list[dict[str, Any]]] = {}
    for char in ordered:
        fonts.setdefault(char["fontname"], []).append(char)
    return [clean_cell(extract_text(group)) for group in fonts.values()]


def is_page_number(text: str, top: float, page_height: float) -> bool:
    """``— 29 —``, ``- 3 -``, ``第 3 页``, ``3/50``; a bare number only in the bottom margin.

    Dashes alone (``— —``) are a page number whose digits the text layer lost.
    """
    if re.fullmatch(rf"[{_DASHES}\s]+", text) and len(text.strip()) > 1:
        return True
    if not _PAGE_NUMBER.match(text):
        return False
    return bool(_DECORATED.search(text)) or top > page_height * 0.9


def without_overprint(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters of a line with each one drawn twice kept once.

    Some generators draw a title twice, a fraction of a point apart (烟台: 「政策和项目预
    预算算绩绩效效…」 read as one line); a character that repeats the same character less
    than half its width away is the same ink, not a second character.
    """
    kept: list[dict[str, Any]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        half = max(char["x1"] - char["x0"], 1.0) / 2
        if not any(k["text"] == char["text"] and abs(k["x0"] - char["x0"]) < half
                   and abs(k["top"] - char["top"]) < half for k in kept[-4:]):
            kept.append(char)
    return kept


_LineDict = dict[str, Any]
_TITLE_MAX_CHARS = 60  # a title's length at most (the parser's limit too)
_SENTENCE_END = ("。", "；", ";", "：", ":", "，", ",")
_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")


def join_wrapped_titles(lines: list[_LineDict]) -> list[_LineDict]:
    """Text lines with a title that wraps over two or more lines made one line.

    A long title (「301007_XX分局_机场公安综」 + 「合修缮改造项目绩效目标表」) is printed as
    several lines of one size, close together; only the last one names the form, so read
    apart the first lines are lost (or mistaken for a cut cell's fragment) and the
    project's name in the title is cut.  Lines are joined when they run, at one size and
    less than a line apart, into the first line naming a target table, when the first
    starts a block of text and the whole is short enough to be a title (not the end of a
    paragraph or a heading above it).
    """
    result: list[_LineDict] = []
    i = 0
    while i < len(lines):
        end = _wrapped_title_end(lines, i)
        if end is None:
            result.append(lines[i])
            i += 1
        else:
            result.append(_joined(lines[i:end + 1]))
            i = end + 1
    return result


def _wrapped_title_end(lines: list[_LineDict], start: int) -> int | None:
    """Index of the line that completes a title wrapped from ``lines[start]``, if any."""
    if start > 0 and _same_block(lines[start - 1], lines[start]):
        return None  # the line goes on a text above it: a title starts a block
    first = squeezed(lines[start]["text"])
    if _HEADING.match(first) or _names_target(first) or first.endswith(_SENTENCE_END):
        return None
    text = first
    for k in range(start + 1, len(lines)):
        if not _same_block(lines[k - 1], lines[k]):
            return None
        text += squeezed(lines[k]["text"])
        if len(text) > _TITLE_MAX_CHARS:
            return None
        if _names_target(text):
            return k
        if text.endswith(_SENTENCE_END):
            return None
    return None


def _names_target(text: str) -> bool:
    return any(word in text for word in TARGET_TITLE)


def _size(line: _LineDict) -> float:
    sizes = sorted(c.get("size", 0.0) for c in line["chars"])
    return sizes[len(sizes) // 2] if sizes else 0.0


def _same_block(upper: _LineDict, lower: _LineDict) -> bool:
    """Two lines of one wrapped text: the same size, the lower less than a line below."""
    size = _size(upper)
    return (size > 0 and abs(_size(lower) - size) <= 0.5
            and 0 <= lower["top"] - upper["bottom"] < size)


def _joined(lines: list[_LineDict]) -> _LineDict:
    """One line of several: their characters, a line break marking each wrap."""
    chars: list[dict[str, Any]] = []
    for line in lines:
        if chars:
            chars.append({**line["chars"][0], "text": "\n"})
        chars.extend(line["chars"])
    return {**lines[0], "chars": chars, "text": "\n".join(line["text"] for line in lines),
            "bottom": lines[-1]["bottom"]}


def _line_parts(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The characters of a joined line, split again at its line breaks."""
    parts: list[list[dict[str, Any]]] = [[]]
    for char in chars:
        if char["text"] == "\n":
            parts.append([])
        else:
            parts[-1].append(char)
    return parts
