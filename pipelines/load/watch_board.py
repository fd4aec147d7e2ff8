"""Which file each parse worker reads since when, and stopping the one past the time limit.

A reader stuck inside C code (PDFium, lxml, zlib) cannot be interrupted, so a file past
``FORMS_FILE_SECONDS`` is stopped by killing the process reading it.  Workers write their
row on a board in shared memory; the parent (``pipelines.load.watched_pool``) reads it.
This is about processes, so it lives with the pool; the bound itself is
``pipelines.read.limits``.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

_ROW = 3  # fields of a watch-board row: pid, job number, start time


class WatchBoard:
    """Which file each pool worker reads and since when, in memory the parent can see.

    One row per worker: (pid, job number or -1 when idle, ``time.monotonic()`` at which
    it started the file; CLOCK_MONOTONIC is machine-wide, so the parent's clock reads
    the same).  Rows are written and read under the board's lock, so the parent never
    sees a new job with its predecessor's start time.  A board lives as long as its
    pool: when a pool is replaced its board goes too (a worker terminated while holding
    the lock would leave it held).
    """

    def __init__(self, context: Any, slots: int) -> None:
        self.shared = context.Array("d", _ROW * slots)
        self.slots = slots

    def overdue(self, seconds: float) -> list[tuple[int, int]]:
        """(pid, job) of every worker reading one file for longer than ``seconds``."""
        late: list[tuple[int, int]] = []
        lock = self.shared.get_lock()
        if not lock.acquire(timeout=1.0):
            return late  # held past a second only by a dying worker: the pool is breaking
        try:
            now = time.monotonic()
            for slot in range(self.slots):
                pid, job, started = self.shared[slot * _ROW: (slot + 1) * _ROW]
                if pid and job >= 0 and now - started > seconds:
                    late.append((int(pid), int(job)))
        finally:
            lock.release()
        return late

    def stop(self, pid: int, job: int) -> bool:
        """SIGKILL worker ``pid`` if it is still on ``job``; True when it was killed.

        Checked and killed under the lock, so the worker cannot move on to its next file
        in between: the file quarantined is the file it was stuck on.
        """
        lock = self.shared.get_lock()
        if not lock.acquire(timeout=1.0):
            return False
        try:
            for slot in range(self.slots):
                row = self.shared[slot * _ROW: (slot + 1) * _ROW]
                if int(row[0]) == pid and int(row[1]) == job:
                    return _kill(pid)
        finally:
            lock.release()
        return False

    def stop_all(self) -> None:
        """SIGKILL every worker of the board (the run is abandoned)."""
        for pid in [int(pid) for pid in self.shared[0::_ROW] if pid]:
            _kill(pid)


def _kill(pid: int) -> bool:
    """SIGKILL one worker by its pid; False when it had ended already (crashed)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


_worker_row: tuple[Any, int] | None = None  # (board array, slot) of this worker process


def join_board(shared: Any) -> None:
    """Pool initializer: take the first free row of the board for this worker."""
    global _worker_row
    with shared.get_lock():
        for slot in range(len(shared) // _ROW):
            if not shared[slot * _ROW]:
                shared[slot * _ROW: (slot + 1) * _ROW] = [os.getpid(), -1, 0.0]
                _worker_row = (shared, slot)
                return


def reading(job: int | None) -> None:
    """Tell the parent this worker starts reading file ``job`` (None: it reads none)."""
    if _worker_row is None:
        return
    shared, slot = _worker_row
    with shared.get_lock():
        shared[slot * _ROW + 1: (slot + 1) * _ROW] = [-1 if job is None else job,
                                                      time.monotonic()]
