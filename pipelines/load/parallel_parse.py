"""Parse a run's new contents in batches: in this process, or in watched worker processes."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from pipelines.load.plan import FileStat, RunPlan
from pipelines.load.watched_pool import Frames, Job, WatchedPool, parse_chunk
from pipelines.read.limits import Limits, applied
from pipelines.read.limits import current as current_limits

MIN_FILES_PER_WORKER = 20  # below this, starting worker processes costs more than it saves
# Plain text up to this much in all is parsed in this process even under a time limit:
# the text readers parse about a megabyte a second (1.3 MB, 500 forms: 0.44 s), so it
# stays far from the limit as long as it would at a tenth of that speed.
INLINE_MAX_BYTES = 1 << 20
INLINE_BYTES_PER_SECOND = 100_000
_CONTAINER_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # PDF, ZIP, OLE


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


def available_cpus() -> int:
    """CPUs this process may run on (its affinity), not the machine's total."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
