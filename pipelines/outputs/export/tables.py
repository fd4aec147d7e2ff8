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
    partition_by: str | None  # fiscal_year, or None for a single data.parquet / data.csv
    parquet: Path  # directory
    csv: Path  # directory, in the layout of the parquet one
    parquet_bytes: int
    csv_bytes: int
    partitions_written: int  # what this export rewrote; the others were unchanged


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


NO_YEAR_KEY = "data"  # the one partition of a relation without a fiscal year
EMPTY_KEY = f"{YEAR_COLUMN}={HIVE_NULL}"  # where an empty relation's schema-only file goes


@dataclass(frozen=True)
class RelationPlan:
    """What one export does to a relation's files: the partitions it rewrites (all of them
    when ``whole``: a new relation, or its columns changed) and those it removes, and the
    state the manifest keeps for the next export (columns, rows and digest per partition)."""

    relation: Relation
    by_year: bool
    columns: list[list[str]]
    partitions: dict[str, list]  # key -> [rows, digest]
    whole: bool
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def rows(self) -> int:
        return sum(rows for rows, _ in self.partitions.values())

    def items(self, fmt: str, keys: tuple[str, ...]) -> list[str]:
        """Paths, relative to the export folder, of the files or folders of ``keys`` in one
        format (``parquet`` or ``csv``)."""
        folder = PARQUET_DIR if fmt == "parquet" else CSV_DIR
        if self.by_year:
            return [f"{folder}/{self.relation.name}/{key}" for key in keys]
        return [f"{folder}/{self.relation.name}/{NO_YEAR_KEY}.{fmt}" for key in keys]

    def state(self) -> dict:
        return {"kind": self.relation.kind, "columns": self.columns,
                "partitions": self.partitions}


def plan_relation(con: duckdb.DuckDBPyConnection, relation: Relation, previous: dict | None,
                  out_dir: Path) -> RelationPlan:
    """Digest each partition of ``relation`` (set-based, one scan) and compare with what the
    manifest says the files on disk hold: only partitions whose rows changed, or whose
    files are missing, are rewritten."""
    columns = [[name, kind] for name, kind in define_source(con, relation.parquet_sql)]
    by_year = YEAR_COLUMN in {name for name, _ in columns}
    partitions = _digests(con, by_year)
    whole = previous is None or previous.get("columns") != columns
    old = {} if whole else previous["partitions"]
    plan = RelationPlan(relation, by_year, columns, partitions, whole, (), ())
    changed = tuple(key for key, digest in partitions.items()
                    if old.get(key) != digest or not _on_disk(plan, key, out_dir))
    removed = tuple(key for key in old if key not in partitions)
    return RelationPlan(relation, by_year, columns, partitions, whole, changed, removed)


def _digests(con: duckdb.DuckDBPyConnection, by_year: bool) -> dict[str, list]:
    if not by_year:
        rows, digest = fetch_rows(con, read_sql("export/relation_digest.sql"))[0]
        return {NO_YEAR_KEY: [int(rows), digest]}
    found = {key: [int(rows), digest] for key, rows, digest
             in fetch_rows(con, read_sql("export/partition_digests.sql"))}
    return found or {EMPTY_KEY: [0, "0"]}


def _on_disk(plan: RelationPlan, key: str, out_dir: Path) -> bool:
    return all((out_dir / item).exists()
               for fmt in ("parquet", "csv") for item in plan.items(fmt, (key,)))


def write_partitions(con: duckdb.DuckDBPyConnection, plan: RelationPlan, tmp: Path) -> None:
    """Write the plan's changed partitions into ``tmp`` (the export folder's layout), as
    Parquet and CSV, each with one set-based COPY; ``plan_relation`` defined the source."""
    if not plan.changed:
        return
    columns = [(name, kind) for name, kind in plan.columns]
    _create_view(con, "export_parquet", [_parquet_column(n, t) for n, t in columns])
    _create_view(con, "export_csv", [_csv_column(n, t) for n, t in columns])
    parquet = tmp / PARQUET_DIR / plan.relation.name
    csv_dir = tmp / CSV_DIR / plan.relation.name
    parquet.mkdir(parents=True)
    csv_dir.mkdir(parents=True)
    header = BOM + _csv_line([name for name, _ in columns])
    if not plan.by_year:
        rows = _copy(con, "copy_parquet.sql", path=str(parquet / f"{NO_YEAR_KEY}.parquet"))
        csv_rows = _write_csv_file(con, csv_dir / f"{NO_YEAR_KEY}.csv", header)
    elif plan.rows == 0:
        rows = _copy(con, "copy_parquet.sql", path=str(_mkdir(parquet / EMPTY_KEY)
                                                          / "data_0.parquet"))
        csv_rows = _write_csv_file(con, _mkdir(csv_dir / EMPTY_KEY) / "data_0.csv", header)
    else:
        _select_changed(con, plan.changed)
        rows = _copy(con, "copy_parquet_by_year.sql", path=str(parquet))
        csv_rows = _copy(con, "copy_csv_by_year.sql", path=str(csv_dir), prefix=header,
                         suffix="\n")
    expected = sum(plan.partitions[key][0] for key in plan.changed)
    if not rows == csv_rows == expected:
        raise RuntimeError(f"{plan.relation.name}: {rows} rows in parquet, {csv_rows} in csv, "
                           f"{expected} in the warehouse")


def _select_changed(con: duckdb.DuckDBPyConnection, keys: tuple[str, ...]) -> None:
    con.execute(read_sql("export/create_changed.sql"))
    con.executemany(read_sql("export/add_changed.sql"), [{"key": key} for key in keys])
    con.execute(read_sql("export/changed_rows.sql"))


def _write_csv_file(con: duckdb.DuckDBPyConnection, path: Path, header: str) -> int:
    rows = _copy(con, "copy_csv.sql", path=str(path), prefix=header, suffix="\n")
    if rows == 0:  # prefix and suffix alone would end in an empty line
        path.write_text(header, encoding="utf-8", newline="")
    return rows


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


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
        return _copy(con, "copy_parquet.sql", path=str(dest / f"{NO_YEAR_KEY}.parquet")), None
    partitions = _digests(con, by_year=True)
    if EMPTY_KEY in partitions and partitions[EMPTY_KEY][0] == 0:
        _copy(con, "copy_parquet.sql", path=str(_mkdir(dest / EMPTY_KEY) / "data_0.parquet"))
        return 0, YEAR_COLUMN
    _create_view(con, "export_csv", [quote_identifier(n) for n, _ in columns])
    _select_changed(con, tuple(partitions))
    return _copy(con, "copy_parquet_by_year.sql", path=str(dest)), YEAR_COLUMN


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


def tree_bytes(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
