"""The parsed rows of a partitioned run, loaded from the partitions' Parquet fragments.

The publisher of a partitioned run reads and parses nothing: the partitions listed and
hashed the files and wrote the parsed rows as fragments (``pipelines.load.fragments``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.sql_files import STATE_SCHEMA, read_sql
from pipelines.load.fragments import FragmentSource
from pipelines.load.plan import FileStat
from pipelines.load.warehouse import fetch_rows, insert_frame, query_frame_with, registered_frame
from pipelines.normalize.schemas import PARSED_TABLES
from pipelines.parse.parse_file import path_order

FRAGMENT_VIEW = "fragment_rows"  # a fragment table while it is loaded (pipelines.load.fragments)


def fragment_stats(fragments: FragmentSource, raw: Path) -> list[FileStat]:
    """The files the partitions listed, with the hashes their workers computed."""
    stats = [FileStat(row["path"], raw, row["size_bytes"], row["mtime_ns"], row["sha256"],
                      (row["error_code"], row["error_message"]) if row["error_code"] else None)
             for row in fragments.listing()]
    return sorted(stats, key=lambda stat: path_order(stat.path))


def load_fragments(con: duckdb.DuckDBPyConnection, fragments: FragmentSource, shas: set[str],
                   run_id: str, at: datetime) -> None:
    """Ledger rows of the contents ``shas`` from the partitions' Parquet fragments, set-based.

    A content found in two partitions (the same file in two folders) is taken from one.
    Its first_seen_at and parse stamps are this run's, as if this run had parsed it, so the
    tables equal those of a single-machine run.
    """
    contents = fragments.dataset("contents")
    if not shas or contents is None:
        return
    wanted = pl.DataFrame({"sha256": sorted(shas)}, schema={"sha256": pl.String})
    with _registered_fragment(con, contents):
        new = query_frame_with(con, read_sql("fragments/contents.sql"), wanted)
    stamp = pl.lit(at).cast(pl.Datetime("us"))
    stamped = new.drop("fragment").with_columns(
        stamp.alias("first_seen_at"), pl.lit(run_id).alias("parsed_run_id"),
        stamp.alias("parsed_at"))
    insert_frame(con, read_sql("pipeline_state/upsert_contents.sql"), stamped)
    picked = new.select("sha256", "fragment")
    for table in PARSED_TABLES:
        dataset = fragments.dataset(table)
        if dataset is not None:
            _load_fragment_table(con, dataset, f"parsed_{table}", picked)


@contextmanager
def _registered_fragment(con: duckdb.DuckDBPyConnection, dataset: object) -> Iterator[None]:
    """A fragment table (a Parquet dataset) visible to ``con`` as ``fragment_rows``."""
    con.register(FRAGMENT_VIEW, dataset)
    try:
        yield
    finally:
        con.unregister(FRAGMENT_VIEW)


def _load_fragment_table(con: duckdb.DuckDBPyConnection, dataset: object, target: str,
                         picked: pl.DataFrame) -> None:
    """Insert the chosen rows of one fragment table into ``pipeline_state.<target>``, by
    the target's column names (the fragment's own ``fragment`` column, and the year a child
    table is filed under, are left out; a form's year comes back from its folder name)."""
    columns = [row[0] for row in fetch_rows(con, read_sql("fragments/target_columns.sql"),
                                            {"table": target})]
    listed = ", ".join(f'"{name}"' for name in columns)
    with _registered_fragment(con, dataset), registered_frame(con, picked):
        con.execute("create or replace temp view fragment_load as "
                    + read_sql("fragments/rows_to_load.sql"))
        con.execute(f"insert into {STATE_SCHEMA}.{target} by name "
                    f"select {listed} from fragment_load")
        con.execute("drop view fragment_load")
