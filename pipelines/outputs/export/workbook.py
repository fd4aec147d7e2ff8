"""The finance staff's workbook (``forms.xlsx``): a few sheets with Chinese headers, text
written as text (never a formula), amounts as money, and the review findings sheet the
review import reads back."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import fetch_rows
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXCEL_MAX_ROWS = 1_048_576
EXCEL_CELL_CHARS = 32_767
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
    ``choices`` gives a column a drop-down list.
    """

    title: str
    source: str
    headers: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()


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
    Sheet("绩效指标", "indicators"),
    Sheet("自评汇总", "self_evaluation_scorecard"),
    Sheet("目标与自评", "self_evaluation_vs_targets"),
)
NOTES_SHEET = "说明"


@dataclass(frozen=True)
class SheetExport:
    """One workbook sheet: rows in the warehouse and rows written (Excel caps rows)."""

    title: str
    source: str
    rows: int
    written: int

    @property
    def truncated(self) -> bool:
        return self.written < self.rows


@dataclass(frozen=True)
class _Column:
    """A sheet column: its name in SQL, its header in the workbook, its number format."""

    name: str
    header: str
    number_format: str | None


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path,
                   max_rows: int = EXCEL_MAX_ROWS) -> tuple[SheetExport, ...]:
    """The finance staff's workbook: the ``SHEETS`` and a notes sheet, written row by row."""
    labels = _column_labels(con)
    create_label_table(con)  # the findings sheet's Chinese rule names, severities, decisions
    workbook = Workbook(write_only=True)
    workbook.properties.title = "绩效目标表 / performance-target forms"
    workbook.properties.creator = "forms-warehouse export"
    sheets = tuple(_write_sheet(con, workbook, sheet, labels, max_rows) for sheet in SHEETS)
    _write_notes(con, workbook, sheets)
    workbook.save(path)
    return sheets


def _write_sheet(con: duckdb.DuckDBPyConnection, workbook: Workbook, sheet: Sheet,
                 labels: dict[tuple[str, str], str], max_rows: int) -> SheetExport:
    columns = _sheet_columns(define_source(con, read_sql(f"export/sheets/{sheet.source}.sql")),
                             sheet.source, labels | {(sheet.source, name): header
                                                     for name, header in sheet.headers})
    total = int(fetch_rows(con, read_sql("export/count_sheet.sql"))[0][0])
    limit = total if total < max_rows else max_rows - 2  # header + rows + a note row
    ws = workbook.create_sheet(sheet.title)
    result = con.execute(read_sql("export/read_sheet.sql"), {"limit": limit})
    sample = result.fetchmany(WIDTH_SAMPLE_ROWS)
    _hide_columns(ws, columns, sheet.hidden)  # like widths, before the first row
    _start_sheet(ws, columns, sample)
    written = _append_rows(ws, _batches(result, sample), [c.number_format for c in columns])
    if written < total:
        ws.append([_text_cell(ws, _truncation_note(sheet, written, total))])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{written + 1}"
    _add_choices(ws, columns, sheet.choices, written)
    return SheetExport(sheet.title, sheet.source, total, written)


def _hide_columns(ws: WriteOnlyWorksheet, columns: list[_Column], hidden: Sequence[str]) -> None:
    for index, column in enumerate(columns, start=1):
        if column.name in hidden:
            ws.column_dimensions[get_column_letter(index)].hidden = True


def _add_choices(ws: WriteOnlyWorksheet, columns: list[_Column],
                 choices: Sequence[tuple[str, tuple[str, ...]]], rows: int) -> None:
    """A drop-down on the data rows of each column with choices (a reviewer may still
    type another value; the import reports it with its row number)."""
    for name, values in choices:
        index = next(i for i, c in enumerate(columns, start=1) if c.name == name)
        letter = get_column_letter(index)
        listed = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=columns[index - 1].header,
                                error="请选择：" + " / ".join(values))
        listed.add(f"{letter}2:{letter}{max(rows, 1) + 1}")
        ws.data_validations.append(listed)  # write-only sheets lack add_data_validation


