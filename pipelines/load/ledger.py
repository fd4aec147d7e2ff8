"""Incremental ingestion: which files are new, changed, unchanged or removed.

The ledger (schema ``pipeline_state`` inside the warehouse file) remembers every path and every
distinct content (sha256) with what parsing it produced.  A run hashes only files whose
size or modification time changed, parses only contents it has never seen, and rebuilds
the public tables from the ledger, so an unchanged folder parses nothing and yields
identical tables, a changed file replaces its rows and a removed file retires them.

The public tables are rebuilt only when something they are made from changed: a file
event, a content parsed, or the code that builds them (``derived_fingerprint``).  An
unchanged night keeps the tables it copied from the published file, so its cost is the
folder scan and the publish, not the size of the warehouse.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.faults import fault_point
from pipelines.load.fragments import FRAGMENT_TABLES, FragmentSource
from pipelines.load.review_tables import ensure_decision_tables
from pipelines.load.runs import last_run as last_run  # the report and the ingest read it here
from pipelines.load.runs import quiet_runs_path
from pipelines.load.warehouse import (
    SQL_DIR,
    append_frame,
    connect,
    discard,
    fetch_rows,
    insert_frame,
    query_frame_with,
    read_sql,
    registered_frame,
    rows_with_frame,
)
from pipelines.normalize.frames import ledger_frames
from pipelines.parse.messages import zh_reason
from pipelines.parse.parse_file import (
    FileResult,
    input_files,
    path_order,
    process_file,
    relative_name,
    sha256_of,
)
from pipelines.read.limits import Limits, WatchBoard, applied, join_board, reading, time_limit_error
from pipelines.read.limits import current as current_limits

# Bump PARSER_VERSION when parsing would give different rows for the same bytes: every
# content is parsed again.  Bump SCHEMA_VERSION when sql/schema.sql or sql/ledger.sql
# change shape, with a migration in MIGRATIONS (else the next run starts a fresh warehouse,
# history and reviewers' decisions included).
PARSER_VERSION = "6"
SCHEMA_VERSION = "8"
LEDGER_SCHEMA = "pipeline_state"
FORMER_LEDGER_SCHEMA = "ledger"  # schema versions 5 and before
# schema version -> the SQL files, in order, that bring a warehouse of that version to
# SCHEMA_VERSION (from 5, the public tables take version 7's shape first, then the new
# ledger is created from them and the old one moved into it)
MIGRATIONS = {
    "5": ("migrations/6_to_7_public.sql", "ledger.sql", "migrations/5_to_6.sql",
          "migrations/7_to_8.sql"),
    "6": ("migrations/6_to_7_public.sql", "migrations/6_to_7_ledger.sql",
          "migrations/7_to_8.sql"),
    "7": ("migrations/7_to_8.sql",),
}
DERIVED_TABLES = ("projects", "funds", "indicators", "project_revisions", "ingest_files",
                  "quarantine", "review_findings", "department_targets", "department_tasks",
                  "department_indicators", "category_declarations", "empty_forms",
                  "page_coverage", "left_out")
# Code whose change alters the public tables without any input changing.
DERIVED_CODE = (Path(__file__).parents[1] / "review" / "rules.py",
                Path(__file__).parents[1] / "review" / "findings.py",
                Path(__file__).with_name("views.py"))
# SQL that shapes the public tables (not the checks, commands or exports that read them).
DERIVED_SQL = ("*.sql", "build/*.sql", "review/*.sql", "views/*.sql", "ledger/*.sql")
MIN_FILES_PER_WORKER = 20  # below this, starting worker processes costs more than it saves
# Past this share of contents touched, emptying and refilling the tables beats deleting
# and re-inserting the touched projects' rows.
MAX_INCREMENTAL = 0.25
CHUNKS_PER_WORKER = 4  # tasks per worker and batch: small enough to balance uneven files
FRAGMENT_VIEW = "fragment_rows"  # a fragment table while it is loaded (pipelines.load.fragments)
PARSED_TABLES = ("forms", "funds", "indicators", "problems", "department_forms",
                 "department_tasks", "department_indicators", "declarations",
                 "empty_forms", "page_coverage")  # pipeline_state.parsed_<name>


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
    """What the ledger remembers of a path from earlier runs."""

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


def prepare_build(published: Path, build: Path) -> bool:
    """Start the build from the published warehouse; True when parsing starts over.

    The published file is copied (readers keep reading it meanwhile).  An older schema
    version with a migration is migrated in the copy; a missing file or another schema
    version means a fresh warehouse; another parser version keeps the ledger and its
    history, and every present content is parsed again.
    """
    discard(build)
    build.parent.mkdir(parents=True, exist_ok=True)
    versions: dict[str, str] = {}
    if published.exists():
        shutil.copyfile(published, build)
        versions = _versions(build)
        if versions.get("schema_version") in MIGRATIONS:
            migrate(build, versions["schema_version"], versions.get("parser_version", ""))
            versions = _versions(build)
        if versions.get("schema_version") != SCHEMA_VERSION:
            discard(build)
    fresh = not build.exists()
    with connect(build) as con:
        if fresh:
            con.execute(read_sql("schema.sql"))
            con.execute(read_sql("ledger.sql"))
        fetch_rows(con, read_sql("ledger/set_versions.sql"), [SCHEMA_VERSION, PARSER_VERSION])
        ensure_decision_tables(con)
    return fresh or versions.get("parser_version") != PARSER_VERSION


def quiet_night(published: Path, stats: list[FileStat], limits: str | None = None) -> bool:
    """Whether a run over ``stats`` would change nothing in the published warehouse:
    same schema, parser and derived code, and every listed file recorded with the same
    size and mtime, hashed and parsed, and no recorded file gone; and, when ``limits``
    (``limits_key``) is given, no content refused by other limits than these.

    Decided read-only against the published file and in one set-based query, so an
    unchanged night over a hundred thousand files neither copies the warehouse nor
    compares the folder with the ledger file by file in Python.
    """
    if not published.exists():
        return False
    with connect(published, read_only=True) as con:
        if not _has_ledger(con) or not _same_code(con):
            return False
        if limits is not None and _refused_by_other_limits(con, limits):
            return False  # other limits: what they refused is read again
        rows = rows_with_frame(con, read_sql("ledger/files_needing_work.sql"),
                               listing_frame(stats))
    return rows[0][0] == 0


def _refused_by_other_limits(con: duckdb.DuckDBPyConnection, limits_key: str) -> set[str]:
    """Contents a limit refused, when the ledger's limits differ from ``limits_key``: a
    run with other limits reads them again (none while the limits stay the same)."""
    if _meta(con, "limits") == limits_key:
        return set()
    return {row[0] for row in fetch_rows(con, read_sql("ledger/refused_by_limit.sql"))}


def built_by_this_code(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse's tables were built by this program's parser, SQL and rules
    (a reviewer's command must not record against findings of another version)."""
    return _has_ledger(con) and _same_code(con)


