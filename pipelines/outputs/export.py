"""Exports for analysts: Parquet, CSV and one Excel workbook from the published warehouse.

Not everyone who needs the data runs SQL against DuckDB: data teams want Parquet they can
scan with polars or Spark, finance staff want Excel.  This module writes, from the published
warehouse opened read-only (a nightly run can replace it meanwhile; this connection keeps
its snapshot):

- ``parquet/<relation>/`` for every table and view of schema ``main`` (never the pipeline's
  internal schema, the ledger, whatever it is called), in hive layout
  ``fiscal_year=<year>/data_0.parquet`` when the relation has a fiscal year (or its owner
  has one, see ``sql/export/with_year/``), else one ``data.parquet``.  Amounts stay DECIMAL.
- ``csv/<relation>.csv`` in UTF-8 with a byte-order mark (Excel reads the Chinese text), text
  that Excel would take for a formula prefixed with ``'`` (OWASP); numbers stay numbers.
- ``forms.xlsx``: project scorecard, review findings and indicators for finance staff, text
  written as text (never formulas), amounts formatted as money.

All three are built in ``out_dir/.export-tmp-*`` and renamed into place at the end, so a
reader sees the previous export or the new one, never half of one.  The SQL is set-based
COPY (streaming, memory bounded by DuckDB's limit); the workbook is written row by row in
openpyxl's write-only mode.  No Dagster import: an asset or the CLI wraps this.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
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

from pipelines.core.files import fsync_path, fsync_tree, swap_into_place
from pipelines.load.warehouse import SQL_DIR, connect, fetch_rows, read_sql
from pipelines.publish.lock import exclusive_lock
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

PARQUET_DIR = "parquet"
CSV_DIR = "csv"
WORKBOOK_NAME = "forms.xlsx"
EXPORT_ITEMS = (PARQUET_DIR, CSV_DIR, WORKBOOK_NAME)
TMP_PREFIX = ".export-tmp-"
LOCK_NAME = ".export.lock"

YEAR_COLUMN = "fiscal_year"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # the directory DuckDB and polars read as a null key
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXCEL_MAX_ROWS = 1_048_576
EXCEL_CELL_CHARS = 32_767
MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.0%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
WIDTH_SAMPLE_ROWS = 200
FETCH_ROWS = 10_000
MIN_WIDTH, MAX_WIDTH = 6, 60

# Parquet has no 128-bit integer and DuckDB would write HUGEINT as DOUBLE; the warehouse's
# HUGEINTs are counts (sums of booleans), so BIGINT is exact (and an overflow fails loudly).
PARQUET_CASTS = {"HUGEINT": "bigint", "UHUGEINT": "ubigint"}
# Types DuckDB writes to CSV as a number, boolean or date Excel reads as such: never escaped.
CSV_PLAIN_TYPES = frozenset({
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
    "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "BOOLEAN", "DATE",
    "TIME", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS",
    "TIMESTAMP WITH TIME ZONE",
})


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
)
NOTES_SHEET = "说明"


@dataclass(frozen=True)
class TableExport:
    """One exported table or view: where its files are and what they hold."""

    name: str
    kind: str  # table | view
    rows: int
    partition_by: str | None  # fiscal_year, or None for a single data.parquet
    parquet: Path  # directory
    csv: Path
    parquet_bytes: int
    csv_bytes: int


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
class ExportSummary:
    """What an export wrote, with final paths (after the rename into place)."""

    out_dir: Path
    workbook: Path
    workbook_bytes: int
    tables: dict[str, TableExport]
    sheets: tuple[SheetExport, ...]

    def row_counts(self) -> dict[str, int]:
        return {name: table.rows for name, table in self.tables.items()}

    @property
    def total_bytes(self) -> int:
        files = sum(t.parquet_bytes + t.csv_bytes for t in self.tables.values())
        return files + self.workbook_bytes

    def to_metadata(self) -> dict[str, object]:
        """Plain values (str, int, dict, list) a Dagster asset can return as metadata."""
        return {
            "out_dir": str(self.out_dir),
            "workbook": str(self.workbook),
            "relations": len(self.tables),
            "rows": self.row_counts(),
            "bytes": self.total_bytes,
            "parquet_bytes": sum(t.parquet_bytes for t in self.tables.values()),
            "csv_bytes": sum(t.csv_bytes for t in self.tables.values()),
            "workbook_bytes": self.workbook_bytes,
            "sheets": {s.title: {"source": s.source, "rows": s.rows, "written": s.written}
                       for s in self.sheets},
            "truncated_sheets": [s.title for s in self.sheets if s.truncated],
        }


@dataclass(frozen=True)
class Relation:
    """A public table or view of schema main."""

    name: str
    kind: str

    @property
    def select_sql(self) -> str:
        return f"select * from main.{quote_identifier(self.name)}"

    @property
    def parquet_sql(self) -> str:
        """The warehouse rows, plus the owner's fiscal year for child tables that have a
        ``sql/export/with_year/<name>.sql`` (so they can be partitioned by year too)."""
        with_year = SQL_DIR / "export" / "with_year" / f"{self.name}.sql"
        return with_year.read_text(encoding="utf-8") if with_year.is_file() else self.select_sql


# --- the export as a whole ------------------------------------------------------------------


def export_warehouse(warehouse: Path, out_dir: Path, *,
                     excel_max_rows: int = EXCEL_MAX_ROWS) -> ExportSummary:
    """Export the published ``warehouse`` into ``out_dir`` (parquet/, csv/, forms.xlsx).

    Everything is built in a temporary folder inside ``out_dir`` (same file system, so the
    final renames are atomic) and moved into place only when all of it is written and
    synced; on any failure the temporary folder is removed and the previous export stays.
    ``excel_max_rows`` is Excel's row limit, a parameter so the cap can be tested.
    """
    if not warehouse.is_file():
        raise FileNotFoundError(f"warehouse {warehouse} does not exist")
    if excel_max_rows < 3:
        raise ValueError("excel_max_rows must leave room for a header, a row and a note")
    created = _missing_folders(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out_dir))
    try:
        summary = _build(warehouse, tmp, out_dir, excel_max_rows)
        shutil.rmtree(tmp / ".spill", ignore_errors=True)
        fsync_tree(tmp)
        _move_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_if_empty(created)
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    return summary


def _missing_folders(folder: Path) -> list[Path]:
    """The folders of ``folder``'s path that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    """Take back the folders a failed export created, so it leaves nothing behind
    (a lock file it made is removed with them; a folder someone filled meanwhile stays)."""
    for folder in folders:
        (folder / LOCK_NAME).unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            return


def _build(warehouse: Path, tmp: Path, out_dir: Path, excel_max_rows: int) -> ExportSummary:
    with connect(warehouse, read_only=True) as con:
        prepare_session(con, tmp / ".spill")
        tables = {relation.name: _export_relation(con, relation, tmp, out_dir)
                  for relation in public_relations(con)}
        sheets = write_workbook(con, tmp / WORKBOOK_NAME, excel_max_rows)
    return ExportSummary(out_dir=out_dir, workbook=out_dir / WORKBOOK_NAME,
                         workbook_bytes=(tmp / WORKBOOK_NAME).stat().st_size,
                         tables=tables, sheets=sheets)


def prepare_session(con: duckdb.DuckDBPyConnection, spill: Path) -> None:
    """One thread (same bytes on every export), the CSV escaping macro, spill in ``spill``."""
    con.execute(read_sql("export/session.sql"))
    fetch_rows(con, read_sql("export/spill.sql"), {"path": str(spill)})


def public_relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table and view of schema main, by name; the ledger schema is never listed."""
    rows = fetch_rows(con, read_sql("export/relations.sql"))
    return [Relation(_safe_name(name), kind) for name, kind in rows]


