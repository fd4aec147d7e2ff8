"""A night's ingestion into a build: plan, parse (or load fragments), record, decide the rebuild."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.core.faults import fault_point
from pipelines.core.sql_files import read_sql
from pipelines.load.fragments import FragmentSource
from pipelines.load.from_fragments import fragment_stats, load_fragments
from pipelines.load.parallel_parse import available_cpus, parse_planned
from pipelines.load.plan import FileStat, RunPlan, limits_key, plan_run, scan_raw
from pipelines.load.rebuild import start_public_build
from pipelines.load.warehouse import fetch_rows
from pipelines.load.write import record_files, write_frames
from pipelines.read.limits import Limits
from pipelines.read.limits import current as current_limits


def run_ingestion(con: duckdb.DuckDBPyConnection, raw: Path, run_id: str, at: datetime,
                  full_reparse: bool, *, max_bytes: int, batch_size: int,
                  workers: int = 0, on_batch: Callable[[int, int, int], None] | None = None,
                  stats: list[FileStat] | None = None,
                  limits: Limits | None = None,
                  fragments: FragmentSource | None = None) -> RunPlan:
    """Plan, parse what is new, and record everything in the pipeline state of ``con``.

    ``workers`` 0 means one parse process per CPU this process may use; ``stats`` is
    the folder's listing when the caller made it already (the folder is listed once).
    ``on_batch(contents_done, contents_total, forms_done)`` is told after each batch.
    ``limits`` bound each file's reading (default: ``pipelines.read.limits.current()``).
    With ``fragments`` (a partitioned run, ``pipelines.load.fragments``) nothing is read or
    parsed here: the files are those the partitions listed and hashed, and the parsed rows
    of new contents are loaded from their Parquet fragments.
    """
    if fragments is not None:
        stats = fragment_stats(fragments, raw)
    listing = scan_raw(raw) if stats is None else stats
    key = limits_key(max_bytes, limits or current_limits())
    plan = plan_run(con, listing, at, full_reparse, key)
    if fragments is not None:
        load_fragments(con, fragments, set(plan.to_parse), run_id, at)
    else:
        _parse_into(con, plan, raw, run_id, at, max_bytes=max_bytes, batch_size=batch_size,
                    workers=workers or available_cpus(), limits=limits, on_batch=on_batch)
    record_files(con, plan, run_id)
    fetch_rows(con, read_sql("pipeline_state/set_meta.sql"), ["limits", key])
    start_public_build(con, plan, run_id)
    return plan


def _parse_into(con: duckdb.DuckDBPyConnection, plan: RunPlan, raw: Path, run_id: str,
                at: datetime, *, max_bytes: int, batch_size: int, workers: int,
                limits: Limits | None,
                on_batch: Callable[[int, int, int], None] | None) -> None:
    """Parse the plan's new contents in batches and write their parsed rows."""
    done = forms = 0
    for frames in parse_planned(plan, raw, max_bytes, batch_size, workers, run_id, at,
                                limits):
        write_frames(con, frames)
        fault_point("parse")
        done += frames["contents"].height
        forms += frames["projects"].height + frames["department_targets"].height
        if on_batch:
            on_batch(done, len(plan.to_parse), forms)
