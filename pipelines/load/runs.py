"""The last run of a published warehouse, read without polars or the parser.

``status`` must answer in well under half a second, so what it needs of the pipeline state lives
here, on DuckDB and the standard library alone; ``pipelines.load.quiet_nights`` uses the same
functions for the ingest and the report.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import fetch_dicts


def quiet_runs_path(published: Path) -> Path:
    """Where runs that kept the published warehouse as it was record themselves.

    Such a run writes no warehouse (BI readers may hold the published file, and copying
    it would cost its size), so its ``ingest_runs`` row waits in this JSON Lines file
    beside it until the next run that builds folds it in.
    """
    return published.with_name(f"{published.name}.quiet-runs.jsonl")


def quiet_run_rows(published: Path) -> list[dict]:
    """The quiet runs recorded beside ``published`` and not folded in yet, as dicts."""
    source = quiet_runs_path(published)
    if not source.exists():
        return []
    rows = []
    for line in source.read_text("utf-8").splitlines():
        if line.strip():
            run = json.loads(line)
            rows.append({"run_id": run["run_id"],
                         "started_at": datetime.fromisoformat(run["started_at"]),
                         "finished_at": datetime.fromisoformat(run["finished_at"]),
                         "files_seen": int(run["files_seen"])})
    return rows


def last_run(con: duckdb.DuckDBPyConnection, published: Path) -> dict | None:
    """The latest run as an ``ingest_runs`` row, a quiet run not folded in yet included."""
    rows = fetch_dicts(con, read_sql("pipeline_state/last_run.sql"),
                       {"quiet": quiet_run_rows(published)})
    return rows[0] if rows else None