def _export_relation(con: duckdb.DuckDBPyConnection, relation: Relation, tmp: Path,
                     out_dir: Path) -> TableExport:
    parquet_dir = tmp / PARQUET_DIR / relation.name
    csv_path = tmp / CSV_DIR / f"{relation.name}.csv"
    rows, partition = write_parquet(con, relation.parquet_sql, parquet_dir)
    csv_rows = write_csv(con, relation.select_sql, csv_path)
    if csv_rows != rows:
        raise RuntimeError(f"{relation.name}: {rows} rows in parquet but {csv_rows} in csv")
    return TableExport(
        name=relation.name, kind=relation.kind, rows=rows, partition_by=partition,
        parquet=out_dir / PARQUET_DIR / relation.name,
        csv=out_dir / CSV_DIR / csv_path.name,
        parquet_bytes=_tree_bytes(parquet_dir), csv_bytes=csv_path.stat().st_size,
    )


# --- parquet and csv --------------------------------------------------------------------------


def write_parquet(con: duckdb.DuckDBPyConnection, source_sql: str,
                  dest: Path) -> tuple[int, str | None]:
    """Rows of ``source_sql`` as Parquet in the directory ``dest``; (rows, partition column).

    With a fiscal_year column the rows are partitioned by it (a null year lands in
    ``fiscal_year=__HIVE_DEFAULT_PARTITION__``, which both DuckDB and polars read back as
    null); an empty relation still gets one empty file there, so its schema and the
    ``<name>/*/*.parquet`` pattern hold.  Without a year: ``dest/data.parquet``.
    """
    columns = define_source(con, source_sql)
    _create_view(con, "export_parquet", [_parquet_column(n, t) for n, t in columns])
    dest.mkdir(parents=True)
    if YEAR_COLUMN not in dict(columns):
        return _copy(con, "copy_parquet.sql", path=str(dest / "data.parquet")), None
    rows = _copy(con, "copy_parquet_by_year.sql", path=str(dest))
    if rows == 0:
        empty = dest / f"{YEAR_COLUMN}={HIVE_NULL}"
        empty.mkdir()
        _copy(con, "copy_parquet.sql", path=str(empty / "data_0.parquet"))
    return rows, YEAR_COLUMN


