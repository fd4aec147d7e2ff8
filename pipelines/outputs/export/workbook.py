"""The finance staff's workbook (``forms.xlsx``): a few sheets with Chinese headers, text
written as text (never a formula), amounts as money, and the review findings sheet the
review import reads back.

Written with XlsxWriter in constant-memory mode, the data rows as XML straight into each
sheet's row file (``sheet_rows``): openpyxl's write-only mode took 35 s for the 185,000
rows of 10,000 forms, most of a night's outputs.  A sheet holds at most ``SHEET_MAX_ROWS``
rows, well under Excel's 1,048,576: past it the reading sheets (scorecard, findings) are cut
with a note, and the row-level sheet (indicators) is left out, the notes sheet saying where
its Parquet and CSV files are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import fetch_rows
from pipelines.outputs.export.sheet_rows import cell_writers, clean_text, write_rows
from pipelines.outputs.export.tables import base_type, define_source
from pipelines.review.decisions import (
    COMMENT_HEADER,
    DECISION_HEADER,
    DECISION_LABELS,
    DECISION_SEQ_HEADER,
    FINDING_ID_HEADER,
    FINDINGS_SHEET,
    REVIEWER_HEADER,
)
from pipelines.review.labels import create_label_table

WORKBOOK_NAME = "forms.xlsx"

EXCEL_MAX_ROWS = 1_048_576
# What a sheet holds at most (header and note included): a sheet people scroll and filter,
# not a table dump; the row-level tables are in Parquet and CSV beside the workbook.
SHEET_MAX_ROWS = 100_000
MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.0%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
WIDTH_SAMPLE_ROWS = 200
FETCH_ROWS = 10_000
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Sheet:
    """A workbook sheet: its title and the relation it shows (``sql/export/sheets/``).

    ``headers`` fixes the header of columns a program reads back (the review import finds
    the decision columns by these); ``hidden`` columns are there for that program only;
    ``choices`` gives a column a drop-down list; a ``row_level`` sheet is left out (not cut)
    when it has more rows than a sheet holds, its rows being in Parquet and CSV.
    """

    title: str
    source: str
    headers: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    row_level: bool = False


SHEETS = (
    Sheet("项目一览", "project_scorecard"),
    Sheet(FINDINGS_SHEET, "review_findings",
          headers=(("rule_title", "审核规则"), ("severity_label", "严重程度"),
                   ("rule_id", "rule_id"), ("severity", "severity"),
                   ("review_decision", DECISION_HEADER), ("review_comment", COMMENT_HEADER),
                   ("reviewer", REVIEWER_HEADER), ("finding_id", FINDING_ID_HEADER),
                   ("decision_seq", DECISION_SEQ_HEADER)),
          hidden=("rule_id", "severity", "finding_id", "decision_seq"),
          choices=(("review_decision", tuple(DECISION_LABELS.values())),)),
    Sheet("绩效指标", "indicators", row_level=True),
    Sheet("自评汇总", "self_evaluation_scorecard"),
    Sheet("目标与自评", "self_evaluation_vs_targets", row_level=True),
)
NOTES_SHEET = "说明"


@dataclass(frozen=True)
class SheetExport:
    """One workbook sheet: rows in the warehouse and rows written (a sheet holds at most
    ``SHEET_MAX_ROWS``; a row-level sheet past it is left out and writes none)."""

    title: str
    source: str
    rows: int
    written: int
    left_out: bool = False

    @property
    def truncated(self) -> bool:
        return self.written < self.rows


@dataclass(frozen=True)
class _Column:
    """A sheet column: its name in SQL, its header in the workbook, its number format."""

    name: str
    header: str
    number_format: str | None


class _Formats:
    """The workbook's cell formats, made once (XlsxWriter formats belong to a workbook)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.bold = book.add_format({"bold": True})
        self.quoted = book.add_format({"quote_prefix": True})
        self.number = {fmt: book.add_format({"num_format": fmt})
                       for fmt in (MONEY_FORMAT, SHARE_FORMAT, DATETIME_FORMAT)}