def _append_rows(ws: WriteOnlyWorksheet, batches: Iterator[list[tuple]],
                 formats: list[str | None]) -> int:
    """Append every fetched row (written straight to the sheet's temporary file)."""
    written = 0
    for batch in batches:
        for row in batch:
            ws.append([_cell(ws, value, fmt) for value, fmt in zip(row, formats, strict=True)])
        written += len(batch)
    return written


def _batches(result: duckdb.DuckDBPyConnection, first: list[tuple]) -> Iterator[list[tuple]]:
    """The rows already fetched, then the rest in batches (never all rows in memory)."""
    batch = first
    while batch:
        yield batch
        batch = result.fetchmany(FETCH_ROWS)


def _start_sheet(ws: WriteOnlyWorksheet, columns: list[_Column], sample: list[tuple]) -> None:
    """Widths and frozen header, which write-only sheets must get before the first row."""
    for index, column in enumerate(columns):
        values = [row[index] for row in sample]
        ws.column_dimensions[get_column_letter(index + 1)].width = _width(column, values)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [_text_cell(ws, column.header) for column in columns]
    for cell in header:
        cell.font = bold
    ws.append(header)


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


def _cell(ws: WriteOnlyWorksheet, value: object, number_format: str | None) -> object:
    """What to append for one value: the plain value when openpyxl writes it as is (the
    fast path: openpyxl turns a Cell passed to append into an exception per cell), a
    styled cell for formatted numbers, a forced text cell for risky text."""
    if isinstance(value, str):
        return value if _plain_text(value) else _text_cell(ws, value)
    if number_format is None or value is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def _plain_text(text: str) -> bool:
    """Text openpyxl writes as a string without help: not formula-like, not an error code
    ('#N/A'), no character XML cannot hold, within Excel's cell size."""
    return (not text.startswith(FORMULA_STARTS) and text not in ERROR_CODES
            and len(text) <= EXCEL_CELL_CHARS and ILLEGAL_CHARACTERS_RE.search(text) is None)


def _text_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    """A cell that is text whatever it starts with: openpyxl would make '=100.00(%)' a
    formula and '#N/A' an error, so the type is forced; Excel gets the quote-prefix flag,
    so editing the cell keeps it text.  Characters XML cannot hold become spaces, and the
    text is cut at Excel's 32,767 characters a cell."""
    clean = ILLEGAL_CHARACTERS_RE.sub(" ", text)[:EXCEL_CELL_CHARS]
    cell = WriteOnlyCell(ws, value=clean)
    cell.data_type = "s"
    if clean.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


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


def _truncation_note(sheet: Sheet, written: int, total: int) -> str:
    return (f"已达 Excel 行数上限：仅显示前 {written:,} 行，共 {total:,} 行；完整数据见 "
            f"csv/{sheet.source}.csv 或 parquet/{sheet.source}/ "
            f"(Excel row limit: first {written:,} of {total:,} rows shown)")


def _write_notes(con: duckdb.DuckDBPyConnection, workbook: Workbook,
                 sheets: tuple[SheetExport, ...]) -> None:
    """A last sheet saying what each sheet holds, when the data is from, and the caps."""
    ws = workbook.create_sheet(NOTES_SHEET)
    for letter, width in zip("ABCDE", (22, 22, 14, 14, 80), strict=True):
        ws.column_dimensions[letter].width = width
    as_of = fetch_rows(con, read_sql("export/data_as_of.sql"))[0][0]
    ws.append([_text_cell(ws, "数据截至 / data as of"), _cell(ws, as_of, DATETIME_FORMAT)])
    ws.append([])
    ws.append([_text_cell(ws, text) for text in
               ("工作表 sheet", "来源 source", "仓库行数 rows", "导出行数 written", "说明 note")])
    for sheet in sheets:
        note = "完整 / complete"
        if sheet.truncated:
            note = _truncation_note(Sheet(sheet.title, sheet.source), sheet.written, sheet.rows)
        ws.append([_text_cell(ws, sheet.title), _text_cell(ws, sheet.source),
                   sheet.rows, sheet.written, _text_cell(ws, note)])
    ws.append([])
    ws.append([_text_cell(ws, "金额单位为元；文本按原文写入，以 = 开头的指标值是文本不是公式。"
                              " / Amounts in yuan; text as written, never a formula.")])