def _same_code(con: duckdb.DuckDBPyConnection) -> bool:
    versions = dict(fetch_rows(con, read_sql("ledger/versions.sql")))
    return (versions == {"schema_version": SCHEMA_VERSION, "parser_version": PARSER_VERSION}
            and _meta(con, "derived_fingerprint") == derived_fingerprint())


def listing_frame(stats: list[FileStat]) -> pl.DataFrame:
    """A folder listing as a frame (path, size_bytes, mtime_ns) for set-based comparison."""
    return pl.DataFrame(
        {"path": [s.path for s in stats], "size_bytes": [s.size for s in stats],
         "mtime_ns": [s.mtime_ns for s in stats]},
        schema={"path": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64},
    )


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
    rows = rows_with_frame(con, read_sql("ledger/fold_quiet_runs.sql"), runs)
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


def migrate(build: Path, from_version: str, parser_version: str) -> None:
    """Bring the ledger of ``build`` from ``from_version`` to ``SCHEMA_VERSION`` in one
    transaction, keeping every row of history and the parser version that parsed it (so
    an older parser's rows are still parsed again)."""
    with connect(build) as con:
        con.execute("begin transaction")
        for step in MIGRATIONS[from_version]:
            con.execute(read_sql(step))
        fetch_rows(con, read_sql("ledger/set_versions.sql"), [SCHEMA_VERSION, parser_version])
        con.execute("commit")


