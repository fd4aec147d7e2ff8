"""The cell grid every reader produces and the form parser consumes.

Readers differ (tab-separated text, spreadsheets, HTML, Markdown, PDF pages) but all of
them reduce a file to rows of plain-text cells.  Each row remembers where it came from,
so every value loaded into the warehouse can be traced back to its file and position.
Keeping this structure small and immutable lets parsing run in a process pool later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Row:
    """One row of cells with its position in the source file.

    ``line`` is the 1-based ordinal the warehouse stores as ``source_line``: the text
    line for text exports, the sheet row for workbooks, the table row for HTML/PDF.
    ``locator`` is the human-readable position ("line 12", "sheet 表1 row 5",
    "page 3 table 1 row 4"); a cell's own locator adds its column.
    """

    cells: tuple[str, ...]
    line: int
    locator: str
    # columns of cells drawn with their own border but left blank (PDF only): such a
    # cell is not covered by a merged cell above, so it does not continue the level above
    blank_cells: frozenset[int] = frozenset()
    # the first row of a table continued from the previous page (PDF only): its cells may
    # finish the previous row, which the page break cut in two
    continued: bool = False
    # filled() computed once: the parser asks every row for it many times
    _filled: tuple[tuple[int, str], ...] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False)

    def cell(self, col: int) -> str:
        """Cell text at ``col``, or ``""`` beyond the end of a short row."""
        return self.cells[col] if 0 <= col < len(self.cells) else ""

    def cell_locator(self, col: int) -> str:
        """Where one cell sits, e.g. ``line 12, col 4``."""
        return f"{self.locator}, col {col + 1}"

    def filled(self) -> tuple[tuple[int, str], ...]:
        """(column, text) of the non-blank cells, left to right (computed once per row)."""
        if self._filled is None:
            filled = tuple((c, t) for c, t in enumerate(self.cells) if t and not t.isspace())
            object.__setattr__(self, "_filled", filled)  # a cache, not a change of value
            return filled
        return self._filled

    @property
    def is_blank(self) -> bool:
        return not any(t.strip() for t in self.cells)


_PAGE = re.compile(r"^page (\d+)\b")


def page_of(locator: str) -> int | None:
    """The page a locator names (``page 30 table 1 row 8``, ``page 30 line 2``), or None
    for locators of files without pages."""
    match = _PAGE.match(locator)
    return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class PageSignal:
    """A page of a document that prints a target-table signal, which must be accounted for.

    ``table``: the page names a target table together with an indicator column (a form or
    its continuation is printed there); otherwise it only names a 绩效目标表 (a title, a
    heading, a sentence, a line of the contents).  ``other_kind`` is what the page's text
    shows it to be when no form is read from it: ``contents`` (目录), ``prose`` (the title
    named in text, no table), ``self_evaluation`` (绩效自评表 words on a page no form is
    read from), ``self_evaluation_summary`` (a 决算's written 绩效自评综述, no table).
    """

    page: int
    table: bool
    other_kind: str | None = None
    # lines of the page's text that name a target table (titles, as the text layer has
    # them): a title naming a project with no form starting under it is a merged form
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What a whole document says about itself (a disclosure's cover or title).

    Forms inside a 部门预算 disclosure often print neither the year nor the department;
    the cover does (「2026年XX局部门预算」).  ``pages_read`` are the pages the reader
    table-extracted (1-based), ``pages_total`` all pages.
    """

    fiscal_year: int | None = None
    department: str | None = None
    title: str | None = None
    pages_read: tuple[int, ...] = ()
    pages_total: int = 0
    # every page with a target-table signal (PDF disclosures): pipelines.parse.coverage
    page_signals: tuple[PageSignal, ...] = ()


@dataclass(frozen=True, slots=True)
class CutOff:
    """Where a reader sees that the file ends in the middle of a row or table: it was cut
    off while being copied or exported, and the form holding ``line`` is incomplete."""

    line: int
    locator: str
    why: str
    # False: the file only ends without a line break after a row that looks whole; such a
    # file is loaded, but a last form that fails anyway says the file may have been cut
    certain: bool = True
    why_zh: str = ""  # ``why`` in Chinese, for the quarantine reason a person reads


@dataclass(frozen=True, slots=True)
class Grid:
    """All rows of one table-like part of a file (a whole text export, a sheet, a page).

    ``part`` names the part inside the file ("" for single-part files, a sheet name,
    "page 3"), so a multi-sheet workbook yields one grid per sheet.
    """

    source: str
    rows: tuple[Row, ...]
    part: str = ""
    notes: tuple[str, ...] = field(default=())
    document: DocumentFacts | None = None
    cut_off: CutOff | None = None

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)