def sheet_digest(con: duckdb.DuckDBPyConnection) -> str:
    """What the sheets hold, order-independent: the workbook is rewritten only when it
    changes (the notes' data-as-of date is left out, or every publish would rewrite it)."""
    create_label_table(con)
    parts = []
    for sheet in SHEETS:
        define_source(con, read_sql(f"export/sheets/{sheet.source}.sql"))
        rows, digest = fetch_rows(con, read_sql("export/relation_digest.sql"))[0]
        parts.append(f"{sheet.source}:{rows}:{digest}")
    return ";".join(parts)


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path,
                   max_rows: int = SHEET_MAX_ROWS) -> tuple[SheetExport, ...]:
    """The finance staff's workbook: the ``SHEETS`` and a notes sheet, written row by row."""
    labels = _column_labels(con)
    create_label_table(con)  # the findings sheet's Chinese rule names, severities, decisions
    book = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "remove_timezone": True, "strings_to_formulas": False,
        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": "绩效目标表 / performance-target forms",
                         "author": "forms-warehouse export",
                         "created": datetime(2000, 1, 1)})  # same bytes for the same rows
    formats = _Formats(book)
    try:
        sheets = tuple(_write_sheet(con, book, formats, sheet, labels, max_rows)
                       for sheet in SHEETS)
        _write_notes(con, book, formats, sheets)
    finally:
        book.close()
    return sheets


def _write_sheet(con: duckdb.DuckDBPyConnection, book: xlsxwriter.Workbook, formats: _Formats,
                 sheet: Sheet, labels: dict[tuple[str, str], str],
                 max_rows: int) -> SheetExport:
    columns = _sheet_columns(define_source(con, read_sql(f"export/sheets/{sheet.source}.sql")),
                             sheet.source, labels | {(sheet.source, name): header
                                                     for name, header in sheet.headers})
    total = int(fetch_rows(con, read_sql("export/count_sheet.sql"))[0][0])
    if sheet.row_level and total > max_rows - 1:
        return SheetExport(sheet.title, sheet.source, total, 0, left_out=True)
    limit = total if total < max_rows else max_rows - 2  # header + rows + a note row
    ws = book.add_worksheet(sheet.title)
    result = con.execute(read_sql("export/read_sheet.sql"), {"limit": limit})
    sample = result.fetchmany(WIDTH_SAMPLE_ROWS)
    _start_sheet(ws, formats, columns, sample, sheet.hidden)
    writers = cell_writers(len(columns), [formats.number.get(c.number_format or "")
                                          for c in columns],
                           formats.quoted, formats.number[DATETIME_FORMAT])
    written = write_rows(ws, _batches(result, sample), writers)
    if written < total:
        ws.write_string(written + 1, 0, _truncation_note(sheet, written, total))
    ws.autofilter(0, 0, written, len(columns) - 1)
    _add_choices(ws, columns, sheet.choices, written)
    return SheetExport(sheet.title, sheet.source, total, written)


def _start_sheet(ws: Worksheet, formats: _Formats, columns: list[_Column], sample: list[tuple],
                 hidden: Sequence[str]) -> None:
    """Widths (from the first rows), hidden columns, the frozen bold header."""
    for index, column in enumerate(columns):
        width = _width(column, [row[index] for row in sample])
        ws.set_column(index, index, width, None, {"hidden": column.name in hidden})
    ws.freeze_panes(1, 0)
    for index, column in enumerate(columns):
        ws.write_string(0, index, _clean(column.header), formats.bold)


def _add_choices(ws: Worksheet, columns: list[_Column],
                 choices: Sequence[tuple[str, tuple[str, ...]]], rows: int) -> None:
    """A drop-down on the data rows of each column with choices (a reviewer may still
    type another value; the import reports it with its row number)."""
    for name, values in choices:
        index = next(i for i, c in enumerate(columns) if c.name == name)
        ws.data_validation(1, index, max(rows, 1), index, {
            "validate": "list", "source": list(values), "ignore_blank": True,
            "error_title": columns[index].header, "error_message": "请选择：" + " / ".join(values)})


def _clean(text: str) -> str:
    return clean_text(text)


def _batches(result: duckdb.DuckDBPyConnection, first: list[tuple]) -> Iterator[list[tuple]]:
    """The rows already fetched, then the rest in batches (never all rows in memory)."""
    batch = first
    while batch:
        yield batch
        batch = result.fetchmany(FETCH_ROWS)


def _sheet_columns(columns: list[tuple[str, str]], source: str,
                   labels: dict[tuple[str, str], str]) -> list[_Column]:
    """Headers from the column comments (the sheet's relation, then projects, then any)."""
    result: list[_Column] = []
    seen: set[str] = set()
    for name, kind in columns:
        header = next((labels[key] for key in ((source, name), ("projects", name), ("", name))
                       if key in labels), name)
        if header in seen:
            header = f"{header}（{name}）"
        seen.add(header)
        result.append(_Column(name, header, _number_format(name, kind)))
    return result