def _versions(path: Path) -> dict[str, str]:
    with connect(path, read_only=True) as con:
        if _has_ledger(con):
            return dict(fetch_rows(con, read_sql("ledger/versions.sql")))
        if _has_ledger(con, FORMER_LEDGER_SCHEMA):
            return dict(fetch_rows(con, read_sql("migrations/former_versions.sql")))
        return {}


def _has_ledger(con: duckdb.DuckDBPyConnection, schema: str = LEDGER_SCHEMA) -> bool:
    rows = fetch_rows(con, "select count(*) from duckdb_tables() "
                           "where schema_name = $1 and table_name = 'meta'", [schema])
    return rows[0][0] == 1


def derived_fingerprint() -> str:
    """Hash of everything that shapes the public tables besides the ledger's rows: the SQL
    files, the review rules and views, and the parser version."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{PARSER_VERSION}".encode())
    sql = sorted(path for pattern in DERIVED_SQL for path in SQL_DIR.glob(pattern))
    for path in sql + list(DERIVED_CODE):
        digest.update(path.relative_to(path.parent.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def start_derived(con: duckdb.DuckDBPyConnection, plan: RunPlan, run_id: str) -> str:
    """Decide how this run rebuilds the public tables, and prepare it: the mode.

    - ``none``: no file event, no parse, same code: the published tables stay as they are;
    - ``incremental``: the projects of the contents this night touched (new, changed,
      removed, renamed) are rebuilt; ``pipeline_state.build_scope`` lists them, and every build
      file deletes and re-inserts just those (small tables are rebuilt whole);
    - ``full``: the code changed, every content was parsed again, or so much changed
      that dropping and refilling is cheaper: tables are emptied and the scope is every
      project.

    Called after parsing (the scope needs the projects of new contents).  History
    (ingest_runs, ingest_file_events) and the ledger always survive.  The run that
    rebuilds is recorded in pipeline_state.meta, where the table assets look it up.
    """
    fingerprint = derived_fingerprint()
    same_code = _meta(con, "derived_fingerprint") == fingerprint
    if not plan.changes_tables and same_code:
        return "none"
    touched = plan.touched_contents()
    present = {sha for _, sha in plan.present.values() if sha}
    if same_code and not plan.full_reparse and len(touched) <= MAX_INCREMENTAL * len(present):
        fetch_rows(con, read_sql("ledger/scope_of_contents.sql"), {"shas": sorted(touched)})
        mode = "incremental"
    else:
        for table in DERIVED_TABLES:
            con.execute(f"drop table if exists main.{table}")
        con.execute(read_sql("schema.sql"))
        fetch_rows(con, read_sql("ledger/scope_all.sql"))
        mode = "full"
    for key, value in (("derived_fingerprint", fingerprint), ("derived_run_id", run_id),
                       ("derived_mode", mode)):
        fetch_rows(con, read_sql("ledger/set_meta.sql"), [key, value])
    return mode


def rebuilds_tables(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether run ``run_id`` rebuilds the public tables (decided by ``start_derived``)."""
    return _meta(con, "derived_run_id") == run_id


