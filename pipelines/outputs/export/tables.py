"""Every public table and view of the warehouse as Parquet (by fiscal year where there is
one) and as CSV Excel opens safely, each written by a set-based DuckDB COPY."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core.sql_files import SQL_DIR, read_sql
from pipelines.load.warehouse import fetch_rows

PARQUET_DIR = "parquet"
CSV_DIR = "csv"
YEAR_COLUMN = "fiscal_year"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # the directory DuckDB and polars read as a null key
BOM = "\ufeff"

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


def prepare_session(con: duckdb.DuckDBPyConnection, spill: Path) -> None:
    """One thread (same bytes on every export), the CSV escaping macro, spill in ``spill``."""
    con.execute(read_sql("export/session.sql"))
    fetch_rows(con, read_sql("export/spill.sql"), {"path": str(spill)})


def public_relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table and view of schema main, by name; the pipeline_state schema is never listed."""
    rows = fetch_rows(con, read_sql("export/relations.sql"))
    return [Relation(_safe_name(name), kind) for name, kind in rows]


def export_relation(con: duckdb.DuckDBPyConnection, relation: Relation, tmp: Path,
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
    cast = PARQUET_CASTS.get(base_type(kind))
    return f"cast({quoted} as {cast}) as {quoted}" if cast else quoted


def _csv_column(name: str, kind: str) -> str:
    quoted = quote_identifier(name)
    if base_type(kind) in CSV_PLAIN_TYPES:
        return quoted
    return f"csv_text_cell(cast({quoted} as varchar)) as {quoted}"


def base_type(kind: str) -> str:
    return kind.split("(", 1)[0].strip().upper()


def _csv_line(values: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def _copy(con: duckdb.DuckDBPyConnection, sql_file: str, **params: str) -> int:
    """Run a COPY of ``sql/export/<sql_file>``; the number of rows it wrote."""
    return int(fetch_rows(con, read_sql(f"export/{sql_file}"), params)[0][0])


def _safe_name(name: str) -> str:
    """A relation name used as a file name must stay one path component."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        raise ValueError(f"relation name {name!r} cannot be used as a file name")
    return name


def _tree_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
