"""Read comma-separated exports (Excel "Save as CSV", WPS, hand-made sheets).

The csv module, not a split on commas, because exported forms quote cells that hold
commas (``"11,043.84"``) or line breaks (long target descriptions).  A row's ``line`` is
the physical line where its record starts, so a multi-line cell does not shift the
locators of the rows after it.
"""

from __future__ import annotations

import csv
import io

from pipelines.read.cutoff import cut_last_row, ends_with_line_break
from pipelines.read.errors import ReadError
from pipelines.read.grid import CutOff, Grid, Row
from pipelines.read.text import clean_cell, decode_checked, last_text_line, split_lines


def read_csv(data: bytes, source: str) -> list[Grid]:
    """One grid with one row per CSV record; blank lines stay as blank rows."""
    text, notes = decode_checked(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    rows: list[Row] = []
    start = 1
    try:
        for record in reader:
            cells = tuple(clean_cell(c) for c in record) or ("",)
            rows.append(Row(cells=cells, line=start, locator=f"line {start}"))
            start = reader.line_num + 1
    except csv.Error as err:
        raise ReadError(
            "malformed_csv",
            f"the CSV text cannot be split into cells near line {start} ({err}); "
            "re-export the sheet as CSV",
        ) from err
    return [Grid(source=source, rows=tuple(rows), notes=notes, cut_off=_cut_off(text, rows))]


def _cut_off(text: str, rows: list[Row]) -> CutOff | None:
    """Cut like any delimited text, or inside a quoted cell that never closes."""
    cut = cut_last_row(rows, last_text_line(split_lines(text)), ends_with_line_break(text))
    if cut is not None and not cut.certain and text.count('"') % 2:
        last = rows[-1]
        return CutOff(last.line, last.locator, "a quoted cell in its last row is never closed",
                      why_zh="最后一行有引号未闭合的单元格")
    return cut