def _column_labels(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """Short Chinese labels by (relation, column), and by ("", column) from the first
    relation (by name) that comments the column."""
    labels: dict[tuple[str, str], str] = {}
    for table, column, comment in fetch_rows(con, read_sql("export/column_comments.sql")):
        label = short_label(comment)
        labels[(table, column)] = label
        labels.setdefault(("", column), label)
    return labels


def short_label(comment: str) -> str:
    """The header a comment gives: its Chinese part (before " / "), up to the first
    top-level ， or ： ('项目编号：由预算年度…' -> '项目编号'; parentheses are kept whole)."""
    chinese = comment.split(" / ", 1)[0].strip()
    depth = 0
    for index, char in enumerate(chinese):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        elif char in "，：；" and depth == 0 and index > 0:
            return chinese[:index]
    return chinese or comment


def _number_format(name: str, kind: str) -> str | None:
    if kind.upper().startswith("DECIMAL") and kind.replace(" ", "").endswith(",2)"):
        return MONEY_FORMAT
    if name.endswith("_share"):
        return SHARE_FORMAT
    if base_type(kind).startswith("TIMESTAMP"):
        return DATETIME_FORMAT
    return None


def _width(column: _Column, values: list[object]) -> float:
    shown = [_display_width(column.header)]
    shown += [_display_width(_shown_text(value, column.number_format)) for value in values]
    return float(min(max(max(shown) + 2, MIN_WIDTH), MAX_WIDTH))


def _shown_text(value: object, number_format: str | None) -> str:
    if value is None:
        return ""
    if number_format == MONEY_FORMAT and isinstance(value, Decimal | int | float):
        return f"{value:,.2f}"
    if number_format == DATETIME_FORMAT:
        return "0000-00-00 00:00:00"
    return str(value)


def _display_width(text: str) -> int:
    """Width of the longest line in Excel's character units (CJK characters count two)."""
    return max((sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
                for line in text.splitlines()), default=0)


def _files_of(source: str) -> str:
    return f"csv/{source}/ 或 parquet/{source}/"


def _truncation_note(sheet: Sheet, written: int, total: int) -> str:
    return (f"本表最多 {written:,} 行：仅显示前 {written:,} 行，共 {total:,} 行；完整数据见 "
            f"{_files_of(sheet.source)} "
            f"(first {written:,} of {total:,} rows shown; every row is in the CSV and Parquet)")


def _left_out_note(sheet: SheetExport) -> str:
    return (f"共 {sheet.rows:,} 行，超过每表 {SHEET_MAX_ROWS:,} 行，未放入工作簿；逐行数据见 "
            f"{_files_of(sheet.source)} (too many rows for a sheet: see the CSV and Parquet)")


def _sheet_note(sheet: SheetExport) -> str:
    if sheet.left_out:
        return _left_out_note(sheet)
    if sheet.truncated:
        return _truncation_note(Sheet(sheet.title, sheet.source), sheet.written, sheet.rows)
    return "完整 / complete"


def _write_notes(con: duckdb.DuckDBPyConnection, book: xlsxwriter.Workbook, formats: _Formats,
                 sheets: tuple[SheetExport, ...]) -> None:
    """A last sheet saying what each sheet holds, when the data is from, and the caps."""
    ws = book.add_worksheet(NOTES_SHEET)
    for index, width in enumerate((22, 22, 14, 14, 80)):
        ws.set_column(index, index, width)
    as_of = fetch_rows(con, read_sql("export/data_as_of.sql"))[0][0]
    ws.write_string(0, 0, "数据截至 / data as of")
    if as_of is not None:
        ws.write_datetime(0, 1, as_of, formats.number[DATETIME_FORMAT])
    ws.write_row(2, 0, ("工作表 sheet", "来源 source", "仓库行数 rows", "导出行数 written",
                        "说明 note"))
    for number, sheet in enumerate(sheets, start=3):
        ws.write_row(number, 0, (sheet.title, sheet.source, sheet.rows, sheet.written,
                                 _sheet_note(sheet)))
    ws.write_string(len(sheets) + 4, 0,
                    "金额单位为元；文本按原文写入，以 = 开头的指标值是文本不是公式。"
                    " / Amounts in yuan; text as written, never a formula.")
