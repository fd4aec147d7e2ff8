"""Parsed rows and file records into the pipeline_state table of a build."""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from pipelines.core.sql_files import STATE_SCHEMA, read_sql
from pipelines.load.plan import RunPlan
from pipelines.load.warehouse import append_frame, fetch_rows, insert_frame
from pipelines.load.watched_pool import Frames
from pipelines.normalize.frames import state_frames
from pipelines.normalize.schemas import PARSED_TABLES
from pipelines.parse.messages import zh_reason
from pipelines.parse.parse_file import FileResult


def write_parsed(con: duckdb.DuckDBPyConnection, results: list[FileResult], run_id: str,
                 at: datetime) -> None:
    """Add a batch of parsed contents to the pipeline_state table."""
    write_frames(con, state_frames(results, run_id, at))


def write_frames(con: duckdb.DuckDBPyConnection, frames: Frames) -> None:
    """Add the state frames of a batch of parsed contents to the pipeline_state table.

    A content parsed before (a new parser version) replaces its old rows but keeps its
    ``first_seen_at``, which decides which of two forms of a project is current.
    """
    insert_frame(con, read_sql("pipeline_state/upsert_contents.sql"), frames["contents"])
    for table in PARSED_TABLES:
        append_frame(con, f"{STATE_SCHEMA}.parsed_{table}", frames[table])


def record_files(con: duckdb.DuckDBPyConnection, plan: RunPlan, run_id: str) -> None:
    """Update pipeline_state.files, write this run's events and its ingest_runs row."""
    at = plan.started_at
    changed = {path for path, _, _, _ in plan.events}
    rows = []
    for path, (stat, sha) in plan.present.items():
        old = plan.known.get(path)
        error = plan.errors.get(path)
        if old and path not in changed and not error and old.unchanged(stat):
            continue  # the parsed rows is right as it is: an unchanged night writes nothing
        rows.append({
            "path": path, "sha256": sha, "size_bytes": stat.size, "mtime_ns": stat.mtime_ns,
            "first_seen_at": old.first_seen_at if old else at,
            "changed_at": at if path in changed else old.changed_at,
            "removed_at": None,
            "error_code": error[0] if error else None,
            "error_message": zh_reason(*error) if error else None,
            "run_id": run_id if path in changed else old.run_id,
        })
    append_frame(con, f"{STATE_SCHEMA}.files", pl.DataFrame(rows, schema=FILE_SCHEMA),
                 replace=True)
    if plan.removed:
        fetch_rows(con, read_sql("pipeline_state/mark_removed.sql"), [at, plan.removed, run_id])
    events = pl.DataFrame(
        [{"run_id": run_id, "event_at": at, "path": p, "event": e, "sha256": s, "old_sha256": o}
         for p, e, s, o in plan.events],
        schema=EVENT_SCHEMA,
    )
    append_frame(con, "ingest_file_events", events)
    counts = plan.counts()
    fetch_rows(con, read_sql("pipeline_state/record_run.sql"), [
        run_id, at, len(plan.present), counts["new"], counts["changed"], counts["removed"],
        counts["unchanged"], len(plan.to_parse), plan.full_reparse,
    ])


FILE_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String, "sha256": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64,
    "first_seen_at": pl.Datetime("us"), "changed_at": pl.Datetime("us"),
    "removed_at": pl.Datetime("us"), "error_code": pl.String, "error_message": pl.String,
    "run_id": pl.String,
}
EVENT_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String, "event_at": pl.Datetime("us"), "path": pl.String, "event": pl.String,
    "sha256": pl.String, "old_sha256": pl.String,
}
