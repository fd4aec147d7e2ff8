"""``python -m pipelines query``: read-only SQL on the published warehouse, for people who
want an answer without learning DuckDB's API.

The warehouse is opened read-only with DuckDB's file-system access switched off, and only
statements that read are run: a write, a ``COPY ... TO``, an ``ATTACH`` or a ``SET`` is
refused with one line before anything runs.  Nightly runs never write the published file
(they build beside it and rename), so a query works while a run is writing, and a query
holding the file open never blocks the night.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

import duckdb

from pipelines.commands.entry import UserError, first_line, require_output_folder, warehouse_problem
from pipelines.core.files import replacing
from pipelines.load.warehouse import memory_limit

if TYPE_CHECKING:
    import pyarrow as pa

READING = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN,
                     duckdb.StatementType.PRAGMA, duckdb.StatementType.MULTI})
FORMATS = ("table", "csv", "json", "parquet")
BATCH_ROWS = 10_000
DEFAULT_SHOWN_ROWS = 100


class QueryError(UserError):
    """A query that cannot run, with the one line that says why (exit 2)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A checked statement and its parameters, run when its rows are written: Parquet
    reads it as a relation (Arrow batches without a copy), the text formats row by row."""

    con: duckdb.DuckDBPyConnection
    sql: str
    params: dict | list | None = None

    def rows(self) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.execute(self.sql, self.params)
        except duckdb.Error as err:
            raise QueryError(first_line(err)) from None

    def arrow_batches(self, batch_rows: int) -> pa.RecordBatchReader:
        try:
            relation = self.con.sql(self.sql, params=self.params)
            if relation is None:
                raise QueryError("这条语句不返回行，没有可写入 Parquet 的内容")
            return relation.to_arrow_reader(batch_rows)
        except duckdb.Error as err:
            raise QueryError(first_line(err)) from None


def open_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only and without access to other files."""
    problem = warehouse_problem(warehouse)
    if problem is not None:
        raise QueryError(problem)
    try:
        return duckdb.connect(str(warehouse), read_only=True, config={
            "enable_external_access": False, "memory_limit": memory_limit()})
    except duckdb.Error as err:
        raise QueryError(f"无法打开 {warehouse}：{first_line(err)}") from None


