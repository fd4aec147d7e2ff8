"""Tell a text file cut off while being copied from one that merely lacks a final line break.

Files reach the warehouse through e-mail, USB sticks and crawlers; a copy that stopped
early still decodes, and without this check its last form would load with the rows that
survived, as if it were whole.  A file that ends with a line break cannot be told from a
shorter form by its bytes (the review then reports the missing categories); one that ends
without a line break is cut when its last row is visibly unfinished:

- fewer cells than the rows above it, where those rows all have the same number (text
  exports write every row of the grid with the same separators, blank cells included);
- an HTML tag or a bracket left open (``<p style="text-al``, ``≥90.00(%``);
- a pipe-table row without its closing pipe where the rows above have one;
- a lone line that breaks off a title or caption line printed above (the next part of a
  continued table began and was cut).

An HTML file is cut when its last table is never closed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipelines.read.grid import CutOff, Row


class Why(NamedTuple):
    """Why a file looks cut: in Chinese for the people who fix it, in English for the log."""

    zh: str
    en: str


REGULAR_ROWS = 3  # rows above the last that must agree on their width
_OPEN_TAG = re.compile(r"<[A-Za-z/!][^<>]*$")
_OPENS, _CLOSES = "(（[【", ")）]】"
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def ends_with_line_break(text: str) -> bool:
    return text.endswith(("\n", "\r"))


def cut_last_row(rows: Sequence[Row], last_line_text: str, ends_with_break: bool
                 ) -> CutOff | None:
    """Where a delimited text (TSV, CSV, Markdown) was cut; None when it ends with a line
    break, and an uncertain CutOff when it ends without one after a row that looks whole.

    ``last_line_text`` is the raw text of the file's last line, before cells were split
    and cleaned (a half-written tag is only visible there).
    """
    if ends_with_break or not rows:
        return None
    last = rows[-1]  # the file's last line, never empty here (it ends without a break)
    above = [row for row in rows[:-1] if not row.is_blank]
    why = unfinished(last_line_text) or narrower(last, above) or repeated_line_cut(last, above)
    if why is None:
        return CutOff(last.line, last.locator, "its last row looks whole", certain=False,
                      why_zh="最后一行看来完整")
    return CutOff(last.line, last.locator, why.en, why_zh=why.zh)


def unfinished(text: str) -> Why | None:
    """Why the end of a line cannot be the end of a row: an open tag or bracket."""
    if _OPEN_TAG.search(text):
        return Why("它停在一个 HTML 标记中间", "it ends inside an HTML tag")
    stripped = text.rstrip()
    if sum(stripped.count(c) for c in _OPENS) > sum(stripped.count(c) for c in _CLOSES):
        return Why("最后一行有括号未闭合", "a bracket in its last row is never closed")
    return None


def narrower(last: Row, above: Sequence[Row]) -> Why | None:
    """Why the last row is shorter than a regular table above it, if it is.

    The table is the rows above with more than one cell: an export that writes its titles
    and captions (单位名称：… 单位：万元) as plain lines, without the grid's separators,
    still writes every table row with all of them, so a table continued under a repeated
    title is as regular as before it, and a row of two cells where the table has thirteen
    was cut.  A one-cell last row counts only in a strict grid, where every row above has
    the same width (a text export writes its titles with all their separators too); where
    plain lines mix with table rows, a lone page number or footer is no cut.
    """
    if len(last.cells) == 1:
        widths = {len(row.cells) for row in above}
        if len(above) < REGULAR_ROWS or len(widths) != 1:
            return None
        (width,) = widths
    else:
        table = [row for row in above if len(row.cells) > 1][-REGULAR_ROWS:]
        widths = {len(row.cells) for row in table}
        if len(table) < REGULAR_ROWS or len(widths) != 1:
            return None
        (width,) = widths
    if len(last.cells) >= width:
        return None
    return Why(f"最后一行只有 {len(last.cells)} 个单元格，而上方各行有 {width} 个",
               f"its last row has {len(last.cells)} cells where the rows above have {width}")


def repeated_line_cut(last: Row, above: Sequence[Row]) -> Why | None:
    """A one-cell last line that breaks off the start of a line printed above (a repeated
    title, 单位名称 or header line of a table continued under it): the next part began and
    was cut.

    Digits alone are no evidence (a page number ``2`` begins 「2026年…」 too).
    """
    if len(last.cells) != 1:
        return None
    text = last.cells[0].strip()
    if not text or text.replace(" ", "").isdigit():
        return None
    for row in reversed(above):
        first = row.cells[0].strip() if row.cells else ""
        if first.startswith(text) and (first != text or len(row.cells) > 1):
            return Why(f"最后一行是上方「{first[:40]}」的开头，断在中间",
                       f"its last line breaks off 「{first[:40]}」 printed above")
    return None


def pipe_left_open(last_line_text: str, lines_above: Sequence[str]) -> Why | None:
    """A pipe-table row that lost its closing ``|`` while the rows above end with one."""
    above = [line.rstrip() for line in lines_above if line.strip()][-REGULAR_ROWS:]
    text = last_line_text.rstrip()
    if (len(above) == REGULAR_ROWS and all(line.startswith("|") and line.endswith("|")
                                           for line in above)
            and text.startswith("|") and not text.endswith("|")):
        return Why("最后一个表格行缺少结尾的 |", "its last table row has no closing |")
    return None


def table_left_open(html_text: str) -> Why | None:
    """An HTML document whose last table is never closed, or that stops inside a tag."""
    opened = [m.start() for m in _TABLE_OPEN.finditer(html_text)]
    if opened and not _TABLE_CLOSE.search(html_text, opened[-1]):
        return Why("最后一个表格没有结束（缺少 </table>）",
                   "its last table is never closed (no </table>)")
    if _OPEN_TAG.search(html_text[-200:]):
        return Why("它停在一个 HTML 标记中间", "it ends inside an HTML tag")
    return None