def write_csv(con: duckdb.DuckDBPyConnection, source_sql: str, path: Path) -> int:
    """Rows of ``source_sql`` as CSV at ``path``: UTF-8 with BOM, formula-like text escaped.

    DuckDB writes the rows (streaming); the BOM and header are its ``prefix``, because its
    own header cannot be combined with a prefix.
    """
    columns = define_source(con, source_sql)
    _create_view(con, "export_csv", [_csv_column(n, t) for n, t in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    header = BOM + _csv_line([name for name, _ in columns])
    rows = _copy(con, "copy_csv.sql", path=str(path), prefix=header, suffix="\n")
    if rows == 0:  # prefix and suffix alone would end in an empty line
        path.write_text(header, encoding="utf-8", newline="")
    return rows


def define_source(con: duckdb.DuckDBPyConnection, source_sql: str) -> list[tuple[str, str]]:
    """Make ``source_sql`` the temporary view ``export_source``; its (column, type) list."""
    con.execute(f"create or replace temp view export_source as {source_sql}")
    return [(name, kind) for name, kind in fetch_rows(con, read_sql("export/columns.sql"))]


def quote_identifier(name: str) -> str:
    """``name`` as a DuckDB identifier, whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'


def _create_view(con: duckdb.DuckDBPyConnection, view: str, select_list: list[str]) -> None:
    columns = ",\n    ".join(select_list)
    con.execute(f"create or replace temp view {view} as select\n    {columns}\n"
                "from export_source")


def _parquet_column(name: str, kind: str) -> str:
    quoted = quote_identifier(name)
    cast = PARQUET_CASTS.get(_base_type(kind))
    return f"cast({quoted} as {cast}) as {quoted}" if cast else quoted


def _csv_column(name: str, kind: str) -> str:
    quoted = quote_identifier(name)
    if _base_type(kind) in CSV_PLAIN_TYPES:
        return quoted
    return f"csv_text_cell(cast({quoted} as varchar)) as {quoted}"


def _base_type(kind: str) -> str:
    return kind.split("(", 1)[0].strip().upper()


def _csv_line(values: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def _copy(con: duckdb.DuckDBPyConnection, sql_file: str, **params: str) -> int:
    """Run a COPY of ``sql/export/<sql_file>``; the number of rows it wrote."""
    return int(fetch_rows(con, read_sql(f"export/{sql_file}"), params)[0][0])


# --- the workbook -----------------------------------------------------------------------------


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
    if _base_type(kind).startswith("TIMESTAMP"):
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


# --- files ------------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    """A relation name used as a file name must stay one path component."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"relation name {name!r} cannot be used as a file name")
    return name


def _move_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename each built item over its predecessor (a directory is moved aside first, as
    rename cannot replace a non-empty one; the old one is removed with ``tmp``)."""
    aside = tmp / ".replaced"
    aside.mkdir()
    with exclusive_lock(out_dir / LOCK_NAME):  # two exports never interleave their renames
        for item in EXPORT_ITEMS:
            swap_into_place(tmp / item, out_dir / item, aside / item)
    fsync_path(out_dir)


def _tree_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
