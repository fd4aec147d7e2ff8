"""A sheet's data rows written as XML straight into XlsxWriter's constant-memory row file.

XlsxWriter's ``write_*`` calls cost about 13 µs a cell (checks, a cell object, attribute
lists, escaping, all per cell), which made the workbook most of a night's outputs: 12 of
the 14 seconds an export took after a 1% night at 10,000 forms.  The rows are plain: one
type per column, three styles.  So each column gets one small function, chosen once, that
turns a value into its ``<c>`` element, and a row is one joined string written to the
sheet's row file; the workbook, styles, widths, filters and drop-downs stay XlsxWriter's.

This leans on XlsxWriter's constant-memory internals (``Worksheet.fh``, ``previous_row``,
``_write_single_row``, ``_check_dimensions``, ``Format._get_xf_index``), each used as
XlsxWriter uses it; ``tests/test_private_apis.py`` checks them (ARCHITECTURE.md lists them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")  # characters XML 1.0 cannot hold
EXCEL_CELL_CHARS = 32_767
EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 0 for every date Excel's 1900 leap bug spares

CellWriter = Callable[[object, str], str]


def clean_text(text: str) -> str:
    """Characters XML cannot hold become spaces; text is cut at Excel's 32,767 a cell."""
    return ILLEGAL_XML.sub(" ", text)[:EXCEL_CELL_CHARS]


def escape(text: str) -> str:
    """Text as XML character data (three C-level replaces beat one translate table)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_writers(count: int, number_formats: list[Format | None], quoted: Format,
                 datetime_format: Format) -> list[CellWriter]:
    """One function per column: (value, cell reference) -> the cell's XML element."""
    quote_style = f' s="{quoted._get_xf_index()}"'
    date_style = f' s="{datetime_format._get_xf_index()}"'

    def text(value: str, ref: str) -> str:
        value = clean_text(value)
        style = quote_style if value.startswith(FORMULA_STARTS) else ""
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        return (f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>'
                f'{escape(value)}</t></is></c>')

    def typed(style: str) -> CellWriter:
        def write(value: object, ref: str) -> str:
            if isinstance(value, str):
                return text(value, ref)
            if isinstance(value, bool):
                return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
            if isinstance(value, Decimal):
                return f'<c r="{ref}"{style}><v>{value:f}</v></c>'
            if isinstance(value, int | float):
                return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
            if isinstance(value, datetime | date):
                serial = excel_serial(value)
                return f'<c r="{ref}"{style or date_style}><v>{serial!r}</v></c>'
            return text(str(value), ref)
        return write

    styles = [f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
              for fmt in number_formats]
    return [typed(styles[index]) for index in range(count)]


def excel_serial(value: date) -> float:
    """Days since Excel's epoch (a time zone dropped: the wall-clock time is shown, as
    XlsxWriter's ``remove_timezone``)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - EXCEL_EPOCH
    return delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400_000_000


def write_rows(ws: Worksheet, rows: Iterator[list[tuple]], writers: list[CellWriter]) -> int:
    """Write the data rows under the header (row 1 on): the header XlsxWriter holds is
    flushed first, then each row goes to the sheet's row file as one string.  The number of
    rows written."""
    letters = [xl_col_to_name(index) for index in range(len(writers))]
    ws._write_single_row(1)  # the header (row 0) to the file; row 1 is next
    write, number = ws.fh.write, 0
    for batch in rows:
        for row in batch:
            number += 1
            line = str(number + 1)
            cells = "".join([writer(value, letter + line) for writer, letter, value
                             in zip(writers, letters, row, strict=True) if value is not None])
            write(f'<row r="{line}">{cells}</row>')
    if number:
        ws._check_dimensions(number, len(writers) - 1)
        ws.previous_row = number + 1  # XlsxWriter's next row: the note, if any
    return number
