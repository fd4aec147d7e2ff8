"""One PDF page laid out: its ruled tables and the text lines outside them, top to bottom.

Per page, ruled tables (pdfplumber's ``lines`` strategy: the forms are drawn with cell
borders) and the text lines outside them (titles, ``(2026年度)``, ``单位：万元``) are
merged by vertical position.  Cells drawn with a border but left blank are listed per row,
so the parser can tell a blank level cell from a merged one; a header row drawn without
its top border is put back on its table; text inside a table's frame but in no cell is
named in a note.  ``pdf_layout`` then joins the pages.
"""

from __future__ import annotations

from typing import Any

from pipelines.read.pdf_boxes import is_gap, unboxed
from pipelines.read.pdf_open_cells import read_open_cells
from pipelines.read.pdf_table import EDGE_TOLERANCE, Item, Table, TableRow
from pipelines.read.pdf_text import is_page_number, join_wrapped_titles, split_overlaid
from pipelines.read.text import clean_cell

_HEADER_WORDS = 3  # a header line names at least three columns


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
    parsed_tables: list[Table] = []
    for k, table in enumerate(found, start=1):
        parsed = _table(table, page.page_number, k)
        if k == 1 or k == len(found):
            used |= read_open_cells(page, table, parsed, head=k == 1, foot=k == len(found))
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


def _header_over_table(line: dict[str, Any], rules: list[_Rule], tables: list[Table],
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
    over = [x for x, _ in cells if any(abs(x - c) <= EDGE_TOLERANCE for c in columns)]
    if len(over) < 2:
        return False
    table.rows.insert(0, TableRow(line["top"], cells, [], locator))
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
        if cells and abs(cells[-1][0] - before[-1]) <= EDGE_TOLERANCE:
            return None  # two words in one column: a sentence, not a header
        cells.append((before[-1], text))
    return cells


def _table(table: Any, page: int, k: int) -> Table:
    """A found table's rows with each cell's left edge, blank bordered cells apart."""
    result = Table(page=page, top=table.bbox[1])
    extracted = table.extract()
    found_rows = table.rows  # pdfplumber works the rows out again at every access
    moved, absorbed = unboxed(found_rows, extracted)
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
            if not cleaned.strip() and is_gap(bbox):
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
        result.rows.append(TableRow(row.bbox[1], cells, blanks, f"page {page} table {k} row {r}"))
    return result


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
