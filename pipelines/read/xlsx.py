"""Read Excel workbooks: .xlsx/.xlsm with openpyxl, legacy .xls with python-calamine.

Why openpyxl for .xlsx although calamine is faster: forms are small, and openpyxl exposes
each cell's number format, so a target stored as ``0.95`` with format ``0%`` comes out as
the ``95%`` the person saw, not ``0.95`` (calamine reports no formats).  It also resolves
merged ranges for us (covered cells read as empty).  Calamine is the one library here
that reads the binary .xls format; it reports no number formats, so in .xls a percentage
stored as a fraction reads as the fraction (``0.95``).  One grid per worksheet, ``part`` =
sheet name; rows keep their sheet row numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from decimal import Decimal
from typing import Any

from pipelines.read.errors import ReadError
from pipelines.read.grid import Grid, Row
from pipelines.read.limits import check_expansion
from pipelines.read.text import clean_cell

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_MAX_CELLS = 5_000_000  # rows x columns of one sheet's used area
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def read_xlsx(data: bytes, source: str) -> list[Grid]:
    """One grid per worksheet of an .xlsx/.xlsm (openpyxl) or .xls (calamine) workbook."""
    if data.startswith(_OLE_MAGIC):
        return _read_xls(data, source)
    return _read_openpyxl(data, source)


def _unreadable(kind: str, err: Exception) -> ReadError:
    return ReadError(
        "unreadable_workbook",
        f"the {kind} workbook cannot be opened ({type(err).__name__}: {err}); it is corrupt, "
        "truncated, password-protected or not a workbook: open it in Excel/WPS and save "
        "it again",
    )


def _read_openpyxl(data: bytes, source: str) -> list[Grid]:
    import openpyxl

    check_expansion(data, "workbook")  # before openpyxl unpacks a part into memory
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style/extension warnings say nothing about data
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises anything from BadZipFile to KeyError
        raise _unreadable(".xlsx", err) from err
    grids = []
    for sheet in book.worksheets:
        # Only the cells the file stores: iter_rows() would walk (and create) every cell of
        # the used rectangle, which one stray formatted cell at XFD1048576 makes enormous.
        texts = {
            key: text
            for key, cell in sheet._cells.items()
            if (text := format_value(cell.value, cell.number_format))
        }
        notes = ("hidden sheet",) if sheet.sheet_state != "visible" else ()
        grids.append(_grid(source, sheet.title, _dense(texts, sheet.title), notes))
    return grids


def _dense(texts: dict[tuple[int, int], str], name: str) -> list[list[str]]:
    """Rows of cell texts from 1-based (row, col) -> text, up to the last non-empty cell."""
    height = max((r for r, _ in texts), default=0)
    width = max((c for _, c in texts), default=0)
    _check_size(height, width, name)
    values = [[""] * width for _ in range(height)]
    for (r, c), text in texts.items():
        values[r - 1][c - 1] = text
    return values


def _check_size(height: int, width: int, name: str) -> None:
    """Refuse a sheet whose used area could not be a form, instead of exhausting memory."""
    if height * width > _MAX_CELLS:
        raise ReadError(
            "sheet_too_large",
            f"sheet {name} spans {height} rows x {width} columns; a performance-target form "
            "is far smaller: delete stray cells far from the form and save again",
        )


def _read_xls(data: bytes, source: str) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(book.get_sheet_by_name(m.name), m) for m in book.sheets_metadata]
        for sheet, _ in sheets:
            end = sheet.end or (-1, -1)
            _check_size(end[0] + 1, end[1] + 1, sheet.name)
        tables = [(s.to_python(skip_empty_area=False), s.merged_cell_ranges) for s, _ in sheets]
    except ReadError:
        raise
    except Exception as err:  # CalamineError, plus ValueError/TypeError on odd records
        raise _unreadable(".xls", err) from err
    grids = []
    for (sheet, meta), (rows, merged) in zip(sheets, tables, strict=True):
        values = [[format_value(v) for v in row] for row in rows]
        _blank_covered(values, merged or [])
        notes = () if "Visible" in str(meta.visible) else ("hidden sheet",)
        grids.append(_grid(source, sheet.name, values, notes))
    return grids


def _blank_covered(values: list[list[str]], merged: list[Any]) -> None:
    """Apply the top-left rule: every cell of a merged range but the first reads ``""``."""
    for (r0, c0), (r1, c1) in merged:
        for r in range(r0, min(r1, len(values) - 1) + 1):
            for c in range(c0, min(c1, len(values[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    values[r][c] = ""


def _grid(source: str, name: str, values: list[list[str]], notes: tuple[str, ...]) -> Grid:
    """A sheet's grid with empty trailing rows and columns trimmed."""
    last_row = max((i for i, row in enumerate(values) if any(row)), default=-1)
    values = values[: last_row + 1]
    width = max((i + 1 for row in values for i, v in enumerate(row) if v), default=0)
    rows = tuple(
        Row(cells=_pad(row, width), line=n, locator=f"sheet {name} row {n}")
        for n, row in enumerate(values, start=1)
    )
    return Grid(source=source, rows=rows, part=name, notes=notes)


def _pad(row: list[str], width: int) -> tuple[str, ...]:
    return tuple(row[:width]) + ("",) * (width - len(row))


def format_value(value: object, number_format: str = "General") -> str:
    """Text of one cell value as a person reads it, without float noise.

    ``11043.84`` -> ``"11043.84"``, ``2200.0`` -> ``"2200"``, a ``0%``-formatted ``0.95``
    -> ``"95%"``, a date -> ``"2023-01-01"``; thousands separators are not reproduced.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if _is_percent(number_format):
            return plain_number(value * 100) + "%"
        return plain_number(value)
    return clean_cell(str(value))


def plain_number(value: float) -> str:
    """Shortest plain decimal of a number, rounded to Excel's 15 significant digits."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = format(Decimal(format(value, ".15g")).normalize(), "f")
    return "0" if text in {"-0", "0"} else text


def _is_percent(number_format: str | None) -> bool:
    """True for a number format that shows the value as a percentage (``0%``, ``0.00%``)."""
    return bool(number_format) and "%" in _QUOTED.sub("", number_format or "")
