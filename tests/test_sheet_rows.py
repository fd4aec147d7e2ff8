"""The workbook's data rows written as XML (pipelines/outputs/export/sheet_rows.py) read back
by openpyxl as XlsxWriter's own cells would: text as text, formula-like text quote-prefixed,
typed numbers, money and dates with their formats, characters XML cannot hold replaced."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter

from pipelines.outputs.export.sheet_rows import cell_writers, excel_serial, write_rows

ROWS = [
    ("=100.00(%)", Decimal("-1000.00"), datetime(2024, 3, 1, 8, 30, tzinfo=UTC), True),
    (" a & <b> ", 11043.84, date(2023, 12, 31), None),
    ("bell\x07here", 7, None, False),
]


def _written(tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    path = tmp_path / "rows.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    money = book.add_format({"num_format": "#,##0.00"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    quoted = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet("表")
    for index, header in enumerate(("文本", "金额", "时间", "是否")):
        ws.write_string(0, index, header)
    writers = cell_writers(4, [None, money, stamp, None], quoted, stamp)
    assert write_rows(ws, iter([ROWS[:2], ROWS[2:]]), writers) == 3
    ws.write_string(4, 0, "注")
    book.close()
    return openpyxl.load_workbook(path)["表"]


def test_rows_read_back_with_their_types_and_formats(tmp_path: Path) -> None:
    sheet = _written(tmp_path)
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        ["文本", "金额", "时间", "是否"],
        ["=100.00(%)", -1000, datetime(2024, 3, 1, 8, 30), True],
        [" a & <b> ", 11043.84, datetime(2023, 12, 31), None],
        ["bell here", 7, None, False],
        ["注", None, None, None],
    ]
    formula = sheet["A2"]
    assert formula.data_type == "s" and formula.quotePrefix
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheet.max_row == 5


def test_excel_serial_counts_days_from_excel_epoch() -> None:
    assert excel_serial(date(1900, 3, 1)) == 61
    assert excel_serial(datetime(2024, 1, 1, 12)) == 45292.5
