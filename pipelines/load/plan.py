"""What a run must do, before any parsing: which files are new, changed, unchanged or removed.

The pipeline state remembers every path and every distinct content (sha256) with what parsing it
produced.  A run hashes only files whose size or modification time changed and parses only
contents it has never seen (or a limit refused under other limits), so an unchanged folder
parses nothing, a changed file replaces its rows and a removed file retires them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.sql_files import read_sql
from pipelines.load.versions import meta_value
from pipelines.load.warehouse import fetch_rows
from pipelines.parse.parse_file import input_files, sha256_of
from pipelines.read.limits import Limits


@dataclass(frozen=True, slots=True)
class FileStat:
    """A file found under raw/ with what the file system says about it."""

    path: str
    root: Path
    size: int
    mtime_ns: int
    # set when a partition worker hashed the file already (the publisher may not see raw/)
    sha256: str | None = None
    error: tuple[str, str] | None = None

    @property
    def hashed(self) -> bool:
        return self.sha256 is not None or self.error is not None

    @property
    def location(self) -> Path:
        """The file on disk (made on demand: a Path per file costs seconds at 100,000)."""
        return self.root / self.path


@dataclass(frozen=True, slots=True)
class KnownFile:
    """What the pipeline state remembers of a path from earlier runs."""

    sha256: str | None
    size: int | None
    mtime_ns: int | None
    first_seen_at: datetime
    changed_at: datetime
    removed_at: datetime | None
    error_code: str | None
    run_id: str

    def unchanged(self, stat: FileStat) -> bool:
        """Same size and mtime as last time: trust the recorded hash, skip reading."""
        return (self.removed_at is None and self.sha256 is not None and self.error_code is None
                and self.size == stat.size and self.mtime_ns == stat.mtime_ns)


@dataclass(slots=True)
class RunPlan:
    """What a run found and must do, before any parsing."""

    started_at: datetime
    full_reparse: bool
    known: dict[str, KnownFile] = field(default_factory=dict)
    present: dict[str, tuple[FileStat, str | None]] = field(default_factory=dict)
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)
    events: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    to_parse: dict[str, FileStat] = field(default_factory=dict)
    errors_changed: bool = False

    @property
    def changes_tables(self) -> bool:
        """Whether the public tables can differ from the published ones."""
        return bool(self.full_reparse or self.events or self.to_parse or self.errors_changed)

    def touched_contents(self) -> set[str]:
        """Contents whose projects this run can change: parsed now, or of a path with an
        event (the new and the old content of a changed, removed or restored path)."""
        touched = set(self.to_parse)
        for _, _, sha, old_sha in self.events:
            touched.update(s for s in (sha, old_sha) if s)
        return touched

    def count(self, event: str) -> int:
        return sum(1 for _, e, _, _ in self.events if e == event)

    def counts(self) -> dict[str, int]:
        """Files by what happened to them in this run (restored files count as new)."""
        new = self.count("new") + self.count("restored")
        changed = self.count("changed")
        return {"new": new, "changed": changed, "removed": len(self.removed),
                "unchanged": len(self.present) - new - changed}


def scan_raw(raw: Path) -> Iterator[FileStat]:
    """Every input file with its size and modification time, in path order."""
    if not raw.is_dir():
        return
    for relative, stat in input_files(raw):
        yield FileStat(relative, raw, stat.st_size, stat.st_mtime_ns)


def refused_by_other_limits(con: duckdb.DuckDBPyConnection, limits_key: str) -> set[str]:
    """Contents a limit refused, when the limits the pipeline state records differ from
    ``limits_key``: a run with other limits reads them again (none while they stay the same)."""
    if meta_value(con, "limits") == limits_key:
        return set()
    return {row[0] for row in fetch_rows(con, read_sql("pipeline_state/refused_by_limit.sql"))}


def listing_frame(stats: list[FileStat]) -> pl.DataFrame:
    """A folder listing as a frame (path, size_bytes, mtime_ns) for set-based comparison."""
    return pl.DataFrame(
        {"path": [s.path for s in stats], "size_bytes": [s.size for s in stats],
         "mtime_ns": [s.mtime_ns for s in stats]},
        schema={"path": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64},
    )


def limits_key(max_bytes: int, limits: Limits) -> str:
    """The limits on reading one file as the pipeline state records them: when they change, files
    they refused are read again (a user who raised a limit expects that)."""
    return json.dumps([max_bytes, limits.max_expanded_bytes, limits.file_seconds])


def _known_files(con: duckdb.DuckDBPyConnection) -> dict[str, KnownFile]:
    rows = fetch_rows(con, read_sql("pipeline_state/known_files.sql"))
    return {row[0]: KnownFile(*row[1:]) for row in rows}


def _parsed_contents(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in fetch_rows(con, "select sha256 from pipeline_state.contents")}


def _event(old: KnownFile | None, sha: str | None) -> str | None:
    if old is None:
        return "new"
    if old.removed_at is not None:
        return "restored"
    if old.sha256 != sha:
        return "changed"
    return None


def plan_run(con: duckdb.DuckDBPyConnection, stats: Iterable[FileStat],
             started_at: datetime, full_reparse: bool, limits_key: str | None = None
             ) -> RunPlan:
    """Compare the folder with the internal schema: events per path and contents to parse.

    ``limits_key`` (``limits_key()`` of this run) differing from the one the pipeline state
    recorded means the limits changed: contents a limit refused are parsed again.
    """
    plan = RunPlan(started_at=started_at, full_reparse=full_reparse,
                   known=_known_files(con))
    parsed = set() if full_reparse else _parsed_contents(con)
    if limits_key is not None:
        parsed -= refused_by_other_limits(con, limits_key)
    for stat in stats:
        old = plan.known.get(stat.path)
        if stat.hashed:
            sha = stat.sha256
            if stat.error:
                plan.errors[stat.path] = stat.error
        else:
            sha = old.sha256 if old and old.unchanged(stat) else _hash_or_error(stat, plan)
        plan.present[stat.path] = (stat, sha)
        error = plan.errors.get(stat.path)
        if (error[0] if error else None) != (old.error_code if old else None):
            plan.errors_changed = True
        event = _event(old, sha)
        if event:
            plan.events.append((stat.path, event, sha, old.sha256 if old else None))
        if sha and sha not in parsed and sha not in plan.to_parse:
            plan.to_parse[sha] = stat
    for path, old in plan.known.items():
        if old.removed_at is None and path not in plan.present:
            plan.removed.append(path)
            plan.events.append((path, "removed", None, old.sha256))
    return plan


def _hash_or_error(stat: FileStat, plan: RunPlan) -> str | None:
    try:
        return sha256_of(stat.location)
    except OSError as err:
        plan.errors[stat.path] = ("unreadable_file", f"the file cannot be read: {err}")
        return None
