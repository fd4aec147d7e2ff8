"""The DuckDB side: build a new warehouse file beside the published one, load frames
through Arrow, and publish by atomic rename.

DuckDB allows one writer or many readers per file, and BI tools keep read-only
connections open.  So a run never writes the published file: it writes
``forms.duckdb.build-<run>`` and replaces the published file by a flushed rename only
after everything succeeded.  Readers holding the old file keep reading it; new
connections see the new one.  The file is created with storage version v1.4.0 so the
DuckDB 1.x drivers bundled in BI tools can open it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.core import settings
from pipelines.core.files import replace_file
from pipelines.core.sql_files import read_sql

if TYPE_CHECKING:  # polars loads in 0.3 s: not on the path of `query` and `status`
    import polars as pl


STORAGE_VERSION = "v1.4.0"
INCOMING = "incoming_frame"


def build_path_for(published: Path, run_id: str) -> Path:
    """Where a run builds its warehouse: beside the published file, named by run."""
    return published.with_name(f"{published.name}.build-{run_id}")


def memory_limit() -> str:
    """DuckDB's memory limit for the pipeline's connections (``FORMS_DUCKDB_MEMORY``).

    DuckDB's own default is 80% of the machine, which a nightly run on a box that also
    serves dashboards must not take; past the limit, joins and sorts spill to disk.
    """
    return settings.DUCKDB_MEMORY.text()


def spill_directory(path: Path) -> Path:
    """Where a writer spills: beside its warehouse file, on the same disk."""
    return path.with_name(f"{path.name}.spill")


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is always closed, so the file lock is released."""
    config = {"memory_limit": memory_limit()}
    if not read_only:
        config |= {"storage_compatibility_version": STORAGE_VERSION,
                   "temp_directory": str(spill_directory(path))}
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    try:
        yield con
    finally:
        con.close()


def append_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
                 replace: bool = False) -> None:
    """Insert a polars frame through Arrow (one bulk scan, never row by row).

    ``replace`` turns rows whose primary key exists into updates (``insert or replace``).
    """
    verb = "insert or replace" if replace else "insert"
    insert_frame(con, f"{verb} into {table} by name select * from {INCOMING}", frame)


def insert_frame(con: duckdb.DuckDBPyConnection, sql: str, frame: pl.DataFrame) -> None:
    """Run ``sql`` with ``frame`` visible as the table ``incoming_frame`` (through Arrow);
    nothing to do for an empty frame."""
    if not frame.is_empty():
        rows_with_frame(con, sql, frame)


def rows_with_frame(con: duckdb.DuckDBPyConnection, sql: str,
                    frame: pl.DataFrame) -> list[tuple]:
    """Rows of ``sql`` reading ``frame`` as the table ``incoming_frame``, even when empty
    (a comparison with an empty listing must still see a table)."""
    with registered_frame(con, frame):
        return fetch_rows(con, sql)


def query_frame_with(con: duckdb.DuckDBPyConnection, sql: str,
                     frame: pl.DataFrame) -> pl.DataFrame:
    """``query_frame`` of ``sql`` reading ``frame`` as the table ``incoming_frame``."""
    with registered_frame(con, frame):
        return query_frame(con, sql)


@contextmanager
def registered_frame(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> Iterator[None]:
    """``frame`` visible to ``con`` as ``incoming_frame`` for the duration of the block."""
    con.register(INCOMING, frame.to_arrow())
    try:
        yield
    finally:
        con.unregister(INCOMING)


def run_build_step(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Fill one public table from the parsed rows with ``sql/build/<table>.sql``; its row
    count."""
    fetch_rows(con, read_sql(f"build/{table}.sql"))
    return count_rows(con, table)


def query_frame(con: duckdb.DuckDBPyConnection, sql: str,
                params: list | dict | None = None) -> pl.DataFrame:
    """Result of a query as a polars frame (through Arrow; DuckDB 2.0 streams results)."""
    import polars as pl

    relation = con.sql(sql, params=params)
    assert relation is not None, "query_frame needs a statement that returns rows"
    frame = pl.from_arrow(relation.to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str,
               params: list | dict | None = None) -> list[tuple]:
    """All rows of a query, fully drained (DuckDB 2.0 keeps an undrained result open
    and refuses further work on the connection)."""
    return con.execute(sql, params).fetchall()


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str,
                params: list | dict | None = None) -> list[dict]:
    """All rows of a query as dicts by column name, without polars (for the commands that
    must start fast)."""
    result = con.execute(sql, params)
    names = [column[0] for column in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(fetch_rows(con, f"select count(*) from {table}")[0][0])


def finalize(path: Path, run_id: str, finished_at: datetime) -> None:
    """Stamp the run as finished and checkpoint, so the file is self-contained."""
    with connect(path) as con:
        fetch_rows(con, read_sql("pipeline_state/finish_run.sql"), [run_id, finished_at])
        con.execute("checkpoint")


def publish(build: Path, published: Path, run_id: str, finished_at: datetime) -> None:
    """Atomically replace the published warehouse with the finished build."""
    finalize(build, run_id, finished_at)
    replace_file(build, published)
    shutil.rmtree(spill_directory(build), ignore_errors=True)


def discard(build: Path) -> None:
    """Remove a build that will not be published."""
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(spill_directory(build), ignore_errors=True)
