"""Parse workers whose every file is timed: the unit of work of a worker and its pool.

A file past the time limit can only be stopped by killing the process reading it, so the
pool watches which file each worker reads (``pipelines.load.watch_board``) and replaces
itself when it kills one, sending what was not finished to the new pool.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.load.watch_board import WatchBoard, join_board, reading
from pipelines.normalize.frames import state_frames
from pipelines.parse.parse_file import FileResult, process_file, relative_name
from pipelines.read.limits import Limits, applied, time_limit_error

Job = tuple[Path, Path, int, str]  # (file, raw folder, size limit, sha256)
Numbered = tuple[int, Job]  # a job and its number in the run, shown on the watch board
Frames = dict[str, pl.DataFrame]  # one frame per pipeline_state table
CHUNKS_PER_WORKER = 4  # tasks per worker and batch: small enough to balance uneven files


def _parse_one(job: Job) -> FileResult:
    location, root, max_bytes, sha = job
    return process_file(location, root, max_bytes, sha256=sha)


def parse_chunk(jobs: list[Job], run_id: str, at: datetime) -> Frames:
    """Parse some files and turn them into parsed rows: the unit of work of a worker.

    Workers return frames rather than parsed records, so the writer only concatenates
    and inserts (a frame pickles as a few Arrow buffers; records pickle object by object).
    """
    return state_frames([_parse_one(job) for job in jobs], run_id, at)


def parse_watched(jobs: list[Numbered], run_id: str, at: datetime, limits: Limits) -> Frames:
    """``parse_chunk`` in a pool worker, under the run's limits: each file goes on the
    watch board before it is read, so the parent can stop the one that takes too long."""
    results = []
    with applied(limits):
        for number, job in jobs:
            reading(number)
            results.append(_parse_one(job))
    reading(None)
    return state_frames(results, run_id, at)


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
                parts.append(state_frames(chunk.stopped, self.run_id, self.at))
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
    """The frames of several batches as one frame per pipeline_state table."""
    return {table: pl.concat([part[table] for part in parts], how="vertical", rechunk=False)
            for table in parts[0]}
