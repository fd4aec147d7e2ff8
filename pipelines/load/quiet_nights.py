"""Nights that change nothing: decided read-only, recorded beside the published file.

A night whose folder matches the pipeline state (same code, every file with the size and time
recorded) neither copies nor writes the warehouse: BI readers may hold it open, and copying
it would cost its size.  Its ``ingest_runs`` row waits in a JSON Lines file beside the
published warehouse until the next night that builds folds it in.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.sql_files import read_sql
from pipelines.load.plan import FileStat, listing_frame, plan_run, refused_by_other_limits, scan_raw
from pipelines.load.rebuild import same_code
from pipelines.load.runs import quiet_runs_path
from pipelines.load.versions import SCHEMA_VERSION, has_state, stored_versions
from pipelines.load.warehouse import connect, rows_with_frame
from pipelines.parse.parse_file import sha256_of


def quiet_night(published: Path, stats: list[FileStat], limits: str | None = None) -> bool:
    """Whether a run over ``stats`` would change nothing in the published warehouse:
    same schema, parser and build code, and every listed file recorded with the same
    size and mtime, hashed and parsed, and no recorded file gone; and, when ``limits``
    (``limits_key``) is given, no content refused by other limits than these.

    Decided read-only against the published file and in one set-based query, so an
    unchanged night over a hundred thousand files neither copies the warehouse nor
    compares the folder with the pipeline state file by file in Python.
    """
    if not published.exists():
        return False
    with connect(published, read_only=True) as con:
        if not has_state(con) or not same_code(con):
            return False
        if limits is not None and refused_by_other_limits(con, limits):
            return False  # other limits: what they refused is read again
        rows = rows_with_frame(con, read_sql("pipeline_state/files_needing_work.sql"),
                               listing_frame(stats))
    return rows[0][0] == 0


def record_quiet_run(published: Path, run_id: str, started_at: datetime,
                     finished_at: datetime, files_seen: int) -> None:
    """Append a run that found nothing to do to the quiet-runs file."""
    line = json.dumps({"run_id": run_id, "started_at": started_at.isoformat(),
                       "finished_at": finished_at.isoformat(), "files_seen": files_seen})
    with quiet_runs_path(published).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def fold_quiet_runs(con: duckdb.DuckDBPyConnection, published: Path) -> int:
    """Copy the recorded quiet runs into ``ingest_runs`` of a build (once per run id,
    so a crash between publishing and clearing the file duplicates nothing)."""
    runs = quiet_runs(published)
    if runs.is_empty():
        return 0
    rows = rows_with_frame(con, read_sql("pipeline_state/fold_quiet_runs.sql"), runs)
    return int(rows[0][0]) if rows else 0


def quiet_runs(published: Path) -> pl.DataFrame:
    """The quiet runs recorded beside ``published`` and not folded in yet."""
    source = quiet_runs_path(published)
    if not source.exists() or source.stat().st_size == 0:
        return pl.DataFrame(schema=QUIET_RUN_SCHEMA)
    return pl.read_ndjson(source, schema=QUIET_RUN_SCHEMA)


def clear_quiet_runs(published: Path) -> None:
    """Forget quiet runs once a published warehouse holds them in ``ingest_runs``."""
    quiet_runs_path(published).unlink(missing_ok=True)


QUIET_RUN_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String, "started_at": pl.Datetime("us"), "finished_at": pl.Datetime("us"),
    "files_seen": pl.Int64,
}


def pending_changes(raw: Path, published: Path) -> list[tuple[str, str, str | None]]:
    """(path, event, sha256) of what the next run would pick up, read-only.

    Used by the sensor: compares raw/ with the published pipeline state without writing
    anything, so it works while BI tools hold the warehouse open.
    """
    stats = list(scan_raw(raw))
    if quiet_night(published, stats):
        return []
    if not published.exists() or stored_versions(published).get("schema_version") != SCHEMA_VERSION:
        return [(s.path, "new", sha256_of(s.location)) for s in stats]
    with connect(published, read_only=True) as con:
        plan = plan_run(con, stats, datetime.now(), full_reparse=False)
    return [(path, event, sha) for path, event, sha, _ in plan.events]