def rebuild_mode(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
    """``none``, ``incremental`` or ``full``: how run ``run_id`` builds the public tables."""
    if not rebuilds_tables(con, run_id):
        return "none"
    return _meta(con, "derived_mode") or "full"


def _meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = fetch_rows(con, read_sql("ledger/get_meta.sql"), [key])
    return rows[0][0] if rows else None


def _known_files(con: duckdb.DuckDBPyConnection) -> dict[str, KnownFile]:
    rows = fetch_rows(con, read_sql("ledger/known_files.sql"))
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
    """Compare the folder with the ledger: events per path and contents to parse.

    ``limits_key`` (``limits_key()`` of this run) differing from the one the ledger
    recorded means the limits changed: contents a limit refused are parsed again.
    """
    plan = RunPlan(started_at=started_at, full_reparse=full_reparse,
                   known=_known_files(con))
    parsed = set() if full_reparse else _parsed_contents(con)
    if limits_key is not None:
        parsed -= _refused_by_other_limits(con, limits_key)
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


Job = tuple[Path, Path, int, str]  # (file, raw folder, size limit, sha256)
Numbered = tuple[int, Job]  # a job and its number in the run, shown on the watch board
Frames = dict[str, pl.DataFrame]  # one frame per ledger table
# Plain text up to this much in all is parsed in this process even under a time limit:
# the text readers parse about a megabyte a second (1.3 MB, 500 forms: 0.44 s), so it
# stays far from the limit as long as it would at a tenth of that speed.
INLINE_MAX_BYTES = 1 << 20
INLINE_BYTES_PER_SECOND = 100_000
_CONTAINER_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # PDF, ZIP, OLE


def _parse_one(job: Job) -> FileResult:
    location, root, max_bytes, sha = job
    return process_file(location, root, max_bytes, sha256=sha)


def parse_chunk(jobs: list[Job], run_id: str, at: datetime) -> Frames:
    """Parse some files and turn them into ledger rows: the unit of work of a worker.

    Workers return frames rather than parsed records, so the writer only concatenates
    and inserts (a frame pickles as a few Arrow buffers; records pickle object by object).
    """
    return ledger_frames([_parse_one(job) for job in jobs], run_id, at)


def parse_watched(jobs: list[Numbered], run_id: str, at: datetime, limits: Limits) -> Frames:
    """``parse_chunk`` in a pool worker, under the run's limits: each file goes on the
    watch board before it is read, so the parent can stop the one that takes too long."""
    results = []
    with applied(limits):
        for number, job in jobs:
            reading(number)
            results.append(_parse_one(job))
    reading(None)
    return ledger_frames(results, run_id, at)


def parse_planned(plan: RunPlan, raw: Path, max_bytes: int, batch_size: int,
                  workers: int, run_id: str, at: datetime,
                  limits: Limits | None = None) -> Iterator[Frames]:
    """Ledger frames of every content the plan needs, one batch of files at a time.

    With several workers the next batch is parsed while the caller writes this one, and
    never more than two batches are in flight, so memory stays flat however many files
    there are.  Workers come from a fork server that imported only the parser, not this
    process with its DuckDB threads and Dagster state: forking those is unsafe, and each
    worker would carry (and count in RSS) the parent's memory.

    A file past the time limit can only be stopped by killing the process reading it, so
    under a limit files are parsed here only when too few to pay for workers and so
    small and plain (text, at most ``INLINE_MAX_BYTES`` in all and a tenth of what the
    limit would allow) that they cannot come near it; otherwise in at least one watched
    worker (starting the fork server costs about half a second).
    """
    limits = limits or current_limits()
    jobs = [(stat.location, raw, max_bytes, sha) for sha, stat in plan.to_parse.items()]
    batches = [jobs[start:start + batch_size] for start in range(0, len(jobs), batch_size)]
    workers = min(workers, len(jobs) // MIN_FILES_PER_WORKER)
    inline = min(INLINE_MAX_BYTES, INLINE_BYTES_PER_SECOND * limits.file_seconds)
    if workers <= 1 and (not limits.file_seconds
                         or _plain_and_small(plan.to_parse.values(), inline)):
        for batch in batches:
            with applied(limits):
                frames = parse_chunk(batch, run_id, at)
            yield frames
        return
    yield from _parse_in_pool(batches, max(1, workers), run_id, at, limits)


def _plain_and_small(stats: Iterable[FileStat], most: float) -> bool:
    """Text files of at most ``most`` bytes in all: no PDF, workbook or document, whose
    libraries can spend minutes in C code on a damaged file."""
    total = 0
    for stat in stats:
        total += stat.size
        if total > most or _is_container(stat.location):
            return False
    return True


def _is_container(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(8).startswith(_CONTAINER_MAGIC)
    except OSError:
        return False  # process_file reports the file as unreadable


def _parse_in_pool(batches: list[list[Job]], workers: int, run_id: str, at: datetime,
                   limits: Limits) -> Iterator[Frames]:
    count = itertools.count()
    numbered = [[(next(count), job) for job in batch] for batch in batches]
    pool = WatchedPool(workers, run_id, at, limits)
    try:
        pending = deque(pool.submit_batch(batch) for batch in numbered[:2])
        for upcoming in numbered[2:]:
            done = pending.popleft()
            pending.append(pool.submit_batch(upcoming))
            yield pool.collect(done)
        while pending:
            yield pool.collect(pending.popleft())
    finally:
        pool.close()


@dataclass(slots=True)
class _Chunk:
    """Files one task parses; after a pool broke, those of them still to parse."""

    jobs: list[Numbered]
    future: Future[Frames | None]
    stopped: list[FileResult] = field(default_factory=list)  # stopped at the time limit


class WatchedPool:
    """Worker processes whose every file is timed; a file past the limit is stopped.

    Workers show on a ``WatchBoard`` which file they read since when.  While the writer
    waits for a batch, it looks at the board every ``poll`` seconds; a worker on one file
    for longer than the limit is killed by its pid, which breaks the pool (the executor
    terminates the other workers: its queues may be left inconsistent).  Every chunk that
    did not finish is then sent to a new pool without the stopped file, which becomes a
    quarantined ``FileResult`` of its chunk: its chunk-mates and the other worker's files
    are parsed again, nothing is lost, and the writer sees frames as from any chunk.
    """

    def __init__(self, workers: int, run_id: str, at: datetime, limits: Limits) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["pipelines.parse.parse_file",
                                             "pipelines.normalize.frames"])
        self.workers, self.run_id, self.at, self.limits = workers, run_id, at, limits
        self.seconds = limits.file_seconds
        self.poll = min(1.0, max(0.01, self.seconds / 10)) if self.seconds else None
        self.live: list[_Chunk] = []  # submitted and not yet collected
        self.overdue: dict[int, FileResult] = {}  # job number -> its quarantine result
        self._start()

    def _start(self) -> None:
        self.board = WatchBoard(self.context, self.workers) if self.seconds else None
        self.executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context,
            initializer=join_board if self.board else None,
            initargs=(self.board.shared,) if self.board else (),
        )

    def submit_batch(self, batch: list[Numbered]) -> list[_Chunk]:
        """Send a batch as ``CHUNKS_PER_WORKER`` chunks per worker."""
        size = max(1, -(-len(batch) // (self.workers * CHUNKS_PER_WORKER)))
        chunks = [_Chunk(batch[i:i + size], self._send(batch[i:i + size]))
                  for i in range(0, len(batch), size)]
        self.live.extend(chunks)
        return chunks

    def _send(self, jobs: list[Numbered]) -> Future[Frames | None]:
        return self.executor.submit(parse_watched, jobs, self.run_id, self.at, self.limits)

    def collect(self, chunks: list[_Chunk]) -> Frames:
        """The frames of ``chunks`` once all are parsed, files past the limit stopped."""
        while True:
            futures = [chunk.future for chunk in chunks]
            wait(futures, timeout=self.poll)
            if any(_broke(future) for future in futures) or self._stop_overdue():
                self._replace()
            elif all(future.done() for future in futures):
                break
        parts = []
        for chunk in chunks:
            self.live.remove(chunk)
            frames = chunk.future.result()
            parts += [frames] if frames is not None else []
            if chunk.stopped:
                parts.append(ledger_frames(chunk.stopped, self.run_id, self.at))
        return concat_frames(parts)

    def _stop_overdue(self) -> bool:
        """Kill every worker on one file for longer than the limit; whether one was."""
        if self.board is None:
            return False
        killed = False
        for pid, number in self.board.overdue(self.seconds):
            job = next((job for chunk in self.live for n, job in chunk.jobs if n == number),
                       None)
            if job is not None and self.board.stop(pid, number):
                self.overdue[number] = _stopped(job, self.seconds)
                killed = True
        return killed

    def _replace(self) -> None:
        """Start a new pool and send it what the broken one did not finish, without the
        files stopped at the limit.  A pool that broke with no file stopped (a worker
        crashed or was killed from outside) fails the run, as it did before."""
        self.executor.shutdown(wait=True)
        lost = [chunk for chunk in self.live if not _finished(chunk.future)]
        if lost and not self.overdue:
            self.board = None  # its workers are gone: nothing for close() to stop
            raise lost[0].future.exception()  # type: ignore[misc]
        self._start()
        for chunk in lost:
            chunk.stopped += [self.overdue[n] for n, _ in chunk.jobs if n in self.overdue]
            chunk.jobs = [(n, job) for n, job in chunk.jobs if n not in self.overdue]
            chunk.future = self._send(chunk.jobs) if chunk.jobs else _done(None)
        self.overdue.clear()

    def close(self) -> None:
        """End the workers.  Normally all is collected; when the writer failed, chunks not
        started are dropped and watched workers killed (one may be stuck on a file)."""
        if self.board is not None and not all(_finished(c.future) for c in self.live):
            self.board.stop_all()
        self.executor.shutdown(wait=True, cancel_futures=True)


def _broke(future: Future) -> bool:
    return future.done() and isinstance(future.exception(), BrokenProcessPool)


def _finished(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _done(value: Frames | None) -> Future[Frames | None]:
    future: Future[Frames | None] = Future()
    future.set_result(value)
    return future


def _stopped(job: Job, seconds: float) -> FileResult:
    """The quarantined result of a file whose reading was stopped at the time limit."""
    location, root, _, sha = job
    try:
        size = location.stat().st_size
    except OSError:
        size = 0
    return FileResult(relative_name(location, root), sha, size, error=time_limit_error(seconds))


def concat_frames(parts: list[Frames]) -> Frames:
    """The frames of several batches as one frame per ledger table."""
    return {table: pl.concat([part[table] for part in parts], how="vertical", rechunk=False)
            for table in parts[0]}


def write_parsed(con: duckdb.DuckDBPyConnection, results: list[FileResult], run_id: str,
                 at: datetime) -> None:
    """Add a batch of parsed contents to the ledger tables."""
    write_frames(con, ledger_frames(results, run_id, at))


def write_frames(con: duckdb.DuckDBPyConnection, frames: Frames) -> None:
    """Add the ledger frames of a batch of parsed contents to the ledger tables.

    A content parsed before (a new parser version) replaces its old rows but keeps its
    ``first_seen_at``, which decides which of two forms of a project is current.
    """
    insert_frame(con, read_sql("ledger/upsert_contents.sql"), frames["contents"])
    for table in PARSED_TABLES:
        append_frame(con, f"{LEDGER_SCHEMA}.parsed_{table}", frames[table])


def record_files(con: duckdb.DuckDBPyConnection, plan: RunPlan, run_id: str) -> None:
    """Update pipeline_state.files, write this run's events and its ingest_runs row."""
    at = plan.started_at
    changed = {path for path, _, _, _ in plan.events}
    rows = []
    for path, (stat, sha) in plan.present.items():
        old = plan.known.get(path)
        error = plan.errors.get(path)
        if old and path not in changed and not error and old.unchanged(stat):
            continue  # the ledger row is right as it is: an unchanged night writes nothing
        rows.append({
            "path": path, "sha256": sha, "size_bytes": stat.size, "mtime_ns": stat.mtime_ns,
            "first_seen_at": old.first_seen_at if old else at,
            "changed_at": at if path in changed else old.changed_at,
            "removed_at": None,
            "error_code": error[0] if error else None,
            "error_message": zh_reason(*error) if error else None,
            "run_id": run_id if path in changed else old.run_id,
        })
    append_frame(con, f"{LEDGER_SCHEMA}.files", pl.DataFrame(rows, schema=FILE_SCHEMA),
                 replace=True)
    if plan.removed:
        fetch_rows(con, read_sql("ledger/mark_removed.sql"), [at, plan.removed, run_id])
    events = pl.DataFrame(
        [{"run_id": run_id, "event_at": at, "path": p, "event": e, "sha256": s, "old_sha256": o}
         for p, e, s, o in plan.events],
        schema=EVENT_SCHEMA,
    )
    append_frame(con, "ingest_file_events", events)
    counts = plan.counts()
    fetch_rows(con, read_sql("ledger/record_run.sql"), [
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


def run_ingestion(con: duckdb.DuckDBPyConnection, raw: Path, run_id: str, at: datetime,
                  full_reparse: bool, *, max_bytes: int, batch_size: int,
                  workers: int = 0, on_batch: Callable[[int, int, int], None] | None = None,
                  stats: list[FileStat] | None = None,
                  limits: Limits | None = None,
                  fragments: FragmentSource | None = None) -> RunPlan:
    """Plan, parse what is new, and record everything in the ledger of ``con``.

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
    fetch_rows(con, read_sql("ledger/set_meta.sql"), ["limits", key])
    start_derived(con, plan, run_id)
    return plan


def _parse_into(con: duckdb.DuckDBPyConnection, plan: RunPlan, raw: Path, run_id: str,
                at: datetime, *, max_bytes: int, batch_size: int, workers: int,
                limits: Limits | None,
                on_batch: Callable[[int, int, int], None] | None) -> None:
    """Parse the plan's new contents in batches and write their ledger rows."""
    done = forms = 0
    for frames in parse_planned(plan, raw, max_bytes, batch_size, workers, run_id, at,
                                limits):
        write_frames(con, frames)
        fault_point("parse")
        done += frames["contents"].height
        forms += frames["forms"].height + frames["department_forms"].height
        if on_batch:
            on_batch(done, len(plan.to_parse), forms)


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
    insert_frame(con, read_sql("ledger/upsert_contents.sql"), stamped)
    picked = new.select("sha256", "fragment")
    for table, frame in FRAGMENT_TABLES.items():
        dataset = fragments.dataset(table) if frame != "contents" else None
        if dataset is not None:
            _load_fragment_table(con, dataset, f"parsed_{frame}", picked)


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
        con.execute(f"insert into {LEDGER_SCHEMA}.{target} by name "
                    f"select {listed} from fragment_load")
        con.execute("drop view fragment_load")


def limits_key(max_bytes: int, limits: Limits) -> str:
    """The limits on reading one file as the ledger records them: when they change, files
    they refused are read again (a user who raised a limit expects that)."""
    return json.dumps([max_bytes, limits.max_expanded_bytes, limits.file_seconds])


def available_cpus() -> int:
    """CPUs this process may run on (its affinity), not the machine's total."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pending_changes(raw: Path, published: Path) -> list[tuple[str, str, str | None]]:
    """(path, event, sha256) of what the next run would pick up, read-only.

    Used by the sensor: compares raw/ with the published ledger without writing
    anything, so it works while BI tools hold the warehouse open.
    """
    stats = list(scan_raw(raw))
    if quiet_night(published, stats):
        return []
    if not published.exists() or _versions(published).get("schema_version") != SCHEMA_VERSION:
        return [(s.path, "new", sha256_of(s.location)) for s in stats]
    with connect(published, read_only=True) as con:
        plan = plan_run(con, stats, datetime.now(), full_reparse=False)
    return [(path, event, sha) for path, event, sha, _ in plan.events]
