"""Where a row of a form sits, in the words a person uses to find it again (第 39 页).

Every fact row carries ``source_locator``, written by the reader that produced the row:
``page 39 table 1 row 10`` (PDF), ``sheet Sheet1 row 12`` or ``sheet Sheet1 row 12, col 3``
(workbooks), ``line 46`` (text, CSV, Markdown), ``table 2 row 5`` and ``paragraph 3`` (Word,
HTML).  ``source_line`` is the row's number in the reader's grid, which is a text line only
for text files: a PDF's 46th grid row is on page 39, so citing 「第 46 行」 sends a reader to the
wrong place.  :func:`where_label` turns the locator into what a unit's staff look for: the
page of a PDF, the sheet and cell (or row) of a workbook, the line of a text file;
:func:`place_label` spells out the whole locator (第 39 页 表 1 第 2 行) for the report, file
messages and quarantine reasons, where the reader of the pipeline's output wants the row.

Pure and dependency-free, so letters, the report and the commands can share it.
"""

from __future__ import annotations

import re

_PAGE = re.compile(r"^page (\d+)\b")
# greedy sheet name: a sheet called "a row 1" still ends at the last " row N"
_SHEET_CELL = re.compile(r"^sheet (.+) row (\d+), col (\d+)\b")
_SHEET_ROW = re.compile(r"^sheet (.+) row (\d+)\b")
_LINE = re.compile(r"^line (\d+)\b")
_TABLE_ROW = re.compile(r"^table (\d+) row (\d+)\b")
_PARAGRAPH = re.compile(r"^paragraph (\d+)\b")


def where_label(locator: str | None, line: int | None = None) -> str:
    """The place ``locator`` names, in Chinese; ``第 {line} 行`` when it names none we know.

    >>> where_label("page 39 table 1 row 10", 46)
    '第 39 页'
    >>> where_label("sheet 项目表 row 12, col 3")
    '工作表「项目表」第 C12 格'
    >>> where_label("line 46")
    '第 46 行'

    Returns ``""`` when there is neither a locator nor a line.
    """
    text = (locator or "").strip()
    if match := _PAGE.match(text):
        return f"第 {match.group(1)} 页"
    if match := _SHEET_CELL.match(text):
        sheet, row, col = match.groups()
        return f"工作表「{sheet}」第 {column_letters(int(col))}{row} 格"
    if match := _SHEET_ROW.match(text):
        sheet, row = match.groups()
        return f"工作表「{sheet}」第 {row} 行"
    if match := _LINE.match(text):
        return f"第 {match.group(1)} 行"
    if match := _TABLE_ROW.match(text):
        return f"第 {match.group(1)} 个表格第 {match.group(2)} 行"
    if match := _PARAGRAPH.match(text):
        return f"第 {match.group(1)} 段"
    return f"第 {line} 行" if line is not None else ""


def column_letters(number: int) -> str:
    """A 1-based column number as a spreadsheet shows it (1 -> A, 27 -> AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# The words of a locator, each in Chinese; a workbook's sheet name is quoted as it is.
_PLACE_WORDS = (
    (re.compile(r"\bpage (\d+)"), r"第 \1 页"),
    (re.compile(r"\btable (\d+)"), r"表 \1"),
    (re.compile(r"\b(?:row|line) (\d+)"), r"第 \1 行"),
    (re.compile(r",? ?\bcol (\d+)"), r"第 \1 列"),
    (re.compile(r"\bparagraph (\d+)"), r"第 \1 段"),
    (re.compile(r"\bentry (\d+)"), r"第 \1 项"),
)
_SHEET = re.compile(r"^sheet (.+) (?=row \d)")


def place_label(locator: str | None, line: int | None = None) -> str:
    """The whole locator in Chinese, for the report and messages; ``""`` when there is none.

    >>> place_label("page 39 table 1 row 2")
    '第 39 页 表 1 第 2 行'
    >>> place_label("sheet 项目表 row 5, col 3")
    '工作表「项目表」第 5 行第 3 列'
    >>> place_label(None, 12)
    '第 12 行'
    """
    text = (locator or (f"line {line}" if line is not None else "")).strip()
    sheet = ""
    if match := _SHEET.match(text):
        sheet, text = f"工作表「{match.group(1)}」", text[match.end():]
    for pattern, words in _PLACE_WORDS:
        text = pattern.sub(words, text)
    return sheet + text