def checked_statement(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """``sql`` when it is exactly one statement that only reads; else a QueryError."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise QueryError(first_line(err)) from None
    if len(statements) != 1:
        raise QueryError(f"只能给一条语句（收到 {len(statements)} 条）")
    kind = statements[0].type
    if kind not in READING:
        raise QueryError(f"只允许读取的语句，不能执行 {kind.name}：这里的仓库是只读的，"
                         "数据只通过 ingest 改变")
    return sql


def columns_of(result: duckdb.DuckDBPyConnection) -> list[str]:
    return [column[0] for column in result.description or []]


def batches(result: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    """Rows in batches, so an export of millions of rows keeps memory flat."""
    try:
        while rows := result.fetchmany(BATCH_ROWS):
            yield rows
    except duckdb.Error as err:
        raise QueryError(first_line(err)) from None


def text_of(value: object) -> str:
    """A value as a person reads it: exact decimals, ISO dates, empty for NULL."""
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def write_table(result: duckdb.DuckDBPyConnection, out: TextIO,
                max_rows: int = DEFAULT_SHOWN_ROWS) -> int:
    """An aligned table of the first ``max_rows`` rows (numbers right-aligned); rows."""
    names = columns_of(result)
    try:
        rows = result.fetchmany(max_rows + 1)
    except duckdb.Error as err:
        raise QueryError(first_line(err)) from None
    shown = rows[:max_rows]
    cells = [[text_of(v).replace("\n", "⏎") for v in row] for row in shown]
    numeric = [bool(shown) and all(isinstance(row[i], int | float | Decimal) or row[i] is None
                                   for row in shown) for i in range(len(names))]
    widths = [max([display_width(n), *(display_width(r[i]) for r in cells)])
              for i, n in enumerate(names)]
    out.write("  ".join(pad(n, w, r) for n, w, r in zip(names, widths, numeric, strict=True))
              .rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(pad(c, w, r) for c, w, r in zip(row, widths, numeric, strict=True))
                  .rstrip() + "\n")
    more = "；其余行未显示，用 --format csv、json 或 parquet 取全部行" \
        if len(rows) > max_rows else ""
    out.write(f"（{len(shown)} 行{more}）\n")
    return len(shown)


def write_csv(result: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """CSV with a header row; values exactly as stored."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns_of(result))
    count = 0
    for rows in batches(result):
        writer.writerows([text_of(v) for v in row] for row in rows)
        count += len(rows)
    return count


def json_value(value: object) -> object:
    """JSON for a value: decimals as exact numbers' text is not JSON, so as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return text_of(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def write_json(result: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """JSON Lines: one object per row (amounts as strings, so they stay exact)."""
    names = columns_of(result)
    count = 0
    for rows in batches(result):
        for row in rows:
            record = {n: json_value(v) for n, v in zip(names, row, strict=True)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += len(rows)
    return count


def write_parquet(statement: Statement, out: BinaryIO) -> int:
    """Parquet with DuckDB's own types (decimals stay decimal), written batch by batch.

    The rows come from the statement as a relation: Arrow read from an executed DB-API
    result makes an extra copy of every row, and DuckDB warns on each such call.
    """
    import pyarrow as pa  # 0.2 s to load: only when someone asks for Parquet
    import pyarrow.parquet as pq

    reader = statement.arrow_batches(BATCH_ROWS)
    try:
        with pq.ParquetWriter(out, reader.schema) as writer:
            count = 0
            for batch in reader:
                writer.write_table(pa.Table.from_batches([batch]))
                count += batch.num_rows
    except duckdb.Error as err:
        raise QueryError(first_line(err)) from None
    return count


def query(warehouse: Path, sql: str, fmt: str = "table", out_path: Path | None = None,
          max_rows: int = DEFAULT_SHOWN_ROWS) -> int:
    """Run one read-only statement and write its rows; the number of rows written."""
    if fmt not in FORMATS:
        raise QueryError(f"未知的格式「{fmt}」；可用 {'、'.join(FORMATS)}")
    check_destination(fmt, out_path)
    con = open_read_only(warehouse)
    try:
        return write_result(Statement(con, checked_statement(con, sql)), fmt, out_path,
                            max_rows)
    finally:
        con.close()


def check_destination(fmt: str, out_path: Path | None) -> None:
    """Refuse, before anything runs, output that cannot go where it was asked to: a file
    in a folder that does not exist, or Parquet's binary onto a terminal."""
    if out_path is not None:
        require_output_folder(out_path)
    elif fmt == "parquet" and sys.stdout.isatty():
        raise QueryError("parquet 是二进制格式，不能显示在终端上：请用 --out 文件名，"
                         "或把输出重定向到文件（> x.parquet）")


def write_result(statement: Statement, fmt: str, out_path: Path | None,
                 max_rows: int = DEFAULT_SHOWN_ROWS) -> int:
    """Write the rows of ``statement`` in ``fmt`` to ``out_path`` or the screen."""
    check_destination(fmt, out_path)
    if fmt == "parquet":
        return _to_binary(statement, out_path)
    return _to_text(statement.rows(), fmt, out_path, max_rows)


def _to_binary(statement: Statement, out_path: Path | None) -> int:
    if out_path is None:
        return write_parquet(statement, sys.stdout.buffer)
    with replacing(out_path) as partial, partial.open("wb") as handle:
        return write_parquet(statement, handle)
def _to_text(result: duckdb.DuckDBPyConnection, fmt: str, out_path: Path | None,
             max_rows: int) -> int:
    writers = {"table": lambda o: write_table(result, o, max_rows),
               "csv": lambda o: write_csv(result, o), "json": lambda o: write_json(result, o)}
    if out_path is None:
        return writers[fmt](sys.stdout)
    with replacing(out_path) as partial, partial.open("w", encoding="utf-8",
                                                        newline="") as handle:
        return writers[fmt](handle)


